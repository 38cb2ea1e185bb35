"""`reviewer eval cross-organ --real`: copying across organs (C202 copied-from-other, spec §7 内容雷同)
measured on the real reports against a hand-labelled standoff gold.

The gold (``corpus/copying_real/cross.tsv``, see GUIDELINE.md there) lists, for every report, the
stretches it shares with a report of another organ (organ key = file stem without the year), each
labelled ``copied`` (the organ's own prose), ``frame``, ``prescribed`` or ``table``. Offsets are code
points into the raw files; the reviewer's are into the normalised ``Document.text`` and are compared
after mapping the gold through ``reviewer.evaluation.copying_real.Mapper``.

All reports of the gold's collections are reviewed in one batch, so every pair of organs can be
compared. Measured per part (``dev`` / ``test`` of ``corpus/reading/split.tsv``, the part of the
organ of the report carrying the finding):

- gold passages: the ``copied`` rows of one report, overlapping rows merged (a stretch shared with
  several reports counts once). Two readings are printed. *Shared*: every such row. *Entered*: only
  where the text came into the organ's reports from another organ (spec §7: the report copies from
  another organ): the other report is of the same or an earlier year, and the organ's own earlier
  report does not already hold the stretch (no ``substantive`` row of ``passages.tsv``, the own-past
  gold, overlaps it by half of the shorter span: that repeat is C201's). The other rows are
  don't-care under *entered* (``carried``: a C202 finding there is neither right nor wrong);
- a C202 finding is right when it matches a gold passage (overlap of at least half of the shorter
  span, ``copying_real.matches``); otherwise, when at least half of it lies on ``frame`` /
  ``prescribed`` / ``table`` spans, it is don't-care and counted under the label covering most of
  it; otherwise it is wrong. A gold passage is found when some C202 finding matches it;
- characters: the same on character sets (don't-care characters removed from the findings');
- beside the figures: findings reported as ``info`` (either organ unknown), findings whose source
  file has the same organ key as the report, and right findings whose source is one of the reports
  the gold passage is shared with.

Per-finding errors are printed for ``dev`` only; ``test`` stays sealed (aggregates only).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from reviewer.evaluation.copying_figures import PARTS, echo_evaluation, fmt, ratio
from reviewer.evaluation.copying_real import _YEAR, Mapper, Span, _review, matches, organ_of, overlap
from reviewer.evaluation.reading import REPORTS
from reviewer.paths import ROOT

GOLD = ROOT / "corpus" / "copying_real" / "cross.tsv"
SPLIT = ROOT / "corpus" / "reading" / "split.tsv"
RULE = "C202"
DONT_CARE = ("frame", "prescribed", "table")
LABELS = ("copied",) + DONT_CARE
CARRIED = "carried"  # shared, but not where the text entered the organ's reports (the *entered* reading)
OWN_GOLD = ROOT / "corpus" / "copying_real" / "passages.tsv"
READINGS = ("shared", "entered")


@dataclass
class Passage:
    """A merged ``copied`` gold span of one report and the reports it is shared with."""

    span: Span
    others: set[str] = field(default_factory=set)


@dataclass
class CrossGold:
    copied: dict[tuple[str, str], list[Passage]]  # (collection, file) → merged passages
    dont_care: dict[tuple[str, str], list[tuple[Span, str]]]  # (collection, file) → span, label
    part: dict[tuple[str, str], str]  # (collection, file) → dev | test
    entered: dict[tuple[str, str], list[Passage]] = field(default_factory=dict)  # the *entered* reading's passages
    carried: dict[tuple[str, str], list[Span]] = field(default_factory=dict)  # its ``copied`` rows left out


def merge(rows: list[tuple[Span, str]]) -> list[Passage]:
    """Overlapping spans of one report joined, keeping the files each is shared with."""
    out: list[Passage] = []
    for s, other in sorted(rows, key=lambda r: (r[0].start, r[0].end)):
        if out and s.start < out[-1].span.end:
            last = out[-1]
            last.span = Span(last.span.start, max(last.span.end, s.end))
            last.others.add(other)
        else:
            out.append(Passage(s, {other}))
    return out


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_gold(path: Path = GOLD, split: Path = SPLIT, own: Path = OWN_GOLD) -> CrossGold:
    copied: dict[tuple[str, str], list[tuple[Span, str]]] = defaultdict(list)
    entered: dict[tuple[str, str], list[tuple[Span, str]]] = defaultdict(list)
    carried: dict[tuple[str, str], list[Span]] = defaultdict(list)
    dont: dict[tuple[str, str], list[tuple[Span, str]]] = defaultdict(list)
    own_past = _own_past(own)
    for r in _tsv(path):
        key, span = (r["collection"], r["file"]), Span(int(r["start"]), int(r["end"]))
        if r["label"] == "copied":
            copied[key].append((span, r["other_file"]))
            if entered_here(r["file"], span, r["other_file"], own_past.get(key, [])):
                entered[key].append((span, r["other_file"]))
            else:
                carried[key].append(span)
        elif r["label"] in DONT_CARE:
            dont[key].append((span, r["label"]))
    part = {(r["collection"], r["file"]): r["part"] for r in _tsv(split)} if split.is_file() else {}
    return CrossGold({k: merge(v) for k, v in copied.items()}, dict(dont), part,
                     {k: merge(v) for k, v in entered.items()}, dict(carried))


def _own_past(path: Path) -> dict[tuple[str, str], list[Span]]:
    """The own-past gold's ``substantive`` spans of each later report."""
    out: dict[tuple[str, str], list[Span]] = defaultdict(list)
    if path.is_file():
        for r in _tsv(path):
            if r["kind"] == "substantive":
                out[(r["collection"], r["later_file"])].append(Span(int(r["later_start"]), int(r["later_end"])))
    return out


def year_of(file: str) -> int | None:
    m = _YEAR.match(Path(file).stem)
    return int(m.group("year")) if m else None


def entered_here(file: str, span: Span, other: str, own_past: list[Span]) -> bool:
    """Whether a stretch ``file`` shares with ``other`` is where the text came into the organ's
    reports: ``other`` is not of a later year, and the organ's own earlier report (``own_past``:
    its substantive carried-over spans in ``file``) does not already hold it."""
    y, yo = year_of(file), year_of(other)
    if y is not None and yo is not None and yo > y:
        return False
    return not any(matches(span, o) for o in own_past)


def score_report(passages: list[Span], dont_care: list[tuple[Span, str]], preds: list[Span]) -> dict[str, Any]:
    """Passage and character figures of one report (all spans in the same offsets)."""
    right, wrong = [], []
    ignored: dict[str, int] = {k: 0 for k in (*DONT_CARE, CARRIED)}
    for p in preds:
        if any(matches(p, g) for g in passages):
            right.append(p)
            continue
        by_label: dict[str, int] = defaultdict(int)
        for d, label in dont_care:
            by_label[label] += overlap(p, d)
        if len(p) > 0 and sum(by_label.values()) * 2 >= len(p):
            ignored[max(by_label, key=lambda k: by_label[k])] += 1
        else:
            wrong.append(p)
    found = [g for g in passages if any(matches(p, g) for p in preds)]
    gchars = {i for g in passages for i in range(g.start, g.end)}
    dchars = {i for d, _ in dont_care for i in range(d.start, d.end)} - gchars
    pchars = {i for p in right + wrong for i in range(p.start, p.end)} - dchars
    return {
        "pred": len(right) + len(wrong), "pred_right": len(right), "gold": len(passages), "gold_found": len(found),
        "dont_care": ignored, "chars_pred": len(pchars), "chars_gold": len(gchars), "chars_both": len(pchars & gchars),
        "right": right, "wrong": wrong, "missed": [g for g in passages if g not in found],
    }


# -- evaluation -----------------------------------------------------------------------------------
def evaluate(gold_path: Path = GOLD, reports: Path = REPORTS, split: Path = SPLIT, jobs: int = 2) -> dict[str, Any]:
    gold = load_gold(gold_path, split)
    collections = sorted({c for c, _ in gold.part} | {c for c, _ in gold.copied} | {c for c, _ in gold.dont_care})
    left_out: dict[str, list[str]] = {"collection_missing": [], "file_missing": [], "unread": [], "no_part": [],
                                      "undated": [], "findings_outside_gold": []}
    paths: list[Path] = []
    for coll in collections:
        folder = reports / coll
        if not folder.is_dir():
            left_out["collection_missing"].append(coll)
            continue
        paths += sorted(folder.glob("*.txt"))
    reviewed = _review(paths, jobs) if paths else {}
    rows: list[dict[str, Any]] = []
    for path in paths:
        key = (path.parent.name, path.name)
        doc_res = reviewed.get(path.resolve())
        part = gold.part.get(key)
        n_findings = sum(f.rule == RULE for f in doc_res[1].findings) if doc_res else 0
        if part is None or organ_of(path.name) is None:  # a page that is not a dated report is not in the gold
            left_out["no_part" if part is None else "undated"].append(f"{key[0]}/{key[1]}")
            if n_findings:  # findings on a page outside the gold are listed, not scored
                left_out["findings_outside_gold"].append(f"{key[0]}/{key[1]}: {n_findings}")
            continue
        if doc_res is None:
            left_out["unread"].append(f"{key[0]}/{key[1]}")
            continue
        doc, res = doc_res
        m = Mapper(path.open(encoding="utf-8").read(), doc.text)
        passages = gold.copied.get(key, [])
        spans = [m.to_norm(p.span) for p in passages]
        dont = [(m.to_norm(s), label) for s, label in gold.dont_care.get(key, [])]
        found = [f for f in res.findings if f.rule == RULE]
        preds = [Span(f.start, f.end) for f in found]
        sc = score_report(spans, dont, preds)
        entered = score_report([m.to_norm(p.span) for p in gold.entered.get(key, [])],
                               dont + [(m.to_norm(s), CARRIED) for s in gold.carried.get(key, [])], preds)
        own = organ_of(path.name)
        src = [Path(str(f.evidence.get("source_path", ""))).name for f in found]
        agreeing = 0
        for f, s in zip(preds, src, strict=True):
            if any(matches(f, g) and s in p.others for g, p in zip(spans, passages, strict=True)):
                agreeing += 1
        rows.append({
            "part": part, "collection": key[0], "file": key[1], "scores": sc, "entered": entered,
            "info": sum(f.severity == "info" for f in found),
            "same_organ_source": sum(organ_of(s) == own for s in src if s),
            "source_agrees": agreeing, "to_raw": m.to_raw, "text": doc.text,
        })
    for c, f in sorted(gold.part):
        if c in collections and (reports / c).is_dir() and not (reports / c / f).is_file():
            left_out["file_missing"].append(f"{c}/{f}")
    return {"rows": rows, "left_out": left_out}


def summarise(rows: list[dict[str, Any]], reading: str = "shared") -> dict[str, Any]:
    """The figures of ``rows`` under one reading of the gold (``READINGS``)."""
    field_ = "scores" if reading == "shared" else "entered"
    s: dict[str, int] = defaultdict(int)
    dc: dict[str, int] = {k: 0 for k in (*DONT_CARE, CARRIED)}
    for r in rows:
        for k in ("pred", "pred_right", "gold", "gold_found", "chars_pred", "chars_gold", "chars_both"):
            s[k] += r[field_][k]
        for k, v in r[field_]["dont_care"].items():
            dc[k] += v
        for k in ("info", "same_organ_source", "source_agrees"):
            s[k] += r[k]
    return {
        "reports": len(rows), "reports_with_gold": sum(r[field_]["gold"] > 0 for r in rows),
        "passages": {"precision": ratio(s["pred_right"], s["pred"]), "recall": ratio(s["gold_found"], s["gold"]),
                     "predicted": s["pred"], "right": s["pred_right"], "gold": s["gold"], "found": s["gold_found"]},
        "characters": {"precision": ratio(s["chars_both"], s["chars_pred"]), "recall": ratio(s["chars_both"], s["chars_gold"])},
        "dont_care": dc, "info": s["info"], "same_organ_source": s["same_organ_source"], "source_agrees": s["source_agrees"],
    }


def report(res: dict[str, Any]) -> dict[str, Any]:
    return {p: {reading: summarise([r for r in res["rows"] if r["part"] == p], reading) for reading in READINGS} for p in PARTS}


def dev_errors(res: dict[str, Any]) -> list[str]:
    """Per-finding errors of the dev reports, raw offsets (the test part is sealed)."""
    out = []
    for r in res["rows"]:
        if r["part"] != "dev":
            continue
        for what in ("wrong", "missed"):
            for s in r["scores"][what]:
                snippet = r["text"][s.start:s.end].replace("\n", " ")[:16]
                out.append(f"{r['collection']}/{r['file']}\t{'false' if what == 'wrong' else what}"
                           f"\traw {r['to_raw'](s.start)}-{r['to_raw'](s.end)}\t{snippet}")
    return out


def format_part(name: str, by_reading: dict[str, dict[str, Any]]) -> list[str]:
    v = by_reading["shared"]
    out = [f"## {name}: {v['reports']} 份报告 reports（其中 {v['reports_with_gold']} 份有跨机关雷同金标 with gold passages）"]
    for reading, title in (("shared", "凡与他机关共有 every stretch shared with another organ"),
                           ("entered", "仅文字由他机关进入本机关报告处 only where the text entered from another organ")):
        r = by_reading[reading]
        p, c, d = r["passages"], r["characters"], r["dont_care"]
        out += [
            f"  [{reading}] {title}:",
            f"    段落 passages ({RULE}): precision {fmt(p['precision'])} ({p['right']}/{p['predicted']}), "
            f"recall {fmt(p['recall'])} ({p['found']}/{p['gold']})",
            f"    字符 characters: precision {fmt(c['precision'])}, recall {fmt(c['recall'])}",
            f"    不计 don't-care: 框架语 frame {d['frame']}, 规定文字 prescribed {d['prescribed']}, 表格 table {d['table']}"
            + (f", 沿用而非进入 carried {d[CARRIED]}" if reading == "entered" else ""),
        ]
    out.append(f"  提示级 info (organ unknown): {v['info']}; 来源为同一机关 source of the same organ key: "
               f"{v['same_organ_source']}; 正确且来源为金标所列报告 right with a gold source (shared): {v['source_agrees']}")
    return out


def run(errors: bool = False, as_json: bool = False, gold_path: Path = GOLD, reports: Path = REPORTS,
        split: Path = SPLIT, jobs: int = 2) -> None:
    """Print the figures (dev and test separately), what is left out, and dev errors on request."""
    if not gold_path.is_file():
        click.echo(f"跳过：没有 {gold_path}（skipped: no cross-organ gold）")
        return
    if not reports.is_dir():
        click.echo(f"跳过：{reports} 不存在，真实报告不在仓库内（skipped: reports not present）")
        return
    res = evaluate(gold_path, reports, split, jobs)
    echo_evaluation(res, report(res), format_part, dev_errors,
                    "匹配规则：重叠不少于较短者一半；frame/prescribed/table 为 don't-care"
                    "（a match overlaps by half of the shorter span; frame/prescribed/table spans are don't-care）",
                    (("undated", "文件名无年份、不在金标中 undated pages, not in the gold"),
                     ("findings_outside_gold", "金标以外文件上的检出 findings on files outside the gold")), errors, as_json)


@click.command(name="cross-organ")
@click.option("--real", is_flag=True, help="score C202 on the real reports against corpus/copying_real/cross.tsv")
@click.option("--errors", is_flag=True, help="with --real: per-finding errors of the dev reports")
@click.option("--json", "as_json", is_flag=True, help="with --real: figures as JSON")
@click.option("--jobs", type=int, default=2, show_default=True, help="worker processes for the review")
def cli(real: bool, errors: bool, as_json: bool, jobs: int) -> None:
    """跨机关雷同（C202）检出的段落级查准率/查全率，真实报告，按 dev / test 分别统计。

    Passage-level precision/recall of cross-organ copy detection (C202) on the real reports, dev and
    test apart."""
    if not real:
        click.echo("请加 --real：本评测只在真实报告上运行（use --real: this evaluation runs on the real reports only）")
        return
    run(errors=errors, as_json=as_json, jobs=jobs)
