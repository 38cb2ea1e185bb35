"""The one document model every stage shares.

Every piece (section, paragraph, sentence, table cell, finding) carries 0-based code-point
offsets into ``Document.text``, the normalised text. Positions are fixed when the piece is
created; nothing downstream re-finds a position by searching the text.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from itertools import chain
from typing import Any

from reviewer.messages import Msg

SCHEMA_VERSION = "1.1"

SECTION_IDS = ("一", "二", "三", "四", "五", "六")

# Finding kinds of the result schema. Never rename; add new ones at the end.
KINDS = (
    "missing-section",
    "missing-item",
    "table-arithmetic",
    "table-missing-value",
    "text-table-mismatch",
    "cross-year-mismatch",
    "copied-from-own-past",
    "copied-from-other",
    "template-text",
    "vague-narrative",
    "repeated-problem",
    "date-mismatch",
    "unreadable",
    "format",
)

SEVERITIES = ("info", "warning", "error")


@dataclass(slots=True)
class Section:
    """A top-level section. ``id`` is 一…六 for 2019+ reports, the heading text for legacy ones."""

    id: str
    title: str
    start: int  # start of the heading (or of the recovered content)
    end: int  # end of the section body
    heading_end: int  # end of the heading line; == start when recovered from content
    recovered: bool = False  # True when assigned from content, not from a heading
    number: str = ""  # the numeral printed in the heading (一…), may differ from id when misnumbered


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    line: int  # 1-based line of ``start`` in the normalised text


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    line: int


# Kinds of page chrome (reviewer/chrome.py): text a crawler, a portal page or a PDF layout put
# around the report, kept in ``Document.text`` but not part of the report's own words.
CHROME_KINDS = ("crawler-header", "separator", "breadcrumb", "toolbar", "download", "qr-footer", "site-footer")

DOC_TYPES = ("report", "attachment")


@dataclass(slots=True)
class Chrome:
    """A span of page chrome in ``Document.text`` (whole lines, or the tail of a flattened line)."""

    start: int
    end: int
    kind: str  # one of CHROME_KINDS


@dataclass(slots=True)
class Cell:
    text: str  # the cell's normalised text (== Document.text[start:end])
    start: int
    end: int
    row: int
    col: int


class Table:
    """A table as the reader found it: rows of cells, each cell with its span in the text.

    Pickled packed (cell texts in one string, positions in one integer array) and unpacked only when
    ``rows`` is read: a report's tables are ~300 cell objects, most of a Document's memory, and the
    parent of a batch receives every document from its workers but reads the cells of few (the
    HTML report); at 10,000 reports that is gigabytes of cells never looked at.
    """

    __slots__ = ("start", "end", "caption", "source", "_rows", "_packed")

    def __init__(self, start: int, end: int, rows: list[list[Cell]], caption: str = "", source: str = "") -> None:
        self.start = start
        self.end = end
        self.caption = caption  # nearest preceding heading/caption line, if any
        self.source = source  # "html", "docx", "pdf", "pipe", "tab", ...
        self._rows: list[list[Cell]] | None = rows
        self._packed: tuple[str, bytes, bytes] | None = None

    @property
    def rows(self) -> list[list[Cell]]:
        if self._rows is None:
            self._rows = _unpack_rows(self._packed)
            self._packed = None
        return self._rows

    @rows.setter
    def rows(self, value: list[list[Cell]]) -> None:
        self._rows, self._packed = value, None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return (self.start, self.end, self.caption, self.source, self.rows) == (other.start, other.end, other.caption, other.source, other.rows)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclasses around it

    def __repr__(self) -> str:
        return f"Table(start={self.start!r}, end={self.end!r}, rows={self.rows!r}, caption={self.caption!r}, source={self.source!r})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        packed = self._packed if self._rows is None else _pack_rows(self._rows)
        return (_packed_table, (self.start, self.end, self.caption, self.source, packed))


def _pack_rows(rows: list[list[Cell]]) -> tuple[str, bytes, bytes]:
    import numpy as np

    cells = [c for row in rows for c in row]
    # one flat run of integers straight into the array (no tuple per cell for numpy to inspect)
    pos = np.fromiter(chain.from_iterable((c.start, c.end, c.row, c.col, len(c.text)) for c in cells), dtype=np.int32, count=5 * len(cells))
    return "".join([c.text for c in cells]), pos.tobytes(), np.array([len(r) for r in rows], dtype=np.int32).tobytes()


def _unpack_rows(packed: tuple[str, bytes, bytes] | None) -> list[list[Cell]]:
    import numpy as np

    if packed is None:
        return []
    texts, pos_b, lens_b = packed
    cells, at = [], 0
    for a, b, r, c, n in np.frombuffer(pos_b, dtype=np.int32).reshape(-1, 5).tolist():
        cells.append(Cell(texts[at : at + n], a, b, r, c))
        at += n
    rows, k = [], 0
    for n in np.frombuffer(lens_b, dtype=np.int32).tolist():
        rows.append(cells[k : k + n])
        k += n
    return rows


def _packed_table(start: int, end: int, caption: str, source: str, packed: tuple[str, bytes, bytes]) -> Table:
    t = Table(start, end, [], caption, source)
    t._rows, t._packed = None, packed
    return t


@dataclass(slots=True)
class Document:
    path: str
    sha256: str
    text: str
    format: str = "txt"
    organ: str | None = None
    year: int | None = None
    era: str | None = None  # "legacy" (<2019), "trial" (2019-2020), "2021" (2021+)
    title: str = ""
    published: str | None = None  # ISO date when the source states it
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    chrome: list[Chrome] = field(default_factory=list)  # sorted, non-overlapping
    doc_type: str = "report"  # "attachment": a stand-alone statistics table (reviewer/structure/attachment.py)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def drop_caches(self) -> None:
        """Forget what is rebuilt on demand (line starts), before the document travels to the parent
        of a batch, which keeps thousands of them."""
        self._line_starts = None

    # -- positions -------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset; lines split on '\\n' only."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, offset)

    def section_at(self, offset: int) -> Section | None:
        best = None
        for s in self.sections:
            if s.start <= offset < s.end:
                # innermost/last-starting section wins
                if best is None or s.start >= best.start:
                    best = s
        return best

    def section(self, sid: str) -> Section | None:
        for s in self.sections:
            if s.id == sid:
                return s
        return None

    def slice(self, start: int, end: int) -> str:
        return self.text[start:end]

    def chrome_at(self, offset: int) -> Chrome | None:
        """The chrome span holding ``offset``, if any."""
        i = bisect.bisect_right([c.start for c in self.chrome], offset) - 1
        if i >= 0 and offset < self.chrome[i].end:
            return self.chrome[i]
        return None

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        return [s for s in self.sentences if s.start >= start and s.end <= end]

    # -- findings --------------------------------------------------------------
    def finding(
        self,
        rule: str,
        kind: str,
        severity: str,
        start: int,
        end: int,
        message: str | Msg,
        evidence: dict[str, Any] | None = None,
        section: str | None = None,
    ) -> Finding:
        """Create a finding whose ``text``, ``line`` and ``section`` derive from its span. A catalogue
        message (``reviewer.messages.msg``) is stored rendered in Chinese with its id and parameters."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        if section is None:
            sec = self.section_at(start)
            section = sec.id if sec else None
        return Finding(
            rule=rule,
            kind=kind,
            severity=severity,
            section=section,
            start=start,
            end=end,
            line=self.line_of(start),
            text=self.text[start:end],
            message=message if isinstance(message, str) else message.render(),
            evidence=evidence or {},
            message_id=None if isinstance(message, str) else message.id,
            params={} if isinstance(message, str) else message.params,
        )

    def to_dict(self, with_tokens: bool = False) -> dict[str, Any]:
        d = {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "organ": self.organ,
            "year": self.year,
            "era": self.era,
            "title": self.title,
            "published": self.published,
            "text": self.text,
            "sections": [asdict(s) for s in self.sections],
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "sentences": [asdict(s) for s in self.sentences],
            "tables": [
                {
                    "start": t.start,
                    "end": t.end,
                    "caption": t.caption,
                    "source": t.source,
                    "rows": [[asdict(c) for c in row] for row in t.rows],
                }
                for t in self.tables
            ],
            "meta": self.meta,
            "chrome": [asdict(c) for c in self.chrome],
            "doc_type": self.doc_type,
        }
        if with_tokens:
            from reviewer.segmentation.segmenter import tokenize_spans

            d["tokens"] = tokenize_spans(self.text)
        return d


@dataclass(slots=True)
class Finding:
    rule: str
    kind: str
    severity: str
    section: str | None
    start: int
    end: int
    line: int
    text: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    message_id: str | None = None  # catalogue key with ``rule`` (reviewer.messages)
    params: dict[str, Any] = field(default_factory=dict)  # the message's parameters

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Result:
    """One reviewed report: the stable output schema (docs/result-schema.md)."""

    path: str
    sha256: str | None = None
    organ: str | None = None
    year: int | None = None
    era: str | None = None
    score: float | None = None
    subscores: dict[str, float] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)  # copied shares, specificity, ...
    deductions: list[dict[str, Any]] = field(default_factory=list)  # scoring trail
    format: str | None = None
    doc_type: str = "report"  # "attachment": not scored or ranked (docs/result-schema.md)
    coverage: float | None = None  # share of the era's rubric points assessed (reviewer.scoring.criteria)
    criteria: list[dict[str, Any]] = field(default_factory=list)  # per-criterion status
    review_status: str | None = None  # "ranked" | "needs-review" (coverage under the threshold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "path": self.path,
            "sha256": self.sha256,
            "doc_type": self.doc_type,
            "organ": self.organ,
            "year": self.year,
            "era": self.era,
            "format": self.format,
            "score": self.score,
            "subscores": self.subscores,
            "sections": self.sections,
            "findings": [f.to_dict() for f in self.findings],
            "metrics": self.metrics,
            "deductions": self.deductions,
            "error": self.error,
            "coverage": self.coverage,
            "criteria": self.criteria,
            "review_status": self.review_status,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(
            path=d["path"],
            sha256=d.get("sha256"),
            organ=d.get("organ"),
            year=d.get("year"),
            era=d.get("era"),
            score=d.get("score"),
            subscores=d.get("subscores") or {},
            sections=d.get("sections") or [],
            findings=[Finding(**f) for f in d.get("findings") or []],
            error=d.get("error"),
            metrics=d.get("metrics") or {},
            deductions=d.get("deductions") or [],
            format=d.get("format"),
            doc_type=d.get("doc_type") or "report",
            coverage=d.get("coverage"),
            criteria=d.get("criteria") or [],
            review_status=d.get("review_status"),
        )


def era_of(year: int | None) -> str | None:
    if year is None:
        return None
    if year < 2019:
        return "legacy"
    if year <= 2020:
        return "trial"
    return "2021"
