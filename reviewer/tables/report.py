"""What was read from each table, and why a table that should be there was not (spec §3, §7.10).

``tables_read(doc)`` lists every value read, labelled (table, row, column), with its span and how
it was read: "cells" (as printed), "split-by-arithmetic" (run-together digits, one split satisfies
the table's equations), "candidate" (no split does; the most plausible reading, reported by the
arithmetic rules), "ambiguous" (several splits do; not read), "blank" (an empty cell, or a row
with fewer numbers than cells), "dash", "unparsed". ``table_status(doc)`` says for tables 二, 三
and 四 whether each was read, partly read, or not, with a reason that the text supports.
"""

from __future__ import annotations

import re
from typing import Any

from reviewer.messages import render
from reviewer.model import Document
from reviewer.tables.extract import extract_tables
from reviewer.tables.labels import T3_LABELS, T4_BLOCK_TITLES
from reviewer.tables.values import ReportTables, Value

_HOW = {"": "cells", "by-columns": "split-by-arithmetic", "candidate": "candidate", "ambiguous": "ambiguous",
        "blank": "blank", "short": "blank", "dash": "dash", "unparsed": "unparsed", "header": "heading"}
# words only the table prints: their absence from a section means the table is not in the text
_TABLE_WORDS = {
    "二": re.compile(r"第二十条|信息内容|本年制发|本年新制作|行政许可|行政处罚"),
    "三": re.compile(r"本年新收|予以公开|部分公开|不予公开|无法提供|不予处理|结转下年"),
    "四": re.compile(r"结果维持|结果纠正|尚未审结|未经复议"),
}
_IMAGE = re.compile(r"图片|下图|见图|见附件|见附表|附图|\.(?:jpe?g|png|gif)", re.I)


def _how(v: Value, row_how: str) -> str:
    if v.note == "" and row_how in ("split-by-arithmetic", "candidate"):
        return row_how
    return _HOW.get(v.note, v.note or "cells")


def _cell(v: Value, how: str) -> dict[str, Any]:
    return {"value": None if v.missing else v.number, "raw": v.raw, "start": v.start, "end": v.end, "read": how}


def _status(status: str, reason_id: str) -> dict[str, str]:
    """A table's status with its reason in Chinese and the reason's catalogue id (rules.toml ``"*"``)."""
    return {"status": status, "reason": render("*", reason_id, {}), "reason_id": reason_id}


def table_status(doc: Document, rt: ReportTables | None = None) -> dict[str, dict[str, str]]:
    """{table: {"status": read | partly read | unreadable | absent, "reason": …, "reason_id": …}}
    for 二, 三, 四 (reports of the 2019+ formats; a pre-2019 report has its own 统计表)."""
    rt = rt or extract_tables(doc)
    out: dict[str, dict[str, str]] = {}
    got = {"二": bool(rt.t2), "三": bool(rt.t3), "四": bool(rt.t4)}
    for sid in ("二", "三", "四"):
        values: list[Value] = []
        if sid == "三":
            values = [v for row in rt.t3.values() for v in row.values()]
        elif sid == "四":
            values = [v for row in rt.t4.values() for v in row.values()]
        else:
            values = [v for rows in rt.t2.values() for row in rows.values() for v in row.values()]
        if got[sid]:
            unread = sum(v.note in ("ambiguous", "unparsed") for v in values)
            unread_rows = len(rt.t2_unreadable) if sid == "二" else (len(rt.missing_rows) + len(rt.unplaced) if sid == "三" else 0)
            if unread or unread_rows:
                out[sid] = _status("partly read", "table-partly-t2" if sid == "二" else "table-partly")
            else:
                out[sid] = {"status": "read", "reason": ""}
            continue
        sec = doc.section(sid)
        body = doc.text[sec.heading_end : sec.end] if sec else ""
        if sid == "二" and rt.t2_unreadable:
            out[sid] = _status("unreadable", "table-flattened")
        elif sec is None:
            out[sid] = _status("absent", "table-no-section")
        elif _IMAGE.search(body):
            out[sid] = _status("absent", "table-image")
        elif _TABLE_WORDS[sid].search(body):
            out[sid] = _status("unreadable", "table-labels-only")
        else:
            out[sid] = _status("absent", "table-not-in-text")
    return out


def tables_read(doc: Document) -> list[dict[str, Any]]:
    """Every table read from ``doc`` with its labelled values (JSON-ready; see the module doc)."""
    rt = extract_tables(doc)
    split_how = {(s["table"], s["row"]): s["how"] for s in rt.splits}
    status = table_status(doc, rt) if doc.era != "legacy" else {}
    out: list[dict[str, Any]] = []
    if rt.t2 or "二" in status:
        vals = [{"block": block, "row": row, "column": col, **_cell(v, _how(v, ""))}
                for block, rows in rt.t2.items() for row, cols in rows.items() for col, v in cols.items()]
        out.append({"table": "二", **status.get("二", {"status": "read", "reason": ""}),
                    "unreadable_rows": [label for _, _, label in rt.t2_unreadable], "values": vals})
    if rt.t3 or "三" in status:
        vals = [{"row": r, "row_label": T3_LABELS.get(r, r), "column": c, **_cell(v, _how(v, split_how.get(("三", r), "")))}
                for r in rt.t3_keys if r in rt.t3 for c, v in rt.t3[r].items()]
        out.append({"table": "三", **status.get("三", {"status": "read", "reason": ""}), "format": rt.t3_format,
                    "source": rt.t3_source, "span": list(rt.t3_span) if rt.t3_span else None,
                    "missing_rows": rt.missing_rows, "unplaced_rows": [list(x) for x in rt.unplaced], "values": vals})
    if rt.t4 or "四" in status:
        vals = [{"row": b, "row_label": T4_BLOCK_TITLES.get(b, b), "column": c,
                 **_cell(v, _how(v, split_how.get(("四", b), split_how.get(("四", ""), ""))))}
                for b, row in rt.t4.items() for c, v in row.items()]
        out.append({"table": "四", **status.get("四", {"status": "read", "reason": ""}), "source": rt.t4_source,
                    "span": list(rt.t4_span) if rt.t4_span else None, "values": vals})
    if rt.legacy_rows:
        rows = rt.legacy_rows
        vals = [{"row": r.label, "level": r.level, "parent": rows[r.parent].label if r.parent >= 0 else None,
                 "column": "本年度", **_cell(r.value, "heading" if r.header else _how(r.value, ""))} for r in rows]
        out.append({"table": "统计表", "status": "read", "reason": "", "values": vals})
    for t in out:
        t["splits"] = [s for s in rt.splits if s["table"] == t["table"]]
    return out
