"""C2xx: copying across reports (issue 3). Batch rules: each report is compared with the same organ's
earlier reports (batch + ``--archive``) exactly, and with other organs' reports found by the
sub-quadratic candidate index. One analysis per batch is shared by all C2xx rules; it also leaves
``metrics["copy"]`` for scoring (keys in ``reviewer.similarity``'s docstring)."""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from typing import Any

import numpy as np

from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule

_KEY = "similarity.analysis"


def _problems(doc: Document) -> tuple[int, int] | None:
    from reviewer import structure

    finder = getattr(structure, "problems_section", None)
    sec = finder(doc) if finder else doc.section("五")
    return (sec.start, sec.end) if sec else None


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

        from reviewer.similarity.archive import Archive

        try:
            with Archive(path, create=False) as arc:
                archive_fps = arc.fingerprints()
        except (OSError, sqlite3.DatabaseError, ValueError, KeyError) as e:  # a bad archive must not stop the batch
            sys.stderr.write(f"reviewer: archive {path}: cannot be read ({e}); comparing within the batch only\n")
    pre = ctx.cache.get("fingerprints")  # computed by the pipeline's workers, aligned with docs
    fps = pre if pre is not None and len(pre) == len(docs) else [fingerprint(d) for d in docs]
    res = analyse_fingerprints(fps, archive_fps)
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


# A reported passage must be found in its source as running text, not only as masked n-gram hashes:
# at least VERIFIED_SHARE of its characters in stretches of RUN characters that occur in the source
# report (figures and whitespace normalised) and at least MIN_VERIFIED such characters. Audit of the
# real reports (corpus/real_findings): below this, "copies" were a set phrase of a few words, a
# heading, or a clause matched to a different sentence of the source.
RUN = 8
VERIFIED_SHARE = 0.6
MIN_VERIFIED = 25
_RUNS_KEY = "similarity.source_runs"
_VERIFIED_KEY = "similarity.verified"


def _plain(text: str) -> str:
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", text))


# Contact and download lines (address, phone, e-mail, website) are the same every year by nature:
# their clauses count neither as found nor towards the passage (audit FP: contact block as "copy").
_CONTACT = re.compile(r"地址|邮编|邮政编码|电话|传真|邮箱|网址|@|www\.|https?:|下载|请与")
# clauses end at commas, full stops and semicolons only: a bracketed address or URL ("网站（www…）的
# …中下载", "联系（地址：…；邮编：…）") stays with the clause that introduces it
_CLAUSE = re.compile(r"[^，,。；;\n]+[，,。；;\n]*")


def _contact_mask(a: str) -> bytearray:
    mask = bytearray(len(a))
    for m in _CLAUSE.finditer(a):
        if _CONTACT.search(m.group()):
            mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


# The preamble the format asks of every organ: the legal basis the report is compiled under and the
# statistics period. Between two organs it is expected to match (audit FP: standard intro formula
# with the legal citation as copied-from-other); the organ's own earlier preamble is still compared.
_PREAMBLE = re.compile(r"统计(?:期限|时限|周期)|(?:根据|依据|按照).{0,40}政府信息公开条例.{0,120}?(?:编制|制定|要求)")
PREAMBLE_MAX = 160


def _passage_text(p: Any, doc: Document) -> tuple[str, bytearray]:
    """The passage as plain text, with a mask of what never counts towards a copy: section headings
    (the outline) and one-clause nil statements ("本年度未收到…申请。") — every organ prints them
    under the same headings every year (audit FP: headings plus a one-line nil statement) — and,
    against another organ, the preamble formula (``_PREAMBLE``)."""
    from reviewer.similarity.fingerprint import nil_statement

    cuts = [(x.start, x.heading_end) for x in doc.sections if not x.recovered and x.heading_end > p.start and x.start < p.end]
    other = getattr(p, "kind", "") == "other"
    cuts += [(x.start, x.end) for x in doc.sentences if x.end > p.start and x.start < p.end
             and (nil_statement(doc.text[x.start : x.end]) or (other and _PREAMBLE.search(doc.text[x.start : x.end])
                                                                and x.end - x.start <= PREAMBLE_MAX))]
    pieces: list[tuple[int, int, int]] = []
    pos = p.start
    for c0, c1 in sorted(cuts):
        c0, c1 = max(c0, p.start), min(c1, p.end)
        if c1 <= pos:
            continue
        if c0 > pos:
            pieces.append((pos, c0, 0))
        pieces.append((max(c0, pos), c1, 1))
        pos = c1
    if pos < p.end:
        pieces.append((pos, p.end, 0))
    text, mask = "", bytearray()
    for a, b, flag in pieces:
        t = _plain(doc.text[a:b])
        text += t
        mask += bytes([flag]) * len(t)
    return text, mask


def _char_classes(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point: ``str.isspace``, ``str.isdigit`` and ``\\d`` (Unicode Nd), decided once per
    distinct character (a report has a few hundred), so the masks agree exactly with the regex
    ``\\d+|\\s+|.`` walk they replace (e.g. 「①」 is a digit but not ``\\d``)."""
    uniq, inv = np.unique(cp, return_inverse=True)
    chars = [chr(c) for c in uniq.tolist()]
    space = np.fromiter((c.isspace() for c in chars), dtype=bool, count=len(chars))
    digit = np.fromiter((c.isdigit() for c in chars), dtype=bool, count=len(chars))
    nd = np.fromiter((unicodedata.category(c) == "Nd" for c in chars), dtype=bool, count=len(chars))
    return space[inv], digit[inv], nd[inv]


def _plain_map(text: str) -> tuple[str, np.ndarray]:
    """``_plain(text)`` with, for each of its characters, the offset in ``text`` it comes from:
    whitespace dropped, each run of digits one "0" at the run's first offset."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(cp):
        return "", np.zeros(0, dtype=np.int64)
    space, digit, nd = _char_classes(cp)
    run_tail = np.zeros(len(cp), dtype=bool)
    run_tail[1:] = nd[1:] & nd[:-1]  # inside a \d+ run: folded into the run's first "0"
    keep = np.flatnonzero(~space & ~run_tail)
    out = np.where(digit, np.uint32(ord("0")), cp)[keep]
    return out.astype("<u4").tobytes().decode("utf-32-le"), keep


_BASE = np.uint64(1_000_003)


def _gram_hashes(text: str, n: int = RUN) -> np.ndarray:
    """A 64-bit polynomial hash of every ``n``-character window (wrapping arithmetic): a fast filter;
    every hit is confirmed on the strings themselves."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    k = len(cp) - n + 1
    if k <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(k, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            h = h * _BASE + cp[j : j + k]
    return h


# Source documents whose plain text is kept, least recently used dropped (sources are mostly the
# same organ's neighbouring reports); each entry is the plain text, its offsets and window hashes.
_RUNS_MAX = 128


def _source_runs(src: Document, ctx: Context) -> tuple[str, np.ndarray, np.ndarray]:
    runs_by_doc: OrderedDict[int, Any] = ctx.cache.setdefault(_RUNS_KEY, OrderedDict())
    runs = runs_by_doc.get(id(src))
    if runs is not None and runs[0] is src:
        runs_by_doc.move_to_end(id(src))
    else:
        t, offs = _plain_map(src.text)
        runs = runs_by_doc[id(src)] = (src, t, offs, _gram_hashes(t))
        while len(runs_by_doc) > _RUNS_MAX:
            runs_by_doc.popitem(last=False)
    return runs[1], runs[2], runs[3]


def _shared_runs(a: str, t: str, t_hashes: np.ndarray) -> list[tuple[int, int]]:
    """(source position, passage position) of every ``RUN``-character window the passage shares with
    the source text, sorted."""
    hits = np.flatnonzero(np.isin(t_hashes, _gram_hashes(a)))
    where: dict[str, list[int]] = {}
    for q in hits.tolist():
        where.setdefault(t[q : q + RUN], []).append(q)
    return sorted((q, k) for k in range(len(a) - RUN + 1) for q in where.get(a[k : k + RUN], ()))


def _verified(p: Any, doc: Document, ctx: Context) -> bool:
    """The passage's text must occur in ONE place of the source as running text: the 8-character
    runs it shares with the source, counted only within the best window of the source (about twice
    the passage's length). Runs scattered over the source are a few stock words shared by different
    sentences, not a copy (audit FP: clause matched to a different sentence of the source). The
    window found is the passage's true source: the evidence span is set to it (audit: evidence
    citing the wrong source passage)."""
    if p.source is None:
        return True
    done: dict[int, tuple[Any, bool]] = ctx.cache.setdefault(_VERIFIED_KEY, {})
    seen = done.get(id(p))
    if seen is not None and seen[0] is p:  # C201 and C204 verify the same passages
        return seen[1]
    ok = _verify(p, doc, ctx)
    done[id(p)] = (p, ok)
    return ok


def _verify(p: Any, doc: Document, ctx: Context) -> bool:
    t, offs, t_hashes = _source_runs(p.source.doc, ctx)
    a, outline = _passage_text(p, doc)
    contact = bytearray(x | y for x, y in zip(_contact_mask(a), outline, strict=True))
    need = max(MIN_VERIFIED, VERIFIED_SHARE * (len(a) - sum(contact)))
    pairs = _shared_runs(a, t, t_hashes)
    if not pairs:
        return False
    width = 2 * len(a) + 40
    orig = int(np.searchsorted(offs, getattr(p, "src_start", 0), side="left"))  # the aligner's source span, in plain positions
    count = [0] * len(a)  # runs in the window covering each passage character
    found = best = lo = 0
    best_span = (0, 0)
    for hi, (q, k) in enumerate(pairs):
        for c in range(k, k + RUN):
            count[c] += 1
            if count[c] == 1 and not contact[c]:
                found += 1
        while pairs[lo][0] < q - width:
            q0, k0 = pairs[lo]
            for c in range(k0, k0 + RUN):
                count[c] -= 1
                if count[c] == 0 and not contact[c]:
                    found -= 1
            lo += 1
        # on a tie, the window holding the aligner's own source span wins
        near = 0.5 if pairs[lo][0] <= orig + RUN and orig <= q + RUN else 0.0
        if found + near > best:
            best, best_span = found + near, (lo, hi)
    if int(best) < need:
        return False
    # the evidence span: the window's runs that keep the copy's offset (stray runs of stock words
    # at the window's edges do not widen it)
    win = pairs[best_span[0] : best_span[1] + 1]
    mid = sorted(q - k for q, k in win)[len(win) // 2]
    keep = [q for q, k in win if abs(q - k - mid) <= max(3 * RUN, len(a) // 8)] or [q for q, _ in win]
    s0, s1 = min(keep), max(keep) + RUN
    p.src_start, p.src_end = int(offs[s0]), int(offs[min(s1, len(offs)) - 1]) + 1
    return True


def _passage_findings(docs: list[Document], ctx: Context, kind: str, code: str, fkind: str, severity: str, message) -> dict[int, list[Finding]]:
    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(analysis(docs, ctx)):
        doc = docs[i]
        fs = [
            doc.finding(code, fkind, severity, p.start, p.end, message(p), _source_evidence(p) if p.source else {"similarity": p.similarity})
            for p in a.passages
            if p.kind == kind and _verified(p, doc, ctx)
        ]
        if fs:
            out[i] = fs
    return out


def _year(y: int | None) -> str:
    return f"{y}年" if y else "年份不明的"


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
        lambda p: f"与本机关{_year(p.source.year)}报告相同（相似度{p.similarity:.0%}）",
    )


@rule("C202", "copied-from-other", "copied-from-other", "warning", scope="batch", spec="§1 内容雷同")
def copied_from_other(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Passages shared with another organ's report (name swapped or not).

    Candidates come from a sparse n-gram index over the batch and archive (sub-quadratic); each
    candidate pair is then aligned exactly. The organ's own name is masked, so a report taken from a
    neighbouring organ with the name replaced is found. Passages shared by many organs are template
    text (C203), not copying. Example: a county report whose 概述 equals another county's word for word.
    """
    return _passage_findings(
        docs, ctx, "other", "C202", "copied-from-other", "warning",
        lambda p: f"与{p.source.organ or '其他机关'}{_year(p.source.year)}报告相同（相似度{p.similarity:.0%}）",
    )


@rule("C203", "template-text", "template-text", "info", scope="batch", spec="§7 defect 6")
def template_text(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Template text: passages the report shares with many other organs.

    A report written from a shared model text says nothing about the organ (spec §7, defect 6).
    Learnt from document frequency across the organs of the batch and archive; the wording the
    format prescribes (preamble formula, headings, table labels) is expected and never flagged.
    Template text never counts as copying (it is excluded from the copied shares).
    Example: a paragraph of stock sentences found word for word in the reports of a dozen organs.
    """
    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(analysis(docs, ctx)):
        doc = docs[i]
        fs = [doc.finding("C203", "template-text", "info", p.start, p.end, "与多个机关报告相同的模板化文字（不计为抄袭）",
                          {"similarity": p.similarity, "shared_chars": p.shared})
              for p in a.passages if p.kind == "template" and p.shared >= MIN_SHARED_TEMPLATE]
        if fs:
            out[i] = fs
    return out


MIN_SHARED_TEMPLATE = 24  # masked characters beyond the prescribed wording


@rule("C204", "repeated-problem", "repeated-problem", "warning", scope="batch", spec="§2 五; §7")
def repeated_problem(docs: list[Document], ctx: Context) -> dict[int, list[Finding]]:
    """Problems in section 五 repeated from the same organ's earlier section 五.

    Section 五 must state this year's problems and what was done about last year's; restating last
    year's problems (and measures) unchanged shows they were not addressed. The evidence carries both
    passages: this report's and the earlier report's. Example: 2023 五 "一是信息公开队伍专业化水平
    不高" equal to 2022 五.
    """
    out: dict[int, list[Finding]] = {}
    for i, a in enumerate(analysis(docs, ctx)):
        doc = docs[i]
        here = _problems(doc)
        if here is None:
            continue
        fs = []
        for p in a.passages:
            if p.kind != "own" or not (here[0] <= p.start < here[1]) or not _verified(p, doc, ctx):
                continue
            there = _problems(p.source.doc)
            if there is None or not (there[0] <= p.src_start < there[1]):
                continue
            ev = _source_evidence(p)
            # the repeated problem is what lies in 五: a passage running on into 六 or an appended
            # statistics table is cut at the section's end (audit: span overran section 五)
            fs.append(doc.finding("C204", "repeated-problem", "warning", p.start, min(p.end, here[1]),
                                  f"问题与改进措施沿用本机关{_year(p.source.year)}报告第五部分", ev))
        if fs:
            out[i] = fs
    return out


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
                                  f"表格数字与本机关{_year(src.year)}报告完全相同", ev))
        if fs:
            out[i] = fs
    return out
