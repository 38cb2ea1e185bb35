"""Table 四 (spec §3.3): one row of 15 cells, three rows of 5, or a flattened run."""

from __future__ import annotations

import re

from reviewer.model import Document
from reviewer.tables.cells import _Cand, _cell_candidates
from reviewer.tables.labels import T4_BLOCKS, T4_COLS, squeeze
from reviewer.tables.resolve import candidate
from reviewer.tables.runs import _runs, read_run
from reviewer.tables.values import ReportTables

_BLOCK_WORD = re.compile(r"复议后|直接起诉|未经复议|行政复议")


def _block_from_context(ctx: str) -> str | None:
    last = None
    for m in _BLOCK_WORD.finditer(squeeze(ctx)):
        last = m.group(0)
    if last is None:
        return None
    return {"复议后": "复议后起诉", "直接起诉": "直接起诉", "未经复议": "直接起诉", "行政复议": "复议"}[last]


def _fill_t4(rt: ReportTables, doc: Document, parsed: list) -> None:
    after = rt.t3_span[1] if rt.t3_span else 0
    sec = doc.section("四")
    if sec and not rt.t3_span:
        after = sec.start
    # one row of 15 numbers
    for c in _cell_candidates(doc, 15, parsed):
        if c.start < after:
            continue
        for bi, block in enumerate(T4_BLOCKS):
            rt.t4[block] = dict(zip(T4_COLS, c.values[bi * 5 : bi * 5 + 5], strict=True))
        rt.t4_source, rt.t4_span = "cells", (c.start, c.end)
        return
    # three rows of 5 numbers, each after its block title
    fives = [c for c in _cell_candidates(doc, 5, parsed) if c.start >= after]
    got: dict[str, _Cand] = {}
    prev = after
    for c in fives:
        ctx = doc.text[max(prev, c.start - 200) : c.start]
        if "维持" not in ctx and "维持" not in c.label:
            continue
        block = _block_from_context(ctx + c.label) or next((b for b in T4_BLOCKS if b not in got), None)
        if block is None or block in got:
            break
        got[block] = c
        prev = c.end
        if len(got) == 3:
            break
    if got:
        for block, c in got.items():
            rt.t4[block] = dict(zip(T4_COLS, c.values, strict=True))
        rt.t4_source = "cells"
        rt.t4_span = (min(c.start for c in got.values()), max(c.end for c in got.values()))
        return
    # flattened text: the first run of ≥15 digits after the table's header words
    lo = after
    hi = len(doc.text)
    sec5 = doc.section("五")
    if sec5 and sec5.start > lo:
        hi = sec5.start
    heads = list(re.finditer(r"尚未审结\s*总计", doc.text[lo:hi]))
    if not heads:
        return
    base = lo + heads[0].end()
    for h in heads[1:]:  # the header repeats for each block: the values follow the last one
        if lo + h.start() - base < 300:
            base = lo + h.end()
    runs = _runs(doc.text, base, min(hi, base + 400))
    if _three_text_rows(rt, doc, runs):
        return
    for s, e, label in runs:
        digits = sum(ch.isdigit() for ch in doc.text[s:e])
        if digits < 15 and label.strip():
            continue  # a number inside the header text, not the row
        rr = read_run(doc.text, s, e, (5, 5, 5))
        vals, how = rr.values, rr.how
        if how == "none" and rr.plain:
            vals, how = candidate(rr.plain, (5, 5, 5)), "candidate"
        for bi, block in enumerate(T4_BLOCKS):
            rt.t4[block] = dict(zip(T4_COLS, vals[bi * 5 : bi * 5 + 5], strict=True))
        rt.t4_source, rt.t4_span = "text", (s, e)
        if how != "cells":
            rt.splits.append({"table": "四", "row": "", "raw": doc.text[s:e], "start": s, "end": e, "how": how,
                              "readings": len(rr.alts) or len(rr.plain) or int(how == "split-by-arithmetic")})
        return


def _three_text_rows(rt: ReportTables, doc: Document, runs: list[tuple[int, int, str]]) -> bool:
    """Table 四 as three text rows, each block title followed by its five numbers."""
    got: dict[str, tuple[int, int, list]] = {}
    for s, e, label in runs:
        block = _block_from_context(label)
        if block is None or block in got or not label.strip():
            continue
        rr = read_run(doc.text, s, e, (5,))
        if rr.how in ("none", "short") and sum(ch.isdigit() for ch in doc.text[s:e]) >= 15:
            return False  # the whole table's run, not a block's row
        vals = candidate(rr.plain, (5,)) if rr.how == "none" and rr.plain else rr.values
        got[block] = (s, e, vals)
        if rr.how != "cells":
            rt.splits.append({"table": "四", "row": block, "raw": doc.text[s:e], "start": s, "end": e,
                              "how": "candidate" if rr.how == "none" else rr.how, "readings": len(rr.alts) or len(rr.plain) or 1})
    if len(got) < 2:
        rt.splits[:] = [x for x in rt.splits if not (x["table"] == "四" and x["row"])]
        return False
    for block, (_s, _e, vals) in got.items():
        rt.t4[block] = dict(zip(T4_COLS, vals, strict=True))
    rt.t4_source = "text"
    rt.t4_span = (min(s for s, _, _ in got.values()), max(e for _, e, _ in got.values()))
    return True
