"""``similarity.mask`` computed on whole arrays gives what the token scan it describes gives: a
figure (a Chinese-numeral year or digits), else a run of kept characters, else one character
skipped, between the organ's names (spec §7: copies must hash the same after figures and names
change)."""

from __future__ import annotations

import random

import numpy as np

from reviewer.similarity.mask import _TOKENS, NAME, NUM, _name_spans, mask


def _scan(text: str, names: tuple[str, ...]) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for ns, ne in [*_name_spans(text, names), (len(text), len(text))]:
        for m in _TOKENS.finditer(text, pos, ns):
            s, e = m.span()
            if m.lastgroup == "keep":
                out.append(m.group().lower())
                starts.extend(range(s, e))
                ends.extend(range(s + 1, e + 1))
            else:
                out.append(NUM)
                starts.append(s)
                ends.append(e)
        if ne > ns:
            out.append(NAME)
            starts.append(ns)
            ends.append(ne)
        pos = ne
    return "".join(out), starts, ends


def _same(text: str, names: tuple[str, ...]) -> None:
    got, gs, ge = mask(text, names)
    want, ws, we = _scan(text, names)
    assert got == want, (text, names)
    assert gs.dtype == np.int32 and ge.dtype == np.int32
    assert gs.tolist() == ws and ge.tolist() == we, (text, names)


def test_mask_cases() -> None:
    names = ("青禾县", "本县")
    for text in ["青禾县2023年公开文件12件，同比增长3.5%。", "二〇二三年", "本〇一二三年", "本二〇二三年度",
                 "，二〇二三年", "12二〇二三年", "1,2,3件；1..2件；12%34", "ＡＢC公开", "青禾县二〇二三年",
                 "二〇二三青禾县年", "１２件", "٣件", "", "县", "共计\U0001d7ce件", "本县本县青禾县"]:
        _same(text, names)


def test_mask_random_texts() -> None:
    rng = random.Random(5)
    alphabet = list("二〇二三零一年本县机关ABCxyz公开12，,.%％１２　 \n§#青禾") + ["\U00020000"]
    dense = list("〇一二三四年本,1.%县")
    for _ in range(3000):
        chars = alphabet if rng.random() < 0.5 else dense
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 24)))
        names = tuple(rng.choice(["青禾县", "县", "本县", "年", "1", "三", ""]) for _ in range(rng.randint(0, 2)))
        _same(text, names)
