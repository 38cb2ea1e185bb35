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
_CHILD = re.compile(r"^(?:其中[:：])?\d{1,2}[.、．]")
_LEGACY_ROW = re.compile(
    r"(?P<label>(?:其中[:：])?(?:\d{1,2}[.、．])?[\u4e00-\u9fff“”（）()、：:]{2,40}?)\s*(?P<unit>条|件|元|个)\s*(?P<run>\d[\d ,]*)"
)



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

