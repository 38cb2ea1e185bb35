from __future__ import annotations

from click.testing import CliRunner

from reviewer.generate import DefectOptions, generate_batch, write_batch
from reviewer.generate.evaluate import KindStats, Pred, _offset_map, cli, evaluate_folder, score_document
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
