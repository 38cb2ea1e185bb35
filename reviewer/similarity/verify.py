"""Copy verification: a passage the aligner reports (on masked n-gram hashes) must also be found in
its source as running text, in one place; the evidence span is set to that place. Run in the copy
analysis's alignment workers, next to the alignment that proposes the passage."""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from typing import Any

import numpy as np

from reviewer.model import Document

# A reported passage must be found in its source as running text, not only as masked n-gram hashes:
# at least VERIFIED_SHARE of its characters in stretches of RUN characters that occur in the source
# report (figures and whitespace normalised) and at least MIN_VERIFIED such characters. Audit of the
# real reports (corpus/real_findings): below this, "copies" were a set phrase of a few words, a
# heading, or a clause matched to a different sentence of the source.
RUN = 8
VERIFIED_SHARE = 0.6
MIN_VERIFIED = 25


def _plain(text: str) -> str:
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", text))


# Contact and download lines (address, phone, e-mail, website) are the same every year by nature:
# their clauses count neither as found nor towards the passage (audit FP: contact block as "copy").
_CONTACT = re.compile(r"地址|邮编|邮政编码|电话|传真|邮箱|网址|@|www\.|https?:|下载|请与")
# clauses end at commas, full stops and semicolons only: a bracketed address or URL ("网站（www…）的
# …中下载", "联系（地址：…；邮编：…）") stays with the clause that introduces it
_CLAUSE = re.compile(r"[^，,。；;\n]+[，,。；;\n]*")


def _contact_mask(a: str) -> bytearray:
    mask = bytearray(len(a))
    for m in _CLAUSE.finditer(a):
        if _CONTACT.search(m.group()):
            mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


# The preamble the format asks of every organ: the legal basis the report is compiled under and the
# statistics period. Between two organs it is expected to match (audit FP: standard intro formula
# with the legal citation as copied-from-other); the organ's own earlier preamble is still compared.
_PREAMBLE = re.compile(r"统计(?:期限|时限|周期)|(?:根据|依据|按照).{0,40}政府信息公开条例.{0,120}?(?:编制|制定|要求)")
PREAMBLE_MAX = 160


def _passage_text(p: Any, doc: Document) -> tuple[str, bytearray]:
    """The passage as plain text, with a mask of what never counts towards a copy: section headings
    (the outline) and one-clause nil statements ("本年度未收到…申请。") — every organ prints them
    under the same headings every year (audit FP: headings plus a one-line nil statement) — and,
    against another organ, the preamble formula (``_PREAMBLE``)."""
    from reviewer.similarity.fingerprint import nil_statement

    cuts = [(x.start, x.heading_end) for x in doc.sections if not x.recovered and x.heading_end > p.start and x.start < p.end]
    other = getattr(p, "kind", "") == "other"
    cuts += [(x.start, x.end) for x in doc.sentences if x.end > p.start and x.start < p.end
             and (nil_statement(doc.text[x.start : x.end]) or (other and _PREAMBLE.search(doc.text[x.start : x.end])
                                                                and x.end - x.start <= PREAMBLE_MAX))]
    pieces: list[tuple[int, int, int]] = []
    pos = p.start
    for c0, c1 in sorted(cuts):
        c0, c1 = max(c0, p.start), min(c1, p.end)
        if c1 <= pos:
            continue
        if c0 > pos:
            pieces.append((pos, c0, 0))
        pieces.append((max(c0, pos), c1, 1))
        pos = c1
    if pos < p.end:
        pieces.append((pos, p.end, 0))
    text, mask = "", bytearray()
    for a, b, flag in pieces:
        t = _plain(doc.text[a:b])
        text += t
        mask += bytes([flag]) * len(t)
    return text, mask


_SPACE, _DIGIT, _ND = 1, 2, 4
_BMP: np.ndarray | None = None


def _classes_of(chars: list[str]) -> np.ndarray:
    return np.fromiter(
        ((_SPACE if c.isspace() else 0) | (_DIGIT if c.isdigit() else 0) | (_ND if unicodedata.category(c) == "Nd" else 0)
         for c in chars), dtype=np.uint8, count=len(chars))


def _char_classes(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point: ``str.isspace``, ``str.isdigit`` and ``\\d`` (Unicode Nd), read from a table of
    the Basic Multilingual Plane built once per process (characters above it decided one by one),
    so the masks agree exactly with the regex ``\\d+|\\s+|.`` walk they replace (e.g. 「①」 is a
    digit but not ``\\d``)."""
    global _BMP
    if _BMP is None:
        _BMP = _classes_of([chr(c) for c in range(0x10000)])
    if len(cp) and int(cp.max()) >= 0x10000:
        uniq, inv = np.unique(cp, return_inverse=True)
        cls = _classes_of([chr(c) for c in uniq.tolist()])[inv]
    else:
        cls = _BMP[cp]
    return (cls & _SPACE) > 0, (cls & _DIGIT) > 0, (cls & _ND) > 0


def _plain_map(text: str) -> tuple[str, np.ndarray]:
    """``_plain(text)`` with, for each of its characters, the offset in ``text`` it comes from:
    whitespace dropped, each run of digits one "0" at the run's first offset."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(cp):
        return "", np.zeros(0, dtype=np.int64)
    space, digit, nd = _char_classes(cp)
    run_tail = np.zeros(len(cp), dtype=bool)
    run_tail[1:] = nd[1:] & nd[:-1]  # inside a \d+ run: folded into the run's first "0"
    keep = np.flatnonzero(~space & ~run_tail)
    out = np.where(digit, np.uint32(ord("0")), cp)[keep]
    return out.astype("<u4").tobytes().decode("utf-32-le"), keep


_BASE = np.uint64(1_000_003)


def _gram_hashes(text: str, n: int = RUN) -> np.ndarray:
    """A 64-bit polynomial hash of every ``n``-character window (wrapping arithmetic): a fast filter;
    every hit is confirmed on the strings themselves."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    k = len(cp) - n + 1
    if k <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(k, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            h = h * _BASE + cp[j : j + k]
    return h


class SourceRuns:
    """The plain text, offsets and window hashes (with their sorting order) of recently used source
    documents, least recently used dropped (sources are mostly the same organ's neighbouring reports)."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._by_doc: OrderedDict[int, tuple[Document, str, np.ndarray, np.ndarray, np.ndarray]] = OrderedDict()

    def entry(self, src: Document) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
        """(plain text, offsets, window hashes, their argsort)."""
        runs = self._by_doc.get(id(src))
        if runs is not None and runs[0] is src:
            self._by_doc.move_to_end(id(src))
        else:
            t, offs = _plain_map(src.text)
            h = _gram_hashes(t)
            runs = self._by_doc[id(src)] = (src, t, offs, h, np.argsort(h, kind="stable"))
            while len(self._by_doc) > self.size:
                self._by_doc.popitem(last=False)
        return runs[1], runs[2], runs[3], runs[4]

    def get(self, src: Document) -> tuple[str, np.ndarray, np.ndarray]:
        """(plain text, offsets, window hashes)."""
        return self.entry(src)[:3]


def _shared_runs(a: str, t: str, t_hashes: np.ndarray, order: np.ndarray | None = None) -> list[tuple[int, int]]:
    """(source position, passage position) of every ``RUN``-character window the passage shares with
    the source text, sorted: each passage window is looked up among the source's window hashes
    (``order``: their argsort) and confirmed on the strings."""
    ha = _gram_hashes(a)
    if not len(ha) or not len(t_hashes):
        return []
    if order is None:
        order = np.argsort(t_hashes, kind="stable")
    srt = t_hashes[order]
    lo = np.searchsorted(srt, ha, side="left")
    hi = np.searchsorted(srt, ha, side="right")
    ks = np.flatnonzero(hi > lo)
    if not len(ks):
        return []
    n = hi[ks] - lo[ks]
    first = np.cumsum(n) - n  # where each window's source entries start, laid end to end
    qq = order[np.arange(int(n.sum())) + np.repeat(lo[ks] - first, n)]
    kk = np.repeat(ks, n)
    return sorted((q, k) for q, k in zip(qq.tolist(), kk.tolist(), strict=True) if t[q : q + RUN] == a[k : k + RUN])


def verify(p: Any, doc: Document, runs: SourceRuns | None = None) -> bool:
    """The passage's text must occur in ONE place of the source as running text: the 8-character
    runs it shares with the source, counted only within the best window of the source (about twice
    the passage's length). Runs scattered over the source are a few stock words shared by different
    sentences, not a copy (audit FP: clause matched to a different sentence of the source). The
    window found is the passage's true source: the evidence span is set to it (audit: evidence
    citing the wrong source passage)."""
    if p.source is None:
        return True
    t, offs, t_hashes, t_order = (runs or SourceRuns(1)).entry(p.source.doc)
    a, outline = _passage_text(p, doc)
    contact = bytearray((np.frombuffer(_contact_mask(a), dtype=np.uint8) | np.frombuffer(outline, dtype=np.uint8)).tobytes())
    need = max(MIN_VERIFIED, VERIFIED_SHARE * (len(a) - sum(contact)))
    pairs = _shared_runs(a, t, t_hashes, t_order)
    if not pairs:
        return getattr(p, "kind", "") == "own" and reworded(p, a, contact, t, offs, need)
    width = 2 * len(a) + 40
    orig = int(np.searchsorted(offs, getattr(p, "src_start", 0), side="left"))  # the aligner's source span, in plain positions
    count = [0] * len(a)  # runs in the window covering each passage character
    found = best = lo = 0
    best_span = (0, 0)
    for hi, (q, k) in enumerate(pairs):
        for c in range(k, k + RUN):
            count[c] += 1
            if count[c] == 1 and not contact[c]:
                found += 1
        while pairs[lo][0] < q - width:
            q0, k0 = pairs[lo]
            for c in range(k0, k0 + RUN):
                count[c] -= 1
                if count[c] == 0 and not contact[c]:
                    found -= 1
            lo += 1
        # on a tie, the window holding the aligner's own source span wins
        near = 0.5 if pairs[lo][0] <= orig + RUN and orig <= q + RUN else 0.0
        if found + near > best:
            best, best_span = found + near, (lo, hi)
    if int(best) < need:
        return getattr(p, "kind", "") == "own" and reworded(p, a, contact, t, offs, need)
    # the evidence span: the window's runs that keep the copy's offset (stray runs of stock words
    # at the window's edges do not widen it)
    win = pairs[best_span[0] : best_span[1] + 1]
    mid = sorted(q - k for q, k in win)[len(win) // 2]
    lim = max(3 * RUN, len(a) // 8)
    keep = [q for q, k in win if abs(q - k - mid) <= lim] or [q for q, _ in win]
    s0, s1 = min(keep), max(keep) + RUN
    p.src_start, p.src_end = int(offs[s0]), int(offs[min(s1, len(offs)) - 1]) + 1
    return True


# An organ's own sentence carried over with a few words swapped (spec §7 内容雷同: 「取得了一些成效」 →
# 「取得了一定成效」) shares runs shorter than ``RUN``: each sentence of the passage is then matched to
# one sentence of the earlier report, in order and within one window, by its character similarity
# (figures equal). A topic the two years share in other words stays below REWORDED_RATIO.
REWORDED_RATIO = 0.75
REWORDED_MIN = 12  # a sentence shorter than this (beyond masked characters) is not matched on its own
# a restated passage needs more than a verbatim one: one short sentence refilled in its slot
# (「对…相关文件开展清理，…件已失效文件…」 with another topic) is a formula, not a carry-over
REWORDED_MIN_CHARS = 40
_SENT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?\n]*")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text)]


def reworded(p: Any, a: str, masked: bytearray, t: str, offs: np.ndarray, need: float) -> bool:
    """An own-past passage (plain text ``a``, ``masked``: characters that never count) found in the
    source (plain text ``t``, cut into the source document's sentences) as sentences restated: at least ``need`` of its characters lie in
    sentences each at least REWORDED_RATIO similar (``difflib`` ratio) to one source sentence, the
    source sentences following each other in order within a window about twice the passage's
    length. Sets the evidence span and the passage's similarity (the matched characters' mean
    ratio) from the sentences matched; False when they fall short."""
    from difflib import SequenceMatcher

    bounds = [(x.start, x.end) for x in p.source.doc.sentences]
    if not bounds:
        return False
    cut = np.searchsorted(offs, np.asarray(bounds, dtype=np.int64).ravel(), side="left").reshape(-1, 2)
    src = [(int(s0), int(s1)) for s0, s1 in cut.tolist() if s1 > s0]
    width = 2 * len(a) + 80
    orig = int(np.searchsorted(offs, getattr(p, "src_start", 0), side="left"))
    cands = [(s0, s1) for s0, s1 in src if s1 >= orig - width and s0 <= orig + width and s1 - s0 >= REWORDED_MIN // 2]
    found = 0
    weighted = 0.0
    got: list[tuple[int, int]] = []
    last = -1
    for a0, a1 in _sentences(a):
        sa = "".join(a[c] for c in range(a0, a1) if not masked[c])
        own = len(sa)
        if own < REWORDED_MIN:
            continue
        sm = SequenceMatcher(None, "", sa, autojunk=False)
        best, where = 0.0, None
        for s0, s1 in cands:
            if s0 < last or not 0.5 * own <= s1 - s0 <= 2 * own:
                continue
            sm.set_seq1(t[s0:s1])
            if sm.real_quick_ratio() < REWORDED_RATIO or sm.quick_ratio() < REWORDED_RATIO:
                continue
            r = sm.ratio()
            if r > best:
                best, where = r, (s0, s1)
        if where is not None and best >= REWORDED_RATIO:
            found += own
            weighted += own * best
            got.append(where)
            last = where[1]
    if found < max(need, REWORDED_MIN_CHARS) or not got or got[-1][1] - got[0][0] > width:
        return False
    p.src_start, p.src_end = int(offs[got[0][0]]), int(offs[got[-1][1] - 1]) + 1
    p.similarity = max(float(getattr(p, "similarity", 0.0)), round(weighted / found, 3))
    return True


_FIGURE = re.compile(r"(?:19|20)\d\d(?=年)|(\d+(?:[.,，]\d+)*%?)")  # years (group 1 empty) are not figures


def figure_similarity(ps: Any, doc: Document) -> float:
    """The passage's similarity with its figures counted: a figure (one masked character) found
    in the source span counts as copied, a changed one as new, so a skeleton sentence refilled with
    this year's figures is less similar than a verbatim copy."""
    figs = [x for x in _FIGURE.findall(doc.text, ps.start, ps.end) if x]
    if not figs or ps.source is None or not ps.chars:
        return ps.similarity
    pool: dict[str, int] = {}
    for x in filter(None, _FIGURE.findall(ps.source.doc.text, ps.src_start, ps.src_end)):
        pool[x] = pool.get(x, 0) + 1
    changed = 0
    for x in figs:
        if pool.get(x, 0) > 0:
            pool[x] -= 1
        else:
            changed += 1
    return round(ps.similarity * max(0.0, 1 - changed / ps.chars), 3)
