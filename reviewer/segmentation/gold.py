"""The hand-segmented gold sentences (``corpus/segmentation/gold_*.txt``, one sentence a line, words
separated by spaces) and their fixed train/held-out split, shared by segmenter training and evaluation."""

from __future__ import annotations

from pathlib import Path

GOLD_GLOB = "segmentation/gold_*.txt"
TEST_EVERY = 5  # every 5th sentence is held out for evaluation


def gold_sentences(corpus: Path) -> list[list[str]]:
    out: list[list[str]] = []
    for f in sorted(corpus.glob(GOLD_GLOB)):
        for line in f.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if words:
                out.append(words)
    return out


def split(sentences: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    train = [s for i, s in enumerate(sentences) if i % TEST_EVERY != TEST_EVERY - 1]
    test = [s for i, s in enumerate(sentences) if i % TEST_EVERY == TEST_EVERY - 1]
    return train, test
