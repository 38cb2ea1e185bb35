"""Stage 6 of a distributed review: which reports hold each copied-from-other passage (the C202
groups, spec §7 内容雷同), the same as ``similarity.groups.holders``.

A report holds a passage when it has at least ``SHARE`` of the passage's n-grams, so it misses at
most ``(1 - SHARE)`` of them: it has one at least of any ``floor((1 - SHARE) · s) + 1`` of a
passage's ``s`` n-grams. Each passage is looked up only through that many of its n-grams, the
ones fewest passages share (a prefix filter); only the passages a report meets there are counted
in full. So a report's cost follows the passages it may hold rather than every passage sharing a
common phrase with it, and the holders found are those ``groups.holders`` finds, in the same order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from reviewer.distributed import spill
from reviewer.distributed.stages import AlignedRef, HolderView, PartRef


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] .. starts[i] + sizes[i]`` of every ``i``, concatenated."""
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, np.int64)
    block = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + (np.arange(total) - block)


def holders(wanted: list[np.ndarray], pool: list[np.ndarray]) -> list[list[int]]:
    """For each passage's distinct n-grams in ``wanted``: the positions in ``pool`` (each report's
    distinct n-grams, sorted) of the reports holding at least ``groups.SHARE`` of them."""
    from reviewer.similarity.groups import SHARE

    sizes = np.array([len(h) for h in wanted], dtype=np.int64)
    found: list[list[int]] = [[] for _ in wanted]
    if not len(sizes) or not sizes.sum():
        return found
    need = SHARE * sizes
    h = np.concatenate(wanted).astype(np.int64)
    pid = np.repeat(np.arange(len(wanted)), sizes)
    starts = np.cumsum(sizes) - sizes
    # the prefix of each passage: its m n-grams fewest passages share (ties: by hash)
    _, inv, df = np.unique(h, return_inverse=True, return_counts=True)
    order = np.lexsort((h, df[inv], pid))
    m = np.minimum(sizes, np.floor(sizes - need).astype(np.int64) + 2)
    rank = np.arange(len(h)) - np.repeat(starts, sizes)
    pre = order[rank < np.repeat(m, sizes)]
    by_h = np.argsort(h[pre], kind="stable")
    ph, pp = h[pre][by_h], pid[pre][by_h]
    for k, have in enumerate(pool):
        lo, hi = np.searchsorted(ph, have, side="left"), np.searchsorted(ph, have, side="right")
        n = hi - lo
        if not n.any():
            continue
        cand = np.unique(pp[_ranges(lo[n > 0], n[n > 0])])
        at = _ranges(starts[cand], sizes[cand])
        x = h[at]
        pos = np.minimum(np.searchsorted(have, x), max(len(have) - 1, 0))
        hit = (have[pos] == x) if len(have) else np.zeros(len(x), bool)
        counts = np.add.reduceat(hit.astype(np.int64), np.cumsum(sizes[cand]) - sizes[cand])
        for j in cand[counts >= need[cand]].tolist():
            found[j].append(k)
    return found


def holder_blocks(parts: int, n: int, block: int = 20_000) -> list[range]:
    """The parts whose copied passages one holder task reads together: blocks of about ``block``
    reports' passages, so a holder task's input does not grow with the batch."""
    k = max(1, min(parts, -(-n // block)))
    return [range(parts * j // k, parts * (j + 1) // k) for j in range(k)]


def find_holders(ref: PartRef, scratch: str, chosen: set[int] | None, *aligned: AlignedRef) -> spill.Pieces | None:
    """For the passages of a block of parts (``aligned``, in part order), the reports of this part
    that hold them, as ``groups.GroupPart`` (bounded whatever the group's size: an organ's reports
    are all in this part); of its archived reports only those ``chosen`` (``archived.chosen_sources``).
    One piece per part of the block: (passage number, ``GroupPart``) pairs."""
    from reviewer.similarity.groups import group_part

    wanted = [(spill.read(a.wanted) if a.wanted else []) for a in aligned]
    if not any(wanted) or ref.view is None:
        return None
    view: HolderView = spill.read(ref.view)
    use = [k for k, j in enumerate(view.stored) if j == -1 or (chosen is not None and j in chosen)]
    flat = [(q, n) for q, w in enumerate(wanted) for n in range(len(w))]
    found = holders([h for w in wanted for h in w], [view.hashes[k].astype(np.int64) for k in use])
    hits: list[list[tuple[int, Any]]] = [[] for _ in wanted]
    for (q, n), ks in zip(flat, found, strict=True):
        if ks:
            hits[q].append((n, group_part(view.records[use[k]] for k in ks)))
    return spill.write_pieces(scratch, f"held{ref.index}", [q_hits or None for q_hits in hits])
