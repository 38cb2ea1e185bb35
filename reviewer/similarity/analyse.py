"""The copy analysis of a batch: the template model and the candidate search over the batch (and
the archive), then each report aligned with its own earlier reports and its candidates, in forked
workers; the passages and shares come from ``passages`` (see the package docstring for the metrics
keys)."""

from __future__ import annotations

import math
import multiprocessing as mp
from typing import Any

import numpy as np

from reviewer.forkmap import default_jobs, fork_map
from reviewer.model import Document
from reviewer.similarity.align import (
    JUNCTION,
    Target,
    compare,
    covered_chars,
    unit_fraction,
    unit_sums,
)
from reviewer.similarity.fingerprint import Fingerprint, fingerprint
from reviewer.similarity.index import candidates, sample_hashes
from reviewer.similarity.passages import (
    DocAnalysis,
    Params,
    Passage,
    copy_metrics,
    identical_tables,
    label_units,
    merge_passages,
)
from reviewer.similarity.shingle import N_TEMPLATE, N
from reviewer.similarity.template import TemplateModel, report_buckets
from reviewer.similarity.verify import SourceRuns, figure_similarity, verify

__all__ = ["DocAnalysis", "Params", "Passage", "analyse", "analyse_fingerprints", "index_row", "report_inputs"]


def template_chars(f: Fingerprint, tm: TemplateModel, is_template: np.ndarray | None = None) -> np.ndarray:
    """Masked characters inside template n-grams or prescribed phrases (``is_template``: the
    model's verdict on ``f.thashes`` when already known)."""
    tmpl = tm.is_template(f.thashes) if is_template is None else is_template
    return covered_chars(np.flatnonzero(tmpl), f.n_masked, N_TEMPLATE) | f.prescribed


def _junction_ok(f: Fingerprint, tmpl: np.ndarray) -> np.ndarray:
    """Boundaries that can show copying order: no figure or prescribed wording within ``JUNCTION``
    characters, and the text across them not common to many organs (``tmpl``: the template model's
    verdict on ``f.thashes``; whole sentences common to many organs copied in order are found as
    runs, ``sentence_runs``)."""
    bad = f.figures() | f.prescribed
    cum = np.concatenate(([0], np.cumsum(bad, dtype=np.int64)))
    L = f.n_masked
    b = np.arange(L + 1)
    lo, hi = np.clip(b - JUNCTION, 0, L), np.clip(b + JUNCTION, 0, L)
    ok = (cum[hi] - cum[lo]) == 0
    k = b - N_TEMPLATE // 2
    valid = (k >= 0) & (k < len(tmpl))
    if len(tmpl):
        ok &= ~(valid & tmpl[np.clip(k, 0, len(tmpl) - 1)])
    return ok


def inside(chars: np.ndarray, k: int, n: int = N) -> np.ndarray:
    """For each of ``k`` n-gram starts: whether all its characters are set in ``chars``."""
    cum = np.concatenate(([0], np.cumsum(chars, dtype=np.int64)))
    return (cum[n : n + k] - cum[:k]) == n


def _align(i: int, st: dict[str, Any]) -> DocAnalysis:
    """Exact comparison of batch report ``i`` with its own earlier reports and its candidates."""
    p: Params = st["p"]
    pool: list[Fingerprint] = st["pool"]
    t = pool[i]
    th = t.thashes
    tm: TemplateModel = st["tm"]
    # an organ repeating its own text is judged against a higher bar of "common": only text most
    # organs share (and the prescribed wording) is excused when it comes back from its own last report
    thr = max(p.own_template_min, math.ceil(p.own_template_share * tm.n_organs_))
    # the model's verdicts on the report's n-grams (batch and own-past bars), computed in the alignment worker
    tmpl, own_tmpl = tm.is_template_at(th, tm.threshold_, thr)
    tchars = template_chars(t, tm, tmpl)
    skip = inside(tchars, len(t.hashes))
    weight = ~t.figures()
    tfrac = unit_fraction(tchars, t.u_m0, t.u_m1, weight)
    own_chars = weight & ~tchars  # what can be copied: neither figures nor template
    free = unit_sums(own_chars, t.u_m0, t.u_m1)
    own_fps = [pool[j] for j in st["by_key"][t.key] if t.year is not None and pool[j].year is not None and pool[j].year < t.year]
    own_fps.sort(key=lambda f: -f.year)
    own_fps = own_fps[: p.own_limit]
    other_fps = [pool[j] for j, _ in st["cands"][i]]
    jok = _junction_ok(t, tmpl)
    own_tchars = covered_chars(np.flatnonzero(own_tmpl), t.n_masked, N_TEMPLATE) | t.prescribed
    own_skip = inside(own_tchars, len(t.hashes))
    own_free_chars = weight & ~own_tchars
    own_free = unit_sums(own_free_chars, t.u_m0, t.u_m1)
    tg = Target(t)
    own = [(f, compare(t, f, own_skip, own_tchars, own_free_chars, junction_ok=jok, figures=weight, target=tg)) for f in own_fps]
    other = [(f, compare(t, f, skip, tchars, own_chars, junction_ok=jok, figures=weight, runs=True, target=tg)) for f in other_fps]
    label, src, cover, run = label_units(t, own, other, tfrac, free, p, own_free, unit_sums(weight, t.u_m0, t.u_m1))
    a = DocAnalysis(t, compared=len(own) + len(other), own_prev=own_fps[0] if own_fps else None)
    shared = unit_sums(tchars & ~t.prescribed & weight, t.u_m0, t.u_m1)
    a.passages = merge_passages(t, label, src, cover, tfrac, free, own + other, p, shared, own_free, run)
    if own_fps:
        a.tables = [(ti, own_fps[0], si) for ti, si in identical_tables(t, own_fps[0])]
    a.metrics = copy_metrics(a, label, p, own[0][1].cover if own else None)
    runs: SourceRuns = st.setdefault("runs", SourceRuns())
    for ps in a.passages:
        if ps.kind != "template":
            ps.verified = verify(ps, t.doc, runs)
            if ps.verified:
                ps.similarity = figure_similarity(ps, t.doc)
            # an own-past passage mostly rewritten (its clauses on average found only in part) shares a
            # topic with the earlier report, not its text
            if ps.kind == "own" and ps.similarity < p.min_own_similarity:
                ps.verified = False
    return a


def _align_compact(st: dict[str, Any], i: int) -> tuple:
    """``_align`` in a worker, returned without the fingerprints (sources as pool indexes)."""
    a = _align(i, st)
    ids = st["ids"]
    passages = [(ps.kind, ps.start, ps.end, ps.chars, ps.similarity, ps.units, ids[id(ps.source)] if ps.source else -1,
                 ps.src_start, ps.src_end, ps.shared, ps.verified) for ps in a.passages]
    tables = [(ti, ids[id(s)], si) for ti, s, si in a.tables]
    return passages, tables, a.metrics, a.compared, ids[id(a.own_prev)] if a.own_prev is not None else -1


def report_inputs(f: Fingerprint, p: Params | None = None) -> tuple[np.ndarray, np.ndarray]:
    """What the batch stage reads of one report before aligning it: its template buckets
    (``template.report_buckets``) and its row of the candidate index (sampled n-grams beyond the
    prescribed wording). The pipeline computes them where the report is read."""
    return report_buckets(f.thashes), index_row(f, (p or Params()).sample)


def index_row(f: Fingerprint, sample: int) -> np.ndarray:
    """A report's row of the cross-organ candidate index: its n-grams beyond the prescribed
    wording, sampled 1 in ``sample``."""
    return sample_hashes(f.hashes[~inside(f.prescribed, len(f.hashes))], sample)


def analyse_fingerprints(batch: list[Fingerprint], archive: Any = None, p: Params | None = None,
                         inputs: list[tuple[np.ndarray, np.ndarray] | None] | None = None) -> list[DocAnalysis]:
    """``inputs``: ``report_inputs`` of each batch report when already computed (aligned with
    ``batch``; computed here where missing)."""
    p = p or Params()
    ready = inputs if inputs is not None and len(inputs) == len(batch) else [None] * len(batch)

    def buckets_of(i: int) -> np.ndarray:
        got = ready[i] if i < len(batch) else None
        return got[0] if got is not None else report_buckets(pool[i].thashes)

    def row_of(i: int) -> np.ndarray:
        got = ready[i] if i < len(batch) else None
        return got[1] if got is not None else index_row(pool[i], p.sample)

    seen = {f.doc.sha256 for f in batch}
    # a stored archive (``reviewer.archive.view.ArchiveView``) pools its reports as stubs and reads
    # the fingerprints it is compared with after the candidate search
    stored = None if archive is None or isinstance(archive, list) else archive
    pool = batch + (stored.stubs(seen) if stored else [f for f in (archive or []) if f.doc.sha256 not in seen])
    by_key: dict[str, list[int]] = {}
    for i, f in enumerate(pool):
        by_key.setdefault(f.key, []).append(i)
    tm = stored.template_model(pool, len(batch), by_key, p) if stored else TemplateModel(p.template_share, p.template_min_organs).fit_buckets(
        np.concatenate([buckets_of(i) for i in idx]) for idx in by_key.values()
    )
    # candidates share text beyond the prescribed wording, common or not: a text every town of a
    # county files is common in the batch and still copied (columns in over ``max_df`` reports drop)
    rows = [row_of(i) for i in range(len(batch) if stored else len(pool))]
    rows += stored.index_rows(p.sample) if stored else []
    cands = candidates(rows, [f.key for f in pool], [f.year for f in pool], min_shared=p.min_shared,
                       max_df=p.max_df, top_k=p.top_k, queries=len(batch))
    if stored:
        stored.fill(pool, len(batch), by_key, cands)
    # each batch report's template characters are found where it is aligned (``_align``)
    st = {"p": p, "tm": tm, "pool": pool, "by_key": by_key, "cands": cands, "ids": {id(f): k for k, f in enumerate(pool)}}
    jobs = p.jobs or default_jobs()
    if jobs <= 1 or len(batch) < p.parallel_min or "fork" not in mp.get_all_start_methods():
        return [_align(i, st) for i in range(len(batch))]
    # the alignment of each report is independent: forked workers share the fingerprints
    # copy-on-write and send back only passages and metrics
    compact = fork_map(_align_compact, range(len(batch)), st, jobs, chunksize=32)
    out: list[DocAnalysis] = []
    for t, (passages, tables, metrics, compared, prev) in zip(batch, compact, strict=True):
        a = DocAnalysis(t, compared=compared, metrics=metrics, own_prev=pool[prev] if prev >= 0 else None)
        a.passages = [Passage(k, s, e, c, sim, u, pool[si] if si >= 0 else None, ss, se, sh, ok)
                      for k, s, e, c, sim, u, si, ss, se, sh, ok in passages]
        a.tables = [(ti, pool[si], sj) for ti, si, sj in tables]
        out.append(a)
    return out


def analyse(docs: list[Document], archive: list[Document] | None = None, p: Params | None = None) -> list[DocAnalysis]:
    return analyse_fingerprints([fingerprint(d) for d in docs], [fingerprint(d) for d in archive or []], p)
