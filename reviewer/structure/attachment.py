"""Attachments: a statistics table (政府信息公开情况统计表) published as a document of its own.

Spec §3 puts the tables inside the report; many organs published the 统计表 as a separate page or
file next to the report, above all before 2019. Such a document is not a report: it has no sections
to miss, no narrative to copy or to find vague, so it is recognised (``doc_type == "attachment"``),
left unscored and unranked, and keeps only the findings about its own figures. When the batch holds
the report of the same organ and year, the two are linked (``metrics["attachment_of"]`` on the
attachment, ``metrics["attachments"]`` on the report); for each table the report lacks and the
attachment holds, the report's prose is checked against it (spec §4 C8) and the report is not said
to lack it (T106).
"""

from __future__ import annotations

import re
from typing import Any

from reviewer.messages import ATTACHMENT_KEY, ui
from reviewer.model import Cell, Chrome, Document, Finding, Paragraph, Result, Sentence, Table

# Findings an attachment keeps: about its own figures (its cells, and them against the same organ's
# tables of the year before, C6/C7), not about being a report.
OWN_KINDS = frozenset({"table-arithmetic", "table-missing-value", "unreadable", "cross-year-mismatch"})


# -- batch: linking and the checks the attachment takes part in -------------------------------------
def _norm(organ: str | None) -> str:
    return re.sub(r"\s+", "", organ or "")


def _report_for(att: Document, reports: list[tuple[int, Document]]) -> int | None:
    """Index of the report of the attachment's organ and year: the same organ name, else the one
    report of the year whose normalised organ key matches."""
    if not att.organ or att.year is None:
        return None
    same_year = [(i, d) for i, d in reports if d.year == att.year and d.organ]
    exact = [i for i, d in same_year if _norm(d.organ) == _norm(att.organ)]
    if exact:
        return exact[0]
    from reviewer.similarity.organs import organ_key

    keyed = [i for i, d in same_year if organ_key(d.organ) == organ_key(att.organ)]
    return keyed[0] if len(keyed) == 1 else None


def _shift_table(t: Table, base: int) -> Table:
    rows = [[Cell(c.text, c.start + base, c.end + base, c.row, c.col) for c in row] for row in t.rows]
    return Table(t.start + base, t.end + base, rows, t.caption, t.source)


def with_attachment(report: Document, att: Document) -> tuple[Document, int]:
    """A reading of the report with the attachment appended after it (its text, tables, units and
    chrome shifted), and the offset the attachment starts at. Offsets below it are the report's."""
    base = len(report.text) + 1
    doc = Document(
        path=report.path, sha256=report.sha256, text=report.text + "\n" + att.text, format=report.format,
        organ=report.organ, year=report.year, era=report.era, title=report.title, published=report.published,
        sections=list(report.sections), meta=dict(report.meta),
    )
    doc.paragraphs = report.paragraphs + [Paragraph(p.start + base, p.end + base, doc.line_of(p.start + base)) for p in att.paragraphs]
    doc.sentences = report.sentences + [Sentence(s.start + base, s.end + base, doc.line_of(s.start + base)) for s in att.sentences]
    doc.tables = list(report.tables) + [_shift_table(t, base) for t in att.tables]
    doc.chrome = report.chrome + [Chrome(c.start + base, c.end + base, c.kind) for c in att.chrome]
    return doc, base


_TABLES = (("二", "t2"), ("三", "t3"), ("四", "t4"), ("统计表", "legacy"))


def _tables_read(doc: Document) -> set[str]:
    """Which of the statistics tables (二, 三, 四, or the pre-2019 统计表) the reader found."""
    from reviewer.tables import extract_tables

    rt = extract_tables(doc)
    return {name for name, attr in _TABLES if getattr(rt, attr)}


def attachment_checks(report: Document, att: Document, select: set[str] | None = None) -> tuple[list[Finding], set[str]]:
    """Findings on ``report`` from checking its prose against the attachment's tables (C8, rule
    T108), and the tables the attachment supplies that the report lacks. Only those tables count:
    where the report carries a table itself, its prose is checked against its own."""
    supplied = _tables_read(att) - _tables_read(report)
    if not supplied or (select and "T108" not in select):
        return [], supplied
    from reviewer.rules.registry import Context
    from reviewer.rules.text_table import check_c8

    joined, base = with_attachment(report, att)
    out: list[Finding] = []
    for f in check_c8(joined, Context()):
        cell = f.evidence.get("table_start")
        if f.end > base - 1 or not isinstance(cell, int) or cell < base:
            continue  # a statement inside the attachment, or one checked against the report's own table
        ev = dict(f.evidence)
        for k in ("table_start", "table_end"):
            if isinstance(ev.get(k), int):
                ev[k] -= base
        ev["table_path"] = att.path
        f.evidence = ev
        f.message += ui("attachment-suffix", path=att.path)
        f.params = {**f.params, ATTACHMENT_KEY: att.path}
        out.append(f)
    return out, supplied


def link_attachments(docs: list[Document], results: list[Result], options: dict[str, Any] | None = None) -> None:
    """Mark attachments in ``results`` (aligned with ``docs``), drop their report findings, link
    each to the report of its organ and year and run the checks it takes part in."""
    select = (options or {}).get("select")
    reports = [(i, d) for i, d in enumerate(docs) if d.doc_type != "attachment"]
    for i, d in enumerate(docs):
        results[i].doc_type = d.doc_type
        if d.doc_type != "attachment":
            continue
        r = results[i]
        r.findings = [f for f in r.findings if f.kind in OWN_KINDS]
        for k in ("copy", "vagueness"):
            r.metrics.pop(k, None)
        j = _report_for(d, reports)
        if j is None:
            continue
        rep = results[j]
        r.metrics["attachment_of"] = rep.path
        rep.metrics.setdefault("attachments", []).append(d.path)
        try:
            extra, supplied = attachment_checks(docs[j], d, select)
        except Exception as e:  # a broken attachment must not stop the batch
            rep.metrics.setdefault("attachment_errors", []).append(f"{d.path}: {type(e).__name__}: {e}")
            continue
        if supplied:  # 「no readable table」 is not true when the table came as an attachment
            rep.findings = [f for f in rep.findings if not (f.rule == "T106" and f.evidence.get("table") in supplied)]
        rep.findings.extend(extra)
        rep.findings.sort(key=lambda f: (f.start, f.end, f.rule))
