"""A report reduced to what copy detection compares: clause units of the body (tables excluded; they
are compared cell by cell) and the hashed n-grams of the masked text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import numpy as np

from reviewer.fastre import guarded
from reviewer.model import Document, Table
from reviewer.similarity.frame import SENTENCE_CACHE, opening_length, sentence_function
from reviewer.similarity.mask import NUM, mask
from reviewer.similarity.organs import mask_names, organ_key
from reviewer.similarity.shingle import N_TEMPLATE, N, fold32, shingles
from reviewer.similarity.template import prescribed_chars

_CLAUSE_END = re.compile(r"[，,；;：:]")


@dataclass
class Fingerprint:
    path: str
    organ: str | None
    key: str
    year: int | None
    masked: str
    hashes: np.ndarray  # n-gram hash (uint32) at each masked position
    u_start: np.ndarray  # clause units: offsets in doc.text
    u_end: np.ndarray
    u_m0: np.ndarray  # clause units: masked index range
    u_m1: np.ndarray
    u_section: list[str | None]
    doc: Document
    # Computed with the fingerprint (in the pipeline's workers), so the batch stage's forked
    # alignment workers read them without touching, and so copying, the parent's documents:
    order: np.ndarray  # argsort of hashes (int32): a report is a source many times
    bounds: np.ndarray  # sentence starts and ends (2 x n, int32)
    prescribed: np.ndarray  # masked characters inside wording the format prescribes
    # (start, end, figures) of each of doc.tables: what C205 compares, so the batch stage never
    # unpacks a table's cells (see reviewer.model.Table)
    tables: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    _offsets: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    # Kept lean: a batch plus archive may hold tens of thousands of fingerprints, so what is only
    # needed when a report serves as a source (offsets) or once (template n-grams) is recomputed.
    @property
    def thashes(self) -> np.ndarray:
        """The longer n-grams template text is learnt on."""
        return shingles(self.masked, N_TEMPLATE)

    def _offs(self) -> tuple[np.ndarray, np.ndarray]:
        if self._offsets is None:
            _, ms, me = mask(self.doc.text, mask_names(self.doc.organ))
            self._offsets = (ms, me)
        return self._offsets

    @property
    def mstart(self) -> np.ndarray:
        """Masked position -> start offset in ``doc.text``."""
        return self._offs()[0]

    @property
    def mend(self) -> np.ndarray:
        return self._offs()[1]

    def figures(self) -> np.ndarray:
        """Masked characters that stand for a number: neither copied nor new."""
        return np.frombuffer(self.masked.encode("utf-32-le"), dtype=np.uint32) == ord(NUM)

    @property
    def n_masked(self) -> int:
        return len(self.masked)

    def sentence_bounds(self) -> tuple[set[int], set[int]]:
        """(sentence starts, sentence ends)."""
        return set(self.bounds[0].tolist()), set(self.bounds[1].tolist())

    def sorted_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted hashes, their masked positions); the sorted copy is a cheap gather."""
        return self.hashes[self.order], self.order


def table_figures(table: Table) -> tuple[str, ...]:
    """The cells of a table that are plain figures, in reading order."""
    return tuple([c.text for row in table.rows for c in row if c.text.replace(".", "", 1).isdigit()])


def _in_tables(doc: Document) -> list[tuple[int, int]]:
    return sorted((t.start, t.end) for t in doc.tables)


# The report's title: "…2023年(度)…信息公开…年度报告", not a preamble sentence that names the report
# ("…年度报告。", "…年度报告公布如下"). Flattened web pages run it into the next text ("…报告来源：").
_TITLE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年度?[^\n。，；]{0,30}?(?:信息公开|政务公开)[^。，；]{0,12}?年度?报告"
    r"(?![ \t\u3000]*(?:[。，；,;]|如下|公布|发布|向社会))"
)
# the organ's name before the year in a title: CJK text with no sentence or metadata punctuation
_TITLE_HEAD = re.compile(r"[\u4e00-\u9fff（）()]*$")
_NOTE = re.compile(r"[ \t\u3000]*[（(][^（()）\n]{0,80}[）)]")
# Web-page chrome between the title and the body: a metadata line "发布时间: …" (short key, no sentence
# end), a separator "=== 正文 ===", or a flattened breadcrumb tail ending in an HTML comment arrow.
_CHROME = re.compile(
    r"\s*(?:[\u4e00-\u9fff]{2,6}[:：][^\n。]*(?=\n|$)|=*\s*正文\s*=*(?=\n|$)|=+|[^\n。]{0,200}?-->)\s*"
)
LEAD_SEARCH = 3000  # characters searched for the title when no section heading bounds the lead


def lead_spans(doc: Document) -> list[tuple[int, int]]:
    """What precedes the report body and is not the report's own words: everything above the last
    occurrence of the report title before the first section heading, and right after that title a
    bracketed note and web-page chrome. A web archive or a converter puts page metadata, breadcrumbs
    and "published at" lines there: the same every year and for every organ of a site, so never
    evidence of copying. The title itself stays (it is the report's text)."""
    first = min((s.start for s in doc.sections if not getattr(s, "recovered", False)), default=None)
    limit = min(first if first is not None else LEAD_SEARCH, LEAD_SEARCH)
    title = None
    for m in _TITLE.finditer(doc.text, 0, limit):
        after = doc.text[m.end() : m.end() + 40]
        if "》" in after and after.find("》") < (after.find("《") % 41):  # the name of a cited notice
            continue
        title = m
    if title is None:
        return []
    # the title's line start (the organ's name stands before the year), not past earlier chrome
    start = max(doc.text.rfind("\n", 0, title.start()) + 1, title.start() - 24)
    while start < title.start() and not _TITLE_HEAD.match(doc.text, start, title.start()):
        start += 1
    head = doc.text[start : title.start()]
    at = [head.find(n) for n in mask_names(doc.organ) if n and n in head]
    if at:  # a breadcrumb runs into the title: the title begins with the organ's name
        start += min(at)
    end = title.end()
    note = _NOTE.match(doc.text, end)
    if note:
        end = note.end()
    stop = first if first is not None else len(doc.text)
    body = end
    while body < stop:  # page chrome right after the title: "key: value" lines, "== 正文 ==", "… -->"
        m = _CHROME.match(doc.text, body)
        if not m or m.end() <= body:
            break
        body = m.end()
    spans = [(0, start)] if start > 0 else []
    if end > title.end():
        spans.append((title.end(), end))
    if body > end:
        spans.append((end, min(body, stop)))
    return spans


# A statistics table flattened into one run-on "sentence" (pre-2019 统计表, or a table the reader did
# not recognise): figures stand between labels ("…公开数条12 30其中：1、…"), where prose puts a unit
# after a figure ("公开信息12条"). Its labels are the form's, not the organ's words, so it is
# compared like a table (cell by cell), not as copied text.
_CELL = re.compile(
    r"(?<=[\u4e00-\u9fff])\s*\d+(?:[.．]\d+)?(?:\s+\d+(?:[.．]\d+)?)*\s*"
    r"(?![年月日时分秒条件个项次人份元万千百亿家所户期批类篇场支名位套台辆余多天周倍号处大小种部起宗例张册轮页本座间块段则封笔%％])"
    r"(?=[\u4e00-\u9fff])"
)
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_TITLE, _CELL = map(guarded, (_TITLE, _CELL))
MIN_CELLS = 3


@lru_cache(maxsize=SENTENCE_CACHE)  # pure in the sentence: see frame.SENTENCE_CACHE
def flattened_table(sentence: str) -> bool:
    cells = len(_CELL.findall(sentence))
    return cells >= MIN_CELLS and cells >= sentence.count("，") + sentence.count(",")


# A one-clause statement that nothing happened ("本年度未收到…申请。", "无。"): every organ writes it
# under the same heading each year, too short and generic to show copying.
_NIL = re.compile(r"未收到|没有收到|未发生|没有发生|未产生|未出现|未收取|不收取|暂不收费|未涉及|无此类|^无$")
NIL_MAX = 60  # characters of a nil statement (figures and the year included)
_NIL_SPLIT = re.compile(r"[，,；;。.]")


@lru_cache(maxsize=SENTENCE_CACHE)  # pure in the sentence: see frame.SENTENCE_CACHE
def nil_statement(sentence: str) -> bool:
    """A short sentence each of whose clauses states that nothing happened."""
    t = sentence.strip()
    if not 0 < len(t) <= NIL_MAX:
        return False
    clauses = [c for c in _NIL_SPLIT.split(t) if c.strip()]
    return bool(clauses) and all(_NIL.search(c.strip()) for c in clauses)


def _label_pieces() -> frozenset[str]:
    from reviewer.similarity.prescribed import TABLE_LABELS

    return frozenset(w[i:j] for w in TABLE_LABELS for i in range(len(w)) for j in range(i + 2, len(w) + 1))


_PIECES: frozenset[str] | None = None
_FOREIGN: re.Pattern[str] = re.compile("")  # a character no label contains
_LABEL_TEXT = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=SENTENCE_CACHE)  # pure in the sentence: see frame.SENTENCE_CACHE
def label_debris(sentence: str, slack: int = 2) -> bool:
    """Header cells of a statistics table the reader did not recognise, broken over lines
    ("自然人总计 / 商业科研社会公益 / 企业机构组织"): the text is nothing but pieces (two or more
    characters) of the format's table labels, give or take ``slack`` characters."""
    global _PIECES, _FOREIGN
    if _PIECES is None:
        _PIECES = _label_pieces()
        _FOREIGN = re.compile("[^" + "".join(map(re.escape, sorted(set("".join(_PIECES))))) + "]")
    t = "".join(_LABEL_TEXT.findall(sentence))
    if len(t) < 4:
        return False
    # a character no label contains is never covered: more of them than the slack decides at once
    if len(_FOREIGN.findall(t)) > slack:
        return False
    n = len(t)
    pieces = _PIECES
    left = [0] + [n + 1] * n  # fewest characters not covered by label pieces, for each prefix
    for j in range(1, n + 1):
        best = left[j - 1] + 1
        # the pieces ending at j start at every i from some point up to j - 2: a suffix (two or more
        # characters) of a piece is a piece, so the first i (going left) that fails ends the search
        i = j - 2
        while i >= max(0, j - 40) and t[i:j] in pieces:
            if left[i] < best:
                best = left[i]
            i -= 1
        left[j] = best
    return left[n] <= slack


HEADER_RUN = 8  # label characters of a header run inside a longer sentence
_DIGIT = re.compile(r"\d")


def _header_run(clause: str) -> bool:
    """A long clause of label pieces with no figure (prose restating a table has figures)."""
    return not _DIGIT.search(clause) and len("".join(_LABEL_TEXT.findall(clause))) >= HEADER_RUN and label_debris(clause)


def clause_units(doc: Document) -> list[tuple[int, int]]:
    """Sentences split at commas, semicolons and colons: copying is often partial within a sentence.
    Left out: the lead around the report title (``lead_spans``), page chrome, flattened tables, one-clause
    nil statements and frame sentences (``frame.sentence_function``: period, contact, website,
    download, fee, preamble, greeting, stock lead-in to the problems, political opening)."""
    tables = _in_tables(doc)
    out: list[tuple[int, int]] = []
    ti = 0
    text = doc.text
    # the lead, page chrome and tables are cut out of the sentences they run into: no unit, hence
    # no passage boundary, lies inside them
    lead = sorted(lead_spans(doc) + [(c.start, c.end) for c in doc.chrome] + tables)
    # only the spans that can touch a sentence are looked at: the ones before the first whose
    # running maximum end passes the sentence's start end before it, the ones from the first
    # starting at its end on start after it
    lead_starts = [x0 for x0, _ in lead]
    lead_reach = list(accumulate((x1 for _, x1 in lead), max))
    for s in doc.sentences:
        while ti < len(tables) and tables[ti][1] <= s.start:
            ti += 1
        if ti < len(tables) and tables[ti][0] <= s.start < tables[ti][1]:
            continue
        st = text[s.start : s.end]
        if flattened_table(st) or nil_statement(st) or label_debris(st) or sentence_function(st):
            continue
        # a political lead-in clause opening the sentence is frame wording (``frame``)
        segs = [(s.start + opening_length(st), s.end)]
        for x0, x1 in lead[bisect_right(lead_reach, s.start) : bisect_left(lead_starts, s.end)]:
            if x1 <= s.start or x0 >= s.end:
                continue
            segs = [p for a, b in segs for p in ((a, min(b, x0)), (max(a, x1), b)) if p[1] > p[0]]
        pieces: list[tuple[int, int]] = []
        for a, e in segs:
            for m in _CLAUSE_END.finditer(text, a, e):
                if m.end() - a >= 2:
                    pieces.append((a, m.end()))
                    a = m.end()
            if e > a:
                pieces.append((a, e))
        # header cells run into a sentence that goes on with a note (「…结果维持尚未审结注：本表…」):
        # a long clause of label pieces with no figure (prose restating a table has figures)
        out.extend(u for u in pieces if len(pieces) == 1 or not _header_run(text[u[0] : u[1]]))
    return out


def stable_order(hashes: np.ndarray) -> np.ndarray:
    """``np.argsort(hashes, kind="stable")`` as int32 for 32-bit hashes: each hash with its position
    in the low bits is a distinct 64-bit key, so sorting the keys (numpy's vectorised sort, several
    times faster than a stable argsort) orders equal hashes by position, as the stable sort does."""
    if hashes.dtype.itemsize > 4 or hashes.dtype.kind not in "ui":
        return np.argsort(hashes, kind="stable").astype(np.int32)
    keys = (hashes.astype(np.uint64) << np.uint64(32)) | np.arange(len(hashes), dtype=np.uint64)
    keys.sort()
    return (keys & np.uint64(0xFFFFFFFF)).astype(np.int32)


def fingerprint(doc: Document, n: int = N) -> Fingerprint:
    masked, ms, me = mask(doc.text, mask_names(doc.organ))
    units = clause_units(doc)
    pairs = np.array(units, dtype=np.int32).reshape(-1, 2)
    us, ue = pairs[:, 0].copy(), pairs[:, 1].copy()
    m0 = np.searchsorted(ms, us, side="left").astype(np.int32)
    m1 = np.searchsorted(ms, ue, side="left").astype(np.int32)
    # legacy outlines carry heading texts as ids: report them under the 2021 section they map to
    lmap = doc.meta.get("legacy_map") or {}
    secs = []
    for a in us.tolist():
        sec = doc.section_at(a)
        secs.append(lmap.get(sec.id, sec.id) if sec else None)
    hashes = fold32(shingles(masked, n))
    bounds = np.array([[x.start for x in doc.sentences], [x.end for x in doc.sentences]], dtype=np.int32).reshape(2, -1)
    return Fingerprint(
        path=doc.path, organ=doc.organ, key=organ_key(doc.organ, doc.path), year=doc.year, masked=masked,
        hashes=hashes, u_start=us, u_end=ue, u_m0=m0, u_m1=m1, u_section=secs, doc=doc,
        order=stable_order(hashes), bounds=bounds, prescribed=prescribed_chars(masked),
        tables=[(t.start, t.end, table_figures(t)) for t in doc.tables],
    )
