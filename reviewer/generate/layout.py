"""Crawl layouts: a composed report rewritten the way reviewers actually receive reports.

Each layout has its own rate in ``DefectOptions`` (0 by default: the canonical layout is kept byte
for byte; ``DefectOptions.realistic()`` turns them on). Decisions are drawn from a random stream
of their own per report (seeded by the batch seed and the report's name), so the composed content
of a batch never depends on its layout rates.

Presentation (txt reports only; the file then holds the text verbatim, ``GenReport.raw``):
- ``chrome``: crawler header 标题/发布日期/发布机关/原文链接 + a 正文 separator (sometimes a
  breadcrumb), and print/close, QR, share or download lines below the body. Truth: ``chrome``
  spans [start, end, kind]; no defect and no benign item, so a copy or template finding on chrome
  counts as a false alarm.
- ``one_line``: the whole body on one line, paragraphs joined by 「　　」 or by nothing, headings
  inline, tables run together (spec §2 outline must still be found); with chrome, half of them
  keep the title only in the 标题 field.
- ``flat_rows``: each table row on one line, label and figures run together (「（七）总计200000011」);
  cell truths (table-arithmetic C2–C4, table-missing-value C5) keep the exact digits' span; a blank
  cell has an empty span where its figure would be. A table 二 row of several cells whose figures
  do not fix the split gets a benign item ignoring ``unreadable`` (nothing in the row decides it).
- ``cell_lines``: every non-empty table cell on a line of its own.
- ``spaced_rows``: cells separated by tabs (empty cells kept) or by runs of spaces (empty cells lost).
- ``broken_heading``: one heading broken across two lines (「六、其他需要报告的」/「事项」).
- ``broken_year``: a year broken across two lines (「…至20」/「21年12月31日」).
Content (every format):
- ``sub_outline``: legacy outline with 主动公开 and 依申请公开 as （一）（二） under 「二、公开政府信息
  情况」, later headings renumbered. No truth item: a missing-section finding there is false.
- ``lost_heading``: a section's heading removed, its content kept: truth ``format`` spanning the
  content, ``detail.item`` = "heading" (never missing-section).
- ``attachment``: the statistics tables written as a file of their own (``doc_type``
  "attachment", ``attachment_of`` the report); the report keeps a pointer sentence. Cell truths
  move with the tables.
- ``in_force_break`` (spec C7): 现行有效件数 of 行政规范性文件 ≠ last year's + 本年制发 − 本年废止
  across consecutive 2021-format years of one organ: ``cross-year-mismatch`` on the cell, and on
  the next year's cell too when that report is in the batch (it no longer follows either).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from reviewer.generate import pools as P
from reviewer.generate.chrome import footer, header, host
from reviewer.generate.remap import Rewrite
from reviewer.generate.truth import TruthItem

LAYOUT_RATES = ("chrome", "one_line", "flat_rows", "cell_lines", "spaced_rows", "broken_heading", "broken_year",
                "sub_outline", "lost_heading", "attachment", "in_force_break")
_YEAR = re.compile(r"20\d\d年")
_ROLE_OF_TITLE = {t: role for role, titles in P.LEGACY_HEADINGS for t in titles}
_SUB_PARENT = ("公开政府信息情况", "政府信息公开情况")
_SEP = " | "


@dataclass
class Layout:
    chrome: bool = False
    body: str = "canonical"  # canonical | lines | one-line
    tables: str = "pipe"  # pipe | flat | cells | tabs | spaces
    broken_heading: bool = False
    broken_year: bool = False
    lost_heading: bool = False
    sub_outline: bool = False
    attachment: bool = False
    overrides: dict[int, tuple[int, str]] = field(default_factory=dict)  # line -> (column, written value)
    marks: list[tuple[int, int, str | None, dict[str, Any]]] = field(default_factory=list)  # C7 cells to mark

    @property
    def raw(self) -> bool:
        return self.body != "canonical"

    def active(self) -> bool:
        return self.raw or self.lost_heading or self.sub_outline or self.attachment or bool(self.overrides or self.marks)


def layouts_on(o: Any) -> bool:
    return any(getattr(o, k, 0) > 0 for k in LAYOUT_RATES)


def draw(rng: random.Random, o: Any, fmt: str, era: str) -> Layout:
    """Every draw is made whatever the rates, so one rate never shifts another's choices."""
    u = [rng.random() for _ in range(10)]
    raw_ok = fmt == "txt"
    lay = Layout()
    lay.chrome = raw_ok and u[0] < o.chrome
    one_line = raw_ok and u[1] < o.one_line
    if one_line or (raw_ok and u[2] < o.flat_rows):
        lay.tables = "flat"
    elif raw_ok and u[3] < o.cell_lines:
        lay.tables = "cells"
    elif raw_ok and u[9] < o.spaced_rows:
        lay.tables = "tabs" if u[9] < o.spaced_rows / 2 else "spaces"
    lay.broken_heading = raw_ok and not one_line and u[4] < o.broken_heading
    lay.broken_year = raw_ok and not one_line and u[8] < o.broken_year
    lay.sub_outline = era == "legacy" and u[5] < o.sub_outline
    lay.lost_heading = u[6] < o.lost_heading
    lay.attachment = u[7] < o.attachment
    if one_line:
        lay.body = "one-line"
    elif lay.chrome or lay.tables != "pipe" or lay.broken_heading or lay.broken_year:
        lay.body = "lines"
    return lay


# -- C7 across the batch ----------------------------------------------------------------------------
def _in_force_cell(text: str) -> tuple[int, int, int, int, list[str]] | None:
    """(line, column, cell start, cell end, row) of 行政规范性文件 现行有效件数 in a 2021 table 二."""
    pos = 0
    for i, ln in enumerate(text.split("\n")):
        if ln.startswith("行政规范性文件" + _SEP):
            row = ln.split(_SEP)
            if len(row) == 4 and all(c.isdigit() for c in row[1:]):
                s = pos + sum(len(c) + 3 for c in row[:3])
                return i, 3, s, s + len(row[3]), row
        pos += len(ln) + 1
    return None


def _table_region(text: str, line: int) -> tuple[int, int]:
    """[start, end] of the run of table rows and 第二十条 captions around ``line``."""
    lines = text.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)

    def part(ln: str) -> bool:
        return _SEP in ln or ln.startswith("第二十条")

    a = line
    while a > 0 and part(lines[a - 1]):
        a -= 1
    b = line
    while b + 1 < len(lines) and part(lines[b + 1]):
        b += 1
    return starts[a], starts[b] + len(lines[b])


def plan_in_force(reports: list[Any], lays: dict[str, Layout], rate: float, seed: int) -> None:
    """C7 breaks: this year's 现行有效件数 written off by 1–3 from last year's + 制发 − 废止."""
    if rate <= 0:
        return
    by_organ: dict[str, list[Any]] = {}
    for r in reports:
        by_organ.setdefault(r.organ, []).append(r)
    for rs in by_organ.values():
        rs.sort(key=lambda r: r.year)
        written: dict[int, int] = {}
        for prev, r in zip(rs, rs[1:], strict=False):
            rng = random.Random(f"c7/{seed}/{r.name}")
            u, delta = rng.random(), rng.choice((-3, -2, -1, 1, 2, 3))
            if r.year != prev.year + 1 or (prev.era, r.era) != ("2021", "2021"):
                continue
            cell, pcell = _in_force_cell(r.text), _in_force_cell(prev.text)
            if cell is None or pcell is None:
                continue
            line, col, s, e, row = cell
            prev_val = written.get(prev.year, int(pcell[4][3]))
            issued, repealed, true = int(row[1]), int(row[2]), int(row[3])
            detail = {"rule": "C7", "row_label": "行政规范性文件", "column": "现行有效件数", "previous": prev_val,
                      "issued": issued, "repealed": repealed, "expected": prev_val + issued - repealed,
                      "region": list(_table_region(r.text, line))}
            if prev.year in written:  # last year's figure was broken: this year's no longer follows it
                lays[r.name].marks.append((s, e, "二", {**detail, "written": true,
                                                        "reason": "follows a break of the year before"}))
                continue
            if u < rate:
                val = true + delta if true + delta >= 0 else true + abs(delta)
                written[r.year] = val
                lays[r.name].overrides[line] = (col, str(val))
                lays[r.name].marks.append((s, e, "二", {**detail, "written": val, "was": true}))


# -- rendering --------------------------------------------------------------------------------------
class _Units:
    """Separators between the units (lines of the old text, inserted lines) of each output."""

    def __init__(self, rw: Rewrite, body: str, rng: random.Random) -> None:
        self.rw, self.body, self.rng = rw, body, rng
        self.prev: dict[int, str] = {}

    def sep(self, prev: str, kind: str) -> str:
        if self.body == "canonical":
            return "\n"
        one = self.body == "one-line"
        if prev == "chrome-head":
            return "\n"
        if kind == "chrome-foot" or prev == "title":
            return "\n" if one else "\n\n"
        if prev == kind == "row":
            return "" if one else "\n"
        if one:
            return "　　" if self.rng.random() < 0.6 else ""
        return "\n\n"

    def begin(self, kind: str, out: int = 0) -> None:
        if out in self.prev:
            self.rw.insert(self.sep(self.prev[out], kind), out)
        self.prev[out] = kind

    def line(self, text: str, kind: str, out: int = 0, tag: str = "") -> None:
        self.begin(kind, out)
        self.rw.insert(text, out, tag)


def _row(rw: Rewrite, s: int, ln: str, style: str, raw: bool, out: int, override: tuple[int, str] | None,
         gap: str = "") -> None:
    """One table row: ``a | b`` (pipe; ``| a | b |`` in a raw file), run together (flat), one cell
    per line (cells), tab-separated keeping empty cells (tabs) or runs of spaces (spaces)."""
    cells = ln.split(_SEP)
    if override is not None:
        cells = list(cells)
    if style == "pipe" and raw:
        rw.insert("| ", out)
    pos, emitted = s, False
    for j, c in enumerate(cells):
        new = override[1] if override is not None and override[0] == j else None
        if j:
            if style in ("pipe", "tabs"):
                sep = _SEP if style == "pipe" else "\t"
            else:
                sep = {"cells": "\n", "spaces": gap}.get(style, "") if emitted and (new or c) else ""
            if sep == _SEP:
                rw.copy(pos + 3, out)
            else:
                rw.replace(pos + 3, sep, out)
            pos += 3
        if new is not None:
            rw.replace(pos + len(c), new, out)
        else:
            rw.copy(pos + len(c), out)
        emitted = emitted or bool(new or c)
        pos += len(c)
    if style == "pipe" and raw:
        rw.insert(" |", out)


_T2_LABELS = frozenset(("规章", "行政规范性文件", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
                        "行政事业性收费", "政府集中采购"))


def _t2_run_together(ln: str) -> bool:
    """A table 二 row whose figures, run together, do not fix the cells (some cell has more than
    one digit): the row has no arithmetic of its own, so reporting it unreadable is not false."""
    cells = ln.split(_SEP)
    return cells[0] in _T2_LABELS and len(cells) > 2 and any(len(c) > 1 for c in cells[1:])


def _sections(lines: list[str], heads: list[tuple[int, str, str]]) -> list[tuple[int, str, str, int, int]]:
    """(heading line, numeral, title, first content line, last content line) per heading."""
    out = []
    hl = [h[0] for h in heads] + [len(lines)]
    for k, (ln, num, title) in enumerate(heads):
        last = hl[k + 1] - 1
        while last > ln and (lines[last].startswith("附：") or _SEP in lines[last] or not lines[last]):
            last -= 1  # the legacy 统计表 after the last section is not its content
        out.append((ln, num, title, ln + 1, last))
    return out


def render(r: Any, lay: Layout, seed: int) -> dict[str, Any]:
    """Rewrite ``r.text`` by ``lay``. Returns the outputs, the Rewrite (for offset mapping), the
    chrome spans per output, the new truth items (in old offsets) and what was done."""
    rng = random.Random(f"layout-text/{seed}/{r.name}")
    text = r.text
    lines = text.split("\n")[:-1]
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    heads = list(r.heads)
    secs = _sections(lines, heads)
    legacy = r.era == "legacy"
    done: dict[str, Any] = {}
    new_truth: list[TruthItem] = []
    replaced: dict[int, str] = {}
    dropped: set[int] = set()
    inserted_before: dict[int, list[tuple[str, str, int]]] = {}  # line -> [(text, kind, out)]

    if lay.lost_heading:
        want = ("problems", "fee", "review", "other") if legacy else ("五", "六")
        cand = [x for x in secs if (_ROLE_OF_TITLE.get(x[2]) if legacy else x[1]) in want and x[4] >= x[3]]
        if cand:
            ln, num, title, a, b = rng.choice(cand)
            dropped.add(ln)
            sec = title if legacy else num
            new_truth.append(TruthItem("format", starts[a], starts[b] + len(lines[b]), sec, {
                "item": "heading", "title": title, "reason": "section content without its heading"}))
            done["lost_heading"] = sec
    if lay.sub_outline and legacy:
        roles = [_ROLE_OF_TITLE.get(h[2]) for h in heads]
        if "active" in roles and "apply" in roles:
            i = roles.index("active")
            if roles[i + 1 : i + 2] == ["apply"] and not dropped & {heads[i][0], heads[i + 1][0]}:
                num = heads[i][1]
                inserted_before.setdefault(heads[i][0], []).append((f"{num}、{rng.choice(_SUB_PARENT)}", "heading", 0))
                replaced[heads[i][0]] = f"（一）{heads[i][2]}"
                replaced[heads[i + 1][0]] = f"（二）{heads[i + 1][2]}"
                for ln, n, title in heads[i + 2 :]:
                    replaced[ln] = f"{P.NUMERALS[P.NUMERALS.index(n) - 1]}、{title}"
                done["sub_outline"] = True
    moved: set[int] = set()
    att_title = f"{r.organ}{r.year}年政府信息公开情况统计表"
    if lay.attachment:
        if legacy:
            moved = {i for i, ln in enumerate(lines) if _SEP in ln}
        else:
            moved = {i for i, ln in enumerate(lines) if _SEP in ln or ln.startswith("第二十条第")}
        if moved:
            first = min(moved)
            inserted_before.setdefault(first, []).append((att_title, "para", 1))
            seen: set[str] = set()
            for i in sorted(moved):
                sec = next((x for x in reversed(secs) if x[0] < i), None)
                if sec is None or sec[0] in seen or legacy:
                    continue
                seen.add(sec[0])
                inserted_before.setdefault(i, []).append((f"{sec[1]}、{sec[2]}", "heading", 1))
                inserted_before[i].append((f"具体数据见附件《{att_title}》。", "para", 0))
            done["attachment"] = True
    if lay.chrome and lay.body == "one-line" and rng.random() < 0.5:
        dropped.add(0)  # the title only in the crawler's 标题 field, as many crawled pages have it
        done["title_in_chrome"] = True
    breaks: dict[int, int] = {}  # line -> where a line break is put inside it
    if lay.broken_heading:
        cand = [h[0] for h in heads if h[0] not in dropped and len(lines[h[0]]) >= 7]
        if cand:
            i = rng.choice(cand)
            ln = replaced.get(i, lines[i])
            breaks[i] = rng.randint(3, len(ln) - 2)
            done["broken_heading"] = ln
    if lay.broken_year:
        head_lines = {h[0] for h in heads}
        cand2 = [(i, m.start() + 2) for i, ln in enumerate(lines) if i and i not in head_lines and i not in moved
                 and i not in dropped and _SEP not in ln for m in _YEAR.finditer(ln)]
        if cand2:
            i, k = rng.choice(cand2)
            breaks[i] = k
            done["broken_year"] = lines[i][k - 2 : k + 3]
    gap = " " * rng.randint(2, 4)
    style = lay.tables
    raw = lay.raw
    rw = Rewrite(text)
    units = _Units(rw, lay.body, rng)
    chrome_att = None
    if lay.chrome:
        site = host(r.organ, seed)
        for kind, t in header(rng, lines[0], r.organ, r.year, site):
            units.line(t, "chrome-head", 0, kind)
        if moved:
            chrome_att = (header(rng, att_title, r.organ, r.year, site), footer(rng, att_title, r.organ, r.year, None))
            for kind, t in chrome_att[0]:
                units.line(t, "chrome-head", 1, kind)
    for i, ln in enumerate(lines):
        s, e = starts[i], starts[i] + len(ln)
        for t, kind, out in inserted_before.get(i, ()):
            units.line(t, kind, out)
        out = 1 if i in moved else 0
        if i in dropped:
            rw.replace(e, "", out)
        elif _SEP in ln:
            if style == "flat" and _t2_run_together(ln):
                new_truth.append(TruthItem("unreadable", s, e, "二", {
                    "benign": True, "ignore_kinds": ["unreadable"],
                    "reason": "table 二 row run together: no arithmetic in the row fixes its cells"}))
            units.begin("row", out)
            _row(rw, s, ln, style, raw, out, lay.overrides.get(i), gap)
        else:
            units.begin("title" if i == 0 else "heading" if any(h[0] == i for h in heads) else "para", out)
            if i in replaced:
                new = replaced[i]
                if i in breaks:
                    new = new[: breaks[i]] + "\n" + new[breaks[i] :]
                rw.replace(e, new, out)
            elif i in breaks:
                rw.copy(s + breaks[i], out)
                rw.insert("\n", out)
                rw.copy(e, out)
            else:
                rw.copy(e, out)
        rw.replace(e + 1, "", out)  # the line break: separators are inserted by the next unit
    if lay.chrome:
        for kind, t in footer(rng, lines[0], r.organ, r.year, att_title if moved else None):
            units.line(t, "chrome-foot", 0, kind)
        if chrome_att:
            for kind, t in chrome_att[1]:
                units.line(t, "chrome-foot", 1, kind)
    n_out = 2 if moved else 1
    for out in range(n_out):
        rw.insert("\n", out)
    outs = rw.finish(n_out)
    chrome: list[list[list[Any]]] = [[] for _ in range(n_out)]
    for out, a, b, tag in rw.tagged():
        chrome[out].append([a, b, tag])
    for s, e, sec, detail in lay.marks:
        new_truth.append(TruthItem("cross-year-mismatch", s, e, sec, dict(detail)))
    if lay.body != "canonical":
        done["body"] = lay.body
    if style != "pipe" and any(_SEP in ln for ln in lines):
        done["tables"] = style
    if lay.chrome:
        done["chrome"] = True
    if lay.overrides:
        done["in_force_break"] = True
    return {"outs": outs, "rw": rw, "chrome": chrome, "truth": new_truth, "done": done}
