"""Guarded patterns (reviewer.fastre) find exactly what the plain patterns find."""

from __future__ import annotations

import importlib
import random
import re

import pytest

from reviewer.fastre import ORIGINALS, first_class, guarded

# the modules whose patterns are guarded (importing them registers the guarded patterns)
MODULES = ("reviewer.chrome", "reviewer.similarity.negation", "reviewer.similarity.fingerprint", "reviewer.rules.text_table",
           "reviewer.rules.dates", "reviewer.metadata", "reviewer.build", "reviewer.tables.t2", "reviewer.vagueness.features")


def test_first_class_bounds_the_first_character() -> None:
    assert first_class(re.compile(r"(?:近|约)?\d+件")) == r"\d约近"
    assert first_class(re.compile(r"\d+年|[〇一]{4}(?=年)")) == r"\d〇一"
    assert first_class(re.compile(r"(?<![\d.])[a-c]x|^y")) == "a-cy"
    assert first_class(re.compile(r"\s*(?:>|/)")) == r"/>\s"
    for unbounded in (r"x?", r".a", r"[^a]b", r"(a)?\1", r"(?i)ab", r"a*|b"):
        assert first_class(re.compile(unbounded)) is None, unbounded
    plain = re.compile(r"(?:近|约)?\d+件")
    assert guarded(plain).pattern == r"(?=[\d约近])(?:(?:近|约)?\d+件)"
    for scanned in (r"abc|abd", r"[0-9]年", r"进一步|不断"):  # the matcher already skips to their starts
        p = re.compile(scanned)
        assert guarded(p) is p


def _texts() -> list[str]:
    from reviewer.generate import generate_batch

    batch = generate_batch(4, [2019, 2023], 7, formats=("txt",), defects=None)
    return [r.text for r in batch.reports]


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    for name in MODULES:
        importlib.import_module(name)
    texts = _texts()
    lines = [x for t in texts for x in t.splitlines()]
    return texts + lines


def test_guarded_patterns_match_as_the_plain_ones(corpus: list[str]) -> None:
    pairs = list(ORIGINALS.items())
    assert len(pairs) >= 20  # the modules above guard their scanning patterns
    rnd = random.Random(9)
    for fast, plain in pairs:
        # random strings from the pattern's own characters, figures, spaces and filler
        alphabet = sorted({c for c in plain.pattern if not c.isascii() or c.isalnum() or c in " .-/%:："} | set("0123456789 \n。，年月日"))
        extra = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(400)]
        for text in corpus + extra:
            got = [(m.span(), m.groups(), m.lastgroup) for m in fast.finditer(text)]
            want = [(m.span(), m.groups(), m.lastgroup) for m in plain.finditer(text)]
            assert got == want, (plain.pattern, text[:80])
            for pos in range(0, len(text), max(1, len(text) // 7)):
                a, b = fast.match(text, pos), plain.match(text, pos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (plain.pattern, pos)
            assert fast.sub("#", text) == plain.sub("#", text)
