"""TF-IDF over a fixed, trained vocabulary without scikit-learn at inference.

Models are trained with scikit-learn's ``TfidfVectorizer`` and stored as JSON (vocabulary + idf).
At review time scikit-learn's ``transform`` costs more in input validation than in counting, and
importing scikit-learn costs seconds per process. ``FixedTfidf`` repeats exactly its arithmetic
(same n-grams, counts, sorted indices, ``log(tf) + 1``, ``× idf``, row-wise L2 with a sequential sum
of squares), so the matrices, and the model outputs computed from them, are bit-identical.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
from scipy import sparse

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's _VectorizerMixin._white_spaces


def char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's ``analyzer="char"`` n-grams of an already preprocessed text."""
    text = _WHITE_SPACES.sub(" ", text)
    n_chars = len(text)
    out: list[str] = []
    if lo == 1:
        out.extend(text)
        lo = 2
    for n in range(lo, min(hi + 1, n_chars + 1)):
        out.extend(text[i : i + n] for i in range(n_chars - n + 1))
    return out


def word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    """scikit-learn's word n-grams (no stop words) of a token list."""
    if hi == 1:
        return tokens
    out = list(tokens) if lo == 1 else []
    lo = max(lo, 2)
    n_tok = len(tokens)
    for n in range(lo, min(hi + 1, n_tok + 1)):
        out.extend(" ".join(tokens[i : i + n]) for i in range(n_tok - n + 1))
    return out


class FixedTfidf:
    """``transform`` of a fitted ``TfidfVectorizer(norm="l2", use_idf=True)`` from its vocabulary
    and idf; ``analyze`` maps a raw document to its features (preprocessing included)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, analyze: Callable[[str], list[str]], sublinear_tf: bool) -> None:
        self.vocabulary_ = vocabulary
        self.idf_ = np.asarray(idf, dtype=np.float64)
        self.analyze = analyze
        self.sublinear_tf = sublinear_tf

    def weights(self, docs: Iterable[str]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """The CSR arrays (data, indices, indptr) of ``transform``, without building the matrix:
        callers that only take dot products with a coefficient vector skip scipy's per-matrix
        validation, which cost more than the counting for a handful of sentences."""
        vocab = self.vocabulary_
        indices: list[int] = []
        counts: list[int] = []
        indptr = [0]
        get = vocab.get
        for doc in docs:
            # counted by vocabulary index (distinct features have distinct indices), None = unknown
            counted = Counter(map(get, self.analyze(doc)))
            counted.pop(None, None)
            known = sorted(counted.items())
            indices.extend(j for j, _ in known)
            counts.extend(n for _, n in known)
            indptr.append(len(indices))
        data = np.asarray(counts, dtype=np.float64)
        idx = np.asarray(indices, dtype=np.int32)
        if self.sublinear_tf:
            np.log(data, data)
            data += 1.0
        data *= self.idf_[idx]
        sq = (data * data).tolist()
        for a, b in zip(indptr, indptr[1:], strict=False):
            s = 0.0
            for v in sq[a:b]:  # sequential, as scikit-learn's inplace_csr_row_normalize_l2
                s += v
            if s != 0.0:
                data[a:b] /= math.sqrt(s)
        return data, idx, indptr

    def transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        data, idx, indptr = self.weights(docs)
        return sparse.csr_matrix((data, idx, np.asarray(indptr, dtype=np.int32)), shape=(len(indptr) - 1, len(self.idf_)))
