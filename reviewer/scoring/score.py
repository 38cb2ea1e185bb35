"""Scoring: a transparent rubric over findings and metrics.

With assessment facts (``metrics["assessable"]``) a report is scored criterion by criterion
over what could be assessed, with coverage (``reviewer.scoring.criteria``); otherwise (a schema 1.0 result
without those facts) it starts at 100 points split into five subscores (completeness, consistency, originality,
specificity, format; spec §7). Each finding deducts its kind's points times a severity factor; a
kind has a cap, and a subscore never drops below zero. Copied and vague *shares* (metrics left by
the similarity and vagueness analyzers) deduct linearly between a free threshold and a full one,
replacing the per-passage deductions of the same kind so nothing is charged twice.

Every point lost is a ``Result.deductions`` entry naming its subscore, reason and the findings
(index into ``Result.findings`` and fingerprint) it comes from, so ``sum(points) == 100 - score``.
The rubric lives in ``reviewer/rubric.toml``; a ``[scoring]`` table in ``--config`` overrides it.
Scoring is a pure function of findings and metrics: rescoring after a baseline filter is cheap.
"""

from __future__ import annotations

import copy
import tomllib
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

from reviewer.messages import ui
from reviewer.messages.evidence import part, reason_text
from reviewer.model import KINDS, Document, Result
from reviewer.scoring.criteria import metric_value

SUBSCORES = ("completeness", "consistency", "originality", "specificity", "format")


@lru_cache(maxsize=1)
def _default_rubric() -> dict[str, Any]:
    text = resources.files("reviewer").joinpath("rubric.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


class RubricError(ValueError):
    """A --config rubric that cannot be applied (unknown subscore, totals not 100, ...)."""


def load_rubric(config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The default rubric with ``config["scoring"]`` merged over it, validated."""
    over = (config or {}).get("scoring") or {}
    rub = _merge(_default_rubric(), over)
    subs = rub["subscores"]
    unknown = set(subs) - set(SUBSCORES)
    if unknown:
        raise RubricError(f"unknown subscore(s): {', '.join(sorted(unknown))}")
    total = sum(float(v) for v in subs.values())
    if abs(total - 100) > 1e-6:
        raise RubricError(f"subscores must sum to 100, not {total:g}")
    for kind, spec in rub["kinds"].items():
        if kind not in KINDS:
            raise RubricError(f"unknown finding kind {kind!r}")
        if spec.get("subscore") not in subs:
            raise RubricError(f"kind {kind}: unknown subscore {spec.get('subscore')!r}")
    for name, spec in rub.get("metrics", {}).items():
        if spec.get("subscore") not in subs:
            raise RubricError(f"metric {name}: unknown subscore {spec.get('subscore')!r}")
        if float(spec["full"]) <= float(spec["free"]):
            raise RubricError(f"metric {name}: full must be above free")
    from reviewer.scoring.criteria import rubric_problems

    problems = rubric_problems(rub)
    if problems:
        raise RubricError("; ".join(problems))
    return rub


def _r(x: float) -> float:
    return round(x + 0.0, 2)


def _unread_structure(result: Result) -> bool:
    """The reader found no section at all and recovered none from content
    (``metrics["structure"]["sections"] == 0``, left by the document builder)."""
    st = result.metrics.get("structure") if isinstance(result.metrics, dict) else None
    return isinstance(st, dict) and st.get("sections") == 0


def score_result(result: Result, rubric: dict[str, Any]) -> None:
    """Score one result in place (score, subscores, deductions). An errored report scores null."""
    from reviewer.baseline import fingerprint

    if result.error or result.doc_type == "attachment":  # an attachment is not a report: not scored
        result.score, result.subscores, result.deductions = None, {}, []
        result.coverage, result.criteria, result.review_status = None, [], None
        return
    if rubric.get("criteria") and isinstance(result.metrics.get("assessable"), dict):
        from reviewer.scoring.criteria import score_criteria

        score_criteria(result, rubric)  # per criterion, over what could be assessed
        return
    subs: dict[str, float] = {k: float(v) for k, v in rubric["subscores"].items()}
    sev = rubric["severity"]
    kinds = rubric["kinds"]
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(result.findings):
        by_kind[f.kind].append(i)
    fps = [fingerprint(f) for f in result.findings]

    proposals: list[dict[str, Any]] = []  # before subscore caps
    replaced: set[str] = set()
    for name, spec in rubric.get("metrics", {}).items():
        val = metric_value(result.metrics, spec["metric"])
        if val is None:
            continue
        reps = list(spec.get("replaces", []))
        replaced.update(reps)
        free, full = float(spec["free"]), float(spec["full"])
        frac = min(1.0, max(0.0, (val - free) / (full - free)))
        pts = float(spec["points"]) * frac
        if pts <= 0:
            continue
        idx = [i for k in reps for i in by_kind.get(k, [])]
        why = [part("reason-metric", metric=part(f"metric-{spec['metric']}"), value=f"{val:.0%}", free=f"{free:.0%}", full=f"{full:.0%}")]
        proposals.append({
            "subscore": spec["subscore"],
            "points": pts,
            "reason": reason_text(why),
            "params": {"parts": why},
            "source": f"metric:{name}",
            "metric": spec["metric"],
            "value": round(val, 4),
            "findings": idx,
        })
    for kind in KINDS:
        idx = by_kind.get(kind)
        spec = kinds.get(kind)
        if not idx or spec is None or kind in replaced:
            continue
        per = [float(spec["points"]) * float(sev.get(result.findings[i].severity, 0.0)) for i in idx]
        raw = sum(per)
        if raw <= 0:
            continue
        cap = float(spec.get("cap", raw))
        pts = min(raw, cap)
        counts = defaultdict(int)
        for i in idx:
            counts[result.findings[i].severity] += 1
        detail = [part("reason-sev-count", n=n, sev=part(f"sev-{s}")) for s, n in sorted(counts.items())]
        factors = [part("reason-sev-factor", sev=part(f"sev-{s}"), f=f"{float(sev.get(s, 0)):g}") for s in sorted(counts) if s != "error"]
        why = [part("reason-kind", n=len(idx), kind=part(f"kind-{kind}"), detail=detail, points=f"{spec['points']:g}",
                    factors=part("reason-factors", list=factors) if factors else "")]
        if pts < raw:
            why.append(part("reason-kind-cap", cap=f"{cap:g}"))
        proposals.append({
            "subscore": spec["subscore"], "points": pts, "reason": reason_text(why), "params": {"parts": why}, "source": f"kind:{kind}",
            "kind": kind, "findings": [i for i, p in zip(idx, per, strict=True) if p > 0],
        })

    left = dict(subs)
    deductions: list[dict[str, Any]] = []
    for p in sorted(proposals, key=lambda p: (SUBSCORES.index(p["subscore"]), -p["points"], p["source"])):
        avail = left[p["subscore"]]
        p["points"] = _r(p["points"])
        pts = _r(min(p["points"], avail))
        if pts <= 0:
            continue
        if pts < p["points"]:
            p["params"]["parts"].append(part("reason-subscore-left", points=f"{pts:g}", subscore=part(f"sub-{p['subscore']}")))
            p["reason"] = reason_text(p["params"]["parts"])
        left[p["subscore"]] = avail - pts
        p["points"] = pts
        p["fingerprints"] = [fps[i] for i in p["findings"]]
        deductions.append(p)
    if _unread_structure(result) and left.get("completeness", 0) > 0:
        # No section found and none recovered: completeness cannot be judged, so it is not given.
        pts = _r(left["completeness"])
        deductions.append({
            "subscore": "completeness", "points": pts, "source": "structure:unread", "findings": [], "fingerprints": [],
            "reason": ui("reason-structure-unread"), "params": {"parts": [part("reason-structure-unread")]},
        })
        left["completeness"] = 0.0
        result.metrics["needs_review"] = "structure-unread"
    result.subscores = {k: _r(v) for k, v in left.items()}
    result.deductions = deductions
    result.score = _r(sum(left.values()))


def score_results(results: list[Result], docs: list[Document], config: dict[str, Any] | None = None) -> None:
    """Set ``score``, ``subscores`` and ``deductions`` on each result (docs are not needed: the
    score is a function of findings and metrics only, so saved JSON can be rescored)."""
    rubric = load_rubric(config)
    if docs and len(docs) == len(results) and all(d.path == r.path for d, r in zip(docs, results, strict=True)):
        from reviewer.coverage import batch_facts

        batch_facts(results, docs)
    for r in results:
        score_result(r, rubric)
