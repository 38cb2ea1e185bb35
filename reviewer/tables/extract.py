"""extract_tables: every table of a Document. The rules read them once per document from its
analysis (``reviewer.rules.analysis.Analysis.tables``); other callers (coverage, attachments, the
HTML report) extract them when they need them."""

from __future__ import annotations

from reviewer.model import Document
from reviewer.tables.cells import _parsed_rows
from reviewer.tables.legacy import _fill_legacy
from reviewer.tables.t2 import _fill_t2, _fill_t2_text
from reviewer.tables.t3 import _fill_t3
from reviewer.tables.t4 import _fill_t4
from reviewer.tables.values import ReportTables


def extract_tables(doc: Document) -> ReportTables:
    """Tables 二, 三, 四 (and a pre-2019 统计表) of ``doc``, read afresh."""
    rt = ReportTables()
    _fill_t2(rt, doc)
    parsed = _parsed_rows(doc)
    _fill_t3(rt, doc, parsed)
    _fill_t4(rt, doc, parsed)
    if not rt.t2 and not rt.t2_unreadable:
        _fill_t2_text(rt, doc)
    if doc.era == "legacy":
        _fill_legacy(rt, doc)
    return rt
