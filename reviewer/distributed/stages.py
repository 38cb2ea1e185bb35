"""The worker side of a distributed review: one function per stage (see the package docstring).
Each calls the embedded pipeline's own functions; what is added is only the routing by part."""

from __future__ import annotations

import gc
import threading
import weakref
import zlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from reviewer.distributed import spill
from reviewer.distributed.spill import Span
from reviewer.model import Document, Result

_LOCK = threading.Lock()  # the per-file memory budget sets a process-wide limit: one file at a time
_READY = False
# rules reading the shared copy analysis (``rules.copying.analysis``)
ANALYSIS_RULES = frozenset({"C201", "C202", "C203", "C204", "C205", "C206"})


def part_of(key: str, parts: int) -> int:
    """The part of an organ key (or of the path of a file that could not be reviewed)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % parts


def _warm() -> None:
    """Once per worker process: the pipeline's garbage-collector thresholds and model warm-up."""
    global _READY
    if _READY:
        return
    from reviewer.pipeline import _GC_THRESHOLD, warm_up

    gc.set_threshold(*(max(a, b) for a, b in zip(gc.get_threshold(), _GC_THRESHOLD, strict=True)))
    warm_up()
    _READY = True


def wants_analysis(select: set[str] | None) -> bool:
    return not select or bool(select & ANALYSIS_RULES)


@dataclass
class Item:
    """One file of the batch: its position in the batch (file order), organ key, document
    (``None`` when it could not be reviewed), result so far and pipeline-prepared inputs."""

    fidx: int
    key: str
    doc: Document | None
    result: Result
    prepared: dict[str, Any] = field(default_factory=dict)


def read_chunk(files: list[tuple[int, str]] | Any, manifest: dict | None, opts: dict[str, Any], parts: int,
               scratch: str | None = None, digests: bool = False) -> list[list[Item]] | spill.Pieces:
    """Stage 1: review each file (``pipeline._review_prepare``; ``files``: (place in the batch,
    path) pairs or a ``listing.Chunk`` of the batch's file list), one list per part; with a
    ``scratch`` folder the lists are written there and their pieces returned (with ``digests``,
    the pieces after the parts' hold the files' ``archived.batch_digests``, one per digest part)."""
    from reviewer.distributed import listing
    from reviewer.pipeline import _review_prepare, doc_result
    from reviewer.similarity.organs import organ_key

    _warm()
    if isinstance(files, listing.Chunk):
        files = listing.read(files)
    out: list[list[Item]] = [[] for _ in range(parts)]
    for fidx, path in files:
        with _LOCK:
            doc, findings, err, prep = _review_prepare(path, manifest, opts)
        if doc is None:
            item = Item(fidx, path, None, Result(path=path, error=err))
        else:
            item = Item(fidx, organ_key(doc.organ, doc.path), doc, doc_result(doc, findings, err), prep)
        out[part_of(item.key, parts)].append(item)
    if not scratch:
        return out
    if digests:
        from reviewer.distributed.archived import batch_digests

        return spill.write_pieces(scratch, "read", [*out, *batch_digests([it for pc in out for it in pc], parts)])
    return spill.write_pieces(scratch, "read", out)


@dataclass
class Part:
    """Stage 2: the reports of one part's organs, in batch order, with their fingerprints."""

    index: int
    items: list[Item]  # reviewed documents
    failed: list[Result]  # files that could not be reviewed
    fps: list[Any] | None = None  # similarity.fingerprint.Fingerprint of each item (copy rules only)
    stored: list[Any] = field(default_factory=list)  # archived reports of its organs (``archived.Stored``)

    def pool(self) -> list[Any]:
        """The fingerprints of the part in the pool's order: its reports, then its archived ones."""
        return [*(self.fps or []), *(s.fp for s in self.stored)]

    def fidx(self) -> list[int]:
        return [*(it.fidx for it in self.items), *(s.fidx for s in self.stored)]


@dataclass
class PartRef:
    """A part written to the scratch folder (``load_part``)."""

    index: int
    span: Span
    view: Span | None = None  # its ``HolderView``


def load_part(ref: PartRef) -> Part:
    return spill.read(ref.span)


class HolderView(NamedTuple):
    """What the holder stage reads of a part: each report's distinct n-grams and its record."""

    hashes: list[np.ndarray]
    records: list[Holder]
    stored: list[int]  # -1 for the part's reports; an archived report's place, or -2 when it may join no group


def make_part(index: int, analysis: bool, p: Any, bands: int, scratch: str, reads: list[spill.Pieces],
              archived: list[spill.Pieces] | None = None, overlaps: list[spill.Pieces | None] | None = None) -> tuple[PartRef, Any, Any, Any]:
    """The part of its pieces of the read stage (and of the archive's, ``archived``, less the
    archived reports ``overlaps`` finds in the batch: ``archived.overlap``), written to
    ``scratch`` (with its holder view), and what the whole-batch stages read of it: (reference,
    ``part_facts``, ``template_counts``, the band pieces of ``bands_of`` in ``scratch``; the last
    two ``None`` without the copy analysis)."""
    items = sorted((it for pc in spill.column(reads, index) for it in pc), key=lambda it: it.fidx)
    part = Part(index, [it for it in items if it.doc is not None], [it.result for it in items if it.doc is None])
    del items
    counts = cut = view = None
    if analysis:
        from reviewer.similarity.fingerprint import fingerprint
        from reviewer.similarity.groups import distinct_hashes

        part.fps = [it.prepared.get("fingerprints") or fingerprint(it.doc) for it in part.items]
        slices = spill.column(archived or [], index)
        left: set[int] = set()
        nogroup: set[int] = set()
        for a, b in spill.column(overlaps or [], index):
            left |= a
            nogroup |= b
        stored = [s for sl in slices for s in sl.stored]
        dropped = {s.fp.key for s in stored if s.fidx in left}
        part.stored = sorted((s for s in stored if s.fidx not in left), key=lambda s: s.fidx)
        for s in part.stored:
            s.groupable = s.fidx not in nogroup
        organs = {k: b for sl in slices for k, b in sl.organs.items() if k not in dropped}
        del slices, stored
        counts = spill.write(scratch, f"counts{index}", [template_counts(part, p, organs)])[0]
        cut = spill.write_pieces(scratch, f"bands{index}", [t if len(t["col"]) else None for t in bands_of(part, p, bands)])
        pool = part.pool()
        view = HolderView([distinct_hashes(f) for f in pool], [Holder(f.path, f.key, f.organ, f.year) for f in pool],
                          [-1] * len(part.fps) + [s.fidx if s.groupable else -2 for s in part.stored])
    facts = part_facts(part)
    span, vspan = spill.write(scratch, f"part{index}", [part, view])
    return PartRef(index, span, vspan), facts, counts, cut


def template_counts(part: Part, p: Any, organs: dict[str, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """The organ document frequency of template n-gram buckets over the part's organs (sparse).
    ``organs``: the stored buckets of archived organs with all their reports in the pool (counted
    for their archived reports, whose template n-grams are then not rebuilt)."""
    from reviewer.similarity.template import TemplateModel, report_buckets

    organs = organs or {}
    by_key: dict[str, list[np.ndarray]] = {}
    for f in part.fps or []:
        by_key.setdefault(f.key, []).append(report_buckets(f.thashes))
    for s in part.stored:
        if s.fp.key in organs:
            by_key.setdefault(s.fp.key, [])
        else:
            by_key.setdefault(s.fp.key, []).append(report_buckets(s.fp.thashes))
    for k, b in organs.items():
        if k in by_key:
            by_key[k].append(b)
    tm = TemplateModel(p.template_share, p.template_min_organs).fit_buckets(np.concatenate(bs) for bs in by_key.values())
    nz = np.flatnonzero(tm.counts_)
    return nz, tm.counts_[nz], tm.n_organs_


def add_counts(scratch: str, *parts: Span | None) -> Span | None:
    """Tree reduction of ``template_counts`` (each in the scratch folder, read one at a time):
    the summed bucket counts, sparse, and the number of organs, written to ``scratch``."""
    from reviewer.similarity.template import BUCKET_BITS

    total = np.zeros(1 << BUCKET_BITS, dtype=np.int32)
    organs = 0
    for span in parts:
        if span is not None:
            nz, vals, n = spill.read(span)
            total[nz] += vals
            organs += n
    nz = np.flatnonzero(total)
    return spill.write(scratch, "counts", [(nz, total[nz], organs)])[0]


def template_model(p: Any, counts: Span | None) -> Any:
    """The batch's ``TemplateModel``: fitted on as many organs (its threshold), with the summed counts."""
    from reviewer.similarity.template import BUCKET_BITS, TemplateModel

    nz, vals, organs = spill.read(counts) if counts else (np.zeros(0, np.int64), np.zeros(0, np.int32), 0)
    total = np.zeros(1 << BUCKET_BITS, dtype=np.int32)
    total[nz] = vals
    tm = TemplateModel(p.template_share, p.template_min_organs).fit(np.zeros(0, np.uint64) for _ in range(organs))
    tm.counts_ = total
    return tm


def part_facts(part: Part) -> tuple[set[str | None], int]:
    """The places of the part's organs (C207) and how many organs it holds."""
    from reviewer.similarity.flipcheck import batch_places

    return batch_places([it.doc for it in part.items]), len({it.key for it in part.items})


def add_facts(*facts: tuple[set[str | None], int]) -> tuple[set[str | None], int]:
    places: set[str | None] = set()
    for ps, _ in facts:
        places |= ps
    return places, sum(n for _, n in facts)


def bands_of(part: Part, p: Any, bands: int) -> list[dict[str, np.ndarray]]:
    """Stage 4 map side: the part's sampled n-gram columns cut into bands (``bands.cut_bands``)."""
    from reviewer.distributed.bands import cut_bands
    from reviewer.similarity.analyse import index_row

    fps = part.pool()
    rows = [index_row(f, p.sample) for f in part.fps or []] + [s.row if s.row is not None else index_row(s.fp, p.sample) for s in part.stored]
    return cut_bands(rows, part.fidx(), [f.year for f in fps], [f.key for f in fps], part.index, bands)


def serve(ref: PartRef, scratch: str, fetch: list[spill.Pieces | None]) -> spill.Pieces | None:
    """The fingerprints the other parts asked for (``fetch``: the select stage's pieces, one per
    asking part) with their documents, each pickled on its own into one file of ``scratch``; one
    piece per asking part lists ``(fidx, span)`` of its fingerprints, so the aligning task reads
    each one when it aligns with it (``Candidates``)."""
    requests = [spill.piece(f, 1 + ref.index) or [] for f in fetch]
    if not any(requests):
        return None
    part = load_part(ref)
    by_fidx = dict(zip(part.fidx(), part.pool(), strict=True))
    wanted = sorted({j for req in requests for j in req})
    at = dict(zip(wanted, spill.write(scratch, f"fps{ref.index}", [by_fidx[j] for j in wanted]), strict=True))
    del part, by_fidx
    return spill.write_pieces(scratch, f"served{ref.index}", [[(j, at[j]) for j in req] for req in requests])


class Candidates:
    """The alignment pool of a part (``_align``'s ``pool``): its own fingerprints by position,
    then the fetched candidates, each read from the scratch folder when it is used and kept only
    while something (a result's passage, the report being aligned) refers to it."""

    def __init__(self, own: list[Any], spans: list[Span]) -> None:
        self.own, self.spans = own, spans
        self.loaded: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()

    def __len__(self) -> int:
        return len(self.own) + len(self.spans)

    def __getitem__(self, k: int) -> Any:
        if k < len(self.own):
            return self.own[k]
        f = self.loaded.get(k)
        if f is None:
            f = self.loaded[k] = spill.read(self.spans[k - len(self.own)])
        return f


@dataclass
class Aligned:
    """Stage 5: the copy analysis of a part's reports and their copied-from-other passages."""

    res: list[Any]  # similarity.analyse.DocAnalysis per item
    wanted: list[tuple[int, int, np.ndarray]]  # similarity.groups.copied_passages


@dataclass
class AlignedRef:
    """The part and its ``Aligned`` written together to the scratch folder (one pickle, so the
    analysis points at the part's own documents), and the copied passages the holder stage reads."""

    span: Span
    wanted: Span | None
    sources: list[tuple[int, int, int, str]] = field(default_factory=list)  # ``archived_sources``


def align(ref: PartRef, tm: Any, p: Any, selected: spill.Pieces, scratch: str,
          served: list[spill.Pieces | None], archived: int | None = None) -> AlignedRef:
    """``similarity.analyse._align`` for each report of the part: its own earlier reports are in the
    part, its candidates (``selected``: piece 0, ``{fidx: [(fidx, shared), ...]}``) were fetched
    from the parts holding them. ``archived``: the batch's size when an archive joins the pool
    (its reports' places follow), to name the archived sources of copied passages."""
    from reviewer.similarity.analyse import _align
    from reviewer.similarity.groups import copied_passages

    cands: dict[int, list[tuple[int, int]]] = spill.piece(selected, 0) or {}
    part = load_part(ref)
    own = part.pool()
    fetched = dict(sorted((j, span) for got in spill.column(served, ref.index) for j, span in got))
    pool = Candidates(own, list(fetched.values()))
    local = {j: k for k, j in enumerate(part.fidx())}
    local.update({j: len(own) + k for k, j in enumerate(fetched)})
    by_key: dict[str, list[int]] = {}
    for k, f in enumerate(own):
        by_key.setdefault(f.key, []).append(k)
    # each report's template characters are found where it is aligned (``_align``)
    st = {"p": p, "tm": tm, "pool": pool, "by_key": by_key,
          "cands": [[(local[j], s) for j, s in cands.get(it.fidx, [])] for it in part.items]}
    res = [_align(k, st) for k in range(len(part.items))]
    aligned = Aligned(res, copied_passages(res))
    span, wanted = spill.write(scratch, f"aligned{ref.index}", [(part, aligned), [h for _, _, h in aligned.wanted]])
    assert span is not None
    return AlignedRef(span, wanted, archived_sources(part, aligned, pool, local, archived) if archived is not None else [])


def archived_sources(part: Part, aligned: Aligned, pool: Candidates, local: dict[int, int], n: int) -> list[tuple[int, int, int, str]]:
    """(report, passage, source, source path) of each copied passage of the part whose source is
    an archived report (place ``n`` or later: ``archived.chosen_sources``)."""
    at: dict[int, int] = {}
    for j, k in local.items():
        f = (pool.own[k] if k < len(pool.own) else pool.loaded.get(k)) if j >= n else None
        if f is not None:
            at[id(f)] = j
    out = []
    for i, k, _ in aligned.wanted:
        src = aligned.res[i].passages[k].source
        j = at.get(id(src))
        if j is not None:
            out.append((part.items[i].fidx, k, j, src.path))
    return out


class Holder(NamedTuple):
    """A report holding a copied passage: what ``similarity.groups.describe`` reads."""

    path: str
    key: str
    organ: str | None
    year: int | None
