"""Command line: a thin layer over the library. Each command parses options, calls one library
function, and hands results to a renderer."""

from __future__ import annotations

import csv
import json
import sys

import click

EXIT_OK, EXIT_FAIL_UNDER, EXIT_ERRORS = 0, 1, 2


def _load_manifest(path: str | None) -> dict[str, tuple[str | None, int | None]] | None:
    """The CSV ``path,organ,year`` (UTF-8 with or without BOM, or GBK/GB18030 as Excel on Chinese
    Windows saves it). A file without a ``path`` column or an unreadable year is refused with one
    line naming the file and the row."""
    from reviewer.errors import OperationalError

    if not path:
        return None
    try:
        data = open(path, "rb").read()
    except OSError as e:
        raise OperationalError(f"manifest {path}: cannot read ({e.strerror or e})") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise OperationalError(f"manifest {path}: not UTF-8 or GBK text")
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "path" not in header:
        raise OperationalError(f"manifest {path}: needs a header row with the columns path,organ,year (found: {','.join(header) or 'nothing'})")
    reader.fieldnames = header
    out: dict[str, tuple[str | None, int | None]] = {}
    for n, row in enumerate(reader, start=2):
        year = (row.get("year") or "").strip()
        if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
            raise OperationalError(f"manifest {path}: row {n}: year {year!r} is not a year")
        key = (row.get("path") or "").strip()
        if key:
            out[key] = ((row.get("organ") or "").strip() or None, int(year) if year else None)
    return out


class CommandLoadError(click.ClickException):
    """A subcommand's module failed to import."""

    exit_code = EXIT_ERRORS


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules ("module:attr"), imported on use, so the
    CLI stays thin and each feature owns its command. A module that fails to import is an error
    naming the command and the missing module, never a command that disappears. A missing model
    file or optional dependency (``reviewer.errors.SetupError``) ends any command with one line on
    stderr and exit 2."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, lazy_help: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}
        self.lazy_help = lazy_help or {}

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``; a lazy command with a line in ``lazy_help`` is listed from
        that line, without importing its module (the listing then costs no feature imports)."""
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            cmd = click.Command(name, help=self.lazy_help[name]) if name in self.lazy_help else self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                commands.append((name, cmd))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])

    def invoke(self, ctx: click.Context) -> object:
        """Every failure ends in one line on stderr and a documented exit code — 2 for input and
        operational errors, 130 for an interrupt, 1 only for ``--fail-under``. ``REVIEWER_DEBUG=1``
        shows the traceback of an internal error."""
        import os

        from reviewer.errors import OperationalError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.UsageError):
            raise
        except click.ClickException as e:
            e.show()
            ctx.exit(EXIT_ERRORS)
        except (KeyboardInterrupt, click.exceptions.Abort):
            click.echo("已中断 (interrupted)", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # output piped into a reader that closed early
            sys.stderr.close()
            ctx.exit(EXIT_OK)
        except OperationalError as e:
            click.echo(f"错误: {e}", err=True)
            ctx.exit(EXIT_ERRORS)
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"错误: {where}{e.strerror or e}", err=True)
            ctx.exit(EXIT_ERRORS)
        except Exception as e:
            if os.environ.get("REVIEWER_DEBUG"):
                raise
            click.echo(f"内部错误 (internal error): {type(e).__name__}: {e} (REVIEWER_DEBUG=1 shows the traceback)", err=True)
            ctx.exit(EXIT_ERRORS)
        return None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            from importlib import import_module

            mod, attr = self.lazy[name].split(":")
            try:
                module = import_module(mod)
            except ImportError as e:
                missing = getattr(e, "name", None) or str(e)
                raise CommandLoadError(
                    f"命令 `{name}` 无法加载: 模块 {missing} 导入失败 ({mod}: {type(e).__name__}: {e})"
                ) from None
            cmd = getattr(module, attr, None)
            if not isinstance(cmd, click.Command):
                raise CommandLoadError(f"命令 `{name}` 无法加载: {mod} 中没有命令 {attr}")
            return cmd
        return super().get_command(ctx, name)


# Commands owned by feature modules.
LAZY_COMMANDS = {
    "archive": "reviewer.similarity.cli:archive",
    "baseline": "reviewer.baseline:baseline_cmd",
    "eval": "reviewer.evaluation.cli:eval_group",
    "generate": "reviewer.generate.cli:generate",
    "train": "reviewer.training.run:train_cmd",
    "vague": "reviewer.vagueness.cli:vague",
}
# Their help lines as ``--help`` lists them (the first paragraph of each command's docstring; a
# test keeps the two equal).
LAZY_HELP = {
    "archive": "把报告存入 SQLite 存档，供 `reviewer score --archive FILE` 比对雷同。",
    "baseline": "确认问题，使以后的审阅（`reviewer score --baseline FILE`）不再计入。",
    "eval": "评测检出质量（运行一个评测，如 `reviewer eval vagueness`）。",
    "generate": "生成 N 个机关 × 年度的虚构报告写入 OUT，另写 truth.jsonl 和 manifest.csv。",
    "train": "由 corpus/ 重建 models/ 中的模型（确定性，写 models/MANIFEST.json）。",
    "vague": "逐句标注 FILE（或标准输入）是否含糊，给出含糊概率和依据。",
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, lazy_help=LAZY_HELP)
@click.version_option(package_name="reviewer")
def main() -> None:
    """审阅政府信息公开工作年度报告：结构、表格、雷同、含糊表述、评分与排名。

    Review Chinese government information-disclosure annual reports (政府信息公开工作年度报告).
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--tokens/--no-tokens", default=False, help="输出分词结果 (include segmenter tokens).")
@click.option("--manifest", type=click.Path(exists=True), help="CSV 清单 path,organ,year，覆盖自动识别的机关和年度 (overrides detection).")
def parse(files: tuple[str, ...], fmt: str, tokens: bool, manifest: str | None) -> None:
    """输出每个 FILE 的文档模型（正文、页面杂项、章节、表格）。

    Print the document model of each FILE.
    """
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
@click.option("--output", "-o", type=click.Path(), help="输出文件（html 为文件夹），不写则输出到屏幕 (file, or folder for html, instead of stdout).")
@click.option("--jobs", "-j", type=int, default=0, help="工作进程数，默认为全部核心 (worker processes; default: all cores).")
@click.option("--manifest", type=click.Path(exists=True), help="CSV 清单 path,organ,year，覆盖自动识别的机关和年度 (overrides detection).")
@click.option("--archive", type=click.Path(), help="往年报告存档（SQLite），用于比对雷同 (archive of earlier reports to compare against).")
@click.option("--config", type=click.Path(exists=True), help="覆盖评分权重的 TOML 文件 (scoring weights).")
@click.option("--baseline", type=click.Path(), help="已确认问题清单，其中的问题不再计入 (accepted-findings file).")
@click.option("--fail-under", type=float, default=None, help="任一报告得分低于此值时退出码为 1 (exit 1 below this score).")
@click.option("--select", help="只运行这些规则代码，逗号分隔，默认全部 (rule codes to run).")
@click.option("--time-budget", type=click.FloatRange(min=0), default=60.0, show_default=True, help="单个文件最长处理秒数，0 为不限 (seconds one file may take).")
@click.option("--memory-budget", type=click.FloatRange(min=0), default=1024.0, show_default=True, help="单个文件最多使用内存 MB，0 为不限 (MB one file may use).")
@click.option("--era", type=click.Choice(["legacy", "trial", "2021"]), help="只显示该时期的报告 (show only this era in the ranking).")
@click.option("--level", type=click.Choice(["province", "city", "county", "town"]), help="只显示该层级机关的报告 (show only this level).")
@click.option("--organ-type", type=click.Choice(["department", "government"]), help="只显示部门或政府的报告 (show only departments or governments).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="输出语言 (language of messages and labels).")
@click.option("--scheduler", metavar="ADDRESS", help="在 Dask 集群上运行 (run on the Dask scheduler at ADDRESS, or `local`); results go to --output DIR.")
def score(paths, fmt, output, jobs, manifest, archive, config, baseline, fail_under, select, time_budget, memory_budget,
          era=None, level=None, organ_type=None, lang="zh", scheduler=None) -> None:
    """审阅 PATHS 下的每份报告（文件或文件夹，递归）并评分、排名。

    Review every report under PATHS (files or folders, recursive) and score it.
    """
    from reviewer.app import run_score

    code = run_score(
        paths=paths, fmt=fmt, output=output, jobs=jobs, manifest=_load_manifest(manifest), archive=archive,
        config_path=config, baseline=baseline, fail_under=fail_under, select=select,
        time_budget=time_budget, memory_budget=memory_budget, filters=(era, level, organ_type), lang=lang,
        scheduler=scheduler,
    )
    sys.exit(code)


@main.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="输出由规则注册表生成的 docs/rules.md (print docs/rules.md).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="输出语言 (language of the message templates shown).")
def rules(code: str | None, markdown: bool, lang: str = "zh") -> None:
    """列出全部规则，或说明规则 CODE。

    List the rules, or explain rule CODE.
    """
    from reviewer.rules.runner import load_rules

    if markdown:
        from reviewer.rules.docs import render

        click.echo(render(), nl=False)
        return
    from reviewer.messages import rule_summary, rule_templates, ui

    reg = load_rules()
    if code:
        r = reg.get(code.upper())
        if r is None:
            raise click.ClickException(ui("rules-unknown", lang, code=code))
        click.echo(f"{r.code} {r.name}  [{r.kind}, {r.severity}, {r.scope}]  {r.spec}\n")
        summary = rule_summary(r.code, lang)
        if summary:  # the reviewer's summary first, the rule's own (English) docstring after it
            click.echo(f"{summary}\n\n{ui('rules-doc-head', lang)}:")
        click.echo(r.doc or ui("rules-no-doc", lang))
        templates = rule_templates(r.code, lang)
        if templates:
            click.echo(f"\n{ui('rules-message', lang)}:")
            for mid, text in templates:
                click.echo(f"  {mid}: {text}")
        return
    for r in sorted(reg.values(), key=lambda r: r.code):
        first = rule_summary(r.code, lang) or (r.doc.splitlines() or [""])[0]
        click.echo(f"{r.code:6} {r.name:32} {r.kind:22} {r.severity:8} {first}")


@main.command()
@click.argument("file", type=click.Path())
@click.option("--archive", type=click.Path(), help="往年报告存档（SQLite）(archive of earlier reports).")
@click.option("--against", multiple=True, type=click.Path(), help="用于比对的往年或其他机关报告 (earlier reports to compare with).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="输出语言 (language of messages).")
def check(file: str, archive: str | None, against: tuple[str, ...], lang: str = "zh") -> None:
    """逐条列出 FILE 的问题，附原文位置和段落。

    Print each finding of FILE ruff-style, with its passage and position.
    """
    from reviewer.app import run_check

    sys.exit(run_check(file, archive=archive, against=against, lang=lang))


def entry() -> None:
    """Console entry point (see ``LazyGroup.invoke`` for the exit codes)."""
    main()


if __name__ == "__main__":  # pragma: no cover
    entry()
