"""Tables 二, 三 and 四 of an annual report as numbers keyed by the exact labels of spec §3.

Public API (stable; used by the table rules, C6/C7 cross-year checks, scoring and the generator):

    from reviewer.tables import extract_tables, Value
    rt = extract_tables(doc)          # cached per Document
    rt.t3["一"]["总计"]                 # Value(number=25, raw="25", start=…, end=…, missing=False)
    rt.t3["三.三.4"]["自然人"]          # row keys: 一 二 三.一 三.二 三.三.1–8 三.四.1–3 三.五.1–5
                                      #   三.六.1–3 (2021) or 三.六 (trial) 三.七 四
    rt.t4["复议"]["总计"]               # blocks 复议 / 直接起诉 / 复议后起诉; cols 维持 纠正 其他 未审结 总计
    rt.t2["（一）"]["行政规范性文件"]["现行有效件数"]   # block → row → column (canonical, spec §3.1/§5)
    rt.legacy["主动公开信息数"]          # pre-2019 统计表 counts (this year's column)

A ``Value`` always carries the span of its cell in ``doc.text`` (a blank cell has an empty span at
its position). ``missing`` is True for blanks, 「/」「—」「-」, unparseable text, and digits run
together that cannot be split unambiguously (``note`` says which). Nothing is guessed: a table
too damaged to map stays partly empty and is reported through ``unplaced``/``missing_rows``.

Representations handled: reader cells (HTML/DOCX/PDF/pipe/tab rows, any number of merged label
cells on the left, trailing layout cells on the right), rows without labels between labelled rows
(PDF extraction moved the labels elsewhere: placed by table order between labelled anchors),
tables split across pages (rows are collected across tables in document order), space-separated
rows in plain text, and flattened tables whose cell values were concatenated without separators
(split only when exactly one split satisfies the row's own 总计, or, for rows with several splits,
when exactly one combination balances every column by C1 and C2 — note "by-columns").
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from reviewer.model import Cell, Document
from reviewer.tables.labels import (
    T3_COLS,
    T3_LABELS,
    T3_ROWS_2021,
    T3_ROWS_TRIAL,
    T4_BLOCKS,
    T4_COLS,
    squeeze,
    t2_row,
    t3_row_key,
)
from reviewer.tables.numbers import parse_cell, split_run

__all__ = ["Value", "ReportTables", "extract_tables", "T3_COLS", "T3_LABELS", "T4_BLOCKS", "T4_COLS"]

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(slots=True)
class Value:
    number: float | int | None
    raw: str
    start: int
    end: int
    missing: bool
    note: str = ""  # "", "blank", "dash", "unparsed", "ambiguous"


@dataclass
class ReportTables:
    t2: dict[str, dict[str, dict[str, Value]]] = field(default_factory=dict)
    t3: dict[str, dict[str, Value]] = field(default_factory=dict)
    t4: dict[str, dict[str, Value]] = field(default_factory=dict)
    legacy: dict[str, Value] = field(default_factory=dict)
    legacy_start: int = 0  # where the pre-2019 统计表 begins (prose ends there)
    legacy_rows: list = field(default_factory=list)  # LegacyRow in table order
    t3_format: str = ""  # "2021" (three （六） rows) or "trial" (one)
    t3_source: str = ""  # "cells" or "text"
    t4_source: str = ""
    t3_span: tuple[int, int] | None = None
    t4_span: tuple[int, int] | None = None
    t3_rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # row key → span of the row
    unplaced: list[tuple[int, int]] = field(default_factory=list)  # table-三 rows with no row label
    missing_rows: list[str] = field(default_factory=list)  # table-三 rows not found in a found table
    t2_unreadable: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, block+row)
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # rules' shared work

    @property
    def t3_keys(self) -> tuple[str, ...]:
        return T3_ROWS_TRIAL if self.t3_format == "trial" else T3_ROWS_2021


# -- cache ----------------------------------------------------------------------------------
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


# -- candidates -----------------------------------------------------------------------------
@dataclass
class _Cand:
    label: str
    values: list[Value]
    start: int  # start of the row (label or first value)
    end: int
    context: str = ""  # text before the row (for table 四 block names)
    alts: list[list[Value]] = field(default_factory=list)  # every split of run-together digits


@lru_cache(maxsize=8192)  # cell texts repeat across rows and reports ("0", "自然人", …)
def _is_label(text: str) -> bool:
    """A cell text that names a row (Chinese, not a number) rather than holding a value."""
    if not _CJK.search(text):
        return False
    _, note = parse_cell(text)
    return note == "unparsed"


def _cell_value(c: Cell) -> Value:
    num, note = parse_cell(c.text)
    return Value(num, c.text, c.start, c.end, num is None, note)


def _parsed_rows(doc: Document) -> list[tuple[int, list[Cell], list[Value]]]:
    """Every table row once: (table index, label cells, values right of the last label cell)."""
    out: list[tuple[int, list[Cell], list[Value]]] = []
    for ti, t in enumerate(doc.tables):
        for row in t.rows:
            last_label = -1
            for i, c in enumerate(row):
                if _is_label(c.text):
                    last_label = i
            out.append((ti, row[: last_label + 1], [_cell_value(c) for c in row[last_label + 1 :]]))
    return out


def _fit(values: list[Value], width: int, pad: bool = False) -> list[Value] | None:
    """Exactly ``width`` values from the right of a row: layout blanks at either end are dropped.
    With ``pad``, a row one value short gets a blank last value: a reader that takes a trailing
    「|」 for a closing pipe drops an empty last cell (a blank 总计)."""
    lo, hi = 0, len(values)
    while hi - lo > width and not values[hi - 1].raw.strip():
        hi -= 1
    while hi - lo > width and not values[lo].raw.strip():
        lo += 1
    vals = values[lo:hi]
    if pad and len(vals) == width - 1 and vals:
        end = vals[-1].end
        vals = [*vals, Value(None, "", end, end, True, "blank")]
    return vals if len(vals) == width else None


def _cell_candidates(doc: Document, width: int, parsed: list[tuple[int, list[Cell], list[Value]]]) -> list[_Cand]:
    full: dict[int, int] = {}
    for ti, _labels, values in parsed:
        if _fit(values, width) is not None:
            full[ti] = full.get(ti, 0) + 1
    out: list[_Cand] = []
    for ti, labels, values in parsed:
        vals = _fit(values, width, pad=full.get(ti, 0) >= 3 or width == 15)
        if vals is None:
            continue
        label = "".join(c.text for c in labels)
        if all(v.missing for v in vals) and (width != 7 or t3_row_key(label) is None):
            continue  # a spacer or header row
        if width == 15 and labels:
            continue  # table 四's row of numbers has no label
        start = labels[0].start if labels else vals[0].start
        out.append(_Cand(label, vals, start, max(v.end for v in vals)))
    return out


_RUN = re.compile(r"\d(?:[\d ]*\d)?")


def _runs(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Digit runs (spaces allowed inside) in text[lo:hi] with the label text before each; a digit
    glued to a following 「.」「、」 is the next row's item number, not a value."""
    out: list[tuple[int, int, str]] = []
    prev = lo
    for m in _RUN.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        nxt = text[e : e + 2]
        if len(nxt) == 2 and nxt[0] in ".、．" and _CJK.match(nxt[1]):
            e -= 1  # peel the item number
            while e > s and text[e - 1] == " ":
                e -= 1
        if e <= s:
            continue
        if s > 0 and text[s - 1] in "（(第":
            continue
        out.append((s, e, text[prev:s]))
        prev = e
    return out


def _text_alternatives(text: str, s: int, e: int, blocks: tuple[int, ...]) -> list[list[Value]]:
    """Every way the run splits (more than one only when digits ran together)."""
    chunk = text[s:e]
    sols, _exact = split_run(chunk, blocks)
    return [[Value(int(chunk[a:b]), chunk[a:b], s + a, s + b, False) for a, b in sol] for sol in sols]


def _text_values(text: str, s: int, e: int, blocks: tuple[int, ...]) -> list[Value] | None:
    chunk = text[s:e]
    sols, _exact = split_run(chunk, blocks)
    n = sum(blocks)
    if not sols:
        return [Value(None, chunk, s, e, True, "ambiguous") for _ in range(n)]
    vals: list[Value] = []
    for i in range(n):
        spans = {sol[i] for sol in sols}
        if len(spans) == 1:
            a, b = next(iter(spans))
            vals.append(Value(int(chunk[a:b]), chunk[a:b], s + a, s + b, False))
        else:
            vals.append(Value(None, chunk, s, e, True, "ambiguous"))
    return vals


_NEW = re.compile(r"本年新收|新收政府信息公开申请")


def _t3_region(doc: Document) -> tuple[int, int] | None:
    text = doc.text
    sec = doc.section("三")
    lo = sec.start if sec else 0
    m = _NEW.search(text, lo, sec.end) if sec else _NEW.search(text)
    if not m:
        return None
    start = m.start()
    end_m = re.search(r"结转下年度?继续办理|下年度继续办理", text[start:])
    if not end_m:
        return None
    end = start + end_m.end()
    # the last row's numbers follow its label
    tail = re.match(r"[^\d\n]{0,6}[\d ]{1,40}", text[end : end + 60])
    return start, end + (tail.end() if tail else 0)


def _text_candidates_t3(doc: Document) -> list[_Cand]:
    reg = _t3_region(doc)
    if reg is None:
        return []
    out: list[_Cand] = []
    for s, e, label in _runs(doc.text, reg[0], reg[1]):
        vals = _text_values(doc.text, s, e, (7,))
        if vals is None:
            continue
        lab = label.strip()
        cand = _Cand(lab, vals, s - len(label) + (len(label) - len(label.lstrip())), e)
        if any(v.note == "ambiguous" for v in vals):
            cand.alts = _text_alternatives(doc.text, s, e, (7,))
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
    if len(placed) < (12 if source == "text" else 3):  # a few numbers in prose are not a table
        # ... so they are a table row that lost its label only where table 三 belongs, not figures
        # of another section's prose (generated batch: 一's 「本年新收…申请43件，上年结转1件」 in a
        # report missing section 三 was reported as four unreadable table rows)
        rt.unplaced = [(c.start, c.end) for c in cands if source == "cells" or _where_table_three(doc, c.start)]
        return
    rt.t3_format = fmt
    rt.t3_source = source
    _resolve_by_columns(placed, fmt)
    for key, c in placed.items():
        rt.t3[key] = dict(zip(T3_COLS, c.values, strict=True))
        rt.t3_rows[key] = (c.start, c.end)
    rt.unplaced = [(c.start, c.end) for c in unplaced]
    rt.missing_rows = [k for k in rt.t3_keys if k not in rt.t3]
    starts = [c.start for c in placed.values()] + [s for s, _ in rt.unplaced]
    ends = [c.end for c in placed.values()] + [e for _, e in rt.unplaced]
    rt.t3_span = (min(starts), max(ends))


def _where_table_three(doc: Document, pos: int) -> bool:
    """Inside section 三 (any era), or anywhere when the outline is unknown."""
    from reviewer.structure import section_for

    sec = section_for(doc, "三")
    if sec is not None:
        return sec.start <= pos < sec.end
    return not doc.sections


def _resolve_by_columns(placed: dict[str, _Cand], fmt: str) -> None:
    """Rows whose run-together digits split in several ways: keep a split only when exactly one
    combination of splits makes every column balance (C1 and C2), the same test that split each
    row by its own 总计. Otherwise the cells stay unknown."""
    amb = [(k, c) for k, c in placed.items() if len(c.alts) > 1]
    if not amb or len(amb) > 5:
        return
    combos = 1
    for _, c in amb:
        combos *= len(c.alts)
    if combos > 256:
        return
    order = T3_ROWS_TRIAL if fmt == "trial" else T3_ROWS_2021
    if any(k not in placed for k in order):
        return
    six = ["三.六"] if fmt == "trial" else ["三.六.1", "三.六.2", "三.六.3"]
    result_rows = [k for k in order if k.startswith("三.") and k != "三.七" and (not k.startswith("三.六") or k in six)]
    base = {k: [v.number for v in c.values] for k, c in placed.items()}
    if any(n is None for k, row in base.items() if k not in dict(amb) for n in row):
        return
    fits: list[tuple[int, ...]] = []
    for choice in itertools.product(*(range(len(c.alts)) for _, c in amb)):
        nums = dict(base)
        for (k, c), i in zip(amb, choice, strict=True):
            nums[k] = [v.number for v in c.alts[i]]
        ok = all(
            nums["一"][j] + nums["二"][j] == nums["三.七"][j] + nums["四"][j]
            and sum(nums[r][j] for r in result_rows) == nums["三.七"][j]
            for j in range(7)
        )
        if ok:
            fits.append(choice)
            if len(fits) > 1:
                return
    if len(fits) == 1:
        for (_k, c), i in zip(amb, fits[0], strict=True):
            c.values = [Value(v.number, v.raw, v.start, v.end, False, "by-columns") for v in c.alts[i]]


# -- table 四 ------------------------------------------------------------------------------------
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
    m = re.search(r"尚未审结\s*总计", doc.text[lo:hi])
    if not m:
        return
    base = lo + m.end()
    for s, e, _label in _runs(doc.text, base, min(hi, base + 400)):
        if sum(ch.isdigit() for ch in doc.text[s:e]) < 15:
            continue
        vals = _text_values(doc.text, s, e, (5, 5, 5))
        if vals is None:
            return
        for bi, block in enumerate(T4_BLOCKS):
            rt.t4[block] = dict(zip(T4_COLS, vals[bi * 5 : bi * 5 + 5], strict=True))
        rt.t4_source, rt.t4_span = "text", (s, e)
        return


# -- table 二 --------------------------------------------------------------------------------------
_T2_COLS_2021 = {"（一）": ("本年制发件数", "本年废止件数", "现行有效件数"), "（五）": ("本年处理决定数量",),
                 "（六）": ("本年处理决定数量",), "（八）": ("本年收费金额",)}
_T2_COLS_TRIAL = {"（一）": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
                  "（五）": ("上一年项目数量", "本年增/减", "处理决定数量"),
                  "（六）": ("上一年项目数量", "本年增/减", "处理决定数量"),
                  "（八）": ("上一年项目数量", "本年增/减"), "（九）": ("采购项目数量", "采购总金额")}
_T2_HEADER = [
    ("制发", "本年制发件数"), ("废止", "本年废止件数"), ("现行有效", "现行有效件数"), ("新制作", "本年新制作数量"),
    ("新公开", "本年新公开数量"), ("对外公开总", "对外公开总数量"), ("上一年", "上一年项目数量"), ("增", "本年增/减"),
    ("本年处理决定", "本年处理决定数量"), ("处理决定", "处理决定数量"), ("收费金额", "本年收费金额"),
    ("采购项目", "采购项目数量"), ("采购总金额", "采购总金额"),
]


def _t2_col(printed: str) -> str:
    for word, canon in _T2_HEADER:
        if word in printed:
            return canon
    return printed


def _fill_t2(rt: ReportTables, doc: Document) -> None:
    """Table 二 rows by label; columns from the nearest 「信息内容」 header row (canonical names:
    本年制发件数 … 本年收费金额 (万元), trial 本年新制作数量 …), else the format's own columns when
    the cell count matches. A row whose columns cannot be told apart is recorded, not guessed."""
    canon = _T2_COLS_TRIAL if doc.era == "trial" else _T2_COLS_2021
    for t in doc.tables:
        header: list[str] | None = None
        for row in t.rows:
            if not row:
                continue
            first = squeeze(row[0].text)
            if first.startswith("信息内容"):
                header = [_t2_col(squeeze(c.text)) for c in row[1:] if c.text.strip()]
                continue
            hit = t2_row(first)
            if hit is None:
                continue
            block, name = hit
            cells = row[1:]
            cols = list(header) if header else list(canon.get(block, ()))
            if len(cells) > len(cols):
                filled = [c for c in cells if c.text.strip()]
                while len(cells) > len(cols) and not cells[-1].text.strip():
                    cells = cells[:-1]  # layout cells at the right
                if len(cells) != len(cols) and len(filled) == len(cols):
                    cells = filled
            if not cols or len(cols) != len(cells):
                rt.t2_unreadable.append((row[0].start, row[-1].end, f"{block}{name}"))
                continue
            rt.t2.setdefault(block, {})[name] = {h: _cell_value(c) for h, c in zip(cols, cells, strict=True)}


_T2_TEXT_ROW = re.compile(r"(规章|行政规范性文件|(?<!行政)规范性文件|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购)\s*((?:-?\d[\d,.]*(?:元|万元)?\s*)+)")


def _fill_t2_text(rt: ReportTables, doc: Document) -> None:
    """Table 二 written as text (space-separated or concatenated) between 第二十条 and table 三.
    Values are read only when the separators or digit count fix them; single-value rows are
    whole numbers (decimals allowed). Everything else is recorded as unreadable."""
    canon = _T2_COLS_TRIAL if doc.era == "trial" else _T2_COLS_2021
    m0 = re.search(r"第二十条第[（(]一[)）]项", doc.text)
    if not m0:
        return
    hi = rt.t3_span[0] if rt.t3_span else min(len(doc.text), m0.start() + 1500)
    for m in _T2_TEXT_ROW.finditer(doc.text, m0.start(), hi):
        hit = t2_row(m.group(1))
        if hit is None:
            continue
        block, name = hit
        cols = canon.get(block, ())
        run_start = m.start(2)
        run = m.group(2).rstrip()
        groups = [(g.start(), g.end()) for g in re.finditer(r"-?\d[\d,.]*(?:元|万元)?", run)]
        spans: list[tuple[int, int]] | None = None
        if len(groups) == len(cols):
            spans = groups
        elif len(cols) > 1 and len(run) == len(cols) and run.isdigit():
            spans = [(i, i + 1) for i in range(len(cols))]
        if not cols or spans is None:
            rt.t2_unreadable.append((m.start(), m.start(2) + len(run), f"{block}{name}"))
            continue
        vals = {}
        for col, (a, e) in zip(cols, spans, strict=True):
            num, note = parse_cell(run[a:e])
            vals[col] = Value(num, run[a:e], run_start + a, run_start + e, num is None, note)
        rt.t2.setdefault(block, {})[name] = vals


# -- legacy statistics table (before 2019) ---------------------------------------------------------
_LEGACY_KEYS = [  # canonical indicator of the pre-2019 统计表 → label pattern (parent rows only)
    ("主动公开信息数", re.compile(r"主动公开(?:政府)?(?:信息|文件)(?:数|总数|条数)")),
    ("受理申请总数", re.compile(r"(?:受理|收到)(?:依申请公开信息|政府信息依申请公开|政府信息公开申请|申请)总?数")),
    ("申请办结数", re.compile(r"(?:申请办结|对申请的答复总?)数")),
    ("行政复议数", re.compile(r"行政复议(?:案件)?数")),
    ("行政诉讼数", re.compile(r"(?<!接受)行政诉讼(?:案件)?数")),
]
_UNIT = re.compile(r"^(?:条|件|元|万元|个|次|人次|项|份)$")
_CHILD = re.compile(r"^(?:其中[:：])?\d{1,2}[.、．]")
_LEGACY_ROW = re.compile(
    r"(?P<label>(?:其中[:：])?(?:\d{1,2}[.、．])?[\u4e00-\u9fff“”（）()、：:]{2,40}?)\s*(?P<unit>条|件|元|个)\s*(?P<run>\d[\d ,]*)"
)


@dataclass
class LegacyRow:
    label: str
    value: Value
    child: bool  # a numbered 其中 row (1.当面申请数 …) that adds up to the parent above it


def _legacy_value(text: str, s: int, e: int, two_columns: bool) -> Value:
    """This year's value from a run that may hold 本年度 and 历年累计 run together."""
    run = text[s:e].rstrip(" ,")
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d[\d,]*", run)]
    if not groups:
        return Value(None, run, s, e, True, "unparsed")
    if not two_columns or len(groups) >= 2:
        a, b = groups[0]
        num, note = parse_cell(run[a:b])
        return Value(num, run[a:b], s + a, s + b, num is None, note)
    digits = run.replace(" ", "").replace(",", "")
    if set(digits) == {"0"} or len(digits) == 2:  # 「00」, 「77」: two one-digit columns
        return Value(int(digits[0]), digits[0], s, s + 1, False)
    return Value(None, run, s, s + len(run), True, "ambiguous")


def _fill_legacy(rt: ReportTables, doc: Document) -> None:
    """The old 统计表 (指标名称 · 计量单位 · 本年度 [· 历年累计]) as rows, from reader cells or from
    text. Only this year's column is read; when two columns ran together ('条4251516') the split
    is unknowable and the value is missing."""
    m0 = None
    for m0 in re.finditer(r"指标名称|统计指标|统计表", doc.text):
        if m0.group(0) != "统计表":
            break
    if m0 is None:
        return
    rt.legacy_start = m0.start()
    two = "累计" in doc.text[m0.start() : m0.start() + 200]
    rows: list[LegacyRow] = []
    for t in doc.tables:
        if t.end < m0.start():
            continue
        for row in t.rows:
            if len(row) < 2 or not _CJK.search(row[0].text):
                continue
            rest = [c for c in row[1:] if not _UNIT.match(c.text.strip())]
            if not rest:
                continue
            v = _cell_value(rest[0])
            label = squeeze(row[0].text)
            rows.append(LegacyRow(label, v, bool(_CHILD.match(label))))
    if not rows:
        pos = m0.start()
        while (m := _LEGACY_ROW.search(doc.text, pos)) is not None:
            s, e = m.start("run"), m.end("run")
            while e > s and doc.text[e - 1] in " ,":
                e -= 1
            if doc.text[e : e + 1] in (".", "、", "．") and e - s > 1:
                # the next row's item number: a separate last group, or else its last digit
                sp = doc.text.rfind(" ", s, e)
                e = sp if sp > s and e - sp <= 3 else e - 1
            pos = max(e, m.start("run") + 1)
            label = squeeze(m.group("label"))
            rows.append(LegacyRow(label, _legacy_value(doc.text, s, e, two), bool(_CHILD.match(label))))
    rt.legacy_rows = rows
    for row in rows:
        if row.child:
            continue
        for key, pat in _LEGACY_KEYS:
            if key not in rt.legacy and pat.search(row.label):
                rt.legacy[key] = row.value
                break


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
