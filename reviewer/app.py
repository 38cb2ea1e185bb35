"""Glue between the CLI and the library: run a review, render, write, pick the exit code.

Exit codes of ``reviewer score``: 2 when any file could not be reviewed (it wins: a batch with
unreadable files is not a passing batch, whatever the scores), else 1 when ``--fail-under`` is set
and any scored report is below it (attachments are not scored, so never count), else 0.
"""

from __future__ import annotations

import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import click

from reviewer.errors import OperationalError
from reviewer.model import Document, Finding, Result
from reviewer.pipeline import Options, review
from reviewer.render.safe import terminal

EXIT_OK, EXIT_FAIL_UNDER, EXIT_ERRORS = 0, 1, 2


def _progress():
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import Progress

    prog = Progress(transient=True)
    prog.start()
    task = prog.add_task("reviewing", total=None)

    def update(done: int, total: int) -> None:
        prog.update(task, completed=done, total=total)

    return prog, update


def load_config(config_path: str | None) -> dict[str, Any]:
    """The --config TOML; its [scoring] table is validated now so a typo fails before a long run."""
    if not config_path:
        return {}
    try:
        config = tomllib.loads(Path(config_path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise OperationalError(f"{config_path}: cannot read config: {e}") from None
    from reviewer.scoring.score import RubricError, load_rubric

    try:
        load_rubric(config)
    except (RubricError, KeyError, TypeError, ValueError) as e:
        raise OperationalError(f"{config_path}: invalid [scoring] rubric: {e}") from None
    return config


def run_score(
    paths, fmt: str, output: str | None, jobs: int, manifest, archive: str | None, config_path: str | None,
    baseline: str | None, fail_under: float | None, select: str | None,
    time_budget: float = 60.0, memory_budget: float = 1024.0, filters: tuple[str | None, str | None, str | None] = (None, None, None),
    lang: str = "zh",
) -> int:
    check_output(fmt, output)
    check_options(fail_under, select, archive)
    config = load_config(config_path)
    base = None
    if baseline:
        from reviewer.baseline import load_baseline

        base = load_baseline(baseline)
    opts = Options(
        jobs=jobs, manifest=manifest, archive=archive, config=config, baseline=baseline,
        select={c.strip().upper() for c in select.split(",")} if select else None,
        time_budget=time_budget, memory_budget=memory_budget,
    )
    prog, update = _progress()
    try:
        results, docs = review(paths, opts, progress=update)
    finally:
        if prog:
            prog.stop()
    if base is not None:
        from reviewer.baseline import apply_baseline, report_stale
        from reviewer.scoring.score import score_results

        stale = apply_baseline(results, base)
        score_results(results, docs, config)  # accepted findings no longer deduct
        report_stale(stale, baseline)
    if not results:
        raise OperationalError("no report files (.txt .md .html .htm .shtml .docx .pdf) under " + ", ".join(map(str, paths)))
    if any(filters):  # --era/--level/--organ-type narrow what is shown, not what is reviewed
        from reviewer.scoring.levels import filter_results

        write_results(filter_results(results, *filters), fmt, output, docs, lang)
    else:
        write_results(results, fmt, output, docs, lang)
    for r in results:
        if r.error:
            click.echo(terminal(f"{r.path}: error: {r.error}"), err=True)
    report_fail_under(results, fail_under)
    return exit_code(results, fail_under)


def exit_code(results: list[Result], fail_under: float | None) -> int:
    if any(r.error for r in results):
        return EXIT_ERRORS
    if fail_under is not None and any(r.score is not None and r.score < fail_under for r in results):
        return EXIT_FAIL_UNDER
    return EXIT_OK


def report_fail_under(results: list[Result], fail_under: float | None) -> None:
    """Name every report that scored below ``--fail-under`` (stderr, one line each)."""
    if fail_under is None:
        return
    for r in results:
        if r.score is not None and r.score < fail_under:
            click.echo(terminal(f"{r.path}: 低于 --fail-under {fail_under:g} (score {r.score:g})"), err=True)


def check_output(fmt: str, output: str | None) -> None:
    """Before the batch: the output can be written where it was asked for (else one line, exit 2)."""
    from reviewer import render
    from reviewer.atomic import check_file_target, check_site_target

    if render.is_writer(fmt) and not output:
        raise click.UsageError(f"--format {fmt} writes a {'folder' if fmt == 'html' else 'file'}: give --output")
    if not output:
        return
    (check_site_target if fmt == "html" else check_file_target)(output)


def check_options(fail_under: float | None, select: str | None, archive: str | None) -> None:
    """Typos fail before the batch instead of silently changing what is checked."""
    import math

    if fail_under is not None and not math.isfinite(fail_under):
        raise OperationalError(f"--fail-under {fail_under}: give a number (scores run from 0 to 100)")
    if select:
        from reviewer.rules.runner import load_rules

        known = load_rules()
        codes = [c.strip().upper() for c in select.split(",") if c.strip()]
        unknown = [c for c in codes if c not in known]
        if unknown or not codes:
            raise OperationalError(f"--select: unknown rule code(s) {', '.join(unknown) or '(none given)'}; `reviewer rules` lists them")
    if archive:
        from reviewer.similarity.archive import Archive

        with Archive(archive, create=False):
            pass


def write_results(results: list[Result], fmt: str, output: str | None, docs: list[Document] | None = None,
                  lang: str = "zh") -> None:
    """Render and write in ``lang`` (zh|en); files and the HTML folder are replaced atomically
    (reviewer.atomic)."""
    from reviewer import atomic, render

    if render.is_writer(fmt):
        if not output:
            raise click.UsageError(f"--format {fmt} needs --output")
        if fmt == "html":
            with atomic.atomic_dir(output) as tmp:
                render.get_writer(fmt)(results, tmp, docs, lang=lang)
            path = Path(output) / "index.html"
        else:
            with atomic.atomic_path(output) as tmp:
                render.get_writer(fmt)(results, tmp, docs, lang=lang)
            path = Path(output)
        click.echo(terminal(f"wrote {path}"), err=True)
        return
    if fmt == "table" and not output and sys.stdout.isatty():
        fmt = "terminal"
    text = render.get(fmt)(results, lang=lang)
    if output:
        atomic.write_text(output, text)
        if fmt == "csv":  # spreadsheet users get the findings next to the summary
            out = Path(output)
            atomic.write_text(out.with_name(out.stem + ".findings.csv"), render.get("csv-findings")(results, lang=lang))
    else:
        click.echo(text, nl=False)


# -- reviewer check ---------------------------------------------------------------------------------


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def excerpt(text: str, start: int, end: int, before: int = 30, span: int = 50, after: int = 20) -> tuple[str, int, int, int]:
    """The line holding ``start``, cut to a window around the span: (line, column, caret offset in
    display columns, caret width in display columns). Column is 1-based, in code points."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    le = len(text) if le == -1 else le
    col = start - ls + 1
    a = max(ls, start - before)
    b_span = min(end, le, start + span)
    b = min(le, b_span + after)
    pre = ("…" if a > ls else "") + text[a:start]
    mid = text[start:b_span]
    post = text[b_span:b] + ("…" if b < le else "")
    return pre + mid + post, col, _width(pre), max(1, _width(mid))


def format_finding(path: str, f: Finding, text: str | None, color: bool = False, lang: str = "zh") -> str:
    from reviewer.messages import finding_message, ui
    from reviewer.scoring.summary import source_of

    def st(s: str, **kw: Any) -> str:
        return click.style(s, **kw) if color else s

    col = 1
    lines: list[str] = []
    line_no = f.line
    if text is not None and 0 <= f.start <= len(text):
        start = f.start
        while start < f.end and text[start].isspace():  # a span opening on a line break shows its text
            start += 1
        if start < f.end:
            line_no += text.count("\n", f.start, start)
        else:
            start = f.start
        line, col, off, width = excerpt(text, start, f.end)
        gutter = " " * len(str(line_no))
        lines.append(f"{gutter} |")
        lines.append(f"{line_no} | {line}")
        more = text.count("\n", start, f.end)
        caret = st("^" * width, fg="red" if f.severity == "error" else "yellow", bold=True)
        lines.append(f"{gutter} | {' ' * off}{caret}" + (f" (+{more} more line{'s' if more > 1 else ''})" if more else ""))
    head = (
        f"{st(terminal(f'{path}:{line_no}:{col}:'), bold=True)} {st(f.rule, fg='red' if f.severity == 'error' else 'yellow', bold=True)} "
        f"[{f.kind}] {finding_message(f, lang)}"
    )
    src = source_of(f)
    if src:
        who = " ".join(str(x) for x in (src.get("organ"), src.get("year")) if x) or "?"
        where = f" ({src['path']})" if src.get("path") else ""
        stext = " ".join(str(src.get("text") or "").split())
        lines.append(f"{ui('check-source', lang)}{who}{where}" + (f": 「{stext[:120]}{'…' if len(stext) > 120 else ''}」" if stext else ""))
    return "\n".join([head, *lines])


def run_check(file: str, archive: str | None, against, lang: str = "zh") -> int:
    """Findings of one report, or of every report in a folder, ruff-style, in ``lang`` (zh|en)."""
    from reviewer.messages import ui

    results, docs = review([file, *against], Options(jobs=1 if not Path(file).is_dir() else 0, archive=archive))
    target_path = Path(file)
    if target_path.is_dir():
        root = str(target_path)
        target = [r for r in results if r.path.startswith(root)]
        if not target:
            raise OperationalError(f"{file}: no report files in this folder")
    else:
        target = [r for r in results if r.path == str(target_path)] or results[:1]
    texts = {d.path: d.text for d in docs}
    color = sys.stdout.isatty()
    code = EXIT_OK
    for r in target:
        if r.error:
            click.echo(terminal(f"{r.path}: error: {r.error}"), err=True)
            code = EXIT_ERRORS
            continue
        text = texts.get(r.path)
        for f in r.findings:
            click.echo(format_finding(r.path, f, text, color, lang))
            click.echo("")
        n_err = sum(f.severity == "error" for f in r.findings)
        if r.doc_type == "attachment":  # a stand-alone statistics table: not scored
            link = r.metrics.get("attachment_of")
            click.echo(terminal(ui("check-found-attachment", lang, n=len(r.findings), errors=n_err, path=r.path)
                                + (ui("check-report-link", lang, link=link) if link else "")))
            continue
        score = "-" if r.score is None else f"{r.score:g}"
        click.echo(terminal(ui("check-found", lang, n=len(r.findings), errors=n_err, path=r.path, score=score)))
        if not against and not archive and not target_path.is_dir():
            click.echo(ui("check-no-copying", lang))
    return code
