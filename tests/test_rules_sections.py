"""Rules S00x–S01x on mutations of a well-formed report: each fires where the mutation is, and
only there (the rules' own examples: tests/test_rule_contract.py)."""

from __future__ import annotations

import re

from reviewer.io import read_document
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables.sample import doc_from_text as doc_of
from tests.conftest import EXAMPLES

MY_RULES = ("S001", "S002", "S003", "S004", "S005", "S006", "S010", "S011", "S012")


def run(doc, codes=MY_RULES):
    rules = load_rules()
    return [f for c in codes for f in rules[c].check(doc, Context())]


def example_text() -> str:
    return (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")


def test_unmutated_example_has_no_structure_or_date_findings():
    assert run(read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")) == []


def test_dropping_a_section_fires_missing_section_where_it_was():
    text = example_text()
    a, b = text.index("五、存在的主要问题"), text.index("六、其他需要报告的事项")
    doc = doc_of(text[:a] + text[b:])
    found = run(doc)
    assert [(f.rule, f.section) for f in found] == [("S001", "五")]
    (f,) = found
    assert f.start == f.end == doc.section("六").start
    assert f.kind == "missing-section" and "五" in f.message


def test_dropping_the_overview_parts_fires_each_missing_part():
    text = example_text()
    text = re.sub(r"（四）平台建设。[^\n]*\n", "", text)
    text = re.sub(r"（五）监督保障。[^\n]*\n", "", text)
    found = run(doc_of(text), ("S002",))
    assert sorted(f.evidence["missing"] for f in found) == ["平台建设", "监督保障"]
    assert all(f.section == "一" and f.text == "一、总体情况" for f in found)


def test_fee_statement_missing_is_flagged_on_section_six():
    text = example_text()
    a = text.index("六、其他需要报告的事项")
    doc = doc_of(text[:a] + "六、其他需要报告的事项\n本年度无其他需要报告的事项。\n")
    (f,) = run(doc, ("S003",))
    assert f.section == "六" and f.kind == "missing-item"


def test_legacy_report_not_failed_for_lacking_the_2021_format():
    text = """某县人民政府2012年政府信息公开工作年度报告

一、概述
2012年，县政府健全政府信息公开工作机构。
二、主动公开政府信息情况
全年主动公开政府信息1230条。
三、依申请公开政府信息情况
全年受理申请8件。
四、存在的主要问题和改进措施
明年将完善公开目录。
"""
    assert run(doc_of(text), ("S001", "S002", "S003", "S004", "S005")) == []
    no_problems = text[: text.index("四、存在")]
    (f,) = run(doc_of(no_problems), ("S001",))
    assert f.severity == "warning" and f.evidence["era"] == "legacy"


def test_real_typo_heading_flagged_as_format(real_dir):
    doc = read_document(real_dir / "pingtan_zhsyq_2022.txt")
    found = run(doc)
    typos = [f for f in found if f.rule == "S004"]
    assert len(typos) == 1 and typos[0].kind == "format" and typos[0].section == "四"
    assert "行政法复议" in typos[0].text
    assert not [f for f in found if f.rule == "S001"]


def test_real_lost_heading_not_reported_missing(real_dir):
    doc = read_document(real_dir / "shanghai_szfbgt_2025.txt")
    assert [f for f in run(doc) if f.kind == "missing-section"] == []


def test_no_missing_section_on_any_real_report_since_2019(real_dir):
    for f in sorted(real_dir.glob("*.txt")):
        doc = read_document(f)
        if doc.era in ("trial", "2021"):
            assert [x for x in run(doc, ("S001",))] == [], f.name


def test_overview_part_left_out_is_missing_even_when_its_words_pass_by():
    from reviewer.rules.sections import _PARTS, mini_report

    intro = "围绕食品安全和营商环境推进政务公开"
    passing = "通过门户网站和政务新媒体主动公开信息"  # platform words in the summary line only
    text = mini_report(replace={_PARTS["四"]: "", intro: passing})
    found = run(doc_of(text), ("S002",))
    assert [f.evidence["missing"] for f in found] == ["平台建设"]
    # a part under a sub-heading of the organ's own wording is covered by that sub-heading's text
    own = mini_report(replace={"（四）平台建设。": "（四）加强载体建设。", intro: passing})
    assert run(doc_of(own), ("S002",)) == []
    # an overview without numbered sub-headings is still judged by its words
    flat = mini_report(replace={_PARTS["四"]: "", intro: passing} | {f"（{n}）": "" for n in "一二三四五"})
    assert run(doc_of(flat), ("S002",)) == []


def test_overview_opening_on_last_year_with_shi_is_a_stale_current_year():
    from reviewer.rules.sections import mini_report

    intro = "2024年，东湖区市场监督管理局围绕食品安全和营商环境推进政务公开。"
    stale = mini_report(replace={intro: "2023年是东湖区市场监督管理局推进食品安全公开标准化的第3个年头。"})
    found = run(doc_of(stale), ("S011",))
    assert [(f.evidence["found"], f.text) for f in found] == [(2023, "2023")]
    current = mini_report(replace={intro: "2024年是东湖区市场监督管理局推进食品安全公开标准化的第3个年头。"})
    assert run(doc_of(current), ("S011",)) == []
    ahead = mini_report(replace={"本年度未收取信息处理费。": "本年度未收取信息处理费。2025年是规划开局之年。"})
    assert run(doc_of(ahead), ("S011",)) == []


def test_problems_listed_under_another_year_in_section_five():
    from reviewer.rules.sections import mini_report

    five = "存在的问题：公开栏目更新偶有滞后。"
    stale = mini_report(replace={five: "2022年存在的主要问题：公开栏目更新偶有滞后。"})
    found = run(doc_of(stale), ("S011",))
    assert [(f.section, f.text, f.evidence["found"]) for f in found] == [("五", "2022", 2022)]
    assert run(doc_of(mini_report(replace={five: "2024年存在的主要问题：公开栏目更新偶有滞后。"})), ("S011",)) == []
    # a review of last year's problems is not a stale current year
    review = mini_report(replace={five: "2023年度报告中存在的问题已整改完成。存在的问题：公开栏目更新偶有滞后。"})
    assert run(doc_of(review), ("S011",)) == []
