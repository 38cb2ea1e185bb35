"""The line builder: the canonical text of one report with every truth span fixed while writing.

The layout is what ``reviewer.io.read_document`` yields for the written txt file: one paragraph per
line, tables as ``a | b | c`` rows, no blank lines. Every truth span is fixed when its text is
written (line index + offset in line), never searched for afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reviewer.generate.truth import TruthItem

_PIECE = re.compile(r"[^。；！？]*[。；！？]+|[^。；！？]+$")


# -- the builder ------------------------------------------------------------------------------------
@dataclass
class Para:
    role: str
    section: str | None
    line: int
    pieces: list[str]
    vague: list[bool]
    start: int = 0
    end: int = 0
    topics: list[tuple[str, ...]] | None = None  # per piece: the problems it states (section 五)


@dataclass
class _Mark:
    kind: str
    line: int
    s: int
    e: int
    section: str | None
    detail: dict[str, Any]
    region: tuple[int, int] | None = None  # (first line, last line) of a wider region


class Builder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.paras: list[Para] = []
        self.marks: list[_Mark] = []
        self.shared_lines: list[int] = []  # paragraphs of pool wording (see GenReport.shared)
        self.shared: list[list[int]] = []
        self.heads: list[tuple[int, str, str]] = []  # (line, numeral or section id, title) of each heading

    def line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines) - 1

    def para(self, pieces: list[str], role: str, section: str | None, vague: list[bool] | None = None) -> Para:
        ln = self.line("".join(pieces))
        p = Para(role, section, ln, list(pieces), list(vague or [False] * len(pieces)))
        self.paras.append(p)
        return p

    def mark(self, kind: str, line: int, s: int, e: int, section: str | None, region=None, **detail: Any) -> None:
        self.marks.append(_Mark(kind, line, s, e, section, detail, region))

    def point(self, kind: str, section: str | None, **detail: Any) -> None:
        """An empty span where something is missing: the start of whatever line comes next."""
        self.marks.append(_Mark(kind, len(self.lines), 0, 0, section, detail))

    def piece_span(self, p: Para, i: int) -> tuple[int, int]:
        s = sum(len(x) for x in p.pieces[:i])
        return s, s + len(p.pieces[i])

    def finish(self) -> tuple[str, list[TruthItem]]:
        starts = []
        pos = 0
        for ln in self.lines:
            starts.append(pos)
            pos += len(ln) + 1
        starts.append(pos)  # a point after the last line
        text = "\n".join(self.lines) + "\n"
        for p in self.paras:
            p.start = starts[p.line]
            p.end = p.start + len(self.lines[p.line])
        truth = []
        for m in self.marks:
            if m.line >= len(self.lines):
                s = e = len(text)
            else:
                s, e = starts[m.line] + m.s, starts[m.line] + m.e
            detail = dict(m.detail)
            if m.region:
                detail["region"] = [starts[m.region[0]], starts[m.region[1]] + len(self.lines[m.region[1]])]
            truth.append(TruthItem(m.kind, s, e, m.section, detail))
        truth.sort(key=lambda t: (t.start, t.end, t.kind))
        self.shared = [[starts[ln], starts[ln] + len(self.lines[ln])] for ln in self.shared_lines]
        return text, truth


def cell_span(row: list[str], col: int) -> tuple[int, int]:
    s = sum(len(c) for c in row[:col]) + 3 * col
    return s, s + len(row[col])


def pieces_of(text: str) -> list[str]:
    return [m.group(0) for m in _PIECE.finditer(text) if m.group(0)]
