"""The truth of repeated problems (C204, spec §8 end): each problem item of 五 restating a problem
of any earlier year of the organ is one item; stock lead-ins and measures never are."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reviewer.generate import DefectOptions, generate_batch
from reviewer.generate import pools as P

YEARS = [2021, 2022, 2023, 2024]
GAP = "与上级要求和群众期待相比还存在一定差距"


def _items(r, kind="repeated-problem"):
    return [t for t in r.truth if t.kind == kind and not t.benign]


@pytest.fixture(scope="module")
def clean():
    """No copies, section 五 always specific: a fresh 五 avoids the problems of the last two
    reports, so the fourth report states the first one's problems again."""
    opts = dataclasses.replace(DefectOptions.none(), repeat_problem=1.0)
    return generate_batch(6, YEARS, seed=3, defects=opts)


@pytest.fixture(scope="module")
def vague():
    """Section 五 always formulaic (the gap formula among its sentences), nothing copied."""
    return generate_batch(12, YEARS, seed=5, defects=DefectOptions(vague=1.0, own_copy=0, lazy=0, other_copy=0))


def test_a_problem_from_an_older_year_than_the_previous_is_in_the_truth(clean):
    later = [r for r in clean.reports if r.year == 2024]
    found = [(r, t) for r in later for t in _items(r)]
    assert found and all(t.detail["source_year"] == 2021 for _, t in found)
    by_name = {r.name: r for r in clean.reports}
    for r, t in found:
        src = by_name[t.detail["source_name"]]
        # the same problem: the organ's earlier item written from the same entry (other figures,
        # wording variants), and the item of this year is one of this year's problems
        entries = [tp[0] for q in src.paras if q.role == "problems" for tp in q.topics or () if tp]
        assert t.detail["problem"] in entries
        para = next(q for q in r.paras if q.role == "problems")
        assert para.start <= t.start < t.end <= para.end
    # nothing is restated from the report just before (the last two reports are avoided)
    assert not any(t.detail["source_year"] == r.year - 1 for r in clean.reports for t in _items(r))


def test_one_item_per_problem_without_opener_or_ordinal(clean):
    items = [(r, t) for r in clean.reports for t in _items(r)]
    assert items
    for r, t in items:
        span = r.text[t.start:t.end]
        assert "：" not in span and not span.startswith(("一是", "二是")) and not span.endswith(("；", "。"))
        assert "\n" not in span


def test_stock_lead_in_and_measures_are_never_repeated_problems(vague):
    gaps = 0
    for r in vague.reports:
        spans = [(m.start(), m.end()) for m in re.finditer(GAP, r.text)]
        measures = [(m.start(), m.end()) for x in P.VAGUE_MEASURE for m in re.finditer(re.escape(x[4:]), r.text)]
        for t in _items(r):
            assert not any(a < t.end and t.start < b for a, b in spans + measures), r.text[t.start:t.end]
        earlier = [x for x in vague.reports if x.organ == r.organ and x.year < r.year]
        gaps += bool(spans) and any(GAP in x.text for x in earlier)
    assert gaps  # the formula recurs across years, and is still not an item
    assert sum(len(_items(r)) for r in vague.reports) > 0


def test_every_item_restates_an_earlier_item_of_the_same_entry(vague, clean):
    for batch in (vague, clean):
        by_name = {r.name: r for r in batch.reports}
        for r in batch.reports:
            for t in _items(r):
                src = by_name[t.detail["source_name"]]
                assert src.organ == r.organ and src.year < r.year
                # the latest earlier report stating it: no report in between has the same entry
                between = [x for x in batch.reports if x.organ == r.organ and src.year < x.year < r.year]
                for x in between:
                    tops = [tp for q in x.paras if q.role == "problems" for tp in q.topics or () if tp]
                    assert t.detail["problem"] not in [tp[0] for tp in tops]


def test_a_clean_batch_states_no_problem_twice():
    clean = generate_batch(6, [2019, 2020, 2021, 2022, 2023, 2024], seed=3, defects=None)
    assert not [t for r in clean.reports for t in r.truth if t.kind == "repeated-problem"]
    for organ in {r.organ for r in clean.reports}:
        entries = [tp[0] for r in clean.reports if r.organ == organ for q in r.paras if q.role == "problems"
                   for tp in q.topics or () if tp]
        assert len(entries) == 12 and len(set(entries)) == len(entries)


def test_frame_and_shared_pool_sentences_written_again_are_no_copies():
    """A lazy organ re-uses its whole report: the fee statement, 无其他需要报告的事项 and a 五 made only
    of the shared vague pool are formula use (spec §7), never copy items, only don't-care regions."""
    opts = dataclasses.replace(DefectOptions.none(), lazy=1.0, vague=1.0)
    batch = generate_batch(4, [2016, 2017, 2018], seed=5, defects=opts)
    frames = (*P.LEGACY_FEE, *P.LEGACY_OTHER)
    pooled = (*P.VAGUE_PREV, *P.VAGUE_PROBLEM, *P.VAGUE_MEASURE)
    seen = {"frame": 0, "pool": 0, "copy": 0}
    for r in batch.reports:
        for t in r.truth:
            if not t.kind.startswith("copied-from"):
                continue
            assert not t.benign
            span = r.text[t.start:t.end]
            assert span not in frames
            assert re.sub("|".join(map(re.escape, pooled)), "", span).strip(), span
            seen["copy"] += 1
        ignored = [(t.start, t.end) for t in r.truth if t.benign and "copied-from-own-past" in t.detail.get("ignore_kinds", ())]
        at = 0
        for line in r.text.split("\n"):
            a, at = at, at + len(line) + 1
            covered = all(any(s <= i < e for s, e in ignored) for i in range(a, a + len(line)))
            if line in frames:
                seen["frame"] += 1
                assert covered, line
            elif line and not re.sub("|".join(map(re.escape, pooled)), "", line).strip():
                seen["pool"] += 1
                assert covered, line
    assert seen["frame"] and seen["pool"] and seen["copy"]
