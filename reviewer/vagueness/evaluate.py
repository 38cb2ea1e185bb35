"""`reviewer eval vagueness`: cross-validation on the written corpus, and the trained model on the
real-report standoff labels (corpus/vague/real_labels.tsv).

The real sentences are never trained on, but they are not held out either: the corpus author read
them while writing the training sentences, and the thresholds were chosen with them in view. Their
figures are therefore a *dev* measure and are printed as such (``REAL_PART``).

Real sections are mostly vague, so the vague class alone flatters any model; the figures that
matter are macro-F1 and the specific class's F1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from reviewer.vagueness.corpus import LABELS, Example, load_corpus, load_real, real_dir
from reviewer.vagueness.features import explain
from reviewer.vagueness.model import MODEL_FILE, VagueModel, load, to_json
from reviewer.vagueness.train import ROOT_CORPUS, cross_validate, fit, scores

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
def cli(corpus: Path | None, model_path: Path | None, reports: Path | None, folds: int, no_cv: bool, as_json: bool) -> None:
    """Precision/recall/F1 per class, macro-F1 and confusion: CV on corpus/vague, and the dev real labels."""
    from reviewer.train import models_dir

    corpus = corpus or ROOT_CORPUS
    examples = load_corpus(corpus)
    out: dict[str, Any] = {"n_corpus": len(examples)}
    if not no_cv:
        out["cv"], _ = cross_validate(examples, folds=folds)
    real = load_real(corpus, reports)
    overview = load_real(corpus, reports, section="一")
    if real:
        model_path = model_path or models_dir() / MODEL_FILE
        model = load(model_path) if model_path.exists() else VagueModel(to_json(fit(examples)))
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
