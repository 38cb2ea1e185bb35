"""The rubric on synthetic results: deductions, caps, severities, metrics, config overrides."""

from __future__ import annotations

import pytest

from reviewer.baseline import fingerprint
from reviewer.model import KINDS, Finding, Result
from reviewer.scoring.score import SUBSCORES, RubricError, load_rubric, score_result, score_results


def F(kind: str, severity: str = "error", rule: str = "X001", text: str = "某段文字", section: str | None = "一") -> Finding:
    return Finding(rule=rule, kind=kind, severity=severity, section=section, start=0, end=len(text), line=1, text=text, message="m")


def scored(findings=(), metrics=None, config=None) -> Result:
    r = Result(path="a.txt", sha256="x", findings=list(findings), metrics=metrics or {})
    score_results([r], [], config)
    return r


def test_clean_report_scores_100_with_full_subscores():
    r = scored()
    rub = load_rubric()
    assert r.score == 100
    assert r.subscores == {k: float(v) for k, v in rub["subscores"].items()}
    assert sum(rub["subscores"].values()) == 100
    assert set(r.subscores) == set(SUBSCORES)
    assert r.deductions == []


def test_every_kind_is_in_the_rubric():
    assert set(load_rubric()["kinds"]) == set(KINDS)


def test_deductions_sum_to_lost_points_and_cite_findings():
    fs = [F("missing-section"), F("table-arithmetic", text="95"), F("table-arithmetic", "warning", text="17"), F("format", "info")]
    r = scored(fs)
    rub = load_rubric()
    assert r.score == pytest.approx(100 - sum(d["points"] for d in r.deductions))
    by = {d["kind"]: d for d in r.deductions}
    assert by["missing-section"]["points"] == rub["kinds"]["missing-section"]["points"]
    arith = rub["kinds"]["table-arithmetic"]["points"] * (1 + rub["severity"]["warning"])
    assert by["table-arithmetic"]["points"] == pytest.approx(arith)
    assert by["table-arithmetic"]["findings"] == [1, 2]
    assert by["table-arithmetic"]["fingerprints"] == [fingerprint(fs[1]), fingerprint(fs[2])]
    assert "format" not in by  # info findings deduct nothing by default
    assert r.subscores["completeness"] == rub["subscores"]["completeness"] - by["missing-section"]["points"]


def test_kind_cap_and_subscore_floor():
    rub = load_rubric()
    many = [F("table-missing-value", text=str(i)) for i in range(50)]
    r = scored(many)
    assert r.deductions[0]["points"] == rub["kinds"]["table-missing-value"]["cap"]
    assert "capped" in r.deductions[0]["reason"]
    # four kinds of completeness defects cannot take more than the subscore
    r = scored([F("missing-section", text=str(i)) for i in range(6)] + [F("missing-item", text=str(i)) for i in range(6)])
    assert r.subscores["completeness"] == 0
    assert sum(d["points"] for d in r.deductions) == rub["subscores"]["completeness"]
    assert r.score == 100 - rub["subscores"]["completeness"]


def test_more_and_worse_findings_never_score_higher():
    base = scored([F("vague-narrative", "warning")]).score
    assert scored([F("vague-narrative", "error")]).score < base
    assert scored([F("vague-narrative", "warning"), F("repeated-problem", "warning")]).score < base


def test_errored_report_scores_null():
    r = Result(path="bad.pdf", error="cannot parse")
    score_results([r], [], None)
    assert r.score is None and r.subscores == {} and r.deductions == []


def test_copy_share_replaces_per_passage_deductions():
    fs = [F("copied-from-own-past", text=f"段落{i}") for i in range(3)]
    without = scored(fs)
    assert [d["source"] for d in without.deductions] == ["kind:copied-from-own-past"]
    low = scored(fs, {"copy": {"own_share": 0.2}})
    assert low.score == 100  # under the free threshold: standard wording reused, no deduction
    high = scored(fs, {"copy": {"own_share": 0.9, "other_share": 0.0}})
    d = high.deductions[0]
    assert d["source"] == "metric:copy-own" and d["findings"] == [0, 1, 2]
    assert d["points"] == load_rubric()["metrics"]["copy-own"]["points"]
    mid = scored(fs, {"copy": {"own_share": 0.55}})
    assert 100 > mid.score > high.score


def test_metrics_absent_or_malformed_are_ignored():
    for m in ({}, {"copy": None}, {"copy": {"own_share": "n/a"}}, {"vagueness": {"share_vague": True}}):
        assert scored([], m).score == 100


def test_vague_share_deducts_specificity():
    r = scored([F("vague-narrative", "warning")], {"vagueness": {"share_vague": load_rubric()["metrics"]["vague-share"]["full"]}})
    assert r.subscores["specificity"] == load_rubric()["subscores"]["specificity"] - load_rubric()["metrics"]["vague-share"]["points"]


def test_config_overrides_weights_and_is_validated():
    cfg = {"scoring": {"kinds": {"format": {"points": 3}}, "severity": {"info": 1.0}}}
    r = scored([F("format", "info")], config=cfg)
    assert r.score == 97
    with pytest.raises(RubricError):
        load_rubric({"scoring": {"subscores": {"format": 50}}})
    with pytest.raises(RubricError):
        load_rubric({"scoring": {"kinds": {"no-such-kind": {"subscore": "format", "points": 1}}}})


def test_scoring_is_a_pure_function_of_findings():
    fs = [F("text-table-mismatch"), F("date-mismatch", "warning")]
    a, b = scored(fs), scored(list(fs))
    assert a.score == b.score and a.deductions == b.deductions
    r = Result(path="a.txt", sha256="x", findings=list(fs))
    rub = load_rubric()
    score_result(r, rub)
    first = (r.score, r.deductions)
    score_result(r, rub)
    assert (r.score, r.deductions) == first


def test_rounding_does_not_claim_a_cap():
    r = scored([], {"copy": {"own_share": 0.45021}})
    (d,) = r.deductions
    assert "limited" not in d["reason"] and d["points"] == round(d["points"], 2)
    assert r.score == pytest.approx(100 - d["points"])
