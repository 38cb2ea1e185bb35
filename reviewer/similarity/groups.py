"""Groups of organs publishing the same text (spec §7 内容雷同): for each copied-from-other passage,
every report of the batch (and every source found in the archive) that holds most of the
passage's n-grams. The towns of a county filing one circulated text form one group; the evidence
of each C202 finding names its group, and the batch summary lists the groups."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

from reviewer.forkmap import blocks, fork_map
from reviewer.similarity.shingle import N, sorted_unique

SHARE = 0.6  # of a passage's n-grams a report must hold to publish the same text
_SLOT_BITS = 24
_SLOT_MASK = (1 << _SLOT_BITS) - 1


def _passage_hashes(f: Any, p: Any) -> np.ndarray:
    """The passage's n-grams, the prescribed wording left out."""
    m0, m1 = int(f.u_m0[p.units[0]]), int(f.u_m1[p.units[-1]])
    h = f.hashes[m0 : max(m0, m1 - N + 1)]
    pres = f.prescribed[m0:m1]
    if len(pres) >= N and len(h):
        cum = np.concatenate(([0], np.cumsum(pres, dtype=np.int64)))
        h = h[(cum[N : N + len(h)] - cum[: len(h)]) == 0]
    return sorted_unique(h)


def copy_groups(res: list[Any]) -> dict[tuple[int, int], dict[str, Any]]:
    """For each (batch report, passage index) of a copied-from-other passage: ``{"organs": n,
    "members": [organ names], "earliest_year": year, "reports": [paths]}``."""
    wanted = copied_passages(res)
    if not wanted:
        return {}
    pool: dict[str, Any] = {a.fp.path: a.fp for a in res}
    for i, k, _ in wanted:
        src = res[i].passages[k].source
        pool.setdefault(src.path, src)
    fps = list(pool.values())
    found = holders_forked([h for _, _, h in wanted], fps)
    members = Members(fps)
    described: dict[bytes, dict[str, Any]] = {}  # the towns of a county hold many passages each: one description per group
    out = {}
    for (i, k, _), js in zip(wanted, found, strict=True):
        if not len(js):
            out[(i, k)] = describe([res[i].fp])
            continue
        key = js.tobytes()
        if key not in described:
            described[key] = describe_part(members.part(js))
        out[(i, k)] = dict(described[key])  # one evidence dict per finding
    return out


def copied_passages(res: list[Any]) -> list[tuple[int, int, np.ndarray]]:
    """(batch report, passage index, its n-grams) of each verified copied-from-other passage whose
    two organs are known."""
    from reviewer.similarity.passages import unknown_pair

    wanted: list[tuple[int, int, np.ndarray]] = []
    for i, a in enumerate(res):
        for k, p in enumerate(a.passages):
            if p.kind != "other" or not p.verified or p.source is None or unknown_pair(a.fp, p):
                continue
            wanted.append((i, k, _passage_hashes(a.fp, p)))
    return wanted


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``starts[i] .. starts[i] + sizes[i]`` of every ``i``, concatenated."""
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, np.int64)
    block = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + (np.arange(total) - block)


def holders(wanted: list[np.ndarray], pool: Iterable[np.ndarray]) -> list[list[int]]:
    """For each passage's distinct n-grams in ``wanted``: the positions in ``pool`` (each report's
    distinct n-grams, ``distinct_hashes``) of the reports holding at least ``SHARE`` of them
    (``HolderIndex``)."""
    index = HolderIndex(wanted)
    found: list[list[int]] = [[] for _ in wanted]
    for k, have in enumerate(pool):
        for j in index.held_by(have):
            found[j].append(k)
    return found


def holders_forked(wanted: list[np.ndarray], fps: list[Any], jobs: int = 0, min_reports: int = 2000, step: int = 256) -> list[np.ndarray]:
    """``holders(wanted, map(distinct_hashes, fps))``, each passage's reports as an int64 array, the
    reports scanned ``step`` at a time in forked workers from ``min_reports`` reports on
    (``reviewer.forkmap``)."""
    index = HolderIndex(wanted)
    got = fork_map(_held_in, blocks(len(fps), step), (index, fps), jobs, min_items=-(-min_reports // step))
    ks = np.concatenate([k for k, _ in got]) if got else np.zeros(0, np.int64)
    js = np.concatenate([j for _, j in got]) if got else np.zeros(0, np.int64)
    by_j = np.argsort(js, kind="stable")  # each passage's reports stay in the order of ``fps``
    ends = np.searchsorted(js[by_j], np.arange(len(wanted) + 1))
    ks = ks[by_j]
    return [ks[ends[j] : ends[j + 1]] for j in range(len(wanted))]


def _held_in(state: tuple[HolderIndex, list[Any]], block: range) -> tuple[np.ndarray, np.ndarray]:
    """(report, passage) pairs of the reports of ``block`` holding a passage, as two arrays."""
    index, fps = state
    ks: list[int] = []
    js: list[int] = []
    for k in block:
        held = index.held_by(distinct_hashes(fps[k]))
        ks += [k] * len(held)
        js += held
    return np.array(ks, dtype=np.int64), np.array(js, dtype=np.int64)


class HolderIndex:
    """The copied passages' n-grams, indexed to tell which passages a report holds.

    A report holding ``SHARE`` of a passage's ``s`` n-grams misses at most ``(1 - SHARE) · s`` of
    them, so it has one at least of any ``floor((1 - SHARE) · s) + 1``: each passage is looked up
    only through that many of its n-grams, the ones fewest passages share (a prefix filter), and
    only the passages a report meets there are counted, by a look-up of their n-grams in the
    report's (numbered once, over the distinct n-grams of all passages). So a report's cost
    follows the passages it may hold, not every passage sharing a common phrase with it (a count
    per passage of the batch for every report would make the groups quadratic in the batch)."""

    def __init__(self, wanted: list[np.ndarray]) -> None:
        sizes = np.array([len(h) for h in wanted], dtype=np.int64)
        self.sizes = sizes
        self.empty = not len(sizes) or not sizes.sum()
        if self.empty:
            return
        self.need = SHARE * sizes
        h = np.concatenate(wanted).astype(np.int64)
        pid = np.repeat(np.arange(len(wanted)), sizes)
        self.starts = starts = np.cumsum(sizes) - sizes
        self.uniq, inv, df = np.unique(h, return_inverse=True, return_counts=True)
        self.inv = inv = inv.reshape(-1)
        # the prefix of each passage: its m n-grams fewest passages share (ties: by hash), listed by n-gram
        order = np.lexsort((h, df[inv], pid))
        m = np.minimum(sizes, np.floor(sizes - self.need).astype(np.int64) + 2)
        rank = np.arange(len(h)) - np.repeat(starts, sizes)
        pre = order[rank < np.repeat(m, sizes)]
        by_u = np.argsort(inv[pre], kind="stable")
        self.pp = pid[pre][by_u]
        self.ptr = np.searchsorted(inv[pre][by_u], np.arange(len(self.uniq) + 1))
        # a bitmap of the passages' n-grams by their low bits: a report's n-gram whose slot is empty
        # is in no passage, so only the few others are searched
        self.slots = np.zeros(1 << _SLOT_BITS, dtype=bool)
        self.slots[self.uniq & _SLOT_MASK] = True
        self.present = np.zeros(len(self.uniq), dtype=bool)

    def held_by(self, have: np.ndarray) -> list[int]:
        """The passages (positions in ``wanted``) whose n-grams the report's distinct n-grams
        ``have`` hold at least ``SHARE`` of, in increasing order."""
        if self.empty:
            return []
        uniq, ptr, sizes, starts = self.uniq, self.ptr, self.sizes, self.starts
        met = have[self.slots[have & _SLOT_MASK]].astype(np.int64)
        loc = np.minimum(np.searchsorted(uniq, met), len(uniq) - 1)
        ids = loc[uniq[loc] == met]
        lo = ptr[ids]
        n = ptr[ids + 1] - lo
        if not n.any():
            return []
        cand = sorted_unique(self.pp[_ranges(lo[n > 0], n[n > 0])])
        self.present[ids] = True
        hit = self.present[self.inv[_ranges(starts[cand], sizes[cand])]]
        self.present[ids] = False
        counts = np.add.reduceat(hit.astype(np.int64), np.cumsum(sizes[cand]) - sizes[cand])
        return cand[counts >= self.need[cand]].tolist()


def distinct_hashes(f: Any) -> np.ndarray:
    """``np.unique(f.hashes)`` read off the fingerprint's stored sort order (a gather, no sort)."""
    s = f.hashes[f.order]
    keep = np.ones(len(s), dtype=bool)
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


GROUP_LIST = 20  # reports (and organs) a group's evidence names; a larger group is counted in full


class GroupPart(NamedTuple):
    """What some of a group's reports contribute to its description (``describe_part``), each
    organ's reports all in one part: its organs, each organ's earliest report as (year or 0, path,
    organ name) and its reports as (year or 0, path), the ``GROUP_LIST`` earliest of each."""

    organs: int
    firsts: list[tuple[int, str, str]]
    reports: list[tuple[int, str]]
    count: int
    earliest_year: int | None


def group_part(fs: Iterable[Any]) -> GroupPart:
    """The ``GroupPart`` of the reports ``fs`` (anything with ``path``, ``key``, ``organ``, ``year``)."""
    first: dict[str, tuple[int, str, str]] = {}
    reports: list[tuple[int, str]] = []
    years = []
    for f in fs:
        at = (f.year or 0, f.path)
        reports.append(at)
        if f.year is not None:
            years.append(f.year)
        if f.key not in first or at < first[f.key][:2]:
            first[f.key] = (*at, f.organ or f.path)
    return GroupPart(len(first), heapq.nsmallest(GROUP_LIST, first.values()), heapq.nsmallest(GROUP_LIST, reports),
                     len(reports), min(years) if years else None)


class Members:
    """The reports a group may be made of (anything with ``path``, ``key``, ``organ``, ``year``),
    numbered once, so that the ``GroupPart`` of any subset is taken by
    array operations: the same as ``group_part`` of those reports, without walking a group of
    hundreds of reports once for every passage it holds."""

    _NO_YEAR = np.iinfo(np.int64).max

    def __init__(self, fs: list[Any]) -> None:
        self.fs = fs
        self.at = at = [(f.year or 0, f.path) for f in fs]
        self.by_rank = np.array(sorted(range(len(fs)), key=at.__getitem__), dtype=np.int64)  # rank -> position
        self.rank = np.empty(len(fs), dtype=np.int64)
        self.rank[self.by_rank] = np.arange(len(fs))
        keys: dict[str, int] = {}
        self.key_by_rank = np.array([keys.setdefault(f.key, len(keys)) for f in fs], dtype=np.int64)[self.by_rank]
        self.year = np.array([self._NO_YEAR if f.year is None else f.year for f in fs], dtype=np.int64)

    def part(self, js: list[int]) -> GroupPart:
        """``group_part`` of the reports at the distinct positions ``js``."""
        pos = np.asarray(js, dtype=np.int64)
        ranks = np.sort(self.rank[pos])
        first = np.unique(self.key_by_rank[ranks], return_index=True)[1]  # each organ's earliest report
        earliest = int(self.year[pos].min()) if len(pos) else self._NO_YEAR

        def report(r: int) -> Any:
            return self.fs[int(self.by_rank[r])]

        at = ranks[np.sort(first)]  # each organ's earliest report, by (year, path) then position
        # ``group_part`` orders them by (year, path, organ name): reports of one year and path but
        # another organ (a batch file and an archived one) are ordered by name at the cut
        cut = GROUP_LIST
        while cut < len(at) and self.at[int(self.by_rank[at[cut]])] == self.at[int(self.by_rank[at[GROUP_LIST - 1]])]:
            cut += 1
        firsts = heapq.nsmallest(GROUP_LIST, [(f.year or 0, f.path, f.organ or f.path) for f in map(report, at[:cut].tolist())])
        reports = [(f.year or 0, f.path) for f in map(report, ranks[:GROUP_LIST].tolist())]
        return GroupPart(len(first), firsts, reports, len(pos), None if earliest == self._NO_YEAR else earliest)


def merge_parts(a: GroupPart, b: GroupPart) -> GroupPart:
    """The ``GroupPart`` of the reports of ``a`` and ``b`` (no organ in both)."""
    years = [y for y in (a.earliest_year, b.earliest_year) if y is not None]
    return GroupPart(a.organs + b.organs, heapq.nsmallest(GROUP_LIST, a.firsts + b.firsts),
                     heapq.nsmallest(GROUP_LIST, a.reports + b.reports), a.count + b.count, min(years) if years else None)


def describe_part(g: GroupPart) -> dict[str, Any]:
    """The group evidence: how many organs, their names, the earliest year and the reports' paths.
    A group of more than ``GROUP_LIST`` reports names its ``GROUP_LIST`` earliest reports and
    organs, and gives the number of reports as ``reports_total`` (its size stays readable in every
    finding that cites it, and bounded)."""
    out = {"organs": g.organs, "members": sorted(name for _, _, name in g.firsts), "earliest_year": g.earliest_year,
           "reports": sorted(path for _, path in g.reports)}
    if g.count > len(g.reports):
        out["reports_total"] = g.count
    return out


def describe(fs: list[Any]) -> dict[str, Any]:
    """The group of the reports ``fs`` (anything with ``path``, ``key``, ``organ``, ``year``)."""
    return describe_part(group_part(fs))
