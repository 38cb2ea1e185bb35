"""``shingle.sorted_unique`` is ``np.unique`` of an integer array: distinct values, sorted, same dtype."""

from __future__ import annotations

import numpy as np

from reviewer.similarity.shingle import sorted_unique


def test_sorted_unique_equals_numpy_unique() -> None:
    rng = np.random.default_rng(3)
    for n in [0, 1, 2, 3, 17, 2500]:
        for dtype in (np.uint32, np.int32, np.int64, np.uint64):
            for high in (3, 1 << 20):
                x = rng.integers(0, high, n).astype(dtype)
                got = sorted_unique(x)
                assert got.dtype == x.dtype
                assert got.tolist() == np.unique(x).tolist()
    x = np.array([[5, 1], [5, 2]], dtype=np.int32)
    assert sorted_unique(x).tolist() == [1, 2, 5]
    assert x.tolist() == [[5, 1], [5, 2]]  # the input is left as it was
