"""Sentences carried over from a source report with their polarity reversed (spec §7 defect 5: a
copy "with only the year changed" that no longer says what the organ did).

「本年度未因政府信息公开引起行政复议」 → 「本年度因政府信息公开引起行政复议」 is the same sentence to a
copy detector (one character differs) but says the opposite; a sentence taken over with its
negation added or dropped needs a reviewer's eye. A sentence matches a source sentence when both
are equal once negation words are removed, figures folded and the organs' names masked; the flip
is reported when their negation words differ. A sentence that gained figures (「未收到…」 →
「收到…3件」) is an update, not a flip: it does not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from reviewer.fastre import guarded

NEGATION = re.compile(r"尚未|没有|未|无|不|非")
# words holding a negation character that do not negate the sentence
_NOT_NEGATION = re.compile(
    r"不断|不少|不仅|不但|不论|不管|无论|不同|非常|并非|不得不|毫无疑问|无缝|无纸化|无障碍|无偿|无人机|不定期|未来|"
    r"不予公开|不予处理|不予受理|无法提供|不属于|非政府"
)
_FOLD = re.compile(r"\d+(?:[.．]\d+)?|[〇○零一二三四五六七八九十百千万]+(?=[件条次个项人年月日%])")
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_FOLD = guarded(_FOLD)
_PUNCT = re.compile(r"[\s，,。；;：:、！？!?“”\"'‘’（）()《》〈〉【】]")
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
MIN_CHARS = 8  # characters a sentence needs (without negation words) to be compared


def _longest_first(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted((x for x in names if x), key=len, reverse=True))


def _strip(s: str, names: Iterable[str]) -> str:
    return _strip_ordered(s, _longest_first(names))


def _strip_ordered(s: str, ordered: tuple[str, ...]) -> str:
    for n in ordered:
        s = s.replace(n, "§")
    s = _FOLD.sub("#", s)
    return _PUNCT.sub("", s)


def signature(sentence: str, names: Iterable[str] = ()) -> tuple[str, tuple[str, ...]]:
    """(the sentence without its negation words, the negation words in order)."""
    return _signature(sentence, _longest_first(names))


@lru_cache(maxsize=16384)  # pure in its arguments; an organ's stock sentences recur across its years
def _signature(sentence: str, ordered: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    s = _strip_ordered(sentence, ordered)
    keep = _NOT_NEGATION.sub(lambda m: "\x00" * len(m.group()), s)
    if "\x01" in s:  # the marker below would be taken for a removed word
        negs = tuple(m.group() for m in NEGATION.finditer(keep))
        mark = NEGATION.sub(lambda m: "\x01" * len(m.group()), keep)
        return "".join(ch for ch, k in zip(s, mark, strict=True) if k != "\x01"), negs
    # the text between the negation words found in ``keep`` (the words that only look negative masked)
    parts: list[str] = []
    negs_l: list[str] = []
    prev = 0
    for m in NEGATION.finditer(keep):
        a, b = m.span()
        parts.append(s[prev:a])
        negs_l.append(m.group())
        prev = b
    parts.append(s[prev:])
    return "".join(parts), tuple(negs_l)


class Signed(NamedTuple):
    """``signature`` of each of a report's sentences, compact (one string, two arrays) so that the
    workers that read the report can hand it to the batch stage cheaply."""

    bases: str  # the sentences without negation words, run together
    ends: np.ndarray  # end of each sentence's part of ``bases`` (int32)
    negations: np.ndarray  # negation words of each sentence (int16)

    def items(self) -> list[tuple[str, int]]:
        out, a = [], 0
        for b, k in zip(self.ends.tolist(), self.negations.tolist(), strict=True):
            out.append((self.bases[a:b], k))
            a = b
        return out


def signed(text: str, spans: list[tuple[int, int]], names: Iterable[str] = ()) -> Signed:
    """``signature`` of each sentence ``text[a:b]`` of ``spans`` (the report's own ``names`` masked)."""
    ordered = _longest_first(names)
    bases, ends, negs, n = [], [], [], 0
    for a, b in spans:
        base, ws = _signature(text[a:b], ordered)
        bases.append(base)
        n += len(base)
        ends.append(n)
        negs.append(len(ws))
    return Signed("".join(bases), np.array(ends, dtype=np.int32), np.array(negs, dtype=np.int16))


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    out = []
    for m in _SENTENCE.finditer(text, start, end):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        if b > a:
            out.append((a, b))
    return out


def flips(target: str, spans: list[tuple[int, int]], source: str, source_spans: list[tuple[int, int]],
          names: Iterable[str] = (), source_names: Iterable[str] = ()) -> list[tuple[int, int, int, int]]:
    """(start, end, source start, source end) of each target sentence whose source sentence is the
    same text with its negation reversed."""
    return signed_flips(spans, signed(target, spans, names).items(), source_spans, signed(source, source_spans, source_names).items())


def signed_flips(spans: list[tuple[int, int]], signs: list[tuple[str, int]], source_spans: list[tuple[int, int]],
                 source_signs: list[tuple[str, int]]) -> list[tuple[int, int, int, int]]:
    """``flips`` given each sentence's (signature, number of negation words) (``Signed.items``)."""
    index: dict[str, list[tuple[int, int, int]]] = {}
    for (a, b), (base, k) in zip(source_spans, source_signs, strict=True):
        if len(base) >= MIN_CHARS:
            index.setdefault(base, []).append((k, a, b))
    out = []
    for (a, b), (base, k) in zip(spans, signs, strict=True):
        hits = index.get(base) if len(base) >= MIN_CHARS else None
        if not hits or any(n == k for n, _, _ in hits):
            continue  # no source sentence, or one as often negated (未 → 没有 keeps the sense)
        _, sa, sb = hits[0]
        out.append((a, b, sa, sb))
    return out
