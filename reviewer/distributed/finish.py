"""Stage 7 of a distributed review: the batch rules, attachments and scores of one part, written by
the worker as ``part-NNNNN.jsonl``; only counts go back to the client (``summary.json``)."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.distributed import spill
from reviewer.distributed.stages import Aligned, AlignedRef, Part, PartRef, load_part, wants_analysis
from reviewer.model import Result

WRITE_CHUNK = 32  # results rendered at once


@dataclass
class Env:
    """What every finish task needs from the command line."""

    options: Any  # pipeline.Options (manifest left out)
    opts: dict[str, Any]
    out_dir: str
    lang: str = "zh"
    fail_under: float | None = None
    filters: tuple[str | None, str | None, str | None] = (None, None, None)
    errors: list[Result] = field(default_factory=list)  # files the client could not list (part 0 writes them)
    scratch: str = ""  # the folder of the parts' scratch files (``spill``)


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def _batch_rules(part: Part, aligned: Aligned | None, facts: tuple[set[str | None], int],
                 pieces: list[tuple[Any, int]], env: Env) -> list[Result]:
    """The embedded pipeline's batch stage over the part's organs, given what the whole batch
    contributes: the copy analysis, the groups of the copied passages and the places of organs."""
    from reviewer.coverage import batch_facts
    from reviewer.pipeline import _PREPARE, _run_batch_rules
    from reviewer.rules.copying import _KEY, GROUPS, PLACES
    from reviewer.scoring.score import score_results
    from reviewer.similarity.groups import GroupPart, describe, describe_part, merge_parts
    from reviewer.structure.attachment import link_attachments

    docs = [it.doc for it in part.items]
    results = [it.result for it in part.items]
    places, organs = facts
    ready: dict[str, Any] = {PLACES: places}
    for key, *_ in _PREPARE:
        values = [it.prepared.get(key) for it in part.items]
        if values and all(v is not None for v in values):
            ready[key] = values
    if aligned is not None and wants_analysis(env.options.select):
        found: dict[int, GroupPart] = {}
        for piece in pieces:  # one holder task's pieces at a time, merged into bounded descriptions
            for n, g in spill.piece(*piece) or []:
                found[n] = merge_parts(found[n], g) if n in found else g
        res = aligned.res
        ready[_KEY] = (docs, res)
        ready["metrics"] = {i: {"copy": a.metrics} for i, a in enumerate(res)}
        ready[GROUPS] = {(i, k): describe_part(found[n]) if n in found else describe([res[i].fp])
                         for n, (i, k, _) in enumerate(aligned.wanted)}
    _run_batch_rules(docs, results, env.options, env.opts, ready)
    link_attachments(docs, results, env.opts)
    batch_facts(results, docs, organs=organs)
    score_results(results, [], env.options.config)
    return results


def finish(ref: PartRef, aligned_ref: AlignedRef | None, facts: tuple[set[str | None], int], env: Env,
           held: list[Any], at: int = 0) -> dict[str, Any]:
    """Review, score and write one part (read back from the scratch folder with its copy
    analysis; ``held``: the holder stage's pieces for its block, this part's at ``at``); return
    its counts (``run.Summary`` adds them up)."""
    from reviewer import render
    from reviewer.scoring.levels import filter_results

    aligned: Aligned | None = None
    if aligned_ref is None:
        part = load_part(ref)
    else:
        part, aligned = spill.read(aligned_ref.span)
    results = _batch_rules(part, aligned, facts, [(h, at) for h in held], env)
    results = sorted(results + part.failed + (env.errors if part.index == 0 else []), key=lambda r: r.path)
    shown = filter_results(results, *env.filters) if any(env.filters) else results
    path = Path(env.out_dir) / part_name(part.index)
    tmp = path.with_name("." + path.name + ".tmp")
    jsonl = render.get("jsonl")
    with tmp.open("w", encoding="utf-8") as fh:  # a few results at a time: their localised copies and lines stay small
        for i in range(0, len(shown), WRITE_CHUNK):
            fh.write(jsonl(shown[i : i + WRITE_CHUNK], lang=env.lang))
    os.replace(tmp, path)
    return counts(results, env.fail_under, path.name)


def counts(results: list[Result], fail_under: float | None, name: str) -> dict[str, Any]:
    """What the client keeps of a part: counts, the score histogram (exact values) and the few
    reports it must name (files that failed, scores under ``--fail-under``, crashed rules)."""
    rule_errors: dict[str, list[Any]] = {}
    for r in results:
        for code, err in sorted((r.metrics.get("rule_errors") or {}).items()):
            e = rule_errors.setdefault(code, [0, r.path, err])
            e[0] += 1
    return {
        "part": name,
        "reports": len(results),
        "errors": [(r.path, r.error) for r in results if r.error],
        "attachments": sum(r.doc_type == "attachment" and not r.error for r in results),
        "scores": Counter(r.score for r in results if r.score is not None),
        "below": [(r.path, r.score) for r in results if fail_under is not None and r.score is not None and r.score < fail_under],
        "kinds": Counter(f.kind for r in results for f in r.findings),
        "rules": Counter(f.rule for r in results for f in r.findings),
        "severities": Counter(f.severity for r in results for f in r.findings),
        "rule_errors": rule_errors,
    }
