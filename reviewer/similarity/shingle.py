"""Character n-gram shingles hashed with numpy: stable across processes and runs (Python's ``hash``
is salted per process, which would break fingerprints stored in the archive) and fast enough to
fingerprint thousands of reports per second."""

from __future__ import annotations

import numpy as np

N = 8  # masked characters per shingle: a common substring of >= 8 characters is evidence of copying
# Template text is learnt on longer shingles: organs share many short set phrases, and a sentence
# recombining them is not template; a 14-character string shared by many organs is.
N_TEMPLATE = 14
_P = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def codepoints(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def shingles(s: str, n: int = N) -> np.ndarray:
    """Hash of every n-gram of ``s`` in order (``len(s) - n + 1`` values, empty when shorter)."""
    cp = codepoints(s)
    k = len(cp) - n + 1
    if k <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = np.zeros(k, dtype=np.uint64)
        for j in range(n):
            h = h * _P + cp[j : j + k]
        h = h * _MIX
        h ^= h >> np.uint64(29)
    return h


def fold32(h: np.ndarray) -> np.ndarray:
    """64-bit hashes folded to 32 bits: half the memory; a chance collision between two reports'
    n-grams (about one per thousand report pairs) cannot make a passage on its own."""
    return ((h >> np.uint64(32)) ^ h).astype(np.uint32)


def sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` of an integer array (its distinct values, sorted, same dtype) by sorting a
    copy. numpy 2.x answers a plain ``np.unique`` from a hash table, which on arrays of a report's
    hashes (10^2-10^5 values) is 20-50 times slower than the sort."""
    s = np.sort(a, axis=None)
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]
