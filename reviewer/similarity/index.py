"""Cross-organ candidate search by blocked sparse products.

Every report becomes a sparse binary row over n-gram buckets (a 1-in-``sample`` subset of its
non-template n-grams, chosen by hash value so every report samples the same n-grams). ``X[block] @ X.T``
counts the n-grams a block of reports shares with every report; pairs sharing at least ``min_shared``
become candidates for exact comparison. Columns held by more than ``max_df`` reports are dropped: they
are boilerplate and are exactly what makes a naive all-pairs product quadratic. With that cap the work
is at most ``nnz * max_df`` and memory is one block of the product at a time, so both grow linearly
with the number of reports.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from reviewer.similarity.shingle import sorted_unique

COLUMN_BITS = 24


def sample_hashes(h: np.ndarray, sample: int) -> np.ndarray:
    u = sorted_unique(h)
    if sample > 1:
        u = u[(u.astype(np.uint64) >> np.uint64(26)) % np.uint64(sample) == 0]  # bits the column ignores
    return (u.astype(np.uint64) & np.uint64((1 << COLUMN_BITS) - 1)).astype(np.int32)


def build_matrix(rows: list[np.ndarray], max_df: int) -> sparse.csr_matrix:
    cols = [sorted_unique(r) for r in rows]
    indptr = np.zeros(len(cols) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c in cols])
    indices = np.concatenate(cols) if cols else np.zeros(0, np.int32)
    used, inverse, df = np.unique(indices, return_inverse=True, return_counts=True)  # memory ~ nnz
    keep = df[inverse] <= max_df
    # drop over-frequent columns without densifying
    row_of = np.repeat(np.arange(len(cols)), np.diff(indptr))
    indices, row_of = indices[keep], row_of[keep]
    indptr = np.zeros(len(cols) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(row_of, minlength=len(cols)))
    # renumber the surviving columns densely so the transpose stays small
    used, indices = np.unique(indices, return_inverse=True)
    data = np.ones(len(indices), dtype=np.int32)
    return sparse.csr_matrix((data, indices.astype(np.int32), indptr), shape=(len(cols), max(len(used), 1)))


def candidates(
    rows: list[np.ndarray],
    groups: list[str],
    years: list[int | None],
    *,
    min_shared: int = 3,
    max_df: int = 64,
    top_k: int = 5,
    block: int = 512,
    queries: int | None = None,
) -> list[list[tuple[int, int]]]:
    """For each of the first ``queries`` rows (default all): up to ``top_k`` rows of other groups,
    not later in year, sharing >= ``min_shared`` sampled n-grams, as (row, shared) biggest first."""
    n = len(rows)
    queries = n if queries is None else queries
    X = build_matrix(rows, max_df)
    XT = X.T.tocsr()
    yr = np.array([y if y is not None else -1 for y in years], dtype=np.int64)
    _, grp = np.unique(np.array(groups, dtype=object).astype(str), return_inverse=True)
    out: list[list[tuple[int, int]]] = []
    for b0 in range(0, queries, block):
        b1 = min(queries, b0 + block)
        C = (X[b0:b1] @ XT).tocsr()
        for r in range(b1 - b0):
            i = b0 + r
            lo, hi = C.indptr[r], C.indptr[r + 1]
            js, vs = C.indices[lo:hi], C.data[lo:hi]
            ok = (vs >= min_shared) & (grp[js] != grp[i])
            if yr[i] >= 0:
                ok &= (yr[js] <= yr[i]) | (yr[js] < 0)
            out.append(top_candidates(js[ok], vs[ok], top_k))
    return out


def top_candidates(js: np.ndarray, vs: np.ndarray, top_k: int) -> list[tuple[int, int]]:
    """The ``top_k`` rows ``js`` sharing the most n-grams ``vs``, biggest first. Ties are broken by
    the order of ``js``: a row of ``X @ X.T`` lists its columns in the reverse order of their first
    shared n-gram column, then row (the order ``reviewer.distributed`` rebuilds)."""
    if len(js) > top_k:
        sel = np.argpartition(-vs, top_k)[:top_k]
        js, vs = js[sel], vs[sel]
    o = np.argsort(-vs, kind="stable")
    return [(int(js[k]), int(vs[k])) for k in o]
