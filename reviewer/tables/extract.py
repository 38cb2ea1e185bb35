"""extract_tables: every table of a Document, computed once per Document object."""

from __future__ import annotations

from collections import OrderedDict

from reviewer.model import Document
from reviewer.tables.cells import _parsed_rows
from reviewer.tables.legacy import _fill_legacy
from reviewer.tables.t2 import _fill_t2, _fill_t2_text
from reviewer.tables.t3 import _fill_t3
from reviewer.tables.t4 import _fill_t4
from reviewer.tables.values import ReportTables

_CACHE: OrderedDict[int, tuple[Document, ReportTables]] = OrderedDict()
_CACHE_SIZE = 64


def extract_tables(doc: Document) -> ReportTables:
    """Tables of ``doc``, computed once per Document object (several rules and the scorer ask)."""
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    rt = _extract(doc)
    _CACHE[id(doc)] = (doc, rt)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return rt



def _extract(doc: Document) -> ReportTables:
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
