"""`reviewer eval detection`: precision, recall and F1 per finding kind on a generated batch.

The truth comes from the generator (``truth.jsonl``), written while each defect was injected and
never derived from a detector, so the table cannot pass by construction. Matching rules:

- a prediction is *correct* when a truth item of the same kind matches it: the spans overlap, or
  the prediction overlaps the truth's ``region`` (a table for cell defects), or — for
  missing-section / missing-item, whose truth span is empty — the section ids agree;
- recall counts truth items matched by at least one prediction; precision counts predictions
  that match some truth item; predictions that match nothing but overlap a benign item (the
  shared preamble, formulaic pool sentences) listed for their kind are ignored, not false, and so
  are template-text predictions on the batch's shared pool wording (truth.jsonl ``shared_wording``);
- location (loc) is the share of found truth items that some prediction overlaps on the exact
  span (not only the region or section); IoU is the mean best character IoU of those overlaps,
  over truth items with a non-empty span (a missing part has no span: its IoU is n/a).

What the table leaves out is printed beside it: predictions dropped as "don't care" (``ignored``),
truth items credited by more than one prediction (``multi``), and a one-to-one precision (P1):
the predictions of a maximum bipartite matching between predictions and truth items of each report
(optimal, by augmenting paths), so that each truth item credits at most one prediction (and R1,
the same matching over the truth items: one prediction covering several truth items finds one). A metric
with nothing to measure (no prediction, no truth item) is ``None`` — ``n/a`` in the table, ``null``
in JSON — never 1.0.

Reports read from html/docx/pdf may yield a slightly different text than the canonical one (a PDF
line break becomes a paragraph break); predicted spans are then mapped onto the canonical text
through the matching blocks of the two texts, so positions stay comparable.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from reviewer.generate.truth import TruthItem
from reviewer.model import KINDS

DEFAULT_YEARS = "2017,2018,2020,2022,2023,2024"


@dataclass
class Pred:
    kind: str
    start: int
    end: int
    section: str | None
    rule: str = ""
    message: str = ""  # message + evidence, to recognise which missing part a finding names


@dataclass
class KindStats:
    truth: int = 0
    found: int = 0  # truth items matched
    located: int = 0  # found items overlapped on the exact span
    iou_sum: float = 0.0
    iou_n: int = 0  # located items with a non-empty truth span (IoU measured)
    pred: int = 0  # predictions counted (not ignored)
    correct: int = 0  # predictions matching some truth item
    one_to_one: int = 0  # predictions in a maximum one-to-one matching with truth items
    multi: int = 0  # truth items matched by more than one prediction
    ignored: int = 0  # predictions dropped as "don't care" (on a benign region)
    rules: set[str] = field(default_factory=set)

    def add(self, o: KindStats) -> None:
        for k in ("truth", "found", "located", "iou_sum", "iou_n", "pred", "correct", "one_to_one", "multi", "ignored"):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def row(self) -> dict[str, Any]:
        p = self.correct / self.pred if self.pred else None
        p1 = self.one_to_one / self.pred if self.pred else None
        r = self.found / self.truth if self.truth else None
        r1 = self.one_to_one / self.truth if self.truth else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if (p is not None and r is not None) else None)
        return {
            "truth": self.truth, "pred": self.pred, "tp": self.correct, "tp_one_to_one": self.one_to_one,
            "found": self.found, "ignored": self.ignored, "multi": self.multi,
            "precision": p, "precision_one_to_one": p1, "recall": r,
            "recall_one_to_one": r1, "f1": f1,
            "loc": self.located / self.found if self.found else None,
            "iou": self.iou_sum / self.iou_n if self.iou_n else None,
            "rules": sorted(self.rules),
        }


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1:
        return b0 <= a0 <= b1
    if b0 == b1:
        return a0 <= b0 <= a1
    return a0 < b1 and b0 < a1


def _iou(a0: int, a1: int, b0: int, b1: int) -> float:
    inter = max(0, min(a1, b1) - max(a0, b0))
    union = max(a1, b1) - min(a0, b0)
    return inter / union if union else 1.0


def _matches(p: Pred, t: TruthItem) -> tuple[bool, bool]:
    """(matches at all, overlaps the exact span)."""
    if p.kind != t.kind:
        return False, False
    exact = _overlap(p.start, p.end, t.start, t.end)
    if exact:
        return True, True
    region = t.detail.get("region")
    if region and _overlap(p.start, p.end, region[0], region[1]):
        return True, False
    if t.kind in ("missing-section", "missing-item"):
        if t.section is not None and p.section == t.section and (t.kind == "missing-section" or _names_item(p, t)):
            return True, True
        # legacy sections have no numeral id: the finding must name the missing heading or item
        names = [x for x in (t.detail.get("title"), t.detail.get("item")) if x]
        if len(t.section or "") > 1:
            names.append(t.section)
        if any(n in p.message for n in names):
            return True, True
    return False, False


_ITEM_WORDS = {"表二": ("表二", "table 二", "二"), "表三": ("表三", "table 三", "三"), "表四": ("表四", "table 四", "四")}


def _names_item(p: Pred, t: TruthItem) -> bool:
    """A missing-item finding in the right section counts when it names the item, or names nothing
    more specific (a section with two missing items must not be credited twice by one finding)."""
    item = t.detail.get("item")
    if not item or not p.message:
        return True
    return any(w in p.message for w in _ITEM_WORDS.get(item, (item,)))


def _max_matching(edges: list[list[int]]) -> list[int]:
    """Maximum bipartite matching (Kuhn's augmenting paths): ``edges[p]`` lists the truth items
    prediction ``p`` matches; returns the predictions that are matched."""
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for t in edges[p]:
            if t in seen:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = p
                return True
        return False

    for p in range(len(edges)):
        if edges[p]:
            augment(p, set())
    return sorted(owner.values())


def score_document(preds: list[Pred], truth: list[TruthItem], stats: dict[str, KindStats],
                   shared: list[list[int]] | None = None, transforms: dict[str, list[int]] | None = None) -> None:
    real = [t for t in truth if not t.benign]
    benign = [t for t in truth if t.benign]
    benign += [TruthItem("template-text", a, b, None, {"benign": True, "ignore_kinds": ["template-text"]})
               for a, b in shared or ()]
    hits: dict[int, list[tuple[bool, float]]] = defaultdict(list)
    for t in real:
        stats.setdefault(t.kind, KindStats()).truth += 1
    edges: list[list[int]] = []
    for p in preds:
        st = stats.setdefault(p.kind, KindStats())
        st.rules.add(p.rule)
        matched: list[int] = []
        for i, t in enumerate(real):
            m, exact = _matches(p, t)
            if m:
                matched.append(i)
                hits[i].append((exact, _iou(p.start, p.end, t.start, t.end) if exact else 0.0))
        edges.append(matched)
        if matched:
            st.pred += 1
            st.correct += 1
        elif any(p.kind in b.detail.get("ignore_kinds", ()) and _overlap(p.start, p.end, b.start, b.end) for b in benign):
            st.ignored += 1
        else:
            st.pred += 1
    for i, t in enumerate(real):
        tr = t.detail.get("transform")
        if tr and transforms is not None:
            c = transforms.setdefault(f"{t.kind} / {tr}", [0, 0])
            c[0] += i in hits
            c[1] += 1
    for j in _max_matching(edges):
        stats[preds[j].kind].one_to_one += 1
    for i, hs in hits.items():
        st = stats[real[i].kind]
        st.found += 1
        st.multi += len(hs) > 1
        exact = [iou for e, iou in hs if e]
        if exact:
            st.located += 1
            if real[i].end > real[i].start:
                st.iou_n += 1
                st.iou_sum += max(exact)


def _offset_map(src: str, dst: str):
    """Map offsets in ``src`` (the text a reader produced) onto ``dst`` (the canonical text)."""
    if src == dst:
        return lambda x: x
    from difflib import SequenceMatcher

    blocks = SequenceMatcher(None, src, dst, autojunk=False).get_matching_blocks()

    def f(x: int) -> int:
        best = 0
        for a, b, n in blocks:
            if a <= x <= a + n:
                return b + (x - a)
            if a + n <= x:
                best = b + n
        return min(best, len(dst))

    return f


def evaluate_folder(folder: Path, jobs: int = 0, use_manifest: bool = True) -> dict[str, Any]:
    """Review every report listed in ``folder/truth.jsonl`` and score the findings by kind."""
    from reviewer.generate.batch import read_truth
    from reviewer.pipeline import Options, review

    rows = read_truth(folder)
    manifest = {str(r["file"]): (r["organ"], r["year"]) for r in rows} if use_manifest else None
    t0 = time.perf_counter()
    results, docs = review([r["file"] for r in rows], Options(jobs=jobs, manifest=manifest))
    elapsed = time.perf_counter() - t0
    by_path = {str(Path(r.path)): r for r in results}
    texts = {str(Path(d.path)): d.text for d in docs}
    stats: dict[str, KindStats] = {}
    transforms: dict[str, list[int]] = {}
    errors: list[str] = []
    for row in rows:
        key = str(Path(row["file"]))
        res = by_path.get(key)
        if res is None or res.error:
            errors.append(f"{row['path']}: {res.error if res else 'no result'}")
            score_document([], row["truth"], stats, None, transforms)
            continue
        read_text = texts.get(key, "")
        canon = row.get("text", read_text)
        f = _offset_map(read_text, canon)
        preds = [Pred(x.kind, f(x.start), f(x.end), x.section, x.rule,
                      x.message + " " + json.dumps(x.evidence, ensure_ascii=False, default=str)) for x in res.findings]
        score_document(preds, row["truth"], stats, row.get("shared_wording"), transforms)
    table = {k: stats.get(k, KindStats()).row() for k in KINDS}
    tot = KindStats()
    for k in KINDS:
        if k in stats:
            tot.add(stats[k])
    formats = sorted({r["format"] for r in rows})
    return {"reports": len(rows), "errors": errors, "seconds": elapsed, "formats": formats,
            "kinds": table, "micro": tot.row(), "transforms": dict(sorted(transforms.items()))}


# -- annotations of ../shared ------------------------------------------------------------------------
def shared_annotations(root: Path, real_dir: Path) -> dict[str, Any] | None:
    """Vague/specific sentence labels (corpus/**/real_*.tsv, offsets into ../shared raw .txt) scored
    against vague-narrative findings: the only annotated finding kind so far."""
    files = sorted(root.glob("corpus/**/real_*labels*.tsv"))
    if not files or not real_dir.is_dir():
        return None
    labels: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) >= 4 and parts[3] in ("vague", "specific") and parts[1].isdigit():
                labels[parts[0]].append((int(parts[1]), int(parts[2]), parts[3]))
    paths = [real_dir / n for n in labels if (real_dir / n).exists()]
    if not paths:
        return None
    from reviewer.pipeline import Options, review

    results, docs = review(paths, Options(jobs=1))
    by = {Path(r.path).name: r for r in results}
    dtext = {Path(d.path).name: d.text for d in docs}
    tp = fp = fn = tn = 0
    for name, spans in labels.items():
        r = by.get(name)
        if r is None or r.error:
            continue
        raw = (real_dir / name).read_text(encoding="utf-8", errors="replace")
        f = _offset_map(raw, dtext[name])
        vague = [(x.start, x.end) for x in r.findings if x.kind == "vague-narrative"]
        for s, e, lab in spans:
            s2, e2 = f(s), f(e)
            hit = any(_overlap(a, b, s2, e2) and a != e2 and b != s2 for a, b in vague)
            if lab == "vague":
                tp, fn = tp + hit, fn + (not hit)
            else:
                fp, tn = fp + hit, tn + (not hit)
    p = tp / (tp + fp) if tp + fp else None
    r_ = tp / (tp + fn) if tp + fn else None
    return {"files": len(paths), "vague": tp + fn, "specific": fp + tn, "tp": tp, "fp": fp, "fn": fn,
            "precision": p, "recall": r_,
            "f1": None if p is None or r_ is None else (2 * p * r_ / (p + r_) if p + r_ else 0.0),
            "sources": [str(f.relative_to(root)) for f in files]}


# -- output ------------------------------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:5.1f}"


def _pcs(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def format_table(rep: dict[str, Any]) -> str:
    head = (f"{'kind':22} {'truth':>6} {'pred':>6} {'ign':>5} {'tp':>6} {'P%':>6} {'tp1':>6} {'P1%':>6} "
            f"{'multi':>5} {'R%':>6} {'F1%':>6} {'loc%':>6} {'IoU%':>6}")
    lines = [head, "-" * len(head)]
    for k, row in [*rep["kinds"].items(), ("(all kinds, micro)", rep["micro"])]:
        if k.startswith("("):
            lines.append("-" * len(head))
        lines.append(f"{k:22} {row['truth']:6d} {row['pred']:6d} {row['ignored']:5d} {row['tp']:6d} "
                     f"{_pct(row['precision']):>6} {row['tp_one_to_one']:6d} {_pct(row['precision_one_to_one']):>6} "
                     f"{row['multi']:5d} {_pct(row['recall']):>6} {_pct(row['f1']):>6} {_pct(row['loc']):>6} "
                     f"{_pct(row['iou']):>6}")
    return "\n".join(lines)


def format_left_out(rep: dict[str, Any]) -> str:
    """The lines saying what the table leaves out: don't-care drops, multiply credited truth items,
    and the one-to-one precision beside the many-to-one one."""
    m = rep["micro"]
    return "\n".join([
        f"不计（don't care）: {m['ignored']} predictions dropped (on benign regions: shared preamble, pool wording); "
        f"ign = per kind",
        f"重复计分: {m['multi']} truth items credited by more than one prediction (multi = per kind)",
        f"一对一精确率: P1 {_pcs(m['precision_one_to_one'])} ({m['tp_one_to_one']}/{m['pred']}; optimal "
        f"maximum bipartite matching, each truth item credits at most one prediction) beside "
        f"P {_pcs(m['precision'])} ({m['tp']}/{m['pred']}; a prediction is right when it matches any truth item)",
        f"一对一召回率: R1 {_pcs(m['recall_one_to_one'])} ({m['tp_one_to_one']}/{m['truth']}) beside "
        f"R {_pcs(m['recall'])} ({m['found']}/{m['truth']}; one prediction may cover several truth items)",
    ])


@click.command(name="detection")
@click.option("--input", "input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder holding truth.jsonl and the reports (default: generate a fresh batch).")
@click.option("--organs", type=int, default=40, show_default=True)
@click.option("--years", default=DEFAULT_YEARS, show_default=True, help="Comma-separated report years.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--formats", default="txt", show_default=True, help="Comma-separated: txt,html,docx,pdf.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Keep the generated batch here.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (default: all cores).")
@click.option("--manifest/--no-manifest", default=True, show_default=True, help="Pass organ/year from the truth.")
@click.option("--shared/--no-shared", default=True, show_default=True, help="Also score ../shared annotations.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--realistic", is_flag=True, help="Generate with the crawl layouts on (DefectOptions.realistic()).")
def cli(input_dir, organs, years, seed, formats, out, jobs, manifest, shared, as_json, realistic) -> None:
    """在生成的批次上按问题类别统计查准率、查全率、F1 和定位准确率。

    P/R/F1 per finding kind (and location accuracy) of the reviewer on a generated batch."""
    tmp = None
    if input_dir is None:
        from reviewer.generate import DefectOptions, generate_batch, write_batch

        if "pdf" in [f.strip() for f in formats.split(",")]:
            from reviewer.generate.writers import require_pdf

            require_pdf()
        batch = generate_batch(organs, [int(y) for y in years.split(",") if y.strip()], seed,
                               formats=tuple(f.strip() for f in formats.split(",") if f.strip()), defects=DefectOptions.realistic() if realistic else DefectOptions())
        if out is None:
            tmp = tempfile.TemporaryDirectory(prefix="reviewer-eval-")
            out = Path(tmp.name)
        input_dir = write_batch(batch, out)
    try:
        rep = evaluate_folder(input_dir, jobs=jobs, use_manifest=manifest)
    finally:
        if tmp is not None:
            tmp.cleanup()
    from reviewer.paths import ROOT, real_reports

    sh = shared_annotations(ROOT, real_reports()) if shared else None
    if sh:
        from reviewer.vagueness.evaluate import REAL_PART

        sh["part"] = REAL_PART
    rep["shared"] = sh
    if as_json:
        click.echo(json.dumps(rep, ensure_ascii=False, indent=2, default=sorted))
        return
    src = f"--input {input_dir}" if tmp is None and out is None else f"organs={organs} years={years} seed={seed}{' realistic' if realistic else ''}"
    click.echo(f"detection on {rep['reports']} generated reports ({','.join(rep['formats'])}; {src}); "
               f"review took {rep['seconds']:.1f}s, {len(rep['errors'])} unreadable")
    click.echo(format_table(rep))
    click.echo(format_left_out(rep))
    click.echo("match: same kind and overlapping span (table kinds: same table; missing-*: same section); "
               "loc = found items hit on the exact span; n/a = nothing to measure")
    if rep.get("transforms"):
        click.echo("copies found, by transform: " + "; ".join(
            f"{k.replace('copied-from-', '')} {f}/{n}" for k, (f, n) in rep["transforms"].items()))
    for e in rep["errors"][:5]:
        click.echo(f"error: {e}", err=True)
    if sh:
        click.echo(f"\n../shared annotations ({', '.join(sh['sources'])}): {sh['files']} real reports, "
                   f"{sh['vague']} vague / {sh['specific']} specific labelled sentences")
        click.echo(f"vague-narrative on real labels, {sh['part']}: P {_pcs(sh['precision'])}  R {_pcs(sh['recall'])}  "
                   f"F1 {_pcs(sh['f1'])}")
    elif shared:
        click.echo("\n../shared annotations: none found (corpus/**/real_*labels*.tsv with ../shared/reports/real)")
    sys.stdout.flush()
