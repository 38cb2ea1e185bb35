"""Table 二 (spec §3.1, trial §5): rows by label, columns by header or by the format."""

from __future__ import annotations

import re

from reviewer.fastre import guarded
from reviewer.model import Document
from reviewer.tables.cells import _cell_value
from reviewer.tables.labels import squeeze, t2_row
from reviewer.tables.numbers import parse_cell
from reviewer.tables.runs import _plain_splits
from reviewer.tables.values import ReportTables, Value

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


_T2_TEXT_ROW = re.compile(r"(规章|行政规范性文件|(?<!行政)规范性文件|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购)\s*((?:(?:-?\d[\d,.]*(?:元|万元)?|[/／—－])\s*)+)")
_T2_CELL = re.compile(r"-?\d[\d,.]*(?:元|万元)?|[/／—－]")
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_T2_TEXT_ROW, _T2_CELL = map(guarded, (_T2_TEXT_ROW, _T2_CELL))


def _fill_t2_text(rt: ReportTables, doc: Document) -> None:
    """Table 二 written as text (space-separated or concatenated) between 第二十条 and table 三.
    Values are read only when the separators or digit count fix them; single-value rows are
    whole numbers (decimals allowed). Everything else is recorded as unreadable; a （一） row whose
    figures ran together keeps every split into its columns (``t2_alts``)."""
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
        groups = [(g.start(), g.end()) for g in _T2_CELL.finditer(run)]
        spans: list[tuple[int, int]] | None = None
        if len(groups) == len(cols):
            spans = groups
        elif len(cols) > 1 and len(run) == len(cols) and run.isdigit():
            spans = [(i, i + 1) for i in range(len(cols))]
        if cols and spans is None and 0 < sum(ch.isdigit() for ch in run) < len(cols) and "-" not in run:
            # fewer figures than cells: some cells were left blank, which ones is unknown (C5)
            rt.t2.setdefault(block, {})[name] = {
                col: Value(None, run, run_start, run_start + len(run), True, "short") for col in cols}
            continue
        if not cols or spans is None:
            rt.t2_unreadable.append((m.start(), m.start(2) + len(run), f"{block}{name}"))
            if block == "（一）" and len(cols) > 1 and run.isdigit():
                rt.t2_alts[name] = [
                    {col: Value(int(run[a:e]), run[a:e], run_start + a, run_start + e, False, "candidate")
                     for col, (a, e) in zip(cols, sp, strict=True)}
                    for sp in _plain_splits(run, len(cols))
                ]
            continue
        vals = {}
        for col, (a, e) in zip(cols, spans, strict=True):
            num, note = parse_cell(run[a:e])
            vals[col] = Value(num, run[a:e], run_start + a, run_start + e, num is None, note)
        rt.t2.setdefault(block, {})[name] = vals

