"""Text normalisation: spaces PDF extraction leaves inside Chinese text go, others stay."""

from __future__ import annotations

import random
import re

import pytest

from reviewer.normalise import normalise_many, tighten

_CJK = r"\u3400-\u9fff"
# the definition tighten() implements in one pass: three substitutions over whitespace runs
_REFERENCE = (
    re.compile(rf"(?<=[{_CJK}，。；：、（）《》“”])\s+(?=[{_CJK}，。；：、（）《》“”])"),
    re.compile(r"(?<=[，。；：、（）《》“”！？])\s+|\s+(?=[，。；：、（）《》“”！？])"),
    re.compile(rf"(?<=[{_CJK}])\s+(?=[0-9])|(?<=[0-9])\s+(?=[{_CJK}])"),
)


def _reference(text: str) -> str:
    if " " not in text:
        return text
    for pat in _REFERENCE:
        text = pat.sub("", text)
    return text


@pytest.mark.parametrize(
    ("raw", "tight"),
    [
        ("2024 年 共收到 12 件", "2024年共收到12件"),
        ("政 府 信 息 ， 公 开", "政府信息，公开"),
        ("Word 文档 and PDF", "Word 文档 and PDF"),
        ("12 34", "12 34"),
        ("（ 一 ） 予以公开", "（一）予以公开"),
        ("无空格", "无空格"),
    ],
)
def test_tighten_examples(raw: str, tight: str) -> None:
    assert tighten(raw) == tight


def test_tighten_equals_the_three_substitutions() -> None:
    rng = random.Random(0)
    alpha = "中文㐀鿿，。；：、（）《》“”！？!?12ab \t\n\u3000\u2002\x00"
    for _ in range(5000):
        text = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 30)))
        assert tighten(text) == _reference(text), repr(text)


def test_normalise_many_keeps_items_apart() -> None:
    assert normalise_many(["２０２４ 年", "", "  a  b ", "後來"]) == ["2024年", "", "a b", "后来"]


def test_traditional_characters_inside_and_outside_gb2312() -> None:
    # 後 and 於 are GB2312 characters (the fast path), 來 and 這 are not (the full check)
    assert normalise_many(["之後於此", "這是後來", "\u200b⻓期"]) == ["之后于此", "这是后来", "长期"]
