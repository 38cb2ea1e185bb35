"""Headings wherever a report puts them (spec §2, §5, §6), on fictional reports of our own: crawled
one-line bodies with inline headings, headings and years broken across lines, 第一部分 / 【一】 /
（一） / 1. outlines, a lost heading recovered from content (S006, never S001), legacy outlines with
topics as （一）（二） sub-headings, and reports whose outline cannot be read at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.build import build_document, join_wrapped, split_inline_headings
from reviewer.io.text import read
from reviewer.model import SECTION_IDS
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.structure.detect import CANONICAL_TITLES, section_for

SP = "\u3000\u3000"  # the full-width indent a crawled page keeps between paragraphs


def doc_of(text: str, name: str = "t.txt"):
    data = text.encode("utf-8")
    return build_document(read(data, Path(name)), name, data)


def findings(doc, *codes: str):
    rules = load_rules()
    return [f for c in codes for f in rules[c].check(doc, Context())]


def missing(doc) -> list[str]:
    return [f.section for f in findings(doc, "S001")]


# -- fictional report parts ---------------------------------------------------------------------
TITLE = "青禾县农业农村局{y}年政府信息公开工作年度报告"
PRE = "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{y}年1月1日至{y}年12月31日。"
ONE = [
    "{y}年，青禾县农业农村局围绕乡村振兴推进政务公开，公开质量稳步提高。",
    "（一）主动公开。全年在局网站发布涉农补贴、动物防疫等信息312条，公开规范性文件4件。",
    "（二）依申请公开。全年新收申请6件，均在法定期限内答复，无逾期情形。",
    "（三）政府信息管理。修订信息发布审核办法，对3件规范性文件作出废止标注。",
    "（四）平台建设。网站新增惠农政策专栏，政务新媒体推送信息140条。",
    "（五）监督保障。将政务公开纳入股室年度考核，组织业务培训2次，参训38人次。",
]
FIVE = [
    "本年度工作仍存在不足：一是惠农补贴信息更新不够及时，二是政策解读形式较为单一。",
    "下一步，我局将建立补贴信息按月更新制度，明年6月前完成专栏梳理，并增加图解和短视频解读。",
]
FOUR = "本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。"
SIX = "本年度未收取信息处理费。无其他需要报告的事项。"


def crawled(y: int = 2022, drop: tuple[str, ...] = (), lose_heading: str = "", back_to_back: bool = True) -> str:
    """The whole body on one line, tables lost (二 三 headings back to back), 「　　」 between
    paragraphs, as a crawled page gives it."""
    parts: list[str] = [PRE.format(y=y)]
    body = {"一": [x.format(y=y) for x in ONE], "四": [FOUR], "五": FIVE, "六": [SIX]}
    for sid in SECTION_IDS:
        if sid in drop:
            continue
        head = f"{sid}、{CANONICAL_TITLES[sid]}"
        if sid != lose_heading:
            if back_to_back and sid in "二三" and parts and parts[-1].endswith("情况"):
                parts[-1] += head  # 「二、主动公开政府信息情况三、收到和处理…」
            else:
                parts.append(head)
        parts.extend(body.get(sid, []))
    return TITLE.format(y=y) + "\n\n" + SP.join(parts) + "\n"


# -- one-line crawled bodies ----------------------------------------------------------------------
def test_one_line_body_reads_every_inline_heading_and_empty_sections():
    doc = doc_of(crawled())
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    assert not any(s.recovered for s in doc.sections)
    two, three = doc.section("二"), doc.section("三")
    assert doc.text[two.start : two.heading_end] == "二、主动公开政府信息情况"
    assert two.end == two.heading_end  # present as a heading, its table lost: empty
    assert doc.text[three.start : three.heading_end] == "三、收到和处理政府信息公开申请情况"
    assert findings(doc, "S001", "S004", "S005", "S006") == []


def test_full_width_spaces_of_a_one_line_body_are_paragraph_breaks():
    doc = doc_of(crawled())
    paras = [doc.text[p.start : p.end] for p in doc.paragraphs]
    for line in (*FIVE, FOUR, ONE[2]):
        assert line in paras


def test_split_inline_headings_cuts_back_to_back_headings_and_breaks():
    text = "编制说明。 一、总体情况 本局加强公开。 二、主动公开政府信息情况三、收到和处理政府信息公开申请情况 全年未收到申请。"
    assert split_inline_headings(text) == [
        "编制说明。",
        "一、总体情况",
        "本局加强公开。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "全年未收到申请。",
    ]


def test_one_line_body_lacking_sections_gets_them_flagged():
    doc = doc_of(crawled(drop=("四", "五", "六")))
    assert missing(doc) == ["四", "五", "六"]
    for f in findings(doc, "S001"):
        assert f.message.startswith("缺少第")


@pytest.mark.parametrize("joiner", [SP, ""], ids=["indented", "run-together"])
def test_lost_heading_five_in_a_one_line_body_is_a_missing_heading_not_a_missing_section(joiner):
    doc = doc_of(crawled(y=2020, lose_heading="五").replace(SP, joiner))
    assert doc.era == "trial"
    five = doc.section("五")
    assert five is not None and five.recovered
    assert doc.text[five.start :].startswith(FIVE[0])
    assert doc.section("四").end <= five.start < doc.section("六").start
    assert missing(doc) == []
    (f,) = findings(doc, "S006")
    assert f.kind == "format" and f.section == "五" and f.text.startswith("本年度工作仍存在不足")
    assert "标题缺失" in f.message


def test_lost_heading_five_right_after_a_table_heading_is_recovered():
    # 「四、…情况」 followed at once by the problems of 五; 四's own table and text are gone
    text = crawled(y=2023, lose_heading="五").replace(SP + FOUR, "")
    doc = doc_of(text)
    assert doc.section("五") is not None and doc.section("五").recovered
    assert doc.section("四").end == doc.section("四").heading_end
    assert missing(doc) == []


# -- broken lines ---------------------------------------------------------------------------------
def test_heading_and_year_broken_across_lines_are_joined():
    assert join_wrapped(["六、其他需要报告的", "事项", "本年度未收取信息处理费。"]) == [
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]
    assert join_wrapped(["统计期限为20", "22年1月1日至2022年12月31日。"]) == ["统计期限为2022年1月1日至2022年12月31日。"]
    # broken inside a word: the part before the break is no title of its own
    assert join_wrapped(["二、主", "动公开政府信息情况", "", "全年主动公开信息120条。"])[0] == "二、主动公开政府信息情况"
    assert join_wrapped(["五、政府信息公", "开工作存在的主要问题及改进情况", "", "栏目更新不及时。"])[0] == (
        "五、政府信息公开工作存在的主要问题及改进情况")
    # a complete heading does not swallow its body, and numbers in a column stay apart
    assert join_wrapped(["五、存在的主要问题及改进情况", "", "今年公开不及时。"])[0] == "五、存在的主要问题及改进情况"


def _multiline(y: int = 2022, heads: dict[str, str] | None = None) -> str:
    heads = heads or {}
    lines = [TITLE.format(y=y), "", PRE.format(y=y), ""]
    body = {"一": [x.format(y=y) for x in ONE], "四": [FOUR], "五": FIVE, "六": [SIX]}
    for sid in SECTION_IDS:
        lines.append(heads.get(sid, f"{sid}、{CANONICAL_TITLES[sid]}"))
        lines.extend(body.get(sid, ["（表格略）"]))
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("sid", "broken"),
    [("六", "六、其他需要报告的\n事项"), ("五", "五、存在的主要问题\n及改进情况"), ("三", "三、\n收到和处理政府信息公开申请情况")],
)
def test_report_with_a_heading_broken_over_two_lines_has_no_typo_or_missing_section(sid, broken):
    doc = doc_of(_multiline(heads={sid: broken}))
    assert doc.section(sid).title == CANONICAL_TITLES[sid]
    assert not doc.section(sid).recovered
    assert findings(doc, "S001", "S004", "S005", "S006") == []


# -- numeral forms ----------------------------------------------------------------------------------
PART = {"一": "第一部分 总体情况", "二": "第二部分 主动公开政府信息情况", "三": "第三部分 收到和处理政府信息公开申请情况",
        "四": "第四部分 政府信息公开行政复议、行政诉讼情况", "五": "第五部分 存在的主要问题及改进情况", "六": "第六部分 其他需要报告的事项"}


@pytest.mark.parametrize(
    "form",
    [
        lambda sid: PART[sid],
        lambda sid: f"第{sid}章 {CANONICAL_TITLES[sid]}",
        lambda sid: f"【{sid}】{CANONICAL_TITLES[sid]}",
        lambda sid: f"{sid}．{CANONICAL_TITLES[sid]}",
        lambda sid: f"{sid}. {CANONICAL_TITLES[sid]}",
        lambda sid: f"（{sid}）{CANONICAL_TITLES[sid]}",
        lambda sid: f"{SECTION_IDS.index(sid) + 1}．{CANONICAL_TITLES[sid]}",
        lambda sid: f"{chr(0xFF11 + SECTION_IDS.index(sid))}、{CANONICAL_TITLES[sid]}",
    ],
    ids=["part", "chapter", "bracket", "fullwidth-dot", "dot", "paren", "arabic", "fullwidth-arabic"],
)
def test_every_numeral_form_of_a_whole_outline(form):
    doc = doc_of(_multiline(heads={sid: form(sid) for sid in SECTION_IDS}))
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    assert [s.number for s in doc.sections] == list(SECTION_IDS)
    assert not any(s.recovered for s in doc.sections)
    assert findings(doc, "S001", "S005", "S006") == []


def test_part_forms_inline_in_a_one_line_body():
    text = crawled()
    for sid in SECTION_IDS:
        text = text.replace(f"{sid}、{CANONICAL_TITLES[sid]}", PART[sid])
    doc = doc_of(text)
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    assert missing(doc) == []


def test_sub_headings_of_the_overview_do_not_replace_the_outline():
    # （一）主动公开 （二）依申请公开 under 一 name topics 二 and 三; the 一、 outline still wins
    doc = doc_of(_multiline(heads={"二": "二、主动公开政府信息情况"}))
    assert [s.number for s in doc.sections] == list(SECTION_IDS)


# -- legacy outlines (spec §6) --------------------------------------------------------------------
LEGACY_SUB = """云溪市水务局2016年政府信息公开工作年度报告

本报告依据《中华人民共和国政府信息公开条例》编制。

一、概述
2016年，云溪市水务局健全信息公开工作机制，明确一名分管领导负责。
二、公开政府信息情况
（一）主动公开
全年主动公开水资源公报、河道管理等信息186条，全部在局网站发布。
（二）依申请公开
全年受理信息公开申请4件，均按期答复，未收取费用。
三、存在的主要问题和改进措施
部分栏目更新滞后。明年将按季度检查栏目更新情况，并建立通报制度。
"""


def test_legacy_topics_as_sub_sections_of_a_parent_heading_are_present():
    doc = doc_of(LEGACY_SUB)
    assert doc.era == "legacy"
    assert [s.id for s in doc.sections] == ["概述", "公开政府信息情况", "存在的主要问题和改进措施"]
    active, apply = section_for(doc, "二"), section_for(doc, "三")
    assert doc.text[active.start : active.heading_end] == "（一）主动公开"
    assert doc.text[apply.start : apply.heading_end] == "（二）依申请公开"
    assert active.end <= apply.start and apply.end <= section_for(doc, "五").start
    assert missing(doc) == []


def test_legacy_report_without_problems_part_is_flagged_against_its_own_outline():
    doc = doc_of(LEGACY_SUB.split("三、存在的主要问题")[0])
    assert missing(doc) == ["五"]
    (f,) = findings(doc, "S001")
    assert f.severity == "warning" and "存在的主要问题和改进措施" in f.message


LEGACY_RUN = (
    "云溪市人力资源和社会保障局2017年政府信息公开工作年度报告\n正文\n"
    "2017年，我局按照年度工作安排推进信息公开。"
    "一、完善制度推进公开建立发布审核制度，明确各科室职责。"
    "二、加大社保领域主动公开（一）公开参保政策。全年发布参保办理指南12项。"
    "三、做好依申请公开办理全年受理申请9件，均按期答复。"
    "四、强化监督落实责任将公开工作纳入年度考核。"
    "云溪市人力资源和社会保障局2018年1月20日\n"
)


def test_legacy_one_line_outline_without_title_endings_is_read_and_lacks_problems():
    doc = doc_of(LEGACY_RUN)
    assert doc.era == "legacy"
    assert [s.number for s in doc.sections] == ["一", "二", "三", "四"]
    assert section_for(doc, "二").number == "二" and section_for(doc, "三").number == "三"
    assert missing(doc) == ["五"]


def test_legacy_inline_problems_heading_without_improvements_word():
    text = LEGACY_RUN.replace("四、强化监督落实责任", "四、存在的主要问题2017年，我局公开栏目更新偶有滞后。五、强化监督落实责任")
    doc = doc_of(text)
    assert section_for(doc, "五").title == "存在的主要问题"
    assert missing(doc) == []


# -- trial format (spec §5) ----------------------------------------------------------------------
def test_trial_report_is_judged_against_the_same_six_sections():
    doc = doc_of(_multiline(y=2019))
    assert doc.era == "trial" and missing(doc) == []
    text = _multiline(y=2020).replace("六、其他需要报告的事项\n" + SIX + "\n", "")
    assert missing(doc_of(text)) == ["六"]


# -- unreadable outline ---------------------------------------------------------------------------
def test_report_with_prose_but_no_heading_cannot_pass_as_complete():
    lines = [TITLE.format(y=2022), "", PRE.format(y=2022), ""]
    lines += [x.format(y=2022) for x in ONE] + [FOUR] + FIVE + [SIX]
    doc = doc_of("\n".join(lines))
    found = findings(doc, "S001", "S006")
    assert found, "an outline that could not be read must be reported"
    assert all(f.kind in ("missing-section", "format") for f in found)


def test_legacy_report_with_prose_but_no_heading_is_flagged():
    text = "云溪市档案局2015年政府信息公开工作年度报告\n\n" + "本局全年公开信息120条，受理申请2件，均按期答复。" * 8
    doc = doc_of(text)
    assert doc.sections == [] and missing(doc) == ["二", "三", "五"]
    assert "未能识别" in findings(doc, "S001")[0].message


def test_document_without_prose_gets_no_missing_section():
    doc = doc_of("青禾县统计表\n\n| 项目 | 数量 |\n| 行政许可 | 12 |\n")
    assert missing(doc) == []


def test_part_outline_with_numbered_sub_headings_inside():
    heads = {sid: PART[sid] for sid in SECTION_IDS}
    heads["一"] = PART["一"] + "\n一、主动公开政府信息工作\n本局按目录公开。\n二、依申请公开情况\n本局按期答复。"
    doc = doc_of(_multiline(heads=heads))
    assert [s.id for s in doc.sections] == list(SECTION_IDS)
    assert all(doc.text[s.start : s.start + 1] == "第" for s in doc.sections)


@pytest.mark.parametrize(
    "heads",
    [
        {"二": "二、主动公开政府信息", "三": "三、收到和处理政府信息公开申请", "五": "五、存在的主要问题及改进"},
        {"四": "四、政府信息公开行政复议、行政诉讼", "六": "六、其他事项"},
    ],
)
def test_titles_without_their_qingkuang_ending_are_exact(heads):
    for text in (_multiline(heads=heads), crawled()):
        for sid, h in heads.items():
            text = text.replace(f"{sid}、{CANONICAL_TITLES[sid]}", h)
        doc = doc_of(text)
        assert [s.id for s in doc.sections] == list(SECTION_IDS)
        assert findings(doc, "S001", "S004", "S006") == []


def test_one_line_report_lacking_sections_cannot_rank_in_the_top_half(tmp_path):
    import shutil

    from reviewer.pipeline import Options, review
    from tests.conftest import EXAMPLES

    for name in ("qinghe_jiaotong_2023.txt", "qinghe_jiaotong_2024.txt", "qinghe_wenlv_2024.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "qinghe_nongye_2022.txt").write_text(crawled(2022), encoding="utf-8")
    lacking = crawled(2022, drop=("四", "五", "六")).replace("青禾县", "云溪市")
    (tmp_path / "yunxi_nongye_2022.txt").write_text(lacking, encoding="utf-8")
    results, _docs = review([tmp_path], Options(jobs=1))
    by = {r.path.rsplit("/", 1)[-1]: r for r in results}
    bad = by["yunxi_nongye_2022.txt"]
    assert [f.section for f in bad.findings if f.rule == "S001"] == ["四", "五", "六"]
    ranked = sorted(results, key=lambda r: -(r.score or 0))
    assert ranked.index(bad) >= len(ranked) // 2
    # three of the six required sections are missing: at most half of the completeness points remain
    assert bad.score < 100 and bad.subscores["completeness"] <= 25 / 2


def test_legacy_sub_topics_on_a_one_line_body():
    body = LEGACY_SUB.split("\n\n", 2)
    flat = body[0] + "\n\n" + body[1] + body[2].replace("\n", "")
    doc = doc_of(flat)
    assert doc.era == "legacy"
    assert section_for(doc, "二").title.startswith("主动公开") and section_for(doc, "三").title.startswith("依申请公开")
    assert missing(doc) == []


def test_missing_section_never_says_nothing_is_there_when_some_text_reads_as_it():
    # one short line of 五 after the 四 heading: too little to recover, and the finding says so
    text = _multiline().replace("五、存在的主要问题及改进情况\n" + "\n".join(FIVE), "下一步将改进栏目更新。")
    doc = doc_of(text)
    (f,) = findings(doc, "S001")
    assert f.section == "五" and "不足以认定" in f.message and "未找到该部分的标题" in f.message


LEGACY_UNDER_WORK = """云溪市水务局2016年政府信息公开工作年度报告

一、工作情况
（一）加大重点领域信息公开。全年在局网站发布水资源公报、河道采砂许可等信息186条。
（二）完善工作制度。制定信息发布审核办法，明确一名分管领导负责。
二、依申请公开政府信息情况
全年受理信息公开申请4件，均按期答复。
三、存在的主要问题和改进措施
部分栏目更新滞后。明年将按季度检查栏目更新情况，并建立通报制度。
"""


def test_legacy_proactive_disclosure_under_the_work_heading_is_a_missing_heading_not_a_missing_section():
    doc = doc_of(LEGACY_UNDER_WORK)
    sec = section_for(doc, "二")
    assert sec is not None and sec.recovered
    assert doc.text[sec.start : sec.heading_end].startswith("（一）加大重点领域信息公开")
    rules = load_rules()
    assert [f.section for f in rules["S001"].check(doc, Context())] == []
    (f,) = [f for f in rules["S006"].check(doc, Context()) if f.section == "二"]
    assert "主动公开" in f.message and "工作情况" in f.message
    # a legacy report that reports no publishing at all still lacks the topic
    bare = LEGACY_UNDER_WORK.replace("（一）加大重点领域信息公开。全年在局网站发布水资源公报、河道采砂许可等信息186条。\n", "")
    assert [f.section for f in rules["S001"].check(doc_of(bare), Context())] == ["二"]
