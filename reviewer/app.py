"""Glue between the CLI and the library: run a review, render, write, pick the exit code."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import click

from reviewer.model import Result
from reviewer.pipeline import Options, review


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


def run_score(
    paths, fmt: str, output: str | None, jobs: int, manifest, archive: str | None, config_path: str | None,
    baseline: str | None, fail_under: float | None, select: str | None,
) -> int:
    config: dict[str, Any] = {}
    if config_path:
        config = tomllib.loads(Path(config_path).read_text(encoding="utf-8"))
    opts = Options(
        jobs=jobs, manifest=manifest, archive=archive, config=config, baseline=baseline,
        select={c.strip().upper() for c in select.split(",")} if select else None,
    )
    prog, update = _progress()
    try:
        results, _docs = review(paths, opts, progress=update)
    finally:
        if prog:
            prog.stop()
    write_results(results, fmt, output)
    for r in results:
        if r.error:
            click.echo(f"{r.path}: error: {r.error}", err=True)
    if any(r.error for r in results):
        return 2
    if fail_under is not None and any(r.score is not None and r.score < fail_under for r in results):
        return 1
    return 0


def write_results(results: list[Result], fmt: str, output: str | None) -> None:
    from reviewer import render

    text = render.get(fmt)(results)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def run_check(file: str, archive: str | None, against) -> int:
    results, _ = review([file, *against], Options(jobs=1, archive=archive))
    target = [r for r in results if r.path == str(Path(file))] or results[:1]
    for r in target:
        if r.error:
            click.echo(f"{r.path}: error: {r.error}", err=True)
            return 2
        for f in r.findings:
            click.echo(f"{r.path}:{f.line}: {f.rule} [{f.kind}] {f.message}")
            click.echo(f"    {f.text[:200]}")
    return 0
