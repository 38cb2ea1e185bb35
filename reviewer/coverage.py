"""What a report could be assessed on: the facts behind coverage (spec §2, §3, §5, §6).

Scoring by criteria (``reviewer.scoring.criteria``) needs to know, for every criterion of the rubric,
whether it could be checked on this report: a section that was not found cannot be judged for
its content, a table that could not be read cannot be checked for its sums, a report with no
earlier year in the batch cannot be compared with last year. Those facts are read from the
Document once, at scoring time, and kept in ``Result.metrics["assessable"]`` so that saved
results can be rescored without the documents.

Facts (all JSON values)::

    {"era": "legacy" | "trial" | "2021" | None,
     "sections": ["一", "二", ...],        # sections found (legacy outlines mapped to 一…六)
     "headings": int,                     # sections found under a heading (not recovered)
     "t2": bool, "t3": bool, "t4": bool,   # table found with at least one value read
     "legacy_table": bool,                # a pre-2019 统计表 was read
     "readable_share": float | None,      # share of the cells of tables 二/三/四 read (blanks count as read)
     "legacy_items": {"收费": bool, "复议诉讼": bool, "其他": bool},   # spec §6 outline items
     "published": bool,                   # the publication date is known (C11)
     "prior_year": bool,                  # the organ's report for the year before is in the batch (C6)
     "earlier": bool,                     # some earlier report of the organ was compared (own copying)
     "others": bool}                      # other organs' reports were there to compare with
"""

from __future__ import annotations

import re
from typing import Any

from reviewer.model import SECTION_IDS, Document, Result

_LEGACY_ITEMS = {
    # 2008 条例 Art. 32 outline (spec §6): fees and exemptions, reconsideration and litigation, other matters
    "收费": re.compile(r"收费|减免|免收|不收取|未收取|费用"),
    "复议诉讼": re.compile(r"行政复议|行政诉讼|复议|诉讼"),
    "其他": re.compile(r"其他需要报告|其他事项|其它需要报告|其他需报告"),
}


def _sections_found(doc: Document) -> list[str]:
    from reviewer.structure.detect import section_for

    return [sid for sid in SECTION_IDS if section_for(doc, sid) is not None]


def _readable_share(rt: Any) -> float | None:
    """Share of the expected cells of tables 二, 三 and 四 (``rt``: the document's ``ReportTables``)
    that were read (spec §3): a blank is read (it is the organ's blank, C5); a row not found, a row
    whose label was lost or digits that ran together ambiguously are not. None when no table was found."""
    expected = unread = 0
    if rt.t3:
        cols = 7
        expected += len(rt.t3_keys) * cols
        unread += (len(rt.missing_rows) + len(rt.unplaced)) * cols
        unread += sum(1 for row in rt.t3.values() for v in row.values() if v.note in ("ambiguous", "unparsed"))
    if rt.t4:
        expected += 15
        found = sum(len(row) for row in rt.t4.values())
        unread += max(0, 15 - found)
        unread += sum(1 for row in rt.t4.values() for v in row.values() if v.note in ("ambiguous", "unparsed"))
    if rt.t2 or rt.t2_unreadable:
        rows = sum(len(block) for block in rt.t2.values()) + len(rt.t2_unreadable)
        expected += rows
        unread += len(rt.t2_unreadable)
    if not expected:
        return None
    return round(max(0.0, 1 - unread / expected), 4)


def document_facts(doc: Document, tables: Any = None) -> dict[str, Any]:
    """The per-document facts (no batch context); never raises. ``tables``: the document's
    ``ReportTables`` when already extracted (the pipeline's per-document analysis)."""
    facts: dict[str, Any] = {"era": doc.era, "published": bool(doc.published)}
    try:
        facts["sections"] = _sections_found(doc)
        facts["headings"] = sum(1 for s in doc.sections if not s.recovered)
    except Exception:  # a structure failure leaves the criteria that need sections unassessed
        facts["sections"], facts["headings"] = [], 0
    try:
        from reviewer.tables import extract_tables

        rt = tables if tables is not None else extract_tables(doc)
        facts.update(t2=bool(rt.t2), t3=bool(rt.t3), t4=bool(rt.t4), legacy_table=bool(rt.legacy))
        facts["readable_share"] = _readable_share(rt)
    except Exception:
        facts.update(t2=False, t3=False, t4=False, legacy_table=False, readable_share=None, tables_failed=True)
    if doc.era == "legacy":
        facts["legacy_items"] = {k: bool(rx.search(doc.text)) for k, rx in _LEGACY_ITEMS.items()}
    return facts


def batch_facts(results: list[Result], docs: list[Document], organs: int | None = None) -> None:
    """Store ``metrics["assessable"]`` on each result from its document and the batch around it
    (results and docs aligned). Earlier years: the same organ (similarity's linking key) with an
    earlier report in the batch, or an own-organ source the copy analyzer compared (archive).
    ``organs``: the distinct organs of the whole batch when ``docs`` holds whole organs of it."""
    from reviewer.similarity.organs import organ_key

    years: dict[str, set[int]] = {}
    keys: list[str] = []
    for d in docs:
        k = organ_key(d.organ, d.path)
        keys.append(k)
        if d.year is not None:
            years.setdefault(k, set()).add(d.year)
    many = (len(years.keys() | set(keys)) if organs is None else organs) > 1
    for r, d, k in zip(results, docs, keys, strict=True):
        pre = r.metrics.pop("assessable", None)  # document_facts computed where the document was read
        facts = dict(pre) if isinstance(pre, dict) else document_facts(d)
        ys = years.get(k, set())
        facts["prior_year"] = d.year is not None and (d.year - 1) in ys
        copy = r.metrics.get("copy") if isinstance(r.metrics.get("copy"), dict) else {}
        own_source = any(isinstance(s, dict) and s.get("kind") == "own" for s in copy.get("sources") or [])
        facts["earlier"] = own_source or (d.year is not None and any(y < d.year for y in ys))
        other_source = any(isinstance(s, dict) and s.get("kind") == "other" for s in copy.get("sources") or [])
        facts["others"] = other_source or many
        r.metrics["assessable"] = facts
