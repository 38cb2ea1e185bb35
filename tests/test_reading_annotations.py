"""The reading annotations (corpus/reading/*.tsv) are well formed: every annotated file is in the
split, slots and statuses are valid, offsets lie inside the file, heading spans hold heading-like
text, and sha256 prefixes match the raw files (the file checks skip without ../shared)."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READING = ROOT / "corpus" / "reading"
REPORTS = ROOT.parent / "shared" / "reports"
SLOTS = ("一", "二", "三", "四", "五", "六")
STATUSES = {"heading", "content-without-heading", "absent"}
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*[、．.]|[（(][一二三四五六七八九十]{1,2}[)）]|第[一二三四五六七八九十]+部分)")


def _rows(name: str) -> list[dict[str, str]]:
    with (READING / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _raw(collection: str, file: str) -> str:
    return (REPORTS / collection / file).open(encoding="utf-8").read()


def test_split_covers_every_annotated_file() -> None:
    split = {(r["collection"], r["file"]) for r in _rows("split.tsv")}
    docs = {(r["collection"], r["file"]) for r in _rows("docs.tsv")}
    assert docs == split
    for name in ("sections.tsv", "tables.tsv"):
        assert {(r["collection"], r["file"]) for r in _rows(name)} <= docs


def test_docs_fields() -> None:
    organs = {r["organ_key"]: r["organ"] for r in _rows("organs.tsv")}
    assert all(name and not re.search(r"\s", name) for name in organs.values())
    for r in _rows("docs.tsv"):
        assert re.fullmatch(r"[0-9a-f]{12}", r["sha256"])
        assert r["doc_type"] in ("report", "attachment")
        year = int(r["year"])
        era = "legacy" if year < 2019 else "trial" if year < 2021 else "2021"
        assert r["era"] == era, r["file"]
        assert r["organ_key"] in organs, r["file"]


def test_six_slots_per_report_and_valid_spans() -> None:
    docs = {r["file"]: r for r in _rows("docs.tsv")}
    rows = _rows("sections.tsv")
    per_file = Counter(r["file"] for r in rows)
    for file, d in docs.items():
        assert per_file[file] == (6 if d["doc_type"] == "report" else 0), file
    for r in rows:
        assert r["slot"] in SLOTS and r["status"] in STATUSES
        if r["status"] == "absent":
            assert r["start"] == r["end"] == ""
        else:
            assert 0 <= int(r["start"]) < int(r["end"])


def test_table_values() -> None:
    for r in _rows("tables.tsv"):
        assert r["table"] in ("二", "三", "四", "legacy")
        assert r["value"] == "blank" or re.fullmatch(r"-?\d+", r["value"]), r
    assert len({(r["file"], r["table"]) for r in _rows("tables.tsv")}) >= 12


@pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/reports not present")
def test_against_raw_files() -> None:
    for r in _rows("docs.tsv"):
        data = (REPORTS / r["collection"] / r["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest().startswith(r["sha256"]), r["file"]
    for r in _rows("sections.tsv"):
        if r["status"] == "absent":
            continue
        text = _raw(r["collection"], r["file"])
        s, e = int(r["start"]), int(r["end"])
        assert e <= len(text), r
        if r["status"] == "heading":
            span = text[s:e]
            assert HEADING.match(span), (r["file"], r["slot"], span)
            assert "\n" not in span.strip()
