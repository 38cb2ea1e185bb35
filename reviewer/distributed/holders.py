"""Stage 6 of a distributed review: which reports hold each copied-from-other passage (the C202
groups, spec §7 内容雷同), found by ``similarity.groups.holders`` as in the embedded review, block
by block of passages and part by part of reports."""

from __future__ import annotations

from typing import Any

from reviewer.distributed import spill
from reviewer.distributed.stages import AlignedRef, HolderView, PartRef
from reviewer.similarity.groups import holders


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
    from reviewer.similarity.groups import Members

    wanted = [(spill.read(a.wanted) if a.wanted else []) for a in aligned]
    if not any(wanted) or ref.view is None:
        return None
    view: HolderView = spill.read(ref.view)
    use = [k for k, j in enumerate(view.stored) if j == -1 or (chosen is not None and j in chosen)]
    flat = [(q, n) for q, w in enumerate(wanted) for n in range(len(w))]
    found = holders([h for w in wanted for h in w], (view.hashes[k] for k in use))
    hits: list[list[tuple[int, Any]]] = [[] for _ in wanted]
    members = Members([view.records[k] for k in use])
    for (q, n), ks in zip(flat, found, strict=True):
        if ks:
            hits[q].append((n, members.part(ks)))
    return spill.write_pieces(scratch, f"held{ref.index}", [q_hits or None for q_hits in hits])
