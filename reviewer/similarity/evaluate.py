"""`reviewer eval copying`: passage-level precision and recall of copy detection on the generated gold
set (``gold.py``): each predicted passage is right when most of it lies on gold copied sentences of
the same kind and source; each gold passage (adjacent copied sentences with adjacent sources) is found
when most of it is covered by predicted passages of the same kind and source."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from reviewer.similarity.gold import GoldDoc, make_gold


def gold_passages(g: GoldDoc) -> list[tuple[int, int, str, str]]:
    out: list[list[Any]] = []
    for a, b, kind, src, sa, sb in sorted(g.copied):
        if out and out[-1][2] == kind and out[-1][3] == src and out[-1][1] == a and out[-1][5] == sa:
            out[-1][1], out[-1][5] = b, sb
        else:
            out.append([a, b, kind, src, sa, sb])
    return [(p[0], p[1], p[2], p[3]) for p in out]


def _overlap(a: int, b: int, spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(b, e) - max(a, s)) for s, e in spans)


def evaluate(n_organs: int = 40, seed: int = 7) -> dict[str, Any]:
    from reviewer.io import read_document
    from reviewer.similarity.analyse import analyse

    gold = make_gold(n_organs, seed)
    with tempfile.TemporaryDirectory(prefix="reviewer-gold-") as tmp:
        docs = []
        for g in gold:
            p = Path(tmp) / g.name
            p.write_text(g.text, encoding="utf-8")
            d = read_document(p)
            if d.text != g.text:
                raise RuntimeError(f"{g.name}: the reader changed the generated text; offsets would not hold")
            docs.append(d)
        res = analyse(docs)
    organ_of = {g.name: g.organ for g in gold}  # the source organ must be right; an other-organ
    # passage may be found in either of that organ's reports when both carry it
    tp_pred = n_pred = tp_gold = n_gold = 0
    chars_tp = chars_pred = chars_gold = 0
    per_t: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # found, gold, right, predicted
    for g, a in zip(gold, res, strict=True):
        gp = gold_passages(g)
        preds = [(p.start, p.end, p.kind, organ_of[Path(p.source.path).name]) for p in a.passages if p.kind in ("own", "other")]
        gp = [(s, e, k, organ_of[src]) for s, e, k, src in gp]
        t = per_t[g.transform]
        for s, e, kind, src in preds:
            ok = _overlap(s, e, [(x, y) for x, y, k, so in gp if k == kind and so == src]) >= 0.5 * (e - s)
            tp_pred += ok
            n_pred += 1
            t[2] += ok
            t[3] += 1
            chars_pred += e - s
            chars_tp += _overlap(s, e, [(x, y) for x, y, k, _ in gp if k == kind])
        for s, e, kind, src in gp:
            ok = _overlap(s, e, [(x, y) for x, y, k, so in preds if k == kind and so == src]) >= 0.5 * (e - s)
            tp_gold += ok
            n_gold += 1
            t[0] += ok
            t[1] += 1
            chars_gold += e - s
    return {
        "reports": len(gold),
        "gold_passages": n_gold,
        "predicted_passages": n_pred,
        "precision": tp_pred / n_pred if n_pred else None,
        "recall": tp_gold / n_gold if n_gold else None,
        "char_precision": chars_tp / chars_pred if chars_pred else None,
        "char_recall": chars_tp / chars_gold if chars_gold else None,
        "by_transform": {k: {"found": v[0], "gold": v[1], "right": v[2], "predicted": v[3]} for k, v in sorted(per_t.items())},
    }


_KINDS = {"copied-from-own-past": "own", "copied-from-other": "other"}


def evaluate_generator(n_organs: int = 30, seed: int = 7, years: tuple[int, ...] = (2022, 2023, 2024)) -> dict[str, Any]:
    """The same measures on a ``reviewer.generate`` batch (default defect rates):
    gold passages are its copied-from-own-past / copied-from-other truth items; predictions lying on
    its benign (template) regions are ignored, as its truth conventions prescribe."""
    from reviewer.generate import DefectOptions, generate_batch
    from reviewer.io import read_document
    from reviewer.similarity.analyse import analyse

    batch = generate_batch(n_organs=n_organs, years=list(years), seed=seed, formats=("txt",), defects=DefectOptions())
    with tempfile.TemporaryDirectory(prefix="reviewer-gen-") as tmp:
        docs = []
        for r in batch.reports:
            p = Path(tmp) / f"{r.name}.txt"
            p.write_text(r.text, encoding="utf-8")
            docs.append(read_document(p, {str(p): (r.organ, r.year)}))
        res = analyse(docs)
    tp_pred = n_pred = tp_gold = n_gold = 0
    per_t: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r, d, a in zip(batch.reports, docs, res, strict=True):
        if d.text != r.text:
            continue
        gold = [(t.start, t.end, _KINDS[t.kind], t.detail.get("source_organ"), t.detail.get("transform", "")) for t in r.truth
                if t.kind in _KINDS and not t.benign]
        benign = [(t.start, t.end) for t in r.truth if t.benign]
        preds = [(p.start, p.end, p.kind, p.source.organ) for p in a.passages if p.kind in ("own", "other")]
        for s, e, kind, src in preds:
            if _overlap(s, e, benign) >= 0.5 * (e - s):
                continue
            ok = _overlap(s, e, [(x, y) for x, y, k, so, _ in gold if k == kind and so == src]) >= 0.5 * (e - s)
            tp_pred += ok
            n_pred += 1
        for s, e, kind, src, tr in gold:
            ok = _overlap(s, e, [(x, y) for x, y, k, so in preds if k == kind and so == src]) >= 0.5 * (e - s)
            tp_gold += ok
            n_gold += 1
            per_t[f"{kind}:{tr}"][0] += ok
            per_t[f"{kind}:{tr}"][1] += 1
    return {
        "reports": len(batch.reports), "gold_passages": n_gold, "predicted_passages": n_pred,
        "precision": tp_pred / n_pred if n_pred else None, "recall": tp_gold / n_gold if n_gold else None,
        "by_transform": {k: {"found": v[0], "gold": v[1]} for k, v in sorted(per_t.items())},
    }


def _f(x: float | None) -> str:
    """A ratio with nothing to measure (no prediction, no gold passage) prints n/a."""
    return "n/a" if x is None else f"{x:.3f}"


@click.command("copying")
@click.option("--organs", default=70, show_default=True, help="Organs in the gold set (two years each).")
@click.option("--seed", default=7, show_default=True)
@click.option("--generator/--no-generator", default=True, show_default=True,
              help="Also score on reviewer.generate's batch (when that package is present).")
@click.option("--real", is_flag=True, help="score on the hand-annotated real reports (reviewer.evaluation.copying_real)")
@click.option("--errors", is_flag=True, help="with --real: per-passage errors of the dev organs")
@click.option("--json", "as_json", is_flag=True, help="with --real: figures as JSON")
def cli(organs: int, seed: int, generator: bool, real: bool, errors: bool, as_json: bool) -> None:
    """雷同检出的段落级查准率/查全率（生成的金标；--real：真实报告，按 dev / test 分别统计）。

    Passage-level precision/recall of copy detection on the generated gold sets (--real: on real reports)."""
    if real:
        from reviewer.evaluation.copying_real import run

        return run(errors=errors, as_json=as_json)
    if generator:
        try:
            g = evaluate_generator(seed=seed)
        except ImportError:
            click.echo("reviewer.generate not available: generator gold set skipped")
        else:
            click.echo(f"generator gold set: {g['reports']} reports (reviewer.generate, default defects), seed {seed}")
            for k, v in g["by_transform"].items():
                click.echo(f"  {k:34} found {v['found']:3d} of {v['gold']:3d}")
            click.echo(f"  passages: precision {_f(g['precision'])} ({g['predicted_passages']} predicted)  "
                       f"recall {_f(g['recall'])} ({g['gold_passages']} gold)\n")
    r = evaluate(organs, seed)
    click.echo(f"gold set: {r['reports']} reports (own sentence parts, reviewer.similarity.gold), seed {seed}")
    click.echo(f"{'transform':10} {'gold':>5} {'found':>6} {'pred':>5} {'right':>6}")
    for k, v in r["by_transform"].items():
        click.echo(f"{k:10} {v['gold']:5d} {v['found']:6d} {v['predicted']:5d} {v['right']:6d}")
    click.echo(f"passages: precision {_f(r['precision'])} ({r['predicted_passages']} predicted)  "
               f"recall {_f(r['recall'])} ({r['gold_passages']} gold)")
    click.echo(f"characters: precision {_f(r['char_precision'])}  recall {_f(r['char_recall'])}")
