"""Scoring real reports ranks evidently poor ones below evidently better ones (needs ../shared;
depends on the detectors of the structure, tables, similarity and vagueness issues)."""

from __future__ import annotations

from reviewer.pipeline import Options, review
from reviewer.scoring.summary import rank

# the poor report's own earlier years must be in the batch for copying to be seen
NAMES = [
    "pingtan_xian_2011", "pingtan_xian_2012", "pingtan_xian_2013",
    "huaian_hongzequ_2023", "huaian_hongzequ_2024",
    "shanghai_szfbgt_2019", "shanghai_szfbgt_2025", "shuyang_fgj_2023",
]


def test_poor_reports_rank_below_better_ones(real_dir):
    results, _ = review([real_dir / f"{n}.txt" for n in NAMES], Options(jobs=1))
    by = {r.path.rsplit("/", 1)[-1][:-4]: r for r in results}
    assert all(r.error is None and r.score is not None for r in results)
    poor = by["pingtan_xian_2013"]  # blank statistics period, largely last year's text
    for good in ("huaian_hongzequ_2024", "shanghai_szfbgt_2019", "shuyang_fgj_2023"):
        assert poor.score < by[good].score - 3, (good, poor.score, by[good].score)
    ranked = [r.path.rsplit("/", 1)[-1][:-4] for r in rank(results)]
    assert ranked.index("pingtan_xian_2013") >= len(ranked) - 3
    # and the points it lost are traced to the copying and the blank period
    lost = {d["subscore"]: d for d in poor.deductions}
    assert lost["originality"]["points"] >= 10
    assert any(poor.findings[i].kind == "copied-from-own-past" for i in lost["originality"]["findings"])
    assert any(poor.findings[i].kind == "date-mismatch" and "自至" in poor.findings[i].text + poor.findings[i].message
               for d in poor.deductions if d["subscore"] == "format" for i in d["findings"])
