"""Batch summary: ranking order, score bins, kind counts, organs missing a year."""

from __future__ import annotations

from reviewer.model import Finding, Result
from reviewer.scoring.summary import rank, summarise, summary_rows


def R(path, organ, year, score, kinds=(), error=None, copy=None) -> Result:
    fs = [Finding("X", k, "error" if i == 0 else "warning", None, 0, 1, 1, "x", "m") for i, k in enumerate(kinds)]
    return Result(path=path, organ=organ, year=year, score=score, findings=fs, error=error, metrics={"copy": copy} if copy else {})


def test_ranking_best_first_ties_by_errors_then_path_errors_last():
    rs = [
        R("b.txt", "甲", 2022, 80.0, ["format"]),
        R("a.txt", "甲", 2023, 80.0, ["format", "format"]),  # same score, same error count -> path
        R("c.txt", "乙", 2023, 80.0, []),  # no error finding wins the tie
        R("d.txt", None, None, None, error="cannot read"),
        R("e.txt", "乙", 2022, 95.5),
    ]
    assert [r.path for r in rank(rs)] == ["e.txt", "c.txt", "a.txt", "b.txt", "d.txt"]
    rows = summary_rows(rs)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, None]
    assert rows[-1]["error"] == "cannot read"


def test_distribution_bins_and_counts():
    rs = [R(f"{i}.txt", "甲", 2023, s) for i, s in enumerate([100.0, 90.0, 89.99, 0.0, 59.5])]
    s = summarise(rs)
    assert s.distribution["90-100"] == 2 and s.distribution["80-89"] == 1
    assert s.distribution["0-9"] == 1 and s.distribution["50-59"] == 1
    assert sum(s.distribution.values()) == 5 == s.n_scored
    assert s.median == 89.99 and s.mean == round((100 + 90 + 89.99 + 0 + 59.5) / 5, 2)


def test_kind_counts_and_missing_organ_years():
    rs = [
        R("a1.txt", "甲局", 2021, 90.0, ["format", "table-arithmetic"]),
        R("a3.txt", "甲局", 2023, 90.0, ["format"]),
        R("b.txt", "乙局", 2022, 90.0),
        R("x.txt", None, None, None, error="bad"),
    ]
    s = summarise(rs)
    assert s.kinds == {"table-arithmetic": 1, "format": 2}
    assert s.years == [2021, 2022, 2023]
    assert s.missing == {"甲局": [2022], "乙局": [2021, 2023]}
    # one year only: nothing is "missing"
    assert summarise([R("a.txt", "甲局", 2021, 90.0), R("b.txt", "乙局", 2021, 80.0)]).missing == {}


def test_copy_grid_sums_own_and_other_share():
    rs = [R("a.txt", "甲局", 2021, 90.0, copy={"own_share": 0.3, "other_share": 0.1}), R("b.txt", "甲局", 2022, 90.0)]
    assert summarise(rs).copy_grid == {"甲局": {2021: 0.4}}


def test_year_ranges():
    from reviewer.scoring.summary import year_ranges

    assert year_ranges([2019, 2014, 2015, 2016, 2021, 2022]) == "2014–2016, 2019, 2021–2022"
    assert year_ranges([]) == ""
