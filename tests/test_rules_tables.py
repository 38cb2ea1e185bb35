"""Table rules T101–T110: mutations of a well-formed report fire the intended rule at the mutated
cell (the rules' own examples: tests/test_rule_contract.py)."""

from __future__ import annotations

import pytest

from reviewer.io import read_document
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables import extract_tables
from reviewer.tables.sample import doc_from_text
from tests.conftest import EXAMPLES

RULES = {c: r for c, r in load_rules().items() if r.family in ("tables", "text_table")}
TABLE_CODES = {"T101", "T102", "T103", "T104", "T105", "T106", "T107", "T108", "T109", "T110"}


def _run(doc, codes=TABLE_CODES):
    out = []
    for code in sorted(codes):
        out.extend(RULES[code].check(doc, Context()) or [])
    return out


@pytest.fixture(scope="module")
def example_text() -> str:
    return (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")


def _mutate_row(text: str, label: str, col_index: int, new: str) -> str:
    """Replace the value in column ``col_index`` (0 = 自然人 … 6 = 总计) of the row whose line
    contains ``label``."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if label in line and " | " in line:
            cells = line.split(" | ")
            cells[len(cells) - 7 + col_index] = new
            lines[i] = " | ".join(cells)
            return "\n".join(lines)
    raise AssertionError(label)


def test_unmutated_example_has_no_table_findings(example_text):
    doc = doc_from_text(example_text, "qinghe_jiaotong_2024.txt")
    assert _run(doc) == []


def test_changed_part_cell_is_named_by_row_and_column_rules(example_text):
    doc = doc_from_text(_mutate_row(example_text, "4.保护第三方合法权益", 0, "2"))
    cell = extract_tables(doc).t3["三.三.4"]["自然人"]
    found = _run(doc)
    by_rule = {f.rule: f for f in found}
    assert set(by_rule) == {"T102", "T103"}
    for f in found:
        assert (f.start, f.end) == (cell.start, cell.end) and f.text == "2"
        assert f.evidence["suspect_cell"] == {"row": "三.三.4", "row_label": "（三）不予公开 4.保护第三方合法权益", "column": "自然人"}
        assert f.section == "三"
    assert by_rule["T103"].severity == "error" and by_rule["T102"].severity == "info"  # one cell, one deduction
    assert by_rule["T103"].evidence["expected"] == 2 and by_rule["T103"].evidence["actual"] == 1
    assert by_rule["T102"].evidence["expected"] == 21 and by_rule["T102"].evidence["actual"] == 20


def test_changed_total_cell_fires_row_rule_at_that_cell(example_text):
    doc = doc_from_text(_mutate_row(example_text, "（一）予以公开", 6, "13"))
    cell = extract_tables(doc).t3["三.一"]["总计"]
    found = _run(doc)
    assert {f.rule for f in found} == {"T102", "T103"}
    t103 = next(f for f in found if f.rule == "T103")
    assert (t103.start, t103.end) == (cell.start, cell.end)
    assert t103.evidence["row"] == "三.一" and t103.evidence["column"] == "总计"
    assert "予以公开" in t103.message and "12" in t103.message and "13" in t103.message


def test_changed_carry_over_breaks_c1(example_text):
    text = _mutate_row(example_text, "四、结转下年度继续办理", 0, "5")
    text = _mutate_row(text, "四、结转下年度继续办理", 6, "5")
    doc = doc_from_text(text)
    found = _run(doc, TABLE_CODES - {"T108"})  # the prose 结转下年度3件 now differs too (T108's job)
    assert {f.rule for f in found} == {"T101"}
    cols = {f.evidence["column"] for f in found}
    assert cols == {"自然人", "总计"}
    f = next(f for f in found if f.evidence["column"] == "总计")
    assert f.evidence["expected"] == 27 and f.evidence["actual"] == 29
    total = extract_tables(doc).t3["三.七"]["总计"]
    assert (f.start, f.end) == (total.start, total.end)


def test_blank_cell_is_missing_value_at_that_cell_and_no_arithmetic(example_text):
    doc = doc_from_text(_mutate_row(example_text, "（二）部分公开", 0, ""))
    cell = extract_tables(doc).t3["三.二"]["自然人"]
    found = _run(doc)
    assert [f.rule for f in found] == ["T105"]
    f = found[0]
    assert f.kind == "table-missing-value" and f.start == cell.start
    assert f.evidence["row"] == "三.二" and f.evidence["column"] == "自然人"


def test_dash_cell_is_missing_value(example_text):
    doc = doc_from_text(_mutate_row(example_text, "2.重复申请", 3, "/"))
    found = _run(doc)
    assert [f.rule for f in found] == ["T105"] and found[0].text == "/"


def test_blank_with_impossible_sum_still_flags(example_text):
    # a blank cannot be negative: parts 10 + 2 + (blank) against a 总计 of 3 cannot hold
    text = _mutate_row(example_text, "（一）予以公开", 2, "")
    text = _mutate_row(text, "（一）予以公开", 6, "3")
    found = _run(doc_from_text(text))
    t103 = [f for f in found if f.rule == "T103"]
    assert len(t103) == 1 and t103[0].evidence["unknown_cells"]


def test_table_four_block_total(example_text):
    lines = example_text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("1 | 0 | 0 | 1 | 2 |"))
    lines[i] = lines[i].replace("1 | 0 | 0 | 1 | 2 |", "1 | 0 | 0 | 1 | 3 |", 1)
    doc = doc_from_text("\n".join(lines))
    found = _run(doc)
    assert [f.rule for f in found] == ["T104"]
    assert found[0].evidence["row"] == "复议" and found[0].text == "3" and found[0].section == "四"


def test_missing_table_is_missing_item_not_crash(example_text):
    start = example_text.index("（本列数据")
    end = example_text.index("\n\n四、政府信息公开行政复议")
    doc = doc_from_text(example_text[:start] + "（见附件图片）" + example_text[end:])
    found = _run(doc)
    assert [(f.rule, f.kind, f.section) for f in found] == [("T106", "missing-item", "三")]
    assert found[0].text.startswith("三、收到和处理")


def test_fee_rule_needs_fee_statement(example_text):
    text = _mutate_row(example_text, "2.申请人逾期未按收费通知", 0, "1")
    text = _mutate_row(text, "2.申请人逾期未按收费通知", 6, "1")
    # keep the table balanced: the case moves from 予以公开 to (六)2
    text = _mutate_row(text, "（一）予以公开", 0, "9")
    text = _mutate_row(text, "（一）予以公开", 6, "11")
    with_fee = doc_from_text(text)
    assert _run(with_fee) == []
    without = doc_from_text(text.replace("本年度未收取信息处理费。", ""))
    found = _run(without)
    assert [(f.rule, f.section) for f in found] == [("T109", "六")]


def test_real_example_as_read_from_disk_passes():
    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")
    assert _run(doc) == []


def test_missing_table_two_is_missing_item(example_text):
    start = example_text.index("第二十条第（一）项")
    end = example_text.index("\n\n三、收到和处理")
    doc = doc_from_text(example_text[:start] + "（表格为图片）" + example_text[end:])
    found = _run(doc)
    assert [(f.rule, f.section) for f in found] == [("T106", "二")]


_LEGACY = (
    "示例县2015年政府信息公开工作年度报告\n一、概述\n2015年本县推进政府信息公开，全年主动公开政府信息300条。\n"
    "二、政府信息公开情况统计表\n"
    "指标名称 计量单位 2015年度 历年累计 主动公开信息数 条 300 2100 其中：1.网站公开 条 280 2000 2.政府公报公开 条 20 100 "
    "受理依申请公开信息总数 条 4 30 其中：1.当面申请数 条 1 10 2.网上申请数 条 3 20 行政复议数 件 0 0 行政诉讼数 件 0 0\n"
)


def test_legacy_statistics_table_sums():
    doc = doc_from_text(_LEGACY, "legacy_2015.txt")
    rt = extract_tables(doc)
    assert {k: v.number for k, v in rt.legacy.items()} == {"主动公开信息数": 300, "受理申请总数": 4, "行政复议数": 0, "行政诉讼数": 0}
    rows = rt.legacy_rows[:3]
    assert rows[0].label.endswith("主动公开信息数") and (rows[0].value.number, rows[0].child) == (300, False)
    assert [(r.label, r.value.number, r.child) for r in rows[1:]] == [("其中：1.网站公开", 280, True), ("2.政府公报公开", 20, True)]
    assert _run(doc) == []
    broken = doc_from_text(_LEGACY.replace("2.网上申请数 条 3 20", "2.网上申请数 条 5 20"), "legacy_2015.txt")
    found = _run(broken)
    assert [f.rule for f in found] == ["T110"]
    assert found[0].text == "4" and found[0].evidence["expected"] == 6


def test_prose_figures_of_another_section_are_not_an_unreadable_table_row():
    # section 三 dropped altogether: 一's sentence with request counts is prose, not a table row
    from reviewer.tables.sample import sample_report

    prose = "本年新收政府信息公开申请43件，上年结转1件，全年办结43件，结转下年度继续办理1件。"
    text = sample_report(prose=prose, with_t3=False).replace("三、收到和处理政府信息公开申请情况\n（表格见附件图片）\n", "")
    doc = doc_from_text(text)
    assert doc.section("三") is None and doc.section("一") is not None
    assert not [f for f in _run(doc, {"T107"})]
    # the same figures where table 三 belongs (a table flattened into a line) are still reported
    kept = doc_from_text(sample_report(with_t3=False).replace("（表格见附件图片）", prose))
    assert {f.rule for f in _run(kept, {"T107"})} == {"T107"}
