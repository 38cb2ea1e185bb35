"""Accepted findings (a baseline): what a reviewer has looked at and accepted stays quiet.

A finding is identified by its fingerprint — rule + section + normalised passage — not by line or
offset, so an entry survives re-extraction, a changed preamble or a re-downloaded file. Entries are
scoped to a report file name (``report``) unless accepted with ``--global`` (``report: "*"``), so
accepting a shared template sentence in one report does not silence a copy in another.

Honoured by ``reviewer score --baseline FILE``: matching findings are removed before scoring (they
deduct nothing) and counted in ``Result.metrics["baseline"]``; entries whose report is in the batch
but that match nothing any more are *stale* and reported, so the file does not rot.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from reviewer.model import KINDS, Finding, Result

BASELINE_VERSION = 1
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace removed: what survives re-extraction of the same passage."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def fingerprint(f: Finding) -> str:
    key = f"{f.rule}\x1f{f.section or ''}\x1f{normalise_text(f.text)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def report_key(path: str) -> str:
    return Path(path).name


def _entry(r: Result, f: Finding, scope_global: bool) -> dict[str, Any]:
    return {
        "fingerprint": fingerprint(f),
        "report": "*" if scope_global else report_key(r.path),
        "rule": f.rule,
        "kind": f.kind,
        "section": f.section,
        "text": f.text[:120],
        "message": f.message,
    }


def build_baseline(
    results: list[Result],
    rules: set[str] | None = None,
    kinds: set[str] | None = None,
    paths: set[str] | None = None,
    scope_global: bool = False,
    existing: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Accept the matching findings of ``results`` (all when no filter), merged into ``existing``."""
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for e in (existing or {}).get("entries", []):
        entries[(e["report"], e["fingerprint"])] = e
    for r in results:
        if r.error:
            continue
        if paths and not ({r.path, report_key(r.path)} & paths):
            continue
        for f in r.findings:
            if rules and f.rule not in rules:
                continue
            if kinds and f.kind not in kinds:
                continue
            e = _entry(r, f, scope_global)
            entries.setdefault((e["report"], e["fingerprint"]), e)
    ordered = sorted(entries.values(), key=lambda e: (e["report"], e["rule"], e["fingerprint"]))
    return {"version": BASELINE_VERSION, "entries": ordered}


def load_baseline(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise click.ClickException(f"{path}: baseline file not found") from None
    except (OSError, ValueError) as e:
        raise click.ClickException(f"{path}: cannot read baseline: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise click.ClickException(f"{path}: not a baseline file (no 'entries' list)")
    return data


def apply_baseline(results: list[Result], baseline: dict[str, Any]) -> list[dict[str, Any]]:
    """Remove accepted findings from ``results`` in place; return the stale entries.

    An entry is stale when its report is in this batch (or it is global) and it matched nothing.
    Entries for reports outside the batch are neither applied nor stale.
    """
    index: dict[str, dict[str, dict[str, Any]]] = {}
    for e in baseline.get("entries", []):
        index.setdefault(e.get("report", "*"), {})[e["fingerprint"]] = e
    used: set[tuple[str, str]] = set()
    seen_reports: set[str] = set()
    for r in results:
        if r.error:
            continue
        key = report_key(r.path)
        seen_reports.add(key)
        own, glob = index.get(key, {}), index.get("*", {})
        if not own and not glob:
            continue
        keep: list[Finding] = []
        accepted = 0
        for f in r.findings:
            fp = fingerprint(f)
            if fp in own:
                used.add((key, fp))
                accepted += 1
            elif fp in glob:
                used.add(("*", fp))
                accepted += 1
            else:
                keep.append(f)
        r.findings = keep
        if accepted:
            r.metrics["baseline"] = {"accepted": accepted}
    stale = []
    for rep, entries in index.items():
        if rep != "*" and rep not in seen_reports:
            continue
        for fp, e in entries.items():
            if (rep, fp) not in used:
                stale.append(e)
    return stale


def _load_results(path: str) -> list[Result]:
    """Results from a JSONL or JSON file written by ``reviewer score``."""
    text = Path(path).read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{") and '"results"' in stripped[:200]:
        rows = json.loads(text)["results"]
    else:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [Result.from_dict(d) for d in rows]


@click.group("baseline")
def baseline_cmd() -> None:
    """确认问题，使以后的审阅（`reviewer score --baseline FILE`）不再计入。

    Accept findings so later runs (`reviewer score --baseline FILE`) do not count them.
    """


@baseline_cmd.command("accept")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option("--rule", "rules", multiple=True, help="只确认该规则的问题，可重复 (only this rule).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="只确认该类问题，可重复 (only this kind).")
@click.option("--path", "paths", multiple=True, help="只确认该报告的问题（路径或文件名）(only this report).")
@click.option("--global", "scope_global", is_flag=True, help="在所有报告中确认该段落，而不只本报告 (accept the passage everywhere).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="要写入的确认清单，已存在则合并 (baseline file to write).")
def accept(results: str, rules, kinds, paths, scope_global: bool, output: str) -> None:
    """确认 RESULTS（`reviewer score` 的 JSONL/JSON）中的问题；不加筛选则全部确认。

    Accept the findings in RESULTS (JSONL/JSON from `reviewer score`); all of them unless filtered.
    """
    from reviewer.errors import OperationalError
    from reviewer.rules.runner import load_rules

    unknown = sorted({r.upper() for r in rules} - set(load_rules()))
    if unknown:
        raise OperationalError(f"--rule: unknown rule code(s) {', '.join(unknown)}; `reviewer rules` lists them")
    res = _load_results(results)
    existing = load_baseline(output) if Path(output).exists() else None
    before = len((existing or {}).get("entries", []))
    data = build_baseline(
        res, rules={r.upper() for r in rules} or None, kinds=set(kinds) or None, paths=set(paths) or None,
        scope_global=scope_global, existing=existing,
    )
    from reviewer.atomic import write_text

    write_text(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    click.echo(f"{output}: {len(data['entries']) - before} finding(s) accepted, {len(data['entries'])} in total", err=True)


@baseline_cmd.command("show")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def show(file: str) -> None:
    """列出确认清单 FILE 中的问题。

    List the accepted findings of a baseline FILE.
    """
    for e in load_baseline(file)["entries"]:
        click.echo(f"{e['report']}: {e['rule']} [{e.get('kind', '')}] §{e.get('section') or '-'} {e['fingerprint']}  {e.get('text', '')[:60]}")


@baseline_cmd.command("prune")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
def prune(file: str, results: str) -> None:
    """删除 FILE 中已不再与 RESULTS 任何问题对应的条目（过期条目）。

    Drop the entries of FILE that no finding in RESULTS matches any more (stale entries).

    RESULTS must come from a run *without* --baseline, so accepted findings are still present."""
    data = load_baseline(file)
    stale = apply_baseline(_load_results(results), data)
    drop = {(e["report"], e["fingerprint"]) for e in stale}
    data["entries"] = [e for e in data["entries"] if (e["report"], e["fingerprint"]) not in drop]
    Path(file).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"{file}: {len(drop)} stale entr{'y' if len(drop) == 1 else 'ies'} removed", err=True)


def report_stale(stale: list[dict[str, Any]], baseline_path: str) -> None:
    for e in stale:
        print(
            f"{baseline_path}: stale baseline entry {e['fingerprint']} ({e['report']}: {e['rule']} {e.get('text', '')[:40]!r}) matches no finding",
            file=sys.stderr,
        )
