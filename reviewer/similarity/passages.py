"""Copied passages of one report, from its clause-level matches (``analyse``): which clauses come
from the organ's own earlier reports, from other organs, or from template text (spec §7 内容雷同);
clauses merged into passages with their sources and trimmed at the format's headings and frame
text (``bounds``); and the per-report and per-section shares scoring reads."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reviewer.similarity.align import UnitMatch, unit_sums
from reviewer.similarity.bounds import (
    carried_sentences,
    ends_sentence,
    steady_sources,
    trim_headings,
    trim_opening,
    trim_stock_edges,
)
from reviewer.similarity.fingerprint import Fingerprint


@dataclass
class Params:
    copy_cover: float = 0.5  # clause copied when this share of its characters is found in the source
    min_free: int = 8  # non-template characters a clause needs to count as copied
    min_free_share: float = 0.25  # ... and this share of its characters
    template_cover: float = 0.5  # clause is template when this share is template n-grams
    min_passage: int = 16  # masked characters a reported passage needs (a shared set phrase is not copying)
    min_matched: int = 20  # ... of which this many non-template characters actually found in the source
    min_whole: int = 12  # ... or this many when the passage is whole sentences copied almost verbatim
    whole_similarity: float = 0.9
    min_own_similarity: float = 0.72  # an own-past passage reported (C201) is at least this similar
    carried_share: float = 0.75  # a sentence with this share of its wording found in one earlier own report is carried whole
    seq_cover: float = 0.8  # a template clause found this completely, in the source's order, is copied
    run_sentences: int = 2  # ... and so is a run of this many whole sentences from one other report
    run_chars: int = 60  # ... of this many masked characters
    min_junctions: int = 2  # ... when the passage holds this many copied clause boundaries
    max_gap: int = 6  # a short uncopied clause between copied ones does not break a passage
    own_limit: int = 10  # earliest own reports compared (most recent first)
    sample: int = 4  # 1-in-k n-grams in the cross-organ index
    min_shared: int = 4
    max_df: int = 64
    top_k: int = 5
    template_share: float = 0.05
    template_min_organs: int = 3
    own_template_share: float = 0.75  # against the organ's own past, template means this share of organs
    own_template_min: int = 5
    jobs: int = 0  # alignment worker processes (0: all cores); used from ``parallel_min`` reports on
    parallel_min: int = 400


@dataclass
class Passage:
    kind: str  # "own", "other" or "template"
    start: int
    end: int
    chars: int  # masked characters of the copied clauses
    similarity: float
    units: list[int]
    source: Fingerprint | None = None
    src_start: int = 0
    src_end: int = 0
    shared: int = 0  # template passages: characters shared by many organs beyond the prescribed wording
    verified: bool = True  # found in its source as running text (``verify``); template passages are not checked


@dataclass
class DocAnalysis:
    fp: Fingerprint
    passages: list[Passage] = field(default_factory=list)
    tables: list[tuple[int, Fingerprint, int]] = field(default_factory=list)  # (table index, source, its table index)
    metrics: dict[str, Any] = field(default_factory=dict)
    compared: int = 0
    own_prev: Fingerprint | None = None  # the organ's latest earlier report compared (C206)


TABLE_SECTIONS = frozenset("二三四")
OWN, OTHER, TEMPLATE, WEAK_OWN, WEAK_OTHER, SEQ_OWN, SEQ_OTHER, CARRIED_OWN = 1, 2, 3, 4, 5, 6, 7, 8
KINDS = {OWN: "own", OTHER: "other", TEMPLATE: "template", WEAK_OWN: "own", WEAK_OTHER: "other", SEQ_OWN: "own", SEQ_OTHER: "other",
         CARRIED_OWN: "own"}


def label_units(t: Fingerprint, own: list[tuple[Fingerprint, UnitMatch]], other: list[tuple[Fingerprint, UnitMatch]], tfrac: np.ndarray, free: np.ndarray, p: Params,
            own_free: np.ndarray | None = None, wsum: np.ndarray | None = None):
    """Per clause: label (0 new, OWN, OTHER, TEMPLATE; WEAK_* for a copied clause too short to
    count alone, which only extends a passage of the same source), source index and cover."""
    nu = len(t.u_m0)
    label = np.zeros(nu, dtype=np.int8)
    src = np.full(nu, -1)
    cover = np.zeros(nu)
    for group, (strong, weak), offset, gfree in ((own, (OWN, WEAK_OWN), 0, own_free if own_free is not None else free),
                                                 (other, (OTHER, WEAK_OTHER), len(own), free)):
        if not group:
            continue
        c = np.vstack([m.cover for _, m in group])
        best = steady_sources(c, c.argmax(axis=0))
        val = c[best, np.arange(nu)]
        hit = (label == 0) & (val >= p.copy_cover)
        big = hit & (gfree >= p.min_free)
        if wsum is not None:  # a clause of prescribed wording with a few other characters is not copied text
            big &= gfree >= p.min_free_share * wsum
        small = hit & (gfree < p.min_free) & (gfree > 0)
        label[big], label[small] = strong, weak
        src[hit], cover[hit] = best[hit] + offset, val[hit]
    label[(label == 0) & (tfrac >= p.template_cover)] = TEMPLATE
    run = sentence_runs(t, other, label, src, cover, len(own), p)
    # template (or short) clauses copied in the source's order: linked to a neighbour by a copied boundary
    for group, seq, offset in ((own, SEQ_OWN, 0), (other, SEQ_OTHER, len(own))):
        for k, (_, m) in enumerate(group):
            if m.junction is None or m.raw is None:
                continue
            linked = m.junction | np.concatenate((m.junction[1:], [False]))
            take = ((label == 0) | (label == TEMPLATE)) & linked & (m.raw >= p.seq_cover) & (m.src_unit >= 0)
            label[take], src[take], cover[take] = seq, k + offset, m.raw[take]
    # the rest of a sentence carried whole: a short copied clause counts as copied text (SEQ_OWN), a
    # new or common one only extends the passage (CARRIED_OWN: no matched characters of its own)
    carried_sentences(t, own, label, src, cover, wsum if wsum is not None else (t.u_m1 - t.u_m0).astype(float), p.carried_share,
                      (OWN, WEAK_OWN, SEQ_OWN, CARRIED_OWN), (0, TEMPLATE))
    return label, src, cover, run


def sentence_runs(t: Fingerprint, other: list[tuple[Fingerprint, UnitMatch]], label: np.ndarray, src: np.ndarray,
                   cover: np.ndarray, offset: int, p: Params) -> np.ndarray:
    """Runs of whole sentences taken in order from one other organ's report, template wording
    included: a text filed by many organs (a county's circular) is copied however many share it;
    a lone common sentence is not (``run_sentences`` sentences and ``run_chars`` characters at
    least). Their clauses become OTHER with that source; returns the run flag of each clause."""
    nu = len(label)
    run = np.zeros(nu, dtype=bool)
    if not other or not nu:
        return run
    # what counts is the organ's wording: neither figures nor the prescribed headings and labels
    lengths = unit_sums(~t.figures() & ~t.prescribed, t.u_m0, t.u_m1).astype(int)
    starts = np.sort(t.bounds[0])  # the clauses that open a sentence
    is_start = starts[np.minimum(np.searchsorted(starts, t.u_start), len(starts) - 1)] == t.u_start if len(starts) else np.zeros(nu, dtype=bool)
    first = is_start & (lengths >= 6)
    # substantive prose only: the one-line statements of the table sections 二–四 and the title are
    # the same in every report by the format's design
    prose = np.array([sec is not None and sec not in TABLE_SECTIONS for sec in t.u_section], dtype=bool)
    prose_l, len_l, first_l = prose.tolist(), lengths.tolist(), first.tolist()
    for k, (f, m) in enumerate(other):
        if m.raw is None or m.raw_unit is None:
            continue
        ok = ((m.raw >= p.seq_cover) & (m.raw_unit >= 0) & prose).tolist()
        raw_unit = m.raw_unit.tolist()
        u = 0
        while u < nu:
            if not ok[u]:
                u = next((w for w in range(u + 1, nu) if ok[w]), nu)
                continue
            v, last = u, raw_unit[u]
            while True:  # the table sections between 一 and 五 do not break a run (nor join it)
                w = v + 1
                while w < nu and not prose_l[w]:
                    w += 1
                if w >= nu or not ok[w] or not 0 <= raw_unit[w] - last <= 3 + (w - v - 1):
                    break
                v, last = w, raw_unit[w]
            a, b = u, v
            while a <= b and len_l[a] < 6:  # a run neither starts nor ends on a heading
                a += 1
            while b >= a and len_l[b] < 6:
                b -= 1
            span_l = [w for w in range(a, b + 1) if prose_l[w]]
            if sum(first_l[w] for w in span_l) >= p.run_sentences and sum(len_l[w] for w in span_l) >= p.run_chars:
                span = np.array(span_l, dtype=np.int64)
                take = span[(label[span] == 0) | (label[span] == TEMPLATE) | (label[span] == WEAK_OTHER)]
                label[take], src[take], cover[take] = OTHER, k + offset, m.raw[take]
                run[take] = True
                fill = take[m.src_unit[take] < 0]
                m.src_unit[fill] = m.raw_unit[fill]
                m.src_start[fill], m.src_end[fill] = f.u_start[m.raw_unit[fill]], f.u_end[m.raw_unit[fill]]
            u = v + 1
    return run


def merge_passages(t: Fingerprint, label, src, cover, tfrac, free, matches: list[tuple[Fingerprint, UnitMatch]], p: Params,
              shared: np.ndarray | None = None, own_free: np.ndarray | None = None, run: np.ndarray | None = None) -> list[Passage]:
    lengths = (t.u_m1 - t.u_m0).astype(int)
    heading = unit_sums(t.prescribed, t.u_m0, t.u_m1) * 2 >= lengths
    # per-clause values read one at a time below, as Python lists
    lab_l, src_l, len_l, head_l, end_l = label.tolist(), src.tolist(), lengths.tolist(), heading.tolist(), t.u_end.tolist()
    starts, ends = t.sentence_bounds()
    out: list[Passage] = []
    cur: Passage | None = None
    last_su = -1
    gap = 0

    def close() -> None:
        nonlocal cur
        if cur is None:
            return
        trim_headings(cur, t, heading, matches)
        if (cur.kind == "own" and not trim_opening(cur, t, matches)) or (
                cur.kind != "template" and not trim_stock_edges(
                    cur, t, own_free if cur.kind == "own" and own_free is not None else free, starts, ends, matches)):
            cur = None
            return
        w = lengths[cur.units]
        sim = float((np.dot(w, (cover if cur.kind != "template" else tfrac)[cur.units]) / max(w.sum(), 1)).round(3))
        # the clauses copied in their own right (not the rest of a carried sentence, CARRIED_OWN)
        core = [u for u in cur.units if lab_l[u] != CARRIED_OWN] or cur.units
        whole_core = int(t.u_start[core[0]]) in starts and int(t.u_end[core[-1]]) in ends
        # whole sentences taken from the organ's own past are measured against the own-past notion
        # of template (what most organs share), the one their clauses were labelled with: against
        # the batch's (>= 3 organs) a paragraph written in common sentence skeletons lost every
        # clause (generated batch: half the verbatim own copies missed); so is a run of clauses that
        # ends a sentence (its opening clause may be common wording). A lone clause or one that
        # stops mid-sentence keeps the batch's measure: a clause of a national formula recurs every
        # year (stock phrase '坚持以…思想为指导，' as copied). A sentence ends where only clauses of
        # common wording and figures follow (「…问题，已纠正完成。」: the tail has nothing to copy).
        cfree = own_free if cur.kind == "own" and (whole_core or (len(core) >= 2 and ends_sentence(t, core[-1], own_free, ends))) and own_free is not None else free
        matched = float(np.dot(cover[cur.units], cfree[cur.units] * (label[cur.units] != CARRIED_OWN)))
        m = cur.source and next((mm for ff, mm in matches if ff is cur.source), None)
        junctions = 0
        if m is not None and m.junction is not None:
            junctions = sum(1 for a, b in zip(cur.units, cur.units[1:], strict=False) if b == a + 1 and m.junction[b])
        if cur.kind == "template" and shared is not None:
            cur.shared = int(shared[cur.units].sum())
        in_run = run is not None and cur.kind == "other" and bool(run[cur.units].any())
        if cur.kind != "template" and cur.chars >= p.min_passage and (junctions >= p.min_junctions or in_run):
            cur.similarity = sim
            out.append(cur)
        elif (cur.kind == "template" and cur.chars >= p.min_passage) or (cur.kind != "template" and (
            (cur.chars >= p.min_passage and matched >= p.min_matched) or (whole_core and sim >= p.whole_similarity and matched >= p.min_whole)
        )):
            cur.similarity = sim
            out.append(cur)
        cur = None


    def source_of(u: int) -> tuple[Fingerprint | None, UnitMatch | None, int]:
        s = src_l[u]
        if s < 0:
            return None, None, -1
        f, m = matches[s]
        su = int(m.src_unit[u])
        alts = m.alternatives(u) if cur is not None and cur.source is f and last_su >= 0 and su != last_su + 1 else None
        if alts is not None and len(alts):
            near = int(alts[np.argmin(np.abs(alts - (last_su + 1)))])
            if near != su:  # the same text also stands next to the previous clause's source
                su = near
                m.src_unit[u], m.src_start[u], m.src_end[u] = near, f.u_start[near], f.u_end[near]
        return f, m, su

    def extend(u: int, m: UnitMatch | None, su: int) -> None:
        nonlocal last_su, gap
        cur.end = end_l[u]
        cur.units.append(u)
        cur.chars += len_l[u]
        if m is not None:
            cur.src_start = min(cur.src_start, int(m.src_start[u]))
            cur.src_end = max(cur.src_end, int(m.src_end[u]))
            if su >= 0:
                last_su = su
        gap = 0

    tstarts = sorted(a for a, _, _ in t.tables)
    u_start = t.u_start.tolist()

    def across_table(u: int) -> bool:
        """A table stands between the passage so far and clause ``u``: tables are compared cell by
        cell (C205), never inside a prose passage."""
        if cur is None or not len(tstarts):
            return False
        k = bisect_left(tstarts, cur.end)
        return k < len(tstarts) and tstarts[k] < u_start[u]

    def continues(kind: str, f: Fingerprint | None, su: int) -> bool:
        return cur is not None and cur.kind == kind and (
            kind == "template" or (cur.source is f and (su < 0 or last_su < 0 or -2 <= su - last_su <= 8))
        )

    def leads_to_strong(u: int, lab: int) -> bool:
        """Short copied clauses of one source (「共受理行政复议#起，行政诉讼#起，」), with at most
        ``max_gap`` new characters among them, run on to a clause of that source long enough to count."""
        gap_here = 0
        for v in range(u + 1, len(label)):
            if len_l[v] == 0 or (lab_l[v] == lab and src_l[v] == src_l[u]):
                continue
            if lab_l[v] == lab - 3 and src_l[v] == src_l[u]:
                return True
            if lab_l[v] != 0:
                return False
            gap_here += len_l[v]
            if gap_here > p.max_gap:
                return False
        return False

    for u in range(len(label)):
        lab = lab_l[u]
        if len_l[u] == 0:
            continue
        if across_table(u) or (cur is not None and cur.kind == "own" and (
                head_l[u] and u_start[u] in starts and end_l[u] in ends and not head_l[cur.units[-1]]
                or t.u_section[u] != t.u_section[cur.units[-1]])):
            # a heading of the format (a line of its own) ends an own-past passage above it (its text
            # belongs below); a clause of prescribed words inside a sentence (「行政诉讼#起，」,
            # 「根据《中华人民共和国政府信息公开条例》，」) is no heading
            close()
        f, m, su = source_of(u)
        if lab in (SEQ_OWN, SEQ_OTHER, CARRIED_OWN):
            lab = OTHER if lab == SEQ_OTHER else OWN
        if lab in (WEAK_OWN, WEAK_OTHER) and continues(KINDS[lab], f, su):
            extend(u, m, su)
            continue
        if lab in (WEAK_OWN, WEAK_OTHER):  # may start a passage a later clause of its source continues
            if leads_to_strong(u, lab):
                close()
                cur = Passage(KINDS[lab], int(t.u_start[u]), int(t.u_end[u]), 0, 0.0, [], f, int(m.src_start[u]), int(m.src_end[u]))
                extend(u, m, su)
                continue
            lab = 0
        if lab == 0:
            if cur is not None:
                gap += len_l[u]
                if gap > p.max_gap:
                    close()
            continue
        kind = KINDS[lab]
        if not continues(kind, f, su):
            close()
            cur = Passage(kind, int(t.u_start[u]), int(t.u_end[u]), 0, 0.0, [])
            if m is not None:
                cur.source, cur.src_start, cur.src_end = f, int(m.src_start[u]), int(m.src_end[u])
        extend(u, m, su)
    close()
    return out


def identical_tables(t: Fingerprint, s: Fingerprint, min_nonzero: int = 3) -> list[tuple[int, int]]:
    """(table of ``t``, table of ``s``) index pairs whose figures are all the same (a table that just
    repeats zeros is legitimately identical and not flagged)."""
    out = []
    for ti, (_, _, nums) in enumerate(t.tables):
        if sum(1 for v in nums if float(v) != 0) < min_nonzero:
            continue
        for si, (_, _, snums) in enumerate(s.tables):
            if nums == snums:
                out.append((ti, si))
                break
    return out


def copy_metrics(a: DocAnalysis, label: np.ndarray, p: Params, prev_cover: np.ndarray | None = None) -> dict[str, Any]:
    """``prev_cover``: each clause's cover by the organ's latest earlier report (``prev_share``)."""
    t = a.fp
    # shares of the organ's wording: the prescribed headings and labels and the figures are no one's
    lengths = unit_sums(~t.figures() & ~t.prescribed, t.u_m0, t.u_m1).astype(int)
    # ... nor are the few other characters of a heading (its numbering), which no passage holds
    lengths[unit_sums(t.prescribed, t.u_m0, t.u_m1) * 2 >= (t.u_m1 - t.u_m0)] = 0
    total = int(lengths.sum())
    kind_chars = {"own": 0, "other": 0, "template": 0, "unknown": 0, "prev": 0}
    by_sec: dict[str, dict[str, Any]] = {}
    for u, sec in enumerate(t.u_section):
        d = by_sec.setdefault(sec or "", {"own": 0, "other": 0, "template": 0, "chars": 0})
        d["chars"] += int(lengths[u])
    sources: dict[str, dict[str, Any]] = {}
    for ps in a.passages:
        chars = int(lengths[ps.units].sum())
        kind_chars["unknown" if unknown_pair(t, ps) else ps.kind] += chars
        if ps.kind == "own" and prev_cover is not None:
            kind_chars["prev"] += int(lengths[ps.units][prev_cover[ps.units] >= p.copy_cover].sum())
        for u in ps.units:
            by_sec[t.u_section[u] or ""][ps.kind] += int(lengths[u])
        if ps.source is not None:
            key = ps.source.path
            e = sources.setdefault(key, {"path": key, "organ": ps.source.organ, "year": ps.source.year, "kind": ps.kind, "chars": 0})
            e["chars"] += chars

    def share(x: int, of: int) -> float:
        return round(x / of, 4) if of else 0.0

    srcs = sorted(sources.values(), key=lambda e: -e["chars"])
    for e in srcs:
        e["share"] = share(e.pop("chars"), total)
    sections = {
        sid: {"own": share(d["own"], d["chars"]), "other": share(d["other"], d["chars"]), "template": share(d["template"], d["chars"]), "chars": d["chars"]}
        for sid, d in by_sec.items() if sid
    }
    return {
        "own_share": share(kind_chars["own"], total),
        "prev_share": share(kind_chars["prev"], total),
        "other_share": share(kind_chars["other"], total),
        "template_share": share(kind_chars["template"], total),
        "unknown_share": share(kind_chars["unknown"], total),
        "copied_share": share(kind_chars["own"] + kind_chars["other"], total),
        "largest_source": ({k: srcs[0][k] for k in ("path", "organ", "year", "share")} if srcs else None),
        "by_section": sections,
        "sources": srcs,
        "identical_tables": len(a.tables),
        "compared_with": a.compared,
        "chars": total,
    }


def unknown_pair(t: Fingerprint, ps: Passage) -> bool:
    """A passage shared with another report when the organ of either is unknown: the same text,
    but whether it is the organ's own or another organ's cannot be said (not charged as either)."""
    return ps.kind == "other" and ps.source is not None and (t.key.startswith("file:") or ps.source.key.startswith("file:"))
