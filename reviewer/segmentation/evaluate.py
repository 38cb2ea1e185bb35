"""`reviewer eval segmenter`: word F1 on the held-out gold sentences and speed of each backend.

F1 compares word spans (a predicted word counts when both its boundaries match the gold word).
Speed is characters and tokens per second over the same text for every backend, after a warm-up,
so model loading is not counted.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from reviewer.segmentation.segmenter import BACKENDS, get_segmenter


def _spans(words: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = _spans(g), _spans(p)
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1}


def evaluate(
    test: list[list[str]], backends: tuple[str, ...] = BACKENDS, model_dir: Path | None = None
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name in backends:
        cut = get_segmenter(name, model_dir=model_dir) if name == "pkuseg" else get_segmenter(name)
        pred = [[w for w in cut("".join(s)) if w.strip()] for s in test]
        out[name] = score(test, pred)
    return out


def speed(text: str, backends: tuple[str, ...] = BACKENDS, min_seconds: float = 0.5) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name in backends:
        cut = get_segmenter(name)
        cut(text[:200])  # warm-up: load dictionaries/model
        n_tok = n_char = 0
        t0 = time.perf_counter()
        while True:
            n_tok += len(cut(text))
            n_char += len(text)
            dt = time.perf_counter() - t0
            if dt >= min_seconds:
                break
        out[name] = {"chars_per_s": n_char / dt, "tokens_per_s": n_tok / dt}
    return out


def speed_text() -> str:
    """The bundled example report's prose (the register the segmenter serves)."""
    from reviewer.paths import ROOT

    p = ROOT / "examples" / "qinghe_jiaotong_2024.txt"
    lines = [x for x in p.read_text(encoding="utf-8").splitlines() if x and "|" not in x]
    return "\n".join(lines)


@click.command(name="segmenter")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
@click.option("--seconds", type=float, default=0.5, show_default=True, help="Minimum timing per backend.")
def cli(corpus: Path | None, seconds: float) -> None:
    """分词在留出金标样本上的 F1 及各分词后端的速度。

    F1 on the held-out gold segmentation sample and speed of jieba+domain dict, pkuseg-domain
    and plain jieba."""
    from reviewer.paths import ROOT
    from reviewer.segmentation.gold import gold_sentences, split
    from reviewer.segmentation.segmenter import DEFAULT

    sentences = gold_sentences(corpus or ROOT / "corpus")
    train, test = split(sentences)
    scores = evaluate(test)
    speeds = speed(speed_text(), min_seconds=seconds)
    click.echo(f"gold: {len(sentences)} sentences ({len(train)} train / {len(test)} held out); default backend: {DEFAULT}")
    click.echo(f"{'backend':12} {'P':>6} {'R':>6} {'F1':>6} {'chars/s':>10} {'tokens/s':>10}")
    for name in BACKENDS:
        s, v = scores[name], speeds[name]
        click.echo(f"{name:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {v['chars_per_s']:10.0f} {v['tokens_per_s']:10.0f}")
