"""Which defects a batch carries, and the text transforms a copier applies.

Rates are per report (the chance that a report carries at least one defect of that type), so a
batch can be tuned from perfectly clean (``DefectOptions.none()``) to heavily defective.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields

from reviewer.generate.pools import LIGHT_EDITS

TRANSFORMS_OWN = ("verbatim", "year-changed", "figures-changed", "reordered", "light-edit")


@dataclass
class DefectOptions:
    own_copy: float = 0.3  # passages copied from the organ's own earlier report in the batch
    own_copy_max: int = 3  # at most this many passages per report
    lazy: float = 0.04  # the whole report re-used from last year with the year changed
    other_copy: float = 0.12  # passages copied from another organ (name swapped)
    template: float = 0.08  # a passage of model/template wording pasted in
    missing_section: float = 0.05
    missing_item: float = 0.1  # 信息处理费 statement, a part of 一, or a table under its heading
    broken_cell: float = 0.1  # table arithmetic (C2–C4) broken
    blank_cell: float = 0.08  # a zero cell left blank or written as / — -
    text_table: float = 0.1  # prose quantity (C8) contradicts the table
    cross_year: float = 0.05  # 上年结转 differs from last year's 结转 (C6)
    vague: float = 0.4  # section 五 written in formulaic, vague sentences only
    vague_sentence: float = 0.25  # a specific section 五 with one vague sentence added
    date: float = 0.06  # wrong or blank statistics period, or a stale year in the body
    # a fresh specific 五 avoids its last two reports' problems and may state an older one again
    # (repeated-problem, C204); otherwise it takes problems the organ never stated (while any are left)
    repeat_problem: float = 1.0
    county: float = 0.0  # each year, the 8–15 towns of one county file one circulated text (reviewer.generate.county)
    transforms: tuple[str, ...] = TRANSFORMS_OWN
    # crawl layouts (reviewer.generate.layout), 0 by default so the canonical layout stays as it is
    chrome: float = 0.0  # crawler header 标题/发布日期/发布机关/原文链接 + 正文 separator, print/QR/download lines
    one_line: float = 0.0  # the whole body on one line (「　　」 or nothing at paragraph breaks, headings inline)
    flat_rows: float = 0.0  # table rows with label and figures run together (「（七）总计200000011」)
    cell_lines: float = 0.0  # every table cell on a line of its own
    spaced_rows: float = 0.0  # table cells separated by tabs or runs of spaces
    broken_heading: float = 0.0  # a heading broken across two lines
    broken_year: float = 0.0  # a year broken across two lines (「20」/「21年」)
    sub_outline: float = 0.0  # legacy: 主动公开/依申请公开 as （一）（二） under 「二、公开政府信息情况」
    lost_heading: float = 0.0  # a section's heading removed, its content kept (format: missing heading)
    attachment: float = 0.0  # the statistics tables written as a file of their own (doc_type attachment)
    in_force_break: float = 0.0  # C7: 现行有效件数 ≠ last year's + 制发 − 废止 (consecutive 2021-format years)

    @classmethod
    def none(cls) -> DefectOptions:
        """A clean batch: every rate zero (tables hold, section 五 specific, nothing copied)."""
        return cls(**{f.name: 0 for f in fields(cls) if f.type in ("float", float)})

    @classmethod
    def realistic(cls) -> DefectOptions:
        """The default defect rates plus the crawl layouts reviewers meet in real batches."""
        return cls(chrome=0.5, one_line=0.2, flat_rows=0.25, cell_lines=0.2, spaced_rows=0.15, broken_heading=0.15,
                   broken_year=0.1, sub_outline=0.5, lost_heading=0.12, attachment=0.12, in_force_break=0.15)

    @classmethod
    def only(cls, **rates: float) -> DefectOptions:
        """Clean except the given rates, e.g. ``DefectOptions.only(own_copy=1.0)``."""
        opts = cls.none()
        for k, v in rates.items():
            if not hasattr(opts, k):
                raise ValueError(f"unknown defect option {k!r}")
            setattr(opts, k, v)
        return opts


_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
_NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d年.])")


def shift_years(s: str, delta: int) -> str:
    if not delta:
        return s
    return _YEAR.sub(lambda m: str(int(m.group(0)) + delta), s)


def change_figures(s: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        v = m.group(0)
        if "." in v:
            return f"{float(v) * rng.uniform(0.8, 1.2):.1f}"
        n = int(v)
        if n >= 1000 and v.startswith(("19", "20")) and len(v) == 4:
            return v
        d = rng.randint(1, max(1, n // 4))
        return str(n + d if rng.random() < 0.6 or n - d < 0 else n - d)

    return _NUM.sub(repl, s)


def light_edit(pieces: list[str], rng: random.Random) -> list[str]:
    out = list(pieces)
    edits = [e for e in LIGHT_EDITS if any(e[0] in p for p in out)]
    rng.shuffle(edits)
    for old, new in edits[: rng.randint(1, 3)]:
        idx = [i for i, p in enumerate(out) if old in p]
        i = rng.choice(idx)
        out[i] = out[i].replace(old, new, 1)
    return out


_LABEL = re.compile(r"^（[一二三四五六七八九十]）[^。]{1,20}。$")


def reorder(pieces: list[str], rng: random.Random) -> list[str] | None:
    """Shuffle sentence pieces (a run-in label such as 「（一）主动公开。」 stays first)."""
    head = [pieces[0]] if pieces and _LABEL.match(pieces[0]) else []
    rest = pieces[len(head):]
    if len(rest) < 2:
        return None
    order = list(range(len(rest)))
    while order == sorted(order):
        rng.shuffle(order)
    # a piece ending in ； moved to the end would leave the paragraph unterminated
    moved = [rest[i] for i in order]
    moved = [p[:-1] + "。" if p.endswith("；") else p for p in moved]
    return head + moved
