from __future__ import annotations

import json
import re

import pytest

from reviewer.generate import DefectOptions, generate_batch, write_batch
from reviewer.generate import pools as P
from reviewer.generate.batch import read_truth
from reviewer.generate.defects import shift_years
from reviewer.io import read_document
from reviewer.model import KINDS
from reviewer.normalise import normalise_line, tighten

YEARS = [2017, 2018, 2019, 2020, 2022, 2023, 2024]


@pytest.fixture(scope="module")
def batch():
    return generate_batch(16, YEARS, seed=11, defects=DefectOptions())


def test_same_seed_same_batch_other_seed_differs(batch):
    again = generate_batch(16, YEARS, seed=11, defects=DefectOptions())
    assert [r.text for r in again.reports] == [r.text for r in batch.reports]
    assert [[t.to_dict() for t in r.truth] for r in again.reports] == [[t.to_dict() for t in r.truth] for r in batch.reports]
    other = generate_batch(16, YEARS, seed=12, defects=DefectOptions())
    assert [r.text for r in other.reports] != [r.text for r in batch.reports]


def test_eras_names_and_kinds(batch):
    assert {r.era for r in batch.reports} == {"legacy", "trial", "2021"}
    assert len({r.name for r in batch.reports}) == len(batch.reports)
    assert len({r.organ for r in batch.reports}) == 16
    for r in batch.reports:
        assert r.text.startswith(f"{r.organ}{r.year}年")
        for t in r.truth:
            assert t.kind in KINDS
            assert 0 <= t.start <= t.end <= len(r.text)


def test_pool_strings_survive_normalisation():
    strings = [P.PREAMBLE_2021, P.PREAMBLE_TRIAL, P.PERIOD, *P.APPLY, *P.VAGUE_PROBLEM, *P.VAGUE_MEASURE,
               *P.PROBLEM_SPEC, *P.MEASURE_SPEC, *P.TEMPLATE_PASSAGES, *(c for cs in P.CLAUSES.values() for c in cs),
               *(v for _, vs in P.SYNONYMS for v in vs)]
    for s in strings:
        assert tighten(normalise_line(s)) == s


def test_written_txt_reads_back_to_the_same_text(batch, tmp_path):
    write_batch(batch, tmp_path)
    rows = read_truth(tmp_path)
    assert len(rows) == len(batch.reports)
    by_name = batch.by_name()
    for row in rows:
        r = by_name[row["name"]]
        doc = read_document(row["file"])
        assert doc.text == r.text, row["path"]
        assert doc.year == r.year and doc.organ == r.organ
        assert [t.to_dict() for t in row["truth"]] == [t.to_dict() for t in r.truth]
    manifest = (tmp_path / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "path,organ,year" and len(manifest) == len(batch.reports) + 1
    json.loads((tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()[0])


def _t3_numbers(r):
    """Table 三 data rows parsed back from the text: label row -> 7 numbers."""
    rows = []
    for line in r.text.split("\n"):
        cells = line.split(" | ")
        if len(cells) == 10 and all(re.fullmatch(r"\d+", c) for c in cells[3:]):
            rows.append([int(c) for c in cells[3:]])
    return rows


def _t4_numbers(r):
    for line in r.text.split("\n"):
        cells = line.split(" | ")
        if len(cells) == 15 and all(re.fullmatch(r"\d+", c) for c in cells):
            return [int(c) for c in cells]
    return None


def test_clean_tables_hold_c1_to_c4_and_c6():
    clean = generate_batch(25, [2019, 2020, 2021, 2022], seed=5, defects=None)
    last_next: dict[str, list[int]] = {}
    checked = 0
    for r in clean.reports:
        assert not r.defects(), r.name
        m = _t3_numbers(r)
        n_out = 19 if r.era == "trial" else 21
        assert len(m) == 2 + n_out + 2
        for row in m:  # C3
            assert sum(row[:6]) == row[6]
        for j in range(7):
            col = [row[j] for row in m]
            assert col[0] + col[1] == col[-2] + col[-1]  # C1
            assert col[-2] == sum(col[2:-2])  # C2
        if r.organ in last_next:  # C6
            assert m[1] == last_next[r.organ]
        last_next[r.organ] = m[-1]
        t4 = _t4_numbers(r)
        for b in range(3):  # C4
            assert sum(t4[5 * b : 5 * b + 4]) == t4[5 * b + 4]
        checked += 1
    assert checked == len(clean.reports)


def _digits(s: str) -> str:
    return re.sub(r"[0-9.]+", "#", s)


def test_injected_spans_are_the_injected_text():
    b = generate_batch(40, [2021, 2022, 2023], seed=3, defects=DefectOptions(
        own_copy=0.6, other_copy=0.4, broken_cell=0.5, blank_cell=0.5, text_table=0.5, missing_section=0.3,
        missing_item=0.3, date=0.5, template=0.5, vague=0.5, cross_year=0.3))
    src = b.by_name()
    seen = set()
    for r in b.reports:
        for t in r.truth:
            seen.add(t.kind)
            span = r.text[t.start : t.end]
            d = t.detail
            if t.kind == "copied-from-other" and t.benign:  # the source side of a same-year copy
                by = src[d["copied_by"]]
                assert by.year == r.year and by.organ != r.organ and d["ignore_kinds"] == ["copied-from-other"]
                assert any(c.kind == t.kind and not c.benign and c.detail["source_name"] == r.name
                           and (c.detail["source_start"], c.detail["source_end"]) == (t.start, t.end) for c in by.truth)
            elif t.kind in ("copied-from-own-past", "copied-from-other"):
                s = src[d["source_name"]]
                source = s.text[d["source_start"] : d["source_end"]]
                assert "\n" not in span and span == r.text[t.start : r.text.index("\n", t.start)]
                if d["transform"] == "verbatim":
                    assert span == source
                elif d["transform"] == "name-swapped":
                    swapped = source
                    for a, z in d["names_swapped"]:
                        swapped = swapped.replace(a, z)
                    assert s.organ not in span and (s.organ, r.organ) == tuple(d["names_swapped"][0])
                    expected = shift_years(swapped, r.year - s.year)
                    if d.get("figures_changed"):
                        assert span != expected and _digits(span) == _digits(expected)
                    else:
                        assert span == expected
                else:
                    assert span != source
                if t.kind == "copied-from-own-past":
                    assert s.organ == r.organ and s.year < r.year
                else:
                    assert s.organ != r.organ
            elif t.kind in ("missing-section", "missing-item"):
                assert t.start == t.end
            elif t.kind == "table-arithmetic":
                assert span == str(d["written"]) and d["written"] != d["was"]
            elif t.kind == "table-missing-value":
                assert span == d["written"] and span in ("", "/", "—", "-")
            elif t.kind == "text-table-mismatch":
                assert span.endswith(f"{d['prose']}件") and d["prose"] != d["table"]
            elif t.kind == "vague-narrative":
                # a copy, or a paragraph of the shared pool written again (don't-care, never a copy)
                copied = any((c.kind.startswith("copied") or c.detail.get("reason") == "shared pool sentences written again")
                             and c.start <= t.start and t.end <= c.end for c in r.truth)
                pooled = any(span.replace(x, "我局") in P.VAGUE_PROBLEM + P.VAGUE_MEASURE + P.VAGUE_PREV
                             for xs in P.PRONOUNS.values() for x in xs)
                assert copied or pooled
            elif t.kind == "date-mismatch" and d.get("found"):
                assert str(d["found"]) in span and str(r.year) not in span.replace(str(d["found"]), "")
            if "region" in d:
                a, z = d["region"]
                assert a <= t.start <= t.end <= z
    assert {"copied-from-own-past", "copied-from-other", "table-arithmetic", "table-missing-value",
            "text-table-mismatch", "missing-section", "missing-item", "vague-narrative", "date-mismatch",
            "template-text", "cross-year-mismatch", "repeated-problem"} <= seen


def test_specific_prose_has_no_fixed_shingle():
    """Organ-specific sentences share an 8-character run only where copied: every stretch of fixed
    wording between made-up names (a name's suffix such as 村 or 直通车, figures and the organ's name
    included) is at most 7 masked characters, and under the 14-character template shingle across
    clause and sentence boundaries."""
    from reviewer.generate import specific as S

    def longest(xs: tuple[str, ...]) -> str:
        return "|" + "x" * max(len(x) for x in xs)

    slots = {"v1": longest(S._VILLAGE_END), "v2": longest(S._VILLAGE_END), "v3": longest(S._VILLAGE_END),
             "proj": longest(S._PROJECT), "col": longest(S._COLUMN_END), "col2": longest(S._COLUMN_END),
             "spot": longest(S._SPOT), "spot2": longest(S._SPOT), "w1": "|", "w2": "|", "abbr": "|x",
             **{k: "#" for k in ("m", "d", "m2", "d2", "k", "k2", "n", "n2", "Y")},
             "organ": "§", "place": "§", "doc": "x" * max(len(x) for x in S._DOC), "t0": "|", "t1": "|", "t2": "|"}

    def masked(tpl: str) -> str:
        return re.sub(r"[，。、“”《》（）〔〕]", "", tpl.format_map(slots))

    for c in S._EVENTS + S._OUTCOMES:
        assert max(len(r) for r in masked(c).split("|")) <= 7, c
    for e in S._EVENTS:
        for o in S._OUTCOMES:
            for nxt in S._EVENTS:
                assert max(len(r) for r in (masked(e) + masked(o) + masked(nxt)).split("|")) < 14, (e, o, nxt)
