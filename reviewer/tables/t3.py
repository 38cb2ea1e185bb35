"""Table 三: candidate rows from cells or text, placed on the row keys of spec §3.2."""

from __future__ import annotations

import re

from reviewer.model import Document
from reviewer.tables.cells import _Cand, _cell_candidates
from reviewer.tables.labels import _KEYWORDS, T3_COLS, T3_ROWS_2021, T3_ROWS_TRIAL, squeeze, t3_row_key
from reviewer.tables.resolve import resolve_t3
from reviewer.tables.runs import _runs, read_run
from reviewer.tables.values import ReportTables, Value

_NEW = re.compile(r"本\s*年\s*新\s*收|新收政府信息公开申请")  # a label may be broken across lines


def _t3_region(doc: Document) -> tuple[int, int] | None:
    text = doc.text
    sec = doc.section("三")
    lo = sec.start if sec else 0
    m = _NEW.search(text, lo, sec.end) if sec else _NEW.search(text)
    if not m:
        return None
    start = m.start()
    end_m = re.search(r"结\s*转\s*下\s*年\s*度?\s*继\s*续\s*办\s*理|下\s*年\s*度\s*继\s*续\s*办\s*理", text[start:])
    if not end_m:
        return None
    end = start + end_m.end()
    # the last row's numbers follow its label
    tail = re.match(r"[^\d\n]{0,6}\n?[\d \t\u3000\n]{0,60}\d", text[end : end + 80])
    return start, end + (tail.end() if tail else 0)


def _text_candidates_t3(doc: Document) -> list[_Cand]:
    reg = _t3_region(doc)
    if reg is None:
        return []
    out: list[_Cand] = []
    for s, e, label in _runs(doc.text, reg[0], reg[1]):
        rr = read_run(doc.text, s, e, (7,))
        lab = label.strip()
        cand = _Cand(lab, rr.values, s - len(label) + (len(label) - len(label.lstrip())), e)
        cand.alts, cand.plain, cand.how, cand.raw = rr.alts, rr.plain, rr.how, doc.text[s:e]
        out.append(cand)
    return out


# -- table 三 alignment ------------------------------------------------------------------------
def _align(cands: list[_Cand], era: str | None) -> tuple[dict[str, _Cand], list[_Cand], str]:
    """Place candidate rows on table-三 row keys: labelled rows are anchors (kept only while in
    table order); unlabelled rows fill the gap between two anchors when their count matches the
    gap exactly. Anything else is left unplaced rather than guessed."""
    keys_of = [t3_row_key(c.label) for c in cands]
    has_sub6 = any(k and k.startswith("三.六.") for k in keys_of)
    has_single6 = any(k == "三.六" for k in keys_of)
    if has_sub6:
        fmt = "2021"
    elif has_single6:
        fmt = "trial"
    elif len(cands) == len(T3_ROWS_TRIAL):
        fmt = "trial"
    elif len(cands) == len(T3_ROWS_2021):
        fmt = "2021"
    else:
        fmt = "trial" if era in ("trial", "legacy") else "2021"
    order = T3_ROWS_TRIAL if fmt == "trial" else T3_ROWS_2021
    pos = {k: i for i, k in enumerate(order)}
    anchors: list[tuple[int, int]] = []  # (cand index, key index)
    last = -1
    for ci, k in enumerate(keys_of):
        if k == "三.六" and fmt == "2021":
            k = None
        if k is not None and k.startswith("三.六.") and fmt == "trial":
            k = None
        if k is None or k not in pos or pos[k] <= last:
            continue
        anchors.append((ci, pos[k]))
        last = pos[k]
    placed: dict[str, _Cand] = {}
    unplaced: list[_Cand] = []
    bounds = [(-1, -1), *anchors, (len(cands), len(order))]
    for (c0, k0), (c1, k1) in zip(bounds, bounds[1:], strict=False):
        if c1 < len(cands):
            placed[order[k1]] = cands[c1]
        between = cands[c0 + 1 : c1]
        gap = order[k0 + 1 : k1]
        if not between:
            continue
        if len(between) == len(gap):
            for key, c in zip(gap, between, strict=True):
                placed[key] = c
        elif c0 == -1 and k1 - k0 - 1 >= 0 and len(between) > len(gap):
            # rows before the first anchor that do not fit: header noise or another table
            unplaced.extend(c for c in between if any(not v.missing for v in c.values))
        else:
            unplaced.extend(between)
    return placed, unplaced, fmt


def _fill_t3(rt: ReportTables, doc: Document, parsed: list) -> None:
    cands = _cell_candidates(doc, 7, parsed)
    source = "cells"
    if len(cands) < 5:
        text_cands = _text_candidates_t3(doc)
        if len(text_cands) > len(cands):
            cands, source = text_cands, "text"
    if not cands:
        return
    placed, unplaced, fmt = _align(cands, doc.era)
    anchored = sum(1 for k, c in placed.items() if t3_row_key(c.label) == k)
    if len(placed) < (12 if source == "text" else 3) and not (source == "text" and anchored >= 4):
        # a few numbers in prose are not a table (a text table needs 12 rows or 4 labelled ones)
        # ... so they are a table row that lost its label only where table 三 belongs, not figures
        # of another section's prose (generated batch: 一's 「本年新收…申请43件，上年结转1件」 in a
        # report missing section 三 was reported as four unreadable table rows)
        rt.unplaced = [(c.start, c.end) for c in cands if source == "cells" or _where_table_three(doc, c.start)]
        return
    rt.t3_format = fmt
    rt.t3_source = source
    resolve_t3(placed, fmt)
    for key, c in placed.items():
        rt.t3[key] = dict(zip(T3_COLS, c.values, strict=True))
        rt.t3_rows[key] = (c.start, c.end)
        if c.how != "cells":
            rt.splits.append({"table": "三", "row": key, "raw": c.raw, "start": c.end - len(c.raw), "end": c.end, "how": c.how,
                              "readings": len(c.alts) or len(c.plain) or int(c.how == "split-by-arithmetic")})
    if source == "text":
        _blank_rows(rt, doc, cands, fmt)
    rt.unplaced = [(c.start, c.end) for c in unplaced]
    rt.missing_rows = [k for k in rt.t3_keys if k not in rt.t3]
    starts = [c.start for c in placed.values()] + [s for s, _ in rt.unplaced]
    ends = [c.end for c in placed.values()] + [e for _, e in rt.unplaced]
    rt.t3_span = (min(starts), max(ends))


def _where_table_three(doc: Document, pos: int) -> bool:
    """Inside section 三 (any era), or anywhere when the outline is unknown."""
    from reviewer.structure.detect import section_for

    sec = section_for(doc, "三")
    if sec is not None:
        return sec.start <= pos < sec.end
    return not doc.sections


def _blank_rows(rt: ReportTables, doc: Document, cands: list[_Cand], fmt: str) -> None:
    """Flattened text: a row whose label is printed but no number follows it (the label runs
    straight into the next row's label) is a row of blank cells (spec §4 C5), not a lost row."""
    order = T3_ROWS_TRIAL if fmt == "trial" else T3_ROWS_2021
    lo = rt.t3_span[0] if rt.t3_span else 0
    pats = dict(_KEYWORDS)
    for c in cands:
        if c.start < lo:
            continue
        label = squeeze(c.label)
        for key in order:
            if key in rt.t3 or key not in pats:
                continue
            pat = pats[key].pattern.replace("$", "")
            m = re.search(pat, label)
            if m is None or (key == "三.六" and fmt != "trial") or (key.startswith("三.六.") and fmt == "trial"):
                continue
            rt.t3[key] = {col: Value(None, "", c.start, c.start, True, "blank") for col in T3_COLS}
            rt.t3_rows[key] = (c.start, c.start)
    rt.missing_rows = [k for k in rt.t3_keys if k not in rt.t3]
