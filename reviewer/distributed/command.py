"""``reviewer score --scheduler ADDRESS``: the command-line side of a distributed review (the
options it accepts, the lines it prints and its exit code, as ``reviewer.app.run_score``)."""

from __future__ import annotations

from typing import Any

import click

from reviewer.errors import OperationalError


def score_on_cluster(paths: Any, fmt: str, output: str | None, jobs: int, manifest: Any, archive: str | None,
                     config_path: str | None, baseline: str | None, fail_under: float | None, select: str | None,
                     time_budget: float, memory_budget: float, filters: tuple[str | None, str | None, str | None],
                     lang: str, scheduler: str) -> int:
    """Review on the cluster; results in ``output/part-*.jsonl`` and ``output/summary.json``.
    ``jobs``: workers of a ``local`` cluster (0: one per core)."""
    from reviewer.app import check_options, exit_code, load_config, report_fail_under
    from reviewer.distributed.run import SUMMARY, run_distributed
    from reviewer.model import Result
    from reviewer.pipeline import Options
    from reviewer.render.safe import terminal

    if baseline:
        raise OperationalError("--baseline 暂不能与 --scheduler 同用 (--baseline is not supported with --scheduler)")
    if fmt not in ("table", "jsonl"):
        raise OperationalError(f"--scheduler 只写 jsonl 分片, 不支持 --format {fmt} (with --scheduler the results are partitioned jsonl)")
    check_options(fail_under, select, None)
    config = load_config(config_path)
    options = Options(jobs=jobs, manifest=manifest, archive=archive, config=config, time_budget=time_budget, memory_budget=memory_budget,
                      select={c.strip().upper() for c in select.split(",")} if select else None)
    summary = run_distributed(paths, options, output or "", scheduler, lang=lang, fail_under=fail_under, filters=filters,
                              workers=jobs)
    for path, err in summary["errors"]:
        click.echo(terminal(f"{path}: error: {err}"), err=True)
    for code, (n, path, err) in sorted(summary["rule_errors"].items()):
        more = f"（共 {n} 份报告）" if n > 1 else ""
        click.echo(terminal(f"规则 {code} 运行出错{more}: {path}: {err}; 其他规则照常运行"), err=True)
    click.echo(terminal(f"wrote {output}/part-*.jsonl ({summary['reports']} reports, {len(summary['parts'])} parts), {output}/{SUMMARY}"), err=True)
    named = [Result(path=p, error=e) for p, e in summary["errors"]] + [Result(path=p, score=s) for p, s in summary["below"]]
    report_fail_under(named, fail_under)
    return exit_code(named, fail_under)
