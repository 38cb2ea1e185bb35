from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.build import build_document
from reviewer.io import read_document
from reviewer.io.text import read
from reviewer.model import SECTION_IDS
from reviewer.rules.sections import mini_report
from reviewer.structure.detect import CANONICAL_TITLES, match_topic, problems_section, section_for
from tests.conftest import EXAMPLES


def doc_of(text: str, name: str = "t.txt"):
    data = text.encode("utf-8")
    return build_document(read(data, Path(name)), name, data)


def issues(doc, kind=None):
    return [i for i in doc.meta.get("structure_issues", []) if kind is None or i["type"] == kind]


def test_example_six_sections_with_titles_and_no_issues():
    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    assert [s.title for s in doc.sections] == [CANONICAL_TITLES[s] for s in SECTION_IDS]
    assert not any(s.recovered for s in doc.sections)
    assert issues(doc) == []
    # sections tile the body in order and each heading is the text it claims to be
    for a, b in zip(doc.sections, doc.sections[1:], strict=False):
        assert a.end <= b.start
    for s in doc.sections:
        assert doc.text[s.start : s.heading_end] == f"{s.number}、{s.title}"


def test_sub_headings_and_table_rows_are_not_sections():
    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")
    starts = {s.start for s in doc.sections}
    for m in re.finditer(r"（一）|一、本年新收", doc.text):
        assert m.start() not in starts
    assert len(doc.sections) == 6


@pytest.mark.parametrize(
    ("title", "sid"),
    [
        ("总体情况", "一"),
        ("主动公开政府信息情况", "二"),
        ("收到和处理政府信息公开申请情况", "三"),
        ("收到及处理政府信息公开申请情况", "三"),
        ("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四"),
        ("政府信息公开行政复议和行政诉讼情况", "四"),
        ("政府信息公开工作存在的主要问题及改进情况", "五"),
        ("存在的主要问题和改进措施", "五"),
        ("存在的主要问题及整改措施", "五"),
        ("其他需要报告的事项", "六"),
        ("其他事项", "六"),
    ],
)
def test_heading_variants_are_exact_matches(title, sid):
    topic, n, _score, fuzzy = match_topic(title)
    assert (topic, fuzzy) == (sid, False)
    assert n == len(title)


def test_typo_heading_is_section_and_an_issue():
    doc = doc_of(mini_report(replace={"四、政府信息公开行政复议": "四、政府信息公开行政法复议"}))
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    (typo,) = issues(doc, "typo")
    assert typo["section"] == "四" and "行政法复议" in doc.text[typo["start"] : typo["end"]]


def test_duplicate_numeral_and_misnumbering():
    doc = doc_of(mini_report(replace={"四、政府信息公开行政复议": "三、政府信息公开行政复议"}))
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    (dup,) = issues(doc, "duplicate-number")
    assert dup["section"] == "四" and doc.text[dup["start"] : dup["start"] + 2] == "三、"
    doc = doc_of(mini_report(replace={"五、存在的主要问题": "七、存在的主要问题"}))
    (mis,) = issues(doc, "misnumbered")
    assert (mis["section"], mis["found"]) == ("五", "七")


def test_sections_out_of_order_are_found_and_reported():
    text = mini_report()
    a, b = text.index("三、收到"), text.index("四、政府信息")
    c = text.index("五、存在")
    swapped = text[:a] + text[b:c] + text[a:b] + text[c:]
    doc = doc_of(swapped)
    assert sorted(s.id for s in doc.sections) == sorted(SECTION_IDS)
    assert [i["section"] for i in issues(doc, "out-of-order")] in (["三"], ["四"])


def test_inline_headings_in_a_flattened_body():
    text = mini_report().split("\n")
    flat = text[0] + "\n" + " ".join(x for x in text[1:] if x)
    doc = doc_of(flat)
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    assert doc.text[doc.section("一").start : doc.section("一").heading_end] == "一、总体情况"


def test_markdown_and_full_width_numerals():
    text = mini_report().replace("一、总体情况", "## 一．总体情况").replace("二、主动公开", "## 二、主动公开")
    doc = doc_of(text)
    assert [s.id for s in doc.sections] == list(SECTION_IDS)


def test_section_with_lost_heading_recovered_from_content():
    doc = doc_of(mini_report(replace={"五、存在的主要问题及改进情况\n": ""}))
    five = doc.section("五")
    assert five is not None and five.recovered and five.heading_end == five.start
    assert doc.text[five.start :].startswith("存在的问题")
    assert doc.section("四").end <= five.start < doc.section("六").start
    assert problems_section(doc) is five


LEGACY = """某县人民政府2012年政府信息公开工作年度报告

本报告依据《条例》编制，统计期限为2012年1月1日至2012年12月31日。

一、概述
2012年，县政府健全政府信息公开工作机构，明确分管领导和工作人员。
二、主动公开政府信息的情况
全年主动公开政府信息1230条，其中规范性文件21件。
三、依申请公开政府信息和不予公开政府信息的情况
全年受理申请8件，均按期答复。
四、政府信息公开的收费及减免情况
本年度未收取检索、复制、邮寄等费用。
五、存在的主要问题和改进措施
公开内容不够全面，明年将完善公开目录，按季度检查更新情况。
六、其他需要报告的事项
无。
"""


def test_legacy_outline_recognised_and_mapped():
    doc = doc_of(LEGACY)
    assert doc.era == "legacy"
    assert [s.id for s in doc.sections] == [
        "概述",
        "主动公开政府信息的情况",
        "依申请公开政府信息和不予公开政府信息的情况",
        "政府信息公开的收费及减免情况",
        "存在的主要问题和改进措施",
        "其他需要报告的事项",
    ]
    lmap = doc.meta["legacy_map"]
    assert (
        lmap["概述"] == "一"
        and lmap["存在的主要问题和改进措施"] == "五"
        and "政府信息公开的收费及减免情况" not in lmap
    )
    assert problems_section(doc).id == "存在的主要问题和改进措施"
    assert section_for(doc, "三").id.startswith("依申请公开")


# -- real reports (skip without ../shared) ---------------------------------------------------
def _real_modern(real_dir: Path) -> list[Path]:
    return [f for f in sorted(real_dir.glob("*.txt")) if int(re.search(r"(\d{4})", f.name).group(1)) >= 2019]


def test_every_real_report_since_2019_has_six_sections(real_dir):
    files = _real_modern(real_dir)
    assert len(files) >= 15
    for f in files:
        doc = read_document(f)
        assert [s.id for s in doc.sections] == list(SECTION_IDS), f.name
        for s in doc.sections:
            assert s.title, f.name
            if not s.recovered:
                assert doc.text[s.start : s.heading_end].endswith(s.title), f.name


def test_real_typo_heading_is_section_four(real_dir):
    doc = read_document(real_dir / "pingtan_zhsyq_2022.txt")
    four = doc.section("四")
    assert four is not None and "行政法复议" in four.title
    (typo,) = issues(doc, "typo")
    assert typo["section"] == "四"


def test_real_lost_heading_five_recovered(real_dir):
    doc = read_document(real_dir / "shanghai_szfbgt_2025.txt")
    five = doc.section("五")
    assert five.recovered
    assert doc.text[five.start : five.start + 40].startswith("（一）2024年工作中存在问题的改进情况")
    assert doc.section("六").start > five.start


def test_real_agency_outline_recovered(real_dir):
    doc = read_document(real_dir / "shanghai_kewei_2024.txt")
    # the organ's own 二…六 inside 总体情况 are sub-parts, not sections; the table sections follow
    assert doc.section("二").title == "主动公开政府信息情况"
    assert doc.section("五").recovered and doc.text[doc.section("五").start :].startswith("（一）主要问题")


def test_real_legacy_reports_map_to_problems_section(real_dir):
    doc = read_document(real_dir / "pingtan_zhsyq_2016.txt")
    assert doc.era == "legacy"
    assert problems_section(doc).title == "主要问题和改进措施"
    assert "一" in doc.meta["legacy_map"].values()
