from __future__ import annotations

import json

from click.testing import CliRunner

from reviewer.generate import DefectOptions, generate_batch, write_batch
from reviewer.generate.evaluate import (
    KindStats,
    Pred,
    _offset_map,
    cli,
    evaluate_folder,
    format_table,
    score_document,
)
from reviewer.generate.truth import TruthItem
from reviewer.model import KINDS


def test_matching_rules_overlap_region_section_and_benign():
    truth = [
        TruthItem("table-arithmetic", 100, 102, "三", {"region": [50, 400]}),
        TruthItem("missing-section", 500, 500, "六", {}),
        TruthItem("vague-narrative", 600, 640, "五", {}),
        TruthItem("template-text", 0, 40, None, {"benign": True, "ignore_kinds": ["copied-from-other", "template-text"]}),
    ]
    preds = [
        Pred("table-arithmetic", 300, 303, "三"),  # same table, other cell: found but not located
        Pred("missing-section", 0, 0, "六"),  # section id agrees
        Pred("vague-narrative", 630, 700, "五"),  # overlaps
        Pred("vague-narrative", 700, 720, "五"),  # false positive
        Pred("template-text", 5, 20, None),  # inside the benign preamble: ignored
        Pred("copied-from-other", 45, 60, None),  # outside: false positive
        Pred("template-text", 800, 810, None),  # on shared pool wording: ignored
        Pred("copied-from-own-past", 800, 810, None),  # but a copy claim there is false
    ]
    stats: dict[str, KindStats] = {}
    score_document(preds, truth, stats, shared=[[790, 900]])
    ta = stats["table-arithmetic"].row()
    assert (ta["precision"], ta["recall"], ta["loc"]) == (1.0, 1.0, 0.0)
    assert stats["missing-section"].row()["recall"] == 1.0
    vr = stats["vague-narrative"].row()
    assert (vr["precision"], vr["recall"], vr["loc"]) == (0.5, 1.0, 1.0)
    assert abs(vr["iou"] - 10 / 100) < 1e-9
    assert stats["template-text"].row()["pred"] == 0 and stats["template-text"].ignored == 2
    assert stats["copied-from-own-past"].row()["precision"] == 0.0
    assert stats["template-text"].truth == 0  # benign items are not counted as truth
    assert stats["copied-from-other"].row()["precision"] == 0.0


def test_missing_parts_match_by_section_or_by_name():
    legacy = TruthItem("missing-section", 900, 900, "存在的主要问题和改进措施", {"topic": "problems"})
    fee = TruthItem("missing-item", 950, 950, "六", {"item": "信息处理费"})
    preds = [
        Pred("missing-section", 0, 0, None, message="legacy report has no section on 存在的主要问题和改进措施"),
        Pred("missing-item", 940, 945, "六", message="section 六 does not mention 人大代表建议"),  # another item
    ]
    stats: dict[str, KindStats] = {}
    score_document(preds, [legacy, fee], stats)
    assert stats["missing-section"].row()["recall"] == 1.0
    assert stats["missing-item"].row()["recall"] == 0.0 and stats["missing-item"].row()["precision"] == 0.0
    stats = {}
    score_document([Pred("missing-item", 940, 945, "六", message="no 信息处理费 statement")], [fee], stats)
    assert stats["missing-item"].row()["f1"] == 1.0


def test_offset_map_follows_an_inserted_line_break():
    canon = "第一句。第二句。\n表格"
    read = "第一句。\n第二句。\n表格"
    f = _offset_map(read, canon)
    assert canon[f(5) : f(9)] == "第二句。"
    assert f(len(read)) == len(canon)


def test_eval_runs_on_a_tiny_batch_and_prints_every_kind(tmp_path):
    b = generate_batch(3, [2023, 2024], seed=2, defects=DefectOptions(broken_cell=1.0, vague=1.0, own_copy=1.0))
    write_batch(b, tmp_path)
    rep = evaluate_folder(tmp_path, jobs=1)
    assert rep["reports"] == 6 and not rep["errors"]
    truth_counts = {k: 0 for k in KINDS}
    for r in b.reports:
        for t in r.defects():
            truth_counts[t.kind] += 1
    assert {k: v["truth"] for k, v in rep["kinds"].items()} == truth_counts
    res = CliRunner().invoke(cli, ["--input", str(tmp_path), "--jobs", "1", "--no-shared"])
    assert res.exit_code == 0, res.output
    for k in KINDS:
        assert k in res.output
    assert "(all kinds, micro)" in res.output
    micro = rep["micro"]
    assert f"不计（don't care）: {micro['ignored']} predictions dropped" in res.output
    assert f"重复计分: {micro['multi']} truth items" in res.output
    assert "一对一精确率: P1" in res.output and "optimal maximum bipartite matching" in res.output
    assert micro["tp_one_to_one"] <= micro["tp"] and micro["tp_one_to_one"] <= micro["found"]
    js = CliRunner().invoke(cli, ["--input", str(tmp_path), "--jobs", "1", "--no-shared", "--json"])
    data = json.loads(js.output)
    assert data["kinds"]["unreadable"]["precision"] is None  # null in JSON, not 1.0
    assert "precision_one_to_one" in data["micro"]


def test_one_to_one_precision_multi_credit_and_dont_care_counts():
    truth = [
        TruthItem("vague-narrative", 100, 140, "五", {}),
        TruthItem("vague-narrative", 200, 240, "五", {}),
        TruthItem("template-text", 0, 40, None, {"benign": True, "ignore_kinds": ["template-text"]}),
    ]
    preds = [
        Pred("vague-narrative", 100, 120, "五"),  # both hit the first truth item
        Pred("vague-narrative", 110, 140, "五"),
        Pred("template-text", 5, 20, None),  # don't care
    ]
    stats: dict[str, KindStats] = {}
    score_document(preds, truth, stats)
    row = stats["vague-narrative"].row()
    assert (row["tp"], row["precision"]) == (2, 1.0)
    assert (row["tp_one_to_one"], row["precision_one_to_one"]) == (1, 0.5)
    assert row["multi"] == 1 and row["found"] == 1 and row["recall"] == 0.5
    assert stats["template-text"].row()["ignored"] == 1
    # one prediction covering two truth items finds both (R) but matches one of them one-to-one (R1)
    stats = {}
    score_document([Pred("vague-narrative", 90, 250, "五")], truth, stats)
    row = stats["vague-narrative"].row()
    assert (row["recall"], row["recall_one_to_one"], row["multi"]) == (1.0, 0.5, 0)


def test_one_to_one_matching_is_optimal_not_greedy():
    # p0 matches t0 and t1, p1 only t0: a greedy pass giving t0 to p0 would leave p1 unmatched
    truth = [TruthItem("vague-narrative", 0, 50, "五", {}), TruthItem("vague-narrative", 60, 100, "五", {})]
    preds = [Pred("vague-narrative", 40, 70, "五"), Pred("vague-narrative", 10, 20, "五")]
    stats: dict[str, KindStats] = {}
    score_document(preds, truth, stats)
    assert stats["vague-narrative"].row()["precision_one_to_one"] == 1.0


def test_nothing_to_measure_is_none_never_one():
    stats: dict[str, KindStats] = {}
    # a missing section has no span: found and located, but IoU has nothing to measure
    score_document([Pred("missing-section", 0, 0, "六")], [TruthItem("missing-section", 0, 0, "六", {})], stats)
    ms = stats["missing-section"].row()
    assert ms["recall"] == 1.0 and ms["iou"] is None
    empty = KindStats().row()
    assert all(empty[k] is None for k in ("precision", "precision_one_to_one", "recall", "recall_one_to_one",
                                          "f1", "loc", "iou"))
    rep = {"kinds": {"format": empty}, "micro": empty}
    line = format_table(rep).splitlines()[2]
    assert "n/a" in line and "100.0" not in line
