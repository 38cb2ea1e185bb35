"""The cross-organ candidate search as a shuffle on hash bands (stage 4 of ``reviewer.distributed``).

``similarity.index.candidates`` counts, for each report, the sampled n-grams it shares with every
other report (``X @ X.T`` over n-gram columns held by at most ``max_df`` reports) and keeps the
``top_k`` of other organs, not later in year, sharing at least ``min_shared``. Here each part cuts
its reports' sampled n-grams into bands by column; a band task sees every report holding a column
of its band, so it can drop the columns over ``max_df`` and count the pairs sharing each of the
rest; the select task of a part sums the bands for its reports and applies ``top_candidates`` to
the pairs in the order a row of ``X @ X.T`` lists them (descending by first shared column, then
row), so ties fall as in the embedded search.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from reviewer.similarity.index import top_candidates
from reviewer.similarity.shingle import sorted_unique

FIELDS = ("col", "fidx", "year", "keyh", "part")


def key_hash(key: str) -> int:
    """A 64-bit hash of an organ key, the same in every process (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


def cut_bands(rows: list[np.ndarray], fidx: list[int], years: list[int | None], keys: list[str], part: int,
              bands: int) -> list[dict[str, np.ndarray]]:
    """The sampled n-gram columns of a part's reports (``rows``, as ``index.sample_hashes`` gives
    them), one table per band: column, report, year (-1 unknown), organ key hash, part."""
    cols = [sorted_unique(r) for r in rows]
    n = np.array([len(c) for c in cols], dtype=np.int64)
    col = np.concatenate(cols).astype(np.int64) if cols else np.zeros(0, np.int64)
    table = {
        "col": col,
        "fidx": np.repeat(np.array(fidx, dtype=np.int64), n),
        "year": np.repeat(np.array([y if y is not None else -1 for y in years], dtype=np.int64), n),
        "keyh": np.repeat(np.array([key_hash(k) for k in keys], dtype=np.int64), n),
        "part": np.full(len(col), part, dtype=np.int64),
    }
    band = col % bands
    order = np.argsort(band, kind="stable")
    bounds = np.searchsorted(band[order], np.arange(bands + 1))
    return [{k: v[order[bounds[b] : bounds[b + 1]]] for k, v in table.items()} for b in range(bands)]


def _concat(pieces: tuple[dict[str, np.ndarray], ...], fields: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in pieces]) if pieces else np.zeros(0, np.int64) for k in fields}


def band_pairs(max_df: int, parts: int, *pieces: dict[str, np.ndarray], queries: int | None = None) -> list[dict[str, np.ndarray]]:
    """Pairs (query, candidate) of different organs sharing columns of this band, the candidate not
    later in year: how many columns and the smallest, one table per part of the query (queries:
    the reports before place ``queries``, the batch; the archived reports after it are candidates)."""
    t = _concat(pieces, FIELDS)
    order = np.lexsort((t["fidx"], t["col"]))
    t = {k: v[order] for k, v in t.items()}
    if len(order):  # a report's row holds each column once
        first = np.concatenate(([True], (np.diff(t["col"]) != 0) | (np.diff(t["fidx"]) != 0)))
        t = {k: v[first] for k, v in t.items()}
    _, start, df = np.unique(t["col"], return_index=True, return_counts=True)
    keep = np.repeat(df <= max_df, df)
    t = {k: v[keep] for k, v in t.items()}
    start, df = start[df <= max_df], df[df <= max_df]
    start = np.concatenate(([0], np.cumsum(df)[:-1])) if len(df) else start
    # every ordered pair of the reports holding a column
    size = np.repeat(df, df)
    n = int(size.sum())
    qi = np.repeat(np.arange(len(size)), size)
    block = np.repeat(np.cumsum(size) - size, size)
    ci = np.repeat(np.repeat(start, df), size) + (np.arange(n) - block)
    yq, yc = t["year"][qi], t["year"][ci]
    ok = (t["keyh"][qi] != t["keyh"][ci]) & ((yq < 0) | (yc <= yq) | (yc < 0))
    if queries is not None:
        ok &= t["fidx"][qi] < queries
    qi, ci = qi[ok], ci[ok]
    pairs = {"q": t["fidx"][qi], "c": t["fidx"][ci], "cpart": t["part"][ci], "n": np.ones(len(qi), np.int64),
             "first": t["col"][qi], "qpart": t["part"][qi]}
    pairs = _sum_pairs(pairs)
    out = []
    for p in range(parts):
        sel = pairs["qpart"] == p
        out.append({k: v[sel] for k, v in pairs.items() if k != "qpart"})
    return out


def _sum_pairs(t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One row per (query, candidate): shared columns summed, the smallest first column."""
    if not len(t["q"]):
        return t
    order = np.lexsort((t["c"], t["q"]))
    t = {k: v[order] for k, v in t.items()}
    new = np.concatenate(([True], (np.diff(t["q"]) != 0) | (np.diff(t["c"]) != 0)))
    at = np.flatnonzero(new)
    out = {k: v[at] for k, v in t.items()}
    out["n"] = np.add.reduceat(t["n"], at)
    out["first"] = np.minimum.reduceat(t["first"], at)
    return out


def select(min_shared: int, top_k: int, parts: int, part: int, *pieces: dict[str, np.ndarray]) -> tuple[dict[int, list[tuple[int, int]]], list[list[int]]]:
    """The candidates of each report of a part, ``{fidx: [(fidx, shared), ...]}`` as
    ``index.candidates`` lists them, and the candidates to fetch from each other part."""
    t = _sum_pairs(_concat(pieces, ("q", "c", "cpart", "n", "first")))
    keep = t["n"] >= min_shared
    t = {k: v[keep] for k, v in t.items()}
    # a row of X @ X.T lists its columns last-seen first: by first shared column, then row, descending
    order = np.lexsort((-t["c"], -t["first"], t["q"]))
    t = {k: v[order] for k, v in t.items()}
    cands: dict[int, list[tuple[int, int]]] = {}
    if len(t["q"]):
        at = np.flatnonzero(np.concatenate(([True], np.diff(t["q"]) != 0)))
        for a, b in zip(at.tolist(), [*at[1:].tolist(), len(t["q"])], strict=True):
            cands[int(t["q"][a])] = top_candidates(t["c"][a:b], t["n"][a:b].astype(np.int32), top_k)
    where = dict(zip(t["c"].tolist(), t["cpart"].tolist(), strict=False))
    wanted = sorted({j for cs in cands.values() for j, _ in cs})
    fetch: list[list[int]] = [[] for _ in range(parts)]
    for j in wanted:
        if where[j] != part:
            fetch[where[j]].append(j)
    return cands, fetch


def band_task(band: int, max_df: int, parts: int, scratch: str, cut: list[Any], queries: int | None = None) -> Any:
    """``band_pairs`` of one band, its pieces read from the parts' band files (``cut``: their
    ``spill.Pieces``) and its pair counts written to ``scratch``, one piece per part."""
    from reviewer.distributed import spill

    out = band_pairs(max_df, parts, *spill.column(cut, band), queries=queries)
    return spill.write_pieces(scratch, f"pairs{band}", [t if len(t["q"]) else None for t in out])


def select_task(min_shared: int, top_k: int, parts: int, part: int, scratch: str, pairs: list[Any]) -> Any:
    """``select`` of one part from the bands' pair files, written to ``scratch``: piece 0 the
    part's candidates, piece ``1 + h`` the candidates to fetch from part ``h``."""
    from reviewer.distributed import spill

    cands, fetch = select(min_shared, top_k, parts, part, *spill.column(pairs, part))
    return spill.write_pieces(scratch, f"fetch{part}", [cands or None, *fetch])


def pick(x: Any, k: int) -> Any:
    """Item ``k`` of a task's result (one piece of a shuffle)."""
    return x[k]
