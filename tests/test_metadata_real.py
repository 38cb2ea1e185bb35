"""Organ and year on the dev part of the real and crawled reports (``corpus/reading/split.tsv``;
skipped without ../shared). Expected values come from each collection's ``index.tsv``. The test
part is never asserted on: ``benchmarks/organ_accuracy.py --with-test`` measures it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reviewer.io import read_document
from reviewer.organs import organ_key, place_of, same_organ
from tests.conftest import ROOT, SHARED

SPLIT = ROOT / "corpus" / "reading" / "split.tsv"
REPORTS = SHARED / "reports"


def _expected() -> dict[tuple[str, str], tuple[str, int]]:
    out = {}
    for coll in ("real", "hebei"):
        with (REPORTS / coll / "index.tsv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                out[(coll, row["file"])] = (row.get("organ") or row.get("agency") or "", int(row["year"]))
    return out


def _dev() -> list[tuple[str, str]]:
    with SPLIT.open(encoding="utf-8", newline="") as fh:
        return [(r["collection"], r["file"]) for r in csv.DictReader(fh, delimiter="\t") if r["part"] == "dev"]


def test_dev_organ_and_year_match_the_index():
    if not (REPORTS / "hebei" / "index.tsv").is_file() or not (REPORTS / "real" / "index.tsv").is_file():
        pytest.skip("../shared/reports not present")
    expected = _expected()
    dev = _dev()
    assert {c for c, _ in dev} == {"real", "hebei"}
    for coll, name in dev:
        organ, year = expected[(coll, name)]
        doc = read_document(REPORTS / coll / name)
        assert doc.year == year, (name, doc.year)
        assert doc.organ and organ_key(doc.organ) == organ_key(organ), (name, doc.organ)
        # the canonical name is the expected one wherever the report prints that name's place
        if (place_of(organ) or organ) in doc.text:
            assert same_organ(doc.organ, organ), (name, doc.organ)
        assert doc.meta["organ_status"] == "found"


def test_split_file_is_present():
    assert Path(SPLIT).is_file()
