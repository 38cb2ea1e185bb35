"""Template text: n-grams shared by many organs or prescribed by the format.

Learnt, not listed: an n-gram is template when it appears in the reports of at least ``min_organs``
distinct organs of the batch plus archive (document frequency counted per organ, so one organ copying
itself for ten years does not turn its own text into template), or when it lies inside a phrase the
format prescribes (``prescribed.PHRASES``). Counts live in a fixed array of hash buckets, so memory
stays bounded whatever the batch size (a rare collision can only make an n-gram look more common).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from reviewer.similarity.mask import mask
from reviewer.similarity.prescribed import PHRASES
from reviewer.similarity.shingle import N_TEMPLATE, shingles, sorted_unique

BUCKET_BITS = 22  # 4M buckets, 16 MB of counts
_MASK = np.uint64((1 << BUCKET_BITS) - 1)


def _buckets(h: np.ndarray) -> np.ndarray:
    return (h & _MASK).astype(np.int64)


@lru_cache(maxsize=1)
def _prescribed_re() -> re.Pattern[str]:
    masked = sorted({mask(x)[0] for x in PHRASES if len(mask(x)[0]) >= 4}, key=len, reverse=True)
    return re.compile("|".join(re.escape(x) for x in masked))


def prescribed_chars(masked: str) -> np.ndarray:
    """Characters of a masked text inside a prescribed phrase, wherever it stands (also in flattened
    tables whose labels run into the figures)."""
    out = np.zeros(len(masked), dtype=bool)
    for m in _prescribed_re().finditer(masked):
        out[m.start() : m.end()] = True
    return out


@lru_cache(maxsize=4)
def prescribed_hashes(n: int = N_TEMPLATE) -> np.ndarray:
    parts = [shingles(mask(p)[0], n) for p in PHRASES]
    return sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)


def in_sorted(h: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``np.isin(h, table)`` for a sorted ``table`` (``np.unique``'s output): one binary search
    per value instead of sorting both."""
    if not len(table) or not len(h):
        return np.zeros(len(h), dtype=bool)
    at = np.minimum(np.searchsorted(table, h), len(table) - 1)
    return table[at] == h


def report_buckets(thashes: np.ndarray) -> np.ndarray:
    """The distinct buckets of one report's template n-grams (int32: ``BUCKET_BITS`` < 31), what
    ``TemplateModel.fit_buckets`` counts; computed where the report is read."""
    return sorted_unique(_buckets(thashes)).astype(np.int32)


class TemplateModel:
    """Organ document frequency of n-gram buckets plus the prescribed n-grams."""

    def __init__(self, min_share: float = 0.05, min_organs: int = 3, n: int = N_TEMPLATE) -> None:
        self.min_share = min_share
        self.min_organs = min_organs
        self.n = n

    def fit(self, per_organ: Iterable[np.ndarray]) -> TemplateModel:
        """``per_organ``: for each distinct organ, the hashes of all its reports (any order, repeats ok)."""
        return self.fit_buckets(_buckets(h) for h in per_organ)

    def fit_buckets(self, per_organ: Iterable[np.ndarray]) -> TemplateModel:
        """``fit`` from the hashes' buckets (``report_buckets`` of each report of an organ, run
        together: the distinct buckets of the union are those of the concatenation)."""
        counts = np.zeros(1 << BUCKET_BITS, dtype=np.int32)
        chunk: list[np.ndarray] = []
        size = 0
        organs = 0
        for h in per_organ:
            organs += 1
            b = sorted_unique(h)
            chunk.append(b)
            size += len(b)
            if size > 4_000_000:
                counts += np.bincount(np.concatenate(chunk), minlength=1 << BUCKET_BITS).astype(np.int32)
                chunk, size = [], 0
        if chunk:
            counts += np.bincount(np.concatenate(chunk), minlength=1 << BUCKET_BITS).astype(np.int32)
        self.n_organs_ = organs
        self.threshold_ = max(self.min_organs, math.ceil(self.min_share * organs))
        self.counts_ = counts
        self.prescribed_ = prescribed_hashes(self.n)
        return self

    def is_template(self, h: np.ndarray, threshold: int | None = None) -> np.ndarray:
        frequent = self.counts_[_buckets(h)] >= (threshold or self.threshold_)
        return frequent | in_sorted(h, self.prescribed_)

    def is_template_at(self, h: np.ndarray, *thresholds: int) -> list[np.ndarray]:
        """``[is_template(h, t) for t in thresholds]`` from one look-up of the counts and of the
        prescribed n-grams."""
        df = self.counts_[_buckets(h)]
        pres = in_sorted(h, self.prescribed_)
        return [(df >= (t or self.threshold_)) | pres for t in thresholds]

    def organ_df(self, h: np.ndarray) -> np.ndarray:
        return self.counts_[_buckets(h)]
