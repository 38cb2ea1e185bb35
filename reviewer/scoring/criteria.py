"""Scoring by criteria, with coverage (docs/scoring.md "Criteria and coverage").

Every criterion of the rubric (``[criteria.*]`` in rubric.toml) is, for one report:

- **not applicable** to its era (a legacy report is not asked for table 四, spec §6; a legacy report
  without a 统计表 is not checked for table sums), or
- **not assessed**, with the reason (section not found, table unreadable, no earlier year to compare),
- **assessed**: it keeps its points minus what its findings (or its measured share) cost.

The score is computed over the assessed criteria only and rescaled to 100, so a report is never
given points for what could not be checked; ``coverage`` is the share of the applicable rubric
points that were assessed, and a report under the rubric's coverage threshold is listed as
需人工复核 (``review_status = "needs-review"``) instead of being ranked.

Within a subscore, criterion ``points`` are relative weights over the criteria applicable to the
report's era, so every era's rubric sums to the same subscore weights (spec §6: a legacy report is
judged on its own outline, and completeness is the share of that outline it covers).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reviewer.messages import ui
from reviewer.messages.evidence import part, reason_text
from reviewer.model import Finding, Result

ASSESSED, NOT_ASSESSED, NOT_APPLICABLE = "assessed", "not-assessed", "not-applicable"
FAILED = "failed"  # internal: assessed, and all its points lost because what it judges is absent
RANKED, NEEDS_REVIEW = "ranked", "needs-review"
ERAS = ("legacy", "trial", "2021")

Reason = dict[str, Any]  # a part of the catalogue (reviewer.messages.evidence.part), rendered per language
Need = Callable[[dict[str, Any], Result], tuple[str, Reason] | None]


def _sections(f: dict[str, Any], r: Result) -> tuple[str, str] | None:
    return None if f.get("sections") else (NOT_ASSESSED, part("reason-no-sections"))


def _section(sid: str) -> Need:
    def need(f: dict[str, Any], r: Result) -> tuple[str, str] | None:
        if not f.get("sections"):
            return NOT_ASSESSED, part("reason-no-sections")
        if sid not in f["sections"]:
            if any(x.rule == "S001" and x.section == sid for x in r.findings):
                # the section is missing (spec §7 defect 1): what it should contain is absent too
                return FAILED, part("reason-section-missing", section=sid)
            return NOT_ASSESSED, part("reason-section-not-found", section=sid)
        return None

    return need


def _tables(f: dict[str, Any], r: Result) -> tuple[str, str] | None:
    if f.get("era") == "legacy":
        return None if f.get("legacy_table") else (NOT_APPLICABLE, part("reason-legacy-no-table"))
    if not (f.get("t3") or f.get("t4")):
        return NOT_ASSESSED, part("reason-no-t3-t4")
    share = f.get("readable_share")
    if isinstance(share, int | float) and share < 0.5:
        return NOT_ASSESSED, part("reason-tables-few-readable", share=f"{share:.0%}")
    return None


def _tables_present(f: dict[str, Any], r: Result) -> tuple[str, str] | None:
    if f.get("t2") or f.get("t3") or f.get("t4"):
        return None
    if any(x.rule == "T106" for x in r.findings):
        # the sections are there but their tables are not text (image or omitted): nothing to check
        return FAILED, part("reason-tables-image")
    return NOT_ASSESSED, part("reason-no-tables")


def _fact(key: str, reason: Reason) -> Need:
    return lambda f, r: None if f.get(key) else (NOT_ASSESSED, reason)


def _copy(f: dict[str, Any], r: Result) -> tuple[str, str] | None:
    return None if isinstance(r.metrics.get("copy"), dict) else (NOT_ASSESSED, part("reason-no-copy"))


NEEDS: dict[str, Need] = {
    "sections": _sections,
    "tables": _tables,
    "tables_present": _tables_present,
    "copy": _copy,
    "prior_year": _fact("prior_year", part("reason-no-prior-year")),
    "earlier": _fact("earlier", part("reason-no-earlier")),
    "others": _fact("others", part("reason-no-others")),
    "published": _fact("published", part("reason-no-published")),
    **{f"section:{s}": _section(s) for s in "一二三四五六"},
}


def _status(spec: dict[str, Any], facts: dict[str, Any], r: Result, era: str) -> tuple[str, Reason | None]:
    if era not in spec.get("eras", ERAS):
        return NOT_APPLICABLE, part("reason-not-applicable", era=part(f"era-{era}"))
    found: list[tuple[str, Reason]] = []
    for name in spec.get("needs", []):
        got = NEEDS[name](facts, r) if name in NEEDS else (NOT_ASSESSED, part("reason-unknown-need", name=name))
        if got:
            found.append(got)
    na = [g for g in found if g[0] == NOT_APPLICABLE]
    if na:
        return na[0]
    unassessed = [g for g in found if g[0] == NOT_ASSESSED]
    if unassessed:
        return unassessed[0]
    if found:
        return found[0]
    return ASSESSED, None


def _owner(f: Finding, crits: dict[str, dict[str, Any]], era: str, fallback: dict[str, str],
           naming: dict[str, list[str]] | None = None) -> str | None:
    """The criterion a finding is charged to: the one naming its rule (and section), for the era;
    a rule no criterion names falls back on its kind. ``naming``: ``_naming(crits)``."""
    named = (naming if naming is not None else _naming(crits)).get(f.rule)
    if named:
        for cid in named:
            c = crits[cid]
            if era in c.get("eras", ERAS) and (c.get("section") is None or c["section"] == f.section):
                return cid
        return None
    cid = fallback.get(f.kind)
    return cid if cid in crits else None


def _naming(crits: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """For each rule, the criteria naming it, in the rubric's order."""
    return _naming_of(tuple((cid, tuple(c.get("rules", ()))) for cid, c in crits.items()))


@lru_cache(maxsize=8)
def _naming_of(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[str]]:
    by_rule: dict[str, list[str]] = {}
    for cid, names in rules:
        for rule in dict.fromkeys(names):
            by_rule.setdefault(rule, []).append(cid)
    return by_rule


def metric_value(metrics: dict[str, Any], dotted: str) -> float | None:
    """``metrics["copy"]["own_share"]`` for ``"copy.own_share"``; None when absent or not a number."""
    cur: Any = metrics
    for key in dotted.split("."):
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    if isinstance(cur, bool) or not isinstance(cur, int | float):
        return None
    return float(cur)





def _per(spec: dict[str, Any], f: Finding, kinds: dict[str, Any]) -> float:
    """Points of one finding at severity error: the criterion's ``per`` for the rules it names; for
    a rule it does not name (charged through ``criteria_fallback``), the ``[kinds]`` table's points."""
    if f.rule in spec.get("rules", []):
        return float(spec.get("per", spec["points"]))
    return float((kinds.get(f.kind) or {}).get("points", spec.get("per", spec["points"])))


def _loss(spec: dict[str, Any], idx: list[int], r: Result, facts: dict[str, Any], sev: dict[str, float],
          kinds: dict[str, Any], cid: str = "") -> tuple[float, list[Reason], dict[str, Any]]:
    """Raw points lost (≤ points), the parts of the reason and extra deduction fields."""
    pts = float(spec["points"])
    extra: dict[str, Any] = {}
    measure = spec.get("measure", "")
    loss, why = 0.0, []
    if measure == "readable":
        share = facts.get("readable_share")
        if isinstance(share, int | float) and share < 1:
            loss += pts * (1 - float(share))
            why.append(part("reason-cells-unreadable", share=f"{1 - float(share):.0%}"))
            extra["value"] = share
    elif measure == "outline":
        if not facts.get("headings") and not facts.get("sections"):
            loss += pts
            why.append(part("reason-no-headings"))
    elif measure.startswith("legacy:"):
        item = measure.split(":", 1)[1]
        if not (facts.get("legacy_items") or {}).get(item, True):
            loss += pts
            why.append(part("reason-not-mentioned", item={"criterion": cid, "label": spec.get("label", item)}))
    val = metric_value(r.metrics, spec["metric"]) if spec.get("metric") else None
    if val is not None:
        free, full = float(spec["free"]), float(spec["full"])
        frac = min(1.0, max(0.0, (val - free) / (full - free)))
        if frac > 0:
            loss += pts * frac
            why.append(part("reason-metric", metric=part(f"metric-{spec['metric']}"), value=f"{val:.0%}", free=f"{free:.0%}", full=f"{full:.0%}"))
        extra.update(metric=spec["metric"], value=round(val, 4))
    elif idx:
        per = [_per(spec, r.findings[i], kinds) * float(sev.get(r.findings[i].severity, 0.0)) for i in idx]
        raw = sum(per)
        if raw > 0:
            loss += raw
            rules = sorted({r.findings[i].rule for i in idx})
            why.append(part("reason-findings", n=sum(p > 0 for p in per), rules=", ".join(rules), points=f"{raw:g}"))
    floor = metric_value(r.metrics, spec["floor_metric"]) if spec.get("floor_metric") else None
    if floor is not None:  # a criterion that also follows a share of the whole report (originality: copied prose)
        free, full = float(spec.get("floor_free", 0.0)), float(spec.get("floor_full", 1.0))
        frac = min(1.0, max(0.0, (floor - free) / (full - free)))
        if pts * frac > loss:
            loss = pts * frac
            why.append(part("reason-metric", metric=part(f"metric-{spec['floor_metric']}"), value=f"{floor:.0%}", free=f"{free:.0%}", full=f"{full:.0%}"))
    if loss > pts:
        why.append(part("reason-cap", points=f"{pts:g}"))
    return min(loss, pts), why, extra


def score_criteria(result: Result, rubric: dict[str, Any]) -> None:
    """Score ``result`` in place from its findings, metrics and ``metrics["assessable"]``."""
    from reviewer.baseline import fingerprint

    facts = result.metrics.get("assessable") or {}
    era = facts.get("era") or result.era
    era = era if era in ERAS else "2021"
    crits: dict[str, dict[str, Any]] = rubric.get("criteria", {})
    weights = {k: float(v) for k, v in rubric["subscores"].items()}
    sev = {k: float(v) for k, v in rubric["severity"].items()}
    fallback = rubric.get("criteria_fallback", {})

    by_crit: dict[str, list[int]] = {}
    naming = _naming(crits)
    for i, f in enumerate(result.findings):
        cid = _owner(f, crits, era, fallback, naming)
        if cid is not None:
            by_crit.setdefault(cid, []).append(i)

    rows: list[dict[str, Any]] = []
    for cid, spec in crits.items():
        status, reason = _status(spec, facts, result, era)
        failed = status == FAILED
        if failed:
            status = ASSESSED
        idx = by_crit.get(cid, [])
        if status == NOT_ASSESSED and any(sev.get(result.findings[i].severity, 0) > 0 for i in idx):
            status, reason = ASSESSED, None  # a finding shows it was checked after all (archive, ...)
        rows.append({"id": cid, "label": spec.get("label", cid), "subscore": spec["subscore"], "raw": float(spec["points"]),
                     "status": status, "reason": [reason] if reason else [], "idx": idx if status == ASSESSED else [], "failed": failed})

    applicable_raw: dict[str, float] = {}
    for row in rows:
        if row["status"] != NOT_APPLICABLE:
            applicable_raw[row["subscore"]] = applicable_raw.get(row["subscore"], 0.0) + row["raw"]
    for row in rows:
        tot = applicable_raw.get(row["subscore"], 0.0)
        row["points"] = weights[row["subscore"]] * row["raw"] / tot if row["status"] != NOT_APPLICABLE and tot else 0.0

    applicable = sum(row["points"] for row in rows)
    assessed = sum(row["points"] for row in rows if row["status"] == ASSESSED)
    result.coverage = round(assessed / applicable, 4) if applicable else 0.0
    threshold = float(rubric.get("coverage", {}).get("threshold", 0.6))
    result.review_status = RANKED if result.coverage >= threshold else NEEDS_REVIEW

    fps: dict[int, str] = {}  # the baseline fingerprints of the findings a deduction cites

    def fp(i: int) -> str:
        if i not in fps:
            fps[i] = fingerprint(result.findings[i])
        return fps[i]

    deductions: list[dict[str, Any]] = []
    kept: dict[str, float] = {}
    held: dict[str, float] = {}
    for row in rows:
        row["lost"] = 0.0
        if row["status"] != ASSESSED:
            continue
        if row["failed"]:
            loss, why, extra = row["raw"], row["reason"], {}  # the reason the criterion failed
        else:
            loss, why, extra = _loss(crits[row["id"]], row["idx"], result, facts, sev, rubric.get("kinds", {}), row["id"])
        lost = row["points"] * loss / row["raw"] if row["raw"] else 0.0
        row["lost"] = lost
        held[row["subscore"]] = held.get(row["subscore"], 0.0) + row["points"]
        kept[row["subscore"]] = kept.get(row["subscore"], 0.0) + row["points"] - lost
        if lost > 0 and assessed > 0:
            kinds = rubric.get("kinds", {})
            cited = [i for i in row["idx"] if "metric" in extra
                     or _per(crits[row["id"]], result.findings[i], kinds) * sev.get(result.findings[i].severity, 0) > 0]
            deductions.append({
                "subscore": row["subscore"], "points": round(lost * 100 / assessed, 2),
                "reason": ui("reason-head", label=row["label"], why=reason_text(why)), "source": f"criterion:{row['id']}", "criterion": row["id"],
                "findings": cited, "fingerprints": [fp(i) for i in cited], **extra,
                "params": {"criterion": row["id"], "label": row["label"], "parts": why},
            })
    result.deductions = [d for d in deductions if d["points"] > 0]
    result.subscores = {s: round(weights[s] * kept[s] / held[s], 2) for s in weights if held.get(s)}
    result.score = round(100 - sum(d["points"] for d in result.deductions), 2) if assessed > 0 else None
    result.criteria = [
        {"id": row["id"], "label": row["label"], "subscore": row["subscore"], "points": round(row["points"], 2),
         "status": row["status"], "reason": reason_text(row["reason"]), "lost": round(row["lost"], 2),
         **({"params": {"parts": row["reason"]}} if row["reason"] else {})}
        for row in rows
    ]


def rubric_problems(rub: dict[str, Any]) -> list[str]:
    """What is wrong with the ``[criteria]`` part of a rubric (empty when it can be applied)."""
    out: list[str] = []
    subs = rub.get("subscores", {})
    for cid, c in (rub.get("criteria") or {}).items():
        if not isinstance(c, dict):
            out.append(f"criterion {cid}: not a table")
            continue
        if c.get("subscore") not in subs:
            out.append(f"criterion {cid}: unknown subscore {c.get('subscore')!r}")
        if not isinstance(c.get("points"), int | float) or c["points"] < 0:
            out.append(f"criterion {cid}: points must be a non-negative number")
        bad_eras = set(c.get("eras", ERAS)) - set(ERAS)
        if bad_eras:
            out.append(f"criterion {cid}: unknown era(s) {', '.join(sorted(bad_eras))}")
        unknown = [n for n in c.get("needs", []) if n not in NEEDS]
        if unknown:
            out.append(f"criterion {cid}: unknown need(s) {', '.join(unknown)}")
        if c.get("metric") and float(c.get("full", 1)) <= float(c.get("free", 0)):
            out.append(f"criterion {cid}: full must be above free")
        if c.get("floor_metric") and float(c.get("floor_full", 1)) <= float(c.get("floor_free", 0)):
            out.append(f"criterion {cid}: floor_full must be above floor_free")
    for kind, cid in (rub.get("criteria_fallback") or {}).items():
        if cid not in (rub.get("criteria") or {}):
            out.append(f"criteria_fallback {kind}: unknown criterion {cid!r}")
    thr = (rub.get("coverage") or {}).get("threshold", 0.6)
    if not isinstance(thr, int | float) or not 0 <= thr <= 1:
        out.append("coverage.threshold must be between 0 and 1")
    return out
