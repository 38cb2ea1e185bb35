"""Command line: a thin layer over the library. Each command parses options, calls one library
function, and hands results to a renderer."""

from __future__ import annotations

import csv
import json
import sys

import click

EXIT_OK, EXIT_FAIL_UNDER, EXIT_ERRORS = 0, 1, 2


def _load_manifest(path: str | None) -> dict[str, tuple[str | None, int | None]] | None:
    if not path:
        return None
    out: dict[str, tuple[str | None, int | None]] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            year = row.get("year") or ""
            out[row["path"]] = (row.get("organ") or None, int(year) if year.strip().isdigit() else None)
    return out


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules ("module:attr"), imported on use, so the
    CLI stays thin and each feature owns its command."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            from importlib import import_module

            mod, attr = self.lazy[name].split(":")
            try:
                module = import_module(mod)
            except ModuleNotFoundError as e:
                if e.name and mod.startswith(e.name):  # feature not installed/built yet
                    return None
                raise
            return getattr(module, attr, None)
        return super().get_command(ctx, name)


# Commands owned by feature modules.
LAZY_COMMANDS = {
    "archive": "reviewer.similarity.cli:archive",
    "baseline": "reviewer.baseline:baseline_cmd",
    "eval": "reviewer.evaluation:eval_group",
    "generate": "reviewer.generate.cli:generate",
    "train": "reviewer.train:train_cmd",
    "vague": "reviewer.vagueness.cli:vague",
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS)
@click.version_option(package_name="reviewer")
def main() -> None:
    """Review Chinese government information-disclosure annual reports (政府信息公开工作年度报告)."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--tokens/--no-tokens", default=False, help="Include segmenter tokens.")
@click.option("--manifest", type=click.Path(exists=True), help="CSV path,organ,year overriding detection.")
def parse(files: tuple[str, ...], fmt: str, tokens: bool, manifest: str | None) -> None:
    """Print the document model of each FILE."""
    from reviewer.io import ReadError, read_document

    man = _load_manifest(manifest)
    failed = False
    for f in files:
        try:
            doc = read_document(f, man)
        except ReadError as e:
            click.echo(f"{f}: error: {e}", err=True)
            failed = True
            continue
        if fmt == "json":
            from reviewer.tables.report import tables_read

            click.echo(json.dumps({**doc.to_dict(with_tokens=tokens), "tables_read": tables_read(doc)}, ensure_ascii=False, indent=2))
        else:
            click.echo(doc.text)
    sys.exit(EXIT_ERRORS if failed else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv", "xlsx", "html"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(), help="File (or folder for html) to write instead of stdout.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: all cores).")
@click.option("--manifest", type=click.Path(exists=True), help="CSV path,organ,year overriding detection.")
@click.option("--archive", type=click.Path(), help="SQLite archive of earlier reports to compare against.")
@click.option("--config", type=click.Path(exists=True), help="TOML file overriding scoring weights.")
@click.option("--baseline", type=click.Path(), help="Accepted-findings file to honour.")
@click.option("--fail-under", type=float, default=None, help="Exit 1 when any report scores below this.")
@click.option("--select", help="Comma-separated rule codes to run (default: all).")
def score(paths, fmt, output, jobs, manifest, archive, config, baseline, fail_under, select) -> None:
    """Review every report under PATHS (files or folders, recursive) and score it."""
    from reviewer.app import run_score

    code = run_score(
        paths=paths, fmt=fmt, output=output, jobs=jobs, manifest=_load_manifest(manifest), archive=archive,
        config_path=config, baseline=baseline, fail_under=fail_under, select=select,
    )
    sys.exit(code)


@main.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the rules, or explain rule CODE."""
    from reviewer.rules.registry import load_rules

    reg = load_rules()
    if code:
        r = reg.get(code.upper())
        if r is None:
            raise click.ClickException(f"unknown rule {code}")
        click.echo(f"{r.code} {r.name}  [{r.kind}, {r.severity}, {r.scope}]  {r.spec}\n")
        click.echo(r.doc or "(no description)")
        return
    for r in sorted(reg.values(), key=lambda r: r.code):
        first = (r.doc.splitlines() or [""])[0]
        click.echo(f"{r.code:6} {r.name:32} {r.kind:22} {r.severity:8} {first}")


@main.command()
@click.argument("file", type=click.Path())
@click.option("--archive", type=click.Path(), help="SQLite archive of earlier reports.")
@click.option("--against", multiple=True, type=click.Path(), help="Earlier reports to compare with.")
def check(file: str, archive: str | None, against: tuple[str, ...]) -> None:
    """Print each finding of FILE ruff-style, with its passage and position."""
    from reviewer.app import run_check

    sys.exit(run_check(file, archive=archive, against=against))


if __name__ == "__main__":  # pragma: no cover
    main()
