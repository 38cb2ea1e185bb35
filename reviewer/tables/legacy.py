"""The pre-2019 统计表 (spec §6)."""

from __future__ import annotations

import re

from reviewer.model import Document
from reviewer.tables.cells import _cell_value
from reviewer.tables.labels import squeeze
from reviewer.tables.numbers import parse_cell
from reviewer.tables.values import _CJK, LegacyRow, ReportTables, Value

_LEGACY_KEYS = [  # canonical indicator of the pre-2019 统计表 → label pattern (parent rows only)
    ("主动公开信息数", re.compile(r"主动公开(?:政府)?(?:信息|文件)(?:数|总数|条数)")),
    ("受理申请总数", re.compile(r"(?:受理|收到)(?:依申请公开信息|政府信息依申请公开|政府信息公开申请|申请)总?数")),
    ("申请办结数", re.compile(r"(?:申请办结|对申请的答复总?)数")),
    ("行政复议数", re.compile(r"行政复议(?:案件)?数")),
    ("行政诉讼数", re.compile(r"(?<!接受)行政诉讼(?:案件)?数")),
]
_UNIT = re.compile(r"^(?:条|件|元|万元|个|次|人次|项|份)$")
_CN = "一二三四五六七八九十"
_MARK = re.compile(rf"[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）]|\d{{1,2}}[.、．](?=[\u4e00-\u9fff])|其中[:：]|[（(]\d{{1,2}}[)）]")
_ROW_END = re.compile(r"(?P<unit>万元|人次|条|件|元|个|次|篇|人|项|份|起)\s*(?P<run>\d[\d ,]*)")
_HEAD = re.compile(r"^.*(?:计量单位|统计数|累计|本年度?|\d{4}年度?|单位)")  # the column headings
# a breakdown by channel counts the same item once per channel: its parts need not add up
_OVERLAP = re.compile(r"不同渠道|渠道和方式|不同方式")


def _marked_level(label: str) -> int | None:
    """0 一、 · 1 （一） · 2 1. (also 「其中：1.」) · 3 其中; None for an unnumbered label."""
    if re.match(rf"[{_CN}]{{1,3}}、", label):
        return 0
    if re.match(rf"[（(][{_CN}]{{1,3}}[)）]", label):
        return 1
    if re.match(r"(?:其中[:：])?(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])", label):
        return 2
    if label.startswith("其中"):
        return 3
    return None


def _link(rows: list[LegacyRow]) -> None:
    """Each row belongs to the nearest row above it at a higher level (a 其中 row to the row it
    subdivides, a numbered row to the total above its list). An unnumbered row continues a 其中
    list, follows a numbered list at its total's level, and otherwise keeps the level above."""
    for i, r in enumerate(rows):
        if r.level < 0:
            lv = _marked_level(r.label)
            if lv is None:
                prev = rows[i - 1] if i else None
                if prev is None:
                    lv = 0
                elif prev.level == 2:
                    lv = rows[prev.parent].level if prev.parent >= 0 else 0
                else:
                    lv = prev.level
            r.level = lv
        r.child = r.level >= 2
        for j in range(i - 1, -1, -1):
            if rows[j].level < r.level:
                r.parent = j
                break


def _markers(text: str, lo: int, hi: int) -> list[int]:
    """Row starts in a flattened 统计表: level markers, 其中, and item numbers 1. 2. … taken in
    sequence (in 「条16833.政务微博」 only 「3.」 is the item number expected after 2.)."""
    out: list[int] = [lo]
    expect = 1
    qi_end = -1
    for m in _MARK.finditer(text, lo, hi):
        g = m.group()
        if m.start() == qi_end and g[0] == "1":
            expect = 2  # 「其中：1.」 opens a numbered breakdown: one row start
            continue
        if g[0] in "0123456789":
            digits = re.match(r"\d+", g).group()  # type: ignore[union-attr]
            for k in (len(digits), 1):  # the whole number, or only its last digit (a value before it)
                if digits[-k] != "0" and int(digits[-k:]) == expect:
                    out.append(m.start() + len(digits) - k)
                    expect += 1
                    break
            continue
        if g.startswith("其中"):
            out.append(m.start())
            qi_end = m.end()
            continue
        if g[0] in "（(" and g[1] in "0123456789":  # （1）: a breakdown item
            if m.start() != qi_end:
                out.append(m.start())
            continue
        out.append(m.start())
        expect = 1
    return out


def _text_rows(text: str, lo: int, hi: int, two: bool) -> list[LegacyRow]:
    """Rows of a flattened 统计表: segments between row markers; a segment holds one or more
    「label unit value」 rows (a 其中 list continues without markers) or is a heading row."""
    starts = _markers(text, lo, hi)
    rows: list[LegacyRow] = []
    bounds = list(zip(starts, [*starts[1:], hi], strict=True))
    for a, b in bounds:
        pos = a
        got = False
        for m in _ROW_END.finditer(text, a, b):
            s, e = m.start("run"), m.end("run")
            while e > s and text[e - 1] in " ,":
                e -= 1
            label = squeeze(text[pos : m.start("unit")])
            if not rows:  # the column headings before the first row
                label = _HEAD.sub("", label)
            if not label or not _CJK.search(label):
                continue
            level = -1 if not got else (3 if squeeze(text[a:b]).startswith("其中") else -1)
            rows.append(LegacyRow(label, _legacy_value(text, s, e, two), level >= 2, level=level))
            got = True
            pos = m.end("run")
        if not got:
            label = squeeze(text[a:b])
            if _CJK.search(label) and _HEAD.sub("", label):  # not the column headings alone
                rows.append(LegacyRow(label, Value(None, "", b, b, True, "header"), False, header=True))
    return rows


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
    text, each linked to the row it belongs to (spec §6: 其中 rows and numbered breakdowns under
    their total). Only this year's column is read; when two columns ran together ('条4251516') the
    split is unknowable and the value is missing."""
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
            if not row or not _CJK.search(row[0].text):
                continue
            label = squeeze(row[0].text)
            rest = [c for c in row[1:] if not _UNIT.match(c.text.strip())]
            if not rest or not any(c.text.strip() for c in rest):
                if _MARK.match(label):
                    rows.append(LegacyRow(label, Value(None, "", row[0].end, row[0].end, True, "header"), False, header=True))
                continue
            rows.append(LegacyRow(label, _cell_value(rest[0]), False))
    if not any(not r.header for r in rows):
        rows = _text_rows(doc.text, m0.start(), len(doc.text), two)
    _link(rows)
    rt.legacy_rows = rows
    for row in rows:
        if row.child or row.header:
            continue
        for key, pat in _LEGACY_KEYS:
            if key not in rt.legacy and pat.search(row.label):
                rt.legacy[key] = row.value
                break


def breakdowns(rows: list[LegacyRow]) -> list[tuple[LegacyRow, list[LegacyRow]]]:
    """(total row, its breakdown rows) for every total with at least two numbered or （一） rows
    under it; 其中 rows (subsets) and breakdowns by overlapping channels are not sums."""
    out: list[tuple[LegacyRow, list[LegacyRow]]] = []
    for i, p in enumerate(rows):
        if p.header or p.value.note == "header" or _OVERLAP.search(p.label):
            continue
        kids = [r for r in rows if r.parent == i and r.level in (1, 2) and not r.header]
        if len(kids) >= 2 and all(k.level == kids[0].level for k in kids):
            out.append((p, kids))
    return out
