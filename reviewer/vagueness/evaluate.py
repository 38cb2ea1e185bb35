"""`reviewer eval vagueness`: cross-validation on the written corpus, the trained model on the labelled
real set (corpus/vague/real_set: dev and sealed test, per section, beside two baselines), and on the
older real-report standoff labels (corpus/vague/real_labels.tsv).

The sealed test units are scored only in aggregate here: no per-sentence output is ever printed for
them.

The real sentences are never trained on, but they are not held out either: the corpus author read
them while writing the training sentences, and the thresholds were chosen with them in view. Their
figures are therefore a *dev* measure and are printed as such (``REAL_PART``).

Real sections are mostly vague, so the vague class alone flatters any model; the figures that
matter are macro-F1 and the specific class's F1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from reviewer.vagueness.corpus import LABELS, Example, load_corpus, load_real, real_dir
from reviewer.vagueness.features import explain
from reviewer.vagueness.model import MODEL_FILE, VagueModel, load, to_json
from reviewer.vagueness.realset import Unit, dedupe, file_parts, kappa, load_units
from reviewer.vagueness.train import REAL_DEV_REPEAT, ROOT_CORPUS, cross_validate, fit, scores

REAL_PART = "dev (real sentences, seen while writing training data)"


def evaluate_real(model: VagueModel, real: list[Example]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    probs = model.predict_proba([e.sentence for e in real])
    pred = ["vague" if p >= 0.5 else "specific" for p in probs]
    wrong = [
        {"source": e.source, "gold": e.label, "predicted": p, "probability_vague": round(float(q), 3),
         "sentence": e.sentence, "cues": explain(e.sentence)}
        for e, p, q in zip(real, pred, probs, strict=True)
        if p != e.label
    ]
    return scores([e.label for e in real], pred), wrong


BASELINES = ("all vague", "digit/《》 heuristic")


def heuristic(sentence: str) -> str:
    """The digit/《》 baseline: specific when the sentence has an Arabic digit or a 《》 title."""
    return "specific" if any(ch.isdigit() for ch in sentence) or "《" in sentence else "vague"


def evaluate_units(model: VagueModel, units: list[Unit]) -> dict[str, Any]:
    """Per part (dev, test) and section (五, 一, all): the model and both baselines, aggregate only."""
    out: dict[str, Any] = {}
    probs = model.predict_proba([u.text for u in units]) if units else []
    pred = {u.unit: ("vague" if p >= 0.5 else "specific") for u, p in zip(units, probs, strict=True)}
    for part in ("dev", "test"):
        in_part = [u for u in units if u.part == part]
        if not in_part:
            continue
        kept, dropped = dedupe(in_part)
        block: dict[str, Any] = {"n": len(kept), "duplicates_dropped": dropped}
        for sec in ("五", "一", "all"):
            us = [u for u in kept if sec == "all" or u.section == sec]
            if not us:
                continue
            gold = [u.label for u in us]
            block[sec] = {
                "model": scores(gold, [pred[u.unit] for u in us]),
                "all vague": scores(gold, ["vague"] * len(us)),
                "digit/《》 heuristic": scores(gold, [heuristic(u.text) for u in us]),
            }
        out[part] = block
    return out


def _organ(file: str) -> str:
    return re.sub(r"_?\d{4}.*$", "", file)


def dev_cross_fit(examples: list[Example], units: list[Unit], folds: int = 4) -> dict[str, Any]:
    """Honest dev figures for a model that trains on the dev units: organ-grouped folds of the dev
    units, each scored by a model fitted on the corpus and the other folds' dev units."""
    dev, _ = dedupe([u for u in units if u.part == "dev"])
    organs = sorted({_organ(u.file) for u in dev})
    pred: dict[str, str] = {}
    for k in range(folds):
        held = {o for i, o in enumerate(organs) if i % folds == k}
        rest = [Example(u.label, u.text) for u in dev if _organ(u.file) not in held]
        scored = [u for u in dev if _organ(u.file) in held]
        if not scored:
            continue
        m = VagueModel(to_json(fit(examples + rest * REAL_DEV_REPEAT)))
        pred.update((u.unit, "vague" if p >= 0.5 else "specific") for u, p in zip(scored, m.predict_proba([u.text for u in scored]), strict=True))
    out: dict[str, Any] = {"folds": folds, "n": len(dev)}
    for sec in ("五", "一", "all"):
        us = [u for u in dev if sec == "all" or u.section == sec]
        if us:
            out[sec] = scores([u.label for u in us], [pred[u.unit] for u in us])
    return out


def dev_errors(model: VagueModel, units: list[Unit]) -> list[dict[str, Any]]:
    """Misclassified dev units (never test units)."""
    dev, _ = dedupe([u for u in units if u.part == "dev"])
    probs = model.predict_proba([u.text for u in dev]) if dev else []
    return [
        {"source": f"{u.unit} {u.file}:{u.start}-{u.end} {u.section}", "gold": u.label, "predicted": p,
         "probability_vague": round(float(q), 3), "sentence": u.text, "cues": explain(u.text)}
        for u, q in zip(dev, probs, strict=True)
        if (p := "vague" if q >= 0.5 else "specific") != u.label
    ]


def _line(name: str, s: dict[str, Any]) -> str:
    sp = s["specific"]
    m = s["confusion"]
    return (f"    {name:22}{s['macro_f1']:>9.3f}{sp['precision']:>8.3f}{sp['recall']:>8.3f}{sp['f1']:>8.3f}"
            f"   [[{m['specific']['specific']:>3} {m['specific']['vague']:>3}] [{m['vague']['specific']:>3} {m['vague']['vague']:>3}]]")


def _units_report(res: dict[str, Any]) -> None:
    names = {"dev": "dev (trained and calibrated on)", "test": "sealed test (aggregate only)"}
    for part, block in res.items():
        click.echo(f"real set, {names[part]}: {block['n']} units ({block['duplicates_dropped']} exact repeats dropped)")
        click.echo(f"    {'':22}{'macro-F1':>9}{'spec P':>8}{'spec R':>8}{'spec F1':>8}   confusion [[spec→spec spec→vague] [vague→spec vague→vague]]")
        for sec in ("五", "一", "all"):
            if sec not in block:
                continue
            n = block[sec]["model"]["specific"]["n"] + block[sec]["model"]["vague"]["n"]
            click.echo(f"  section {sec} ({n} units, {block[sec]['model']['specific']['n']} specific)")
            for name in ("model", *BASELINES):
                click.echo(_line(name, block[sec][name]))


def _table(title: str, s: dict[str, Any]) -> str:
    lines = [title, f"  {'class':10}{'precision':>10}{'recall':>9}{'F1':>8}{'n':>6}"]
    for lab in LABELS:
        c = s[lab]
        lines.append(f"  {lab:10}{c['precision']:>10.3f}{c['recall']:>9.3f}{c['f1']:>8.3f}{c['n']:>6}")
    lines.append(f"  macro-F1 {s['macro_f1']:.3f}")
    m = s["confusion"]
    lines.append(f"  confusion (rows true, cols predicted): {'':2}{'specific':>9}{'vague':>7}")
    for t in LABELS:
        lines.append(f"    {t:10}{m[t]['specific']:>9}{m[t]['vague']:>7}")
    return "\n".join(lines)


@click.command(name="vagueness")
@click.option("--corpus", type=click.Path(path_type=Path), default=None, help="Corpus folder (default ./corpus).")
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None, help="Model file (default models/vagueness.json; trained in memory when missing).")
@click.option("--reports", type=click.Path(path_type=Path), default=None, help="Folder of real .txt reports (default ../shared/reports/real).")
@click.option("--folds", type=int, default=5, show_default=True)
@click.option("--no-cv", is_flag=True, help="Skip cross-validation on the corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--reports-root", type=click.Path(path_type=Path), default=None, help="Folder holding real/ and hebei/ for the labelled real set (default ../shared/reports).")
@click.option("--dev-only", is_flag=True, help="Score the real set's dev part only (the sealed test is left unread).")
@click.option("--errors", is_flag=True, help="List the misclassified dev units of the real set (never test units).")
def cli(corpus: Path | None, model_path: Path | None, reports: Path | None, folds: int, no_cv: bool, as_json: bool,
        reports_root: Path | None, dev_only: bool, errors: bool) -> None:
    """含糊/具体分类的各类查准率、查全率、F1、宏平均 F1 和混淆矩阵（交叉验证、dev 与封存的 test）。

    Precision/recall/F1 per class, macro-F1 and confusion: CV on corpus/vague, the labelled real set
    (dev and sealed test, per section, beside the all-vague and digit/《》 baselines), and the older
    dev real labels."""
    from reviewer.paths import models_dir

    corpus = corpus or ROOT_CORPUS
    examples = load_corpus(corpus)
    out: dict[str, Any] = {"n_corpus": len(examples)}
    if not no_cv:
        out["cv"], _ = cross_validate(examples, folds=folds)
    model_path = model_path or models_dir() / MODEL_FILE
    _model: list[VagueModel] = []

    def model_() -> VagueModel:
        if not _model:
            _model.append(load(model_path) if model_path.exists() else VagueModel(to_json(fit(examples))))
        return _model[0]

    units = load_units(corpus, reports_root, part="dev" if dev_only else None)
    if units:
        k, n_double, n_dis = kappa(corpus)
        out["real_set"] = evaluate_units(model_(), units)
        out["real_set_kappa"] = {"kappa": round(k, 4), "n": n_double, "disagreements": n_dis}
        if not no_cv:
            out["real_set_dev_cross_fit"] = dev_cross_fit(examples, units)
        if errors:
            out["real_set_dev_errors"] = dev_errors(model_(), units)
    # the older labels cover files that the real set puts in its sealed test: only dev files are read
    parts = file_parts(corpus)
    real = [e for e in load_real(corpus, reports) if parts.get(e.source.split(":")[0], "dev") == "dev"]
    overview = [e for e in load_real(corpus, reports, section="一") if parts.get(e.source.split(":")[0], "dev") == "dev"]
    if real:
        model = model_()
        out["real_part"] = REAL_PART
        out["real"], out["misclassified"] = evaluate_real(model, real)
        out["real_files"] = len({e.source.split(":")[0] for e in real})
        if overview:
            out["real_overview"], out["misclassified_overview"] = evaluate_real(model, overview)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"corpus: {len(examples)} written sentences")
    if "cv" in out:
        click.echo(_table(f"{folds}-fold cross-validation on the corpus", out["cv"]))
    if units:
        kp = out["real_set_kappa"]
        click.echo(f"real set: two readers on {kp['n']} units, κ = {kp['kappa']:.3f} ({kp['disagreements']} disagreements, adjudicated)")
        _units_report(out["real_set"])
        if "real_set_dev_cross_fit" in out:
            cf = out["real_set_dev_cross_fit"]
            click.echo(f"real set, dev scored out of fold ({cf['folds']} organ-grouped folds; the model above trains on dev):")
            for sec in ("五", "一", "all"):
                if sec in cf:
                    click.echo(_line(f"section {sec}", cf[sec]))
        if errors:
            _misses("real set dev", out["real_set_dev_errors"])
    else:
        click.echo("real set: skipped (../shared/reports/{real,hebei} not present)")
    if not real:
        click.echo(f"real-report labels: skipped ({reports or real_dir()} not present)")
        return
    click.echo(_table(f"{REAL_PART}: real section 五 sentences ({len(real)} unique, {out['real_files']} files)", out["real"]))
    _misses("section 五", out["misclassified"])
    if overview:
        click.echo(_table(f"{REAL_PART}: real section 一 (总体情况) sentences ({len(overview)}), secondary", out["real_overview"]))
        _misses("section 一", out["misclassified_overview"])


def _misses(title: str, rows: list[dict[str, Any]]) -> None:
    click.echo(f"misclassified real sentences, {title} ({len(rows)}):")
    for w in rows:
        cues = "; ".join(w["cues"]["specific"] + w["cues"]["vague"]) or "-"
        click.echo(f"  {w['source']}  gold={w['gold']} p(vague)={w['probability_vague']:.2f}  {w['sentence'][:60]}…  cues: {cues}")
