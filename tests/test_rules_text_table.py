"""T108 (C8): prose numbers against tables 三 and 四 — flags the changed prose number, and leaves
alone statements about other years, sub-counts and other quantities."""

from __future__ import annotations

import pytest

from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables import extract_tables
from reviewer.tables.sample import DEFAULT_PROSE, doc_from_text, sample_report
from tests.conftest import EXAMPLES

T108 = load_rules()["T108"]


def _c8(doc):
    return T108.check(doc, Context())


@pytest.fixture(scope="module")
def example_text() -> str:
    return (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "cell_row"),
    [
        ("新收政府信息公开申请25件", "新收政府信息公开申请26件", "一"),
        ("上年结转2件", "上年结转4件", "二"),
        ("办结24件", "办结23件", "三.七"),
        ("结转下年度3件", "结转下年度1件", "四"),
    ],
)
def test_changed_prose_number_is_flagged_at_the_number(example_text, old, new, cell_row):
    assert old in example_text
    doc = doc_from_text(example_text.replace(old, new, 1))
    found = _c8(doc)
    assert len(found) == 1
    f = found[0]
    number = "".join(ch for ch in new if ch.isdigit())
    assert f.text == number and f.kind == "text-table-mismatch"
    assert new in doc.text[f.start - len(new) : f.end + 2]
    cell = extract_tables(doc).t3[cell_row]["总计"]
    assert (f.evidence["table_start"], f.evidence["table_end"]) == (cell.start, cell.end)
    assert f.evidence["table_value"] == cell.number and f.evidence["prose_value"] == int(number)


def test_unmutated_example_passes(example_text):
    assert _c8(doc_from_text(example_text)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年受理政府信息公开申请30件。",  # another year
        "行政复议被纠错1件。",  # a sub-count of table 四
        "同意公开答复9件，不予公开答复2件。",  # kinds of answers, not the total concluded
        "收到人大代表建议12件。",  # not requests
        "全年共收到申请12件（含上年结转1件）。",  # 新收 + 上年结转 is accepted
    ],
)
def test_statements_that_are_not_the_table_quantity_pass(sentence):
    doc = doc_from_text(sample_report(prose=DEFAULT_PROSE + sentence))
    assert _c8(doc) == []


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("本年度共受理行政复议3件。", 3),  # table 四 复议 总计 is 2
        ("全年发生政府信息公开行政诉讼2起。", 2),  # 直接起诉 1 + 复议后起诉 0
        ("其中，局办公室受理政府信息公开申请4件。", 4),  # a part of the organ: flagged, the case
    ],
)
def test_contradicting_statements_flag(sentence, value):
    doc = doc_from_text(sample_report(prose=DEFAULT_PROSE + sentence))
    found = _c8(doc)
    assert [f.evidence["prose_value"] for f in found] == [value]


def test_legacy_statistics_table():
    text = (
        "示例县2013年政府信息公开工作年度报告\n"
        "一、概述\n2013年主动公开政府信息1,200条，其中各乡镇主动公开政府信息300条。\n"
        "二、依申请公开情况\n全年未收到政府信息公开申请。\n"
        "三、政府信息公开情况统计表\n指标名称 计量单位 2013年度 历年累计 主动公开信息数 条 1500 9000 "
        "受理依申请公开信息总数 条 0 0 行政复议数 件 0 0 行政诉讼数 件 0 0\n"
    )
    doc = doc_from_text(text, "legacy_2013.txt")
    assert doc.era == "legacy"
    found = _c8(doc)
    assert [(f.text, f.evidence["table_value"]) for f in found] == [("1,200", 1500)]


@pytest.mark.parametrize(
    "sentence",
    ["政务服务中心开设窗口20个，共受理申请12000件。", "全年受理行政许可申请350件。"],
)
def test_other_kinds_of_applications_pass(sentence):
    doc = doc_from_text(sample_report(prose=sentence + DEFAULT_PROSE))
    assert _c8(doc) == []


def test_prose_matching_the_parts_of_a_broken_total_is_left_to_the_arithmetic_rules():
    # table 四 复议: 1 + 0 + 0 + 1 printed as 总计 3; the prose says 2 — T104 reports the table
    doc = doc_from_text(sample_report(t4={("复议", "总计"): "3"}, prose=DEFAULT_PROSE + "全年发生行政复议2件。"))
    assert _c8(doc) == []
    doc = doc_from_text(sample_report(t4={("复议", "总计"): "3"}, prose=DEFAULT_PROSE + "全年发生行政复议5件。"))
    assert [f.evidence["prose_value"] for f in _c8(doc)] == [5]
