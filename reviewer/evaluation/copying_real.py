"""`reviewer eval copying --real`: year-to-year copy detection measured on hand-annotated real reports.

The gold (``corpus/copying_real/``, see GUIDELINE.md there) gives, for every pair of consecutive
report years of one organ, the stretches of the later report carried over from the earlier one
(``passages.tsv``: kind ``substantive`` | ``frame`` | ``prescribed``), the annotated own-copied share
of substantive prose (``pairs.tsv``) and the problems of section 五 restated from an earlier year
(``problems.tsv``). Offsets are code points into the raw files; the reviewer's offsets are into the
normalised ``Document.text`` and are compared after mapping the gold through the character alignment
of ``reviewer.evaluation.reading``.

Measured, separately for the ``dev`` and ``test`` organs of ``corpus/reading/split.tsv``:

- passages (C201 copied-from-own-past, spec §7 内容雷同): a predicted passage and a gold substantive
  passage match when their overlap is at least half of the shorter; a prediction lying mostly on
  frame or prescribed gold (and matching no substantive passage) is don't-care, and so is one with
  fewer Chinese characters than the gold ever annotates (``MIN_HAN``, GUIDELINE.md: shorter carried
  runs are left unannotated), counted apart (``short_unmatched``);
- characters: the same on character sets;
- own-copied share per pair: the reviewer's own-past passages whose text also stands in the pair's
  earlier report (``metrics["copy"]["prev_share"]``; the gold counts only that report) against the
  annotated share, right when within ``SHARE_TOLERANCE``; printed beside it, the passages whose source
  is that report (``sources``) and ``own_share`` (any earlier year);
- repeated problems (C204, spec §2 五): a gold problem is found when a C204 finding covers half of
  it; a C204 finding is right when it covers half of some gold problem of its report;
- misplaced copy findings (C201–C204): starting or ending strictly inside page chrome, a table or
  a gold frame span (of the later report, or of the earlier one when its span is not the hull of
  scattered stretches).

Per-passage errors are printed for ``dev`` only; ``test`` stays sealed (aggregates only).
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from reviewer.evaluation.copying_figures import (
    MIN_HAN,
    dev_errors,
    echo_evaluation,
    format_part,
    report,
)
from reviewer.evaluation.reading import REPORTS, align
from reviewer.model import Document, Result
from reviewer.paths import ROOT

GOLD = ROOT / "corpus" / "copying_real"
SPLIT = ROOT / "corpus" / "reading" / "split.tsv"
COPY_RULES = ("C201", "C202", "C203", "C204")
HULL_RATIO, HULL_SLACK = 2, 20
_YEAR = re.compile(r"^(?P<organ>.+)_(?P<year>\d{4})$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return max(0, self.end - self.start)


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def matches(a: Span, b: Span) -> bool:
    """Overlap of at least half of the shorter span."""
    short = min(len(a), len(b))
    return short > 0 and overlap(a, b) * 2 >= short


def covers_half(cover: Span, target: Span) -> bool:
    return len(target) > 0 and overlap(cover, target) * 2 >= len(target)


def strictly_inside(pos: int, spans: list[Span]) -> bool:
    return any(s.start < pos < s.end for s in spans)


# -- gold -----------------------------------------------------------------------------------------
def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class Gold:
    passages: dict[tuple[str, str], list[tuple[Span, str]]]  # (collection, later file) → spans, kind
    frames: dict[tuple[str, str], list[Span]]  # frame spans in any file (later or earlier side)
    frame_sides: dict[tuple[str, str], list[str]]  # "later" | "earlier", in the order of ``frames``
    pairs: dict[tuple[str, str], tuple[str, float]]  # (collection, later) → (earlier, share)
    problems: dict[str, list[Span]]  # later file → restated problem spans
    part: dict[tuple[str, str], str]  # (collection, file) → dev | test


def load_gold(folder: Path = GOLD, split: Path = SPLIT) -> Gold:
    passages: dict[tuple[str, str], list[tuple[Span, str]]] = defaultdict(list)
    frames: dict[tuple[str, str], list[Span]] = defaultdict(list)
    sides: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in _tsv(folder / "passages.tsv"):
        key = (r["collection"], r["later_file"])
        passages[key].append((Span(int(r["later_start"]), int(r["later_end"])), r["kind"]))
        if r["kind"] == "frame":
            frames[key].append(Span(int(r["later_start"]), int(r["later_end"])))
            sides[key].append("later")
            src = Span(int(r["earlier_start"]), int(r["earlier_end"]))
            # the earlier side of a clause-level match is the hull of its shared stretches, which may
            # lie far apart: a frame span on that side only when about as long as the later one
            if len(src) <= HULL_RATIO * len(frames[key][-1]) + HULL_SLACK:
                frames[(r["collection"], r["earlier_file"])].append(src)
                sides[(r["collection"], r["earlier_file"])].append("earlier")
    pairs = {(r["collection"], r["later_file"]): (r["earlier_file"], float(r["own_copied_share"]))
             for r in _tsv(folder / "pairs.tsv")}
    problems: dict[str, list[Span]] = defaultdict(list)
    if (folder / "problems.tsv").is_file():
        for r in _tsv(folder / "problems.tsv"):
            problems[r["later_file"]].append(Span(int(r["later_start"]), int(r["later_end"])))
    split_file = folder / "split.tsv" if (folder / "split.tsv").is_file() else split
    part = {(r["collection"], r["file"]): r["part"] for r in _tsv(split_file)} if split_file.is_file() else {}
    return Gold(dict(passages), dict(frames), dict(sides), pairs, dict(problems), part)


def han(text: str, s: Span) -> int:
    """Chinese characters of ``text`` inside ``s``."""
    return sum(1 for ch in text[s.start:s.end] if "\u4e00" <= ch <= "\u9fff")


def organ_of(file: str) -> str | None:
    m = _YEAR.match(Path(file).stem)
    return m.group("organ") if m else None


# -- the reviewer's side --------------------------------------------------------------------------
def _findings(r: Result, rule: str) -> list[Any]:
    return [f for f in r.findings if f.rule == rule]


def _own_share(r: Result) -> float | None:
    """The reviewer's own-copied share: text copied from any earlier year of the organ."""
    v = (r.metrics.get("copy") or {}).get("own_share")
    return float(v) if isinstance(v, (int, float)) else None


def _prev_share(r: Result) -> float | None:
    """The reviewer's own-copied share counted as the gold counts it: own-past passages whose text
    also stands in the organ's latest earlier report, the pair's earlier one (``prev_share``)."""
    v = (r.metrics.get("copy") or {}).get("prev_share")
    return float(v) if isinstance(v, (int, float)) else None


def _pair_share(r: Result, earlier: str) -> float | None:
    """The reviewer's own-copied share counted as the gold counts it: only the passages whose source
    is the pair's earlier report (``metrics["copy"]["sources"]``, kind ``own``)."""
    copy = r.metrics.get("copy") or {}
    if not isinstance(copy.get("own_share"), (int, float)):
        return None
    return round(sum(float(e.get("share") or 0.0) for e in copy.get("sources") or []
                     if e.get("kind") == "own" and Path(str(e.get("path", ""))).name == earlier), 4)


class Mapper:
    """Raw ↔ normalised offsets of one file (``reviewer.evaluation.reading.align``)."""

    def __init__(self, raw: str, text: str) -> None:
        self.fwd = align(raw, text)

    def to_norm(self, s: Span) -> Span:
        return Span(self.fwd[s.start], self.fwd[s.end])

    def to_raw(self, pos: int) -> int:
        return bisect.bisect_left(self.fwd, pos)


def score_pair(gold_spans: list[tuple[Span, str]], preds: list[Span], unpaired: set[int] | None = None,
               short: set[int] | None = None) -> dict[str, Any]:
    """Passage and character figures of one later report (all spans in the same offsets).

    ``unpaired``: indexes of predictions whose source is not the paired earlier report (an older
    year); the gold covers consecutive pairs only, so such a prediction is right when it matches a
    gold passage and don't-care otherwise. ``short``: indexes of predictions shorter than any gold
    passage may be (``MIN_HAN``): right when they match one, else don't-care (``short_unmatched``)."""
    subst = [s for s, k in gold_spans if k == "substantive"]
    dontcare = [s for s, k in gold_spans if k != "substantive"]
    unpaired, short = unpaired or set(), short or set()
    right, wrong, ignored, older, below = [], [], [], 0, 0
    for i, p in enumerate(preds):
        if any(matches(p, g) for g in subst):
            right.append(p)
        elif sum(overlap(p, d) for d in dontcare) * 2 >= len(p):
            ignored.append(p)
        elif i in unpaired:
            ignored.append(p)
            older += 1
        elif i in short:
            ignored.append(p)
            below += 1
        else:
            wrong.append(p)
    found = [g for g in subst if any(matches(p, g) for p in preds)]
    missed = [g for g in subst if g not in found]
    gchars = {i for g in subst for i in range(g.start, g.end)}
    dchars = {i for d in dontcare for i in range(d.start, d.end)} - gchars
    pchars = {i for p in right + wrong for i in range(p.start, p.end)} - dchars
    return {
        "pred": len(preds) - len(ignored), "pred_right": len(right), "gold": len(subst), "gold_found": len(found),
        "chars_pred": len(pchars), "chars_gold": len(gchars), "chars_both": len(pchars & gchars),
        "wrong": wrong, "missed": missed, "ignored": len(ignored), "older_unmatched": older, "short_unmatched": below,
    }


def score_problems(gold: list[Span], preds: list[Span]) -> dict[str, Any]:
    right = [p for p in preds if any(covers_half(p, g) for g in gold)]
    found = [g for g in gold if any(covers_half(p, g) for p in preds)]
    return {"pred": len(preds), "pred_right": len(right), "gold": len(gold), "gold_found": len(found),
            "wrong": [p for p in preds if p not in right], "missed": [g for g in gold if g not in found]}


def misplaced(doc: Document, r: Result, frames: list[Span], sides: list[str] | None = None) -> dict[str, int]:
    """Copy findings (C201–C204) that start or end strictly inside chrome, a table or a frame span;
    the frame ones also counted by rule, edge and the frame class of the finding's sentence at that edge
    (``frame:<rule>:<start|end>:<later|earlier gold side>:<class>``, class from ``reviewer.similarity.frame``)."""
    from reviewer.similarity.frame import sentence_function

    chrome = [Span(c.start, c.end) for c in doc.chrome]
    tables = [Span(t.start, t.end) for t in doc.tables]
    out: dict[str, int] = defaultdict(int)
    for k in ("chrome", "table", "frame", "findings"):
        out[k] = 0
    for f in r.findings:
        if f.rule not in COPY_RULES:
            continue
        out["findings"] += 1
        out[f"rule:{f.rule}"] += 1
        for name, spans in (("chrome", chrome), ("table", tables), ("frame", frames)):
            edges = [e for e, pos in (("start", f.start), ("end", f.end)) if strictly_inside(pos, spans)]
            if edges:
                out[name] += 1
            if name == "frame":
                for e in edges:
                    at = f.start if e == "start" else f.end
                    side = next(((sides or [])[k] for k, sp in enumerate(spans) if sp.start < at < sp.end and k < len(sides or [])), "?")
                    pos = at if e == "start" else at - 1  # the finding's own first or last character
                    sent = next((s for s in doc.sentences if s.start <= pos < s.end), None)
                    cls = (sentence_function(doc.text[sent.start:sent.end]) if sent else None) or _unclassified(doc, sent, pos)
                    out[f"frame:{f.rule}:{e}:{side}:{cls}"] += 1
    return dict(out)


def _unclassified(doc: Document, sent: Any, pos: int) -> str:
    """An edge in gold frame text the frame classifier does not recognise: its section and the
    length of its sentence (short ≤ 40, mid ≤ 160, long)."""
    from reviewer.similarity.frame import POLITICAL, opening_length

    sec = doc.section_at(pos)
    n = (sent.end - sent.start) if sent else 0
    t = doc.text[sent.start:sent.end] if sent else ""
    # what the sentence holds: P political marker, O an opening cut off, R the report or the
    # regulations named, D a figure, S the sentence runs on past the edge's clause
    flags = "".join(k for k, on in (("P", POLITICAL.search(t)), ("O", opening_length(t) > 0),
                                     ("R", re.search("报告|条例", t)), ("D", re.search(r"\d", t))) if on)
    if sent and opening_length(t):  # the edge before (<), at (=) or after (>) the end of the opening cut off
        cut = sent.start + opening_length(t)
        flags += "<" if pos < cut else "=" if pos == cut else ">"
    return f"unclassified@{sec.id if sec else '-'}/{'short' if n <= 40 else 'mid' if n <= 160 else 'long'}/{flags or '-'}"


def problem_reasons(doc: Document, r: Result, gold: list[Span], wrong: list[Span], sources: dict[str, Document],
                    paired: bool) -> dict[str, int]:
    """C204 findings not matching the gold, counted by category: ``partial`` (covers some of a gold
    problem, less than half), else the ground ``reviewer.similarity.problems.basis`` gave for the
    restatement (``core`` | ``pairs`` | ``aspect``), prefixed ``unpaired:`` in a report with no gold pair."""
    from reviewer.rules.copying import _problems_body
    from reviewer.similarity.problems import basis, problems

    out: dict[str, int] = defaultdict(int)
    wrong_set = {(s.start, s.end) for s in wrong}
    cache: dict[int, list[Any]] = {}

    def probs(d: Document) -> list[Any]:
        if id(d) not in cache:
            body = _problems_body(d)
            cache[id(d)] = problems(d.text, *body) if body else []
        return cache[id(d)]

    for f in r.findings:
        if f.rule != "C204":
            continue
        right = (f.start, f.end) not in wrong_set
        why = "other"
        if not right and any(overlap(Span(f.start, f.end), g) for g in gold):
            why = "partial"
        else:
            src = sources.get(Path(str(f.evidence.get("source_path", ""))).name)
            s0, s1 = int(f.evidence.get("source_start", 0)), int(f.evidence.get("source_end", 0))
            here = [p for p in probs(doc) if f.start <= p.start and p.end <= f.end]
            there = [p for p in probs(src) if s0 <= p.start and p.end <= s1] if src is not None else []
            pair = next(((a, c, b) for a in here for c in there if (b := basis(a, c))), None)
            why = "other" if pair is None else pair[2]
            if pair is not None and why == "aspect":  # which quality, in which object
                a, c, _b = pair
                why += ":" + "+".join(sorted(a.qualities & c.qualities)) + "/" + ("+".join(sorted(a.objects & c.objects)) or "-")
        out[("right:" if right else "") + ("" if paired else "unpaired:") + why] += 1
    return dict(out)


# -- evaluation -----------------------------------------------------------------------------------
def _review(paths: list[Path], jobs: int) -> dict[Path, tuple[Document, Result]]:
    from reviewer.pipeline import Options, review

    results, docs = review(paths, Options(jobs=jobs))
    by_r = {Path(r.path).resolve(): r for r in results}
    return {Path(d.path).resolve(): (d, by_r[Path(d.path).resolve()]) for d in docs if Path(d.path).resolve() in by_r}


def evaluate(gold_dir: Path = GOLD, reports: Path = REPORTS, split: Path = SPLIT, jobs: int = 2) -> dict[str, Any]:
    gold = load_gold(gold_dir, split)
    collections = sorted({c for c, _ in gold.pairs} | {c for c, _ in gold.part})
    rows: list[dict[str, Any]] = []
    left_out: dict[str, list[str]] = {"collection_missing": [], "file_missing": [], "unread": [], "no_part": []}
    for coll in collections:
        folder = reports / coll
        if not folder.is_dir():
            left_out["collection_missing"].append(coll)
            continue
        reviewed = _review(sorted(folder.glob("*.txt")), jobs)
        by_name = {q.name: d for q, (d, _r) in reviewed.items()}  # a C204 source by its file name
        for (c, later), (earlier, share) in sorted(gold.pairs.items()):
            if c != coll:
                continue
            part = gold.part.get((c, later))
            if part is None:
                left_out["no_part"].append(f"{c}/{later}")
                continue
            p = (folder / later).resolve()
            if not p.is_file() or not (folder / earlier).is_file():
                left_out["file_missing"].append(f"{c}/{later}")
                continue
            if p not in reviewed:
                left_out["unread"].append(f"{c}/{later}")
                continue
            doc, res = reviewed[p]
            raw = p.open(encoding="utf-8").read()
            m = Mapper(raw, doc.text)
            gspans = [(m.to_norm(s), k) for s, k in gold.passages.get((c, later), [])]
            c201 = _findings(res, "C201")
            preds = [Span(f.start, f.end) for f in c201]
            unpaired = {i for i, f in enumerate(c201) if Path(str(f.evidence.get("source_path", ""))).name != earlier}
            other_src = len(unpaired)
            sp = score_pair(gspans, preds, unpaired, {i for i, p in enumerate(preds) if han(doc.text, p) < MIN_HAN})
            gold_problems = [m.to_norm(s) for s in gold.problems.get(later, [])]
            pr = score_problems(gold_problems, [Span(f.start, f.end) for f in _findings(res, "C204")])
            frames = [m.to_norm(s) for s in gold.frames.get((c, later), [])]
            fsides = gold.frame_sides.get((c, later), [])
            pr["reasons"] = problem_reasons(doc, res, gold_problems, pr["wrong"], by_name, True)
            rows.append({
                "part": part, "collection": c, "later": later, "earlier": earlier, "organ": organ_of(later),
                "passages": sp, "problems": pr, "share_gold": share, "share_tool": _prev_share(res),
                "share_tool_source": _pair_share(res, earlier),
                "share_tool_any": _own_share(res),
                "pred_other_source": other_src, "misplaced": misplaced(doc, res, frames, fsides),
                "to_raw": m.to_raw, "text": doc.text,
            })
        # first years and other files of the collection: misplaced copy findings and stray C204
        paired = {later for (c, later) in gold.pairs if c == coll}
        for path, (doc, res) in sorted(reviewed.items()):
            if path.name in paired or (coll, path.name) not in gold.part:
                continue
            m = Mapper(path.open(encoding="utf-8").read(), doc.text)
            frames = [m.to_norm(s) for s in gold.frames.get((coll, path.name), [])]
            fsides = gold.frame_sides.get((coll, path.name), [])
            pr = score_problems([], [Span(f.start, f.end) for f in _findings(res, "C204")])
            pr["reasons"] = problem_reasons(doc, res, [], pr["wrong"], by_name, False)
            rows.append({"part": gold.part[(coll, path.name)], "collection": coll, "later": path.name, "earlier": None,
                         "organ": organ_of(path.name), "problems": pr, "misplaced": misplaced(doc, res, frames, fsides),
                         "pred_other_source": 0, "stray_c201": len(_findings(res, "C201"))})
    left_out["not_in_gold"] = sorted(f"{c}/{f}" for c, f in gold.part if (c, f) not in gold.pairs
                                     and not any(e == f for (cc, _), (e, _s) in gold.pairs.items() if cc == c))
    return {"rows": rows, "left_out": left_out}


def run(errors: bool = False, as_json: bool = False, gold_dir: Path = GOLD, reports: Path = REPORTS,
        split: Path = SPLIT, jobs: int = 2) -> None:
    """Print the figures (dev and test separately), what is left out, and dev errors on request."""
    if not (gold_dir / "pairs.tsv").is_file():
        click.echo(f"跳过：{gold_dir} 中没有 pairs.tsv（skipped: no copy gold）")
        return
    if not reports.is_dir():
        click.echo(f"跳过：{reports} 不存在，真实报告不在仓库内（skipped: reports not present）")
        return
    res = evaluate(gold_dir, reports, split, jobs)
    echo_evaluation(res, report(res), format_part, dev_errors,
                    "表格不计入段落；frame/prescribed 标注为 don't-care（tables never in a passage; frame/prescribed spans are don't-care）",
                    (("not_in_gold", "不在任何一对中 in no pair"),), errors, as_json)
