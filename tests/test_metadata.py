"""Organ, year, title and publication date from every place a page gives them (own fictional
texts): issuer lines, titles in all their forms, signature, body; organ-name canonicalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.io import read_document
from reviewer.organs import canonical_organ, looks_like_organ, organ_key, same_organ
from reviewer.pipeline import Options, review
from reviewer.tables.sample import doc_from_text as doc_of

BODY = (
    "一、总体情况\n本年度，本机关围绕群众关切推进政务公开，全年主动公开信息312条。\n"
    "二、主动公开政府信息情况\n行政许可 | 86\n"
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
)


def crawled(title: str, issuer: str = "", key: str = "发布机关", date: str = "2024-01-20 09:30:00") -> str:
    return f"标题: {title}\n发布日期: {date}\n{key}: {issuer}\n原文链接: http://example.invalid/a.html\n==================== 正文 ====================\n{BODY}"


# --- organ names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["青川省科学技术厅", "云溪市人民政府办公室", "青禾县交通运输局", "东湖区梅林街道办事处", "梅林镇人民政府",
     "国务院办公厅", "云溪市政务服务管理办公室", "青禾县融媒体中心", "云溪经济开发区管委会", "青禾县", "云溪高新区"],
)
def test_organ_names_look_like_organs(name):
    assert looks_like_organ(name)


@pytest.mark.parametrize(
    "phrase",
    ["根据《中华人民共和国政府信息公开条例》，特向社会公布", "本机关", "现将有关情况报告如下", "政府信息公开工作年度报告",
     "科学技术厅", "省教育厅", "市场监督管理局", "青禾县2023年", "关于印发工作要点的通知", "我局"],
)
def test_sentences_and_placeless_names_are_not_organs(phrase):
    assert not looks_like_organ(phrase)


@pytest.mark.parametrize(
    "short,full",
    [
        ("青川省科技厅", "青川省科学技术厅"),
        ("云溪市人社局", "云溪市人力资源和社会保障局"),
        ("青川省人社厅", "青川省人力资源和社会保障厅"),
        ("青川省人力资源社会保障厅", "青川省人力资源和社会保障厅"),
        ("青川省工信厅", "青川省工业和信息化厅"),
        ("云溪市发改委", "云溪市发展和改革委员会"),
        ("云溪市卫健委", "云溪市卫生健康委员会"),
        ("青禾县住建局", "青禾县住房和城乡建设局"),
        ("青禾县市监局", "青禾县市场监督管理局"),
        ("青禾县市场监管局", "青禾县市场监督管理局"),
        ("青川省文旅厅", "青川省文化和旅游厅"),
        ("青禾县应急局", "青禾县应急管理局"),
        ("云溪市医保局", "云溪市医疗保障局"),
        ("青川省退役军人厅", "青川省退役军人事务厅"),
        ("云溪市政务服务办", "云溪市政务服务管理办公室"),
        ("青禾县政府", "青禾县人民政府"),
        ("青禾县政府办", "青禾县人民政府办公室"),
        ("青禾县", "青禾县人民政府"),
        ("梅林街道", "梅林街道办事处"),
    ],
)
def test_short_forms_have_one_canonical_name_and_key(short, full):
    assert canonical_organ(short) == full
    assert organ_key(short) == organ_key(full)
    assert same_organ(short, full)


def test_bare_level_completes_from_the_place_of_the_page():
    assert canonical_organ("省科技厅", "青川省") == "青川省科学技术厅"
    assert canonical_organ("区政府", "云溪市东湖区") == "云溪市东湖区人民政府"
    assert canonical_organ("市政府", "云溪市东湖区") == "云溪市人民政府"
    assert canonical_organ("省科技厅") is None  # no place to complete from
    assert canonical_organ("市场监督管理局", "云溪市") is None  # 市场 is not a level


def test_different_organs_keep_different_keys():
    assert organ_key("青川省科学技术厅") != organ_key("青川省教育厅")
    assert organ_key("云溪市人社局") != organ_key("青禾县人社局")
    assert not same_organ("青禾县人民政府", "青禾县人民政府办公室")
    assert organ_key(None, "a/青禾_2023.txt") == organ_key(None, "b/青禾_2024.txt")


def test_look_alike_glyphs_share_a_key_but_keep_the_printed_name():
    assert organ_key("沐溪县人民政府") == organ_key("沭溪县人民政府")
    assert canonical_organ("沐溪县人民政府") == "沐溪县人民政府"
    assert not same_organ("沐溪县人民政府", "沭溪县人民政府")


# --- sources of the organ ----------------------------------------------------------------------


def test_issuer_line_gives_the_organ_and_header_the_date():
    doc = doc_of(crawled("青川省科技厅2023年政府信息公开工作年度报告", "青川省科技厅"))
    assert doc.organ == "青川省科学技术厅" and doc.year == 2023
    assert doc.meta["organ_status"] == "found"
    assert doc.published == "2024-01-20"
    assert doc.title == "青川省科技厅2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("key", ["发布机关", "来源", "发文机关", "发布单位", "信息来源", "发布机构"])
def test_every_issuer_key_is_read(key):
    doc = doc_of(crawled("政府信息公开情况统计表（2023年度）", "云溪市民政局", key=key))
    assert doc.organ == "云溪市民政局" and doc.year == 2023 and doc.meta["organ_source"] == "issuer"


def test_issuer_value_ends_at_the_next_key_on_the_line():
    text = "云溪市民政局2023年政府信息公开工作年度报告\n发布机构：云溪市民政局  发文日期：2024-01-10\n" + BODY
    doc = doc_of(text)
    assert doc.organ == "云溪市民政局" and doc.published == "2024-01-10"


def test_bare_level_in_title_completes_from_the_issuer_place():
    doc = doc_of(crawled("省科技厅2023年政府信息公开工作年度报告", "青川省科学技术厅"))
    assert doc.organ == "青川省科学技术厅" and doc.meta["organ_source"] == "title"
    doc = doc_of(crawled("2023年政府信息公开工作年度报告", "省科技厅") + "\n2023年，青川省科技厅坚持公开为常态。\n")
    assert doc.organ == "青川省科学技术厅"


def test_sentence_in_issuer_or_title_is_never_the_organ():
    doc = doc_of(crawled("青禾县交通运输局2023年政府信息公开工作年度报告", "根据《中华人民共和国政府信息公开条例》，特向社会公布", key="来源"))
    assert doc.organ == "青禾县交通运输局"
    text = "根据《中华人民共和国政府信息公开条例》，特向社会公布2023年政府信息公开工作年度报告\n" + BODY
    doc = doc_of(text)
    assert doc.organ is None and doc.year == 2023
    assert doc.meta["organ_status"] == "unknown" and doc.meta["metrics"]["organ_status"] == "unknown"


def test_empty_issuer_falls_back_to_title():
    doc = doc_of(crawled("青禾县交通运输局2023年信息公开年度报告", ""))
    assert doc.organ == "青禾县交通运输局" and doc.meta["organ_source"] == "title"


@pytest.mark.parametrize(
    "title",
    [
        "青禾县民政局2023年政府信息公开工作年度报告",
        "青禾县民政局2023年度政府信息公开工作报告",
        "青禾县民政局2023年政府信息公开年报",
        "青禾县民政局2023年度政府信息公开工作总结",
        "青禾县民政局2023年政府信息公开工作年度…",
        "青禾县民政局2023年政府信息公开...",
        "2023年青禾县民政局政府信息公开工作年度报告",
        "青禾县民政局二〇二三年政府信息公开工作年度报告",
        "青禾县民政局20 23年政府信息公开工作年度报告",
    ],
)
def test_title_forms(title):
    doc = doc_of(f"标题: {title}\n{BODY}")
    assert (doc.organ, doc.year) == ("青禾县民政局", 2023)


def test_title_split_over_lines_and_year_broken_by_the_crawl():
    doc = doc_of("青禾县人民政府\n2023年政府信息公开工作年度报告\n\n" + BODY)
    assert (doc.organ, doc.year) == ("青禾县人民政府", 2023)
    doc = doc_of("青禾县民政局20\n23年政府信息公开工作年度报告\n\n" + BODY)
    assert (doc.organ, doc.year) == ("青禾县民政局", 2023)


def test_signature_gives_organ_and_publication_date():
    text = "2023年政府信息公开工作年度报告\n" + BODY + "\n青禾县农业农村局\n2024年1月25日\n"
    doc = doc_of(text)
    assert doc.organ == "青禾县农业农村局" and doc.meta["organ_source"] == "signature"
    assert doc.published == "2024-01-25"


def test_signature_glued_to_the_last_sentence():
    text = "2023年政府信息公开工作年度报告\n" + BODY.rstrip("\n") + "无青禾县农业农村局2024年1月25日更多信息请关注官方微信\n"
    doc = doc_of(text)
    assert doc.organ == "青禾县农业农村局" and doc.published == "2024-01-25"


def test_body_sentence_names_the_organ():
    text = "2023年政府信息公开工作年度报告\n现将青禾县民政局2023年政府信息公开工作年度报告公布如下。\n" + BODY
    doc = doc_of(text)
    assert doc.organ == "青禾县民政局" and doc.meta["organ_source"] == "body"


def test_title_place_one_character_off_the_body_takes_the_majority_form():
    text = "青未县人民政府2023年政府信息公开工作年度报告\n" + "青禾县人民政府推进政务公开。" * 4 + "\n" + BODY
    assert doc_of(text).organ == "青禾县人民政府"
    # a place printed the same way throughout is kept as printed
    text = "青未县人民政府2023年政府信息公开工作年度报告\n" + "青未县人民政府推进政务公开。" * 4 + "\n" + BODY
    assert doc_of(text).organ == "青未县人民政府"


def test_manifest_overrides_and_status_reaches_the_result(tmp_path):
    p = tmp_path / "a_2023.txt"
    # a reviewable report has some length (under 100 Chinese characters is "not a report")
    more = "\n本年度围绕重点领域持续推进信息公开，按时更新政策文件，做好解读回应，办理申请全部在法定期限内答复。" * 2
    p.write_text("2023年政府信息公开工作年度报告\n" + BODY + more, encoding="utf-8")
    q = tmp_path / "b_2023.txt"
    q.write_text("青禾县民政局2023年政府信息公开工作年度报告\n" + BODY + more, encoding="utf-8")
    results, _ = review([p, q], Options(jobs=1))
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["a_2023.txt"].organ is None and by_name["a_2023.txt"].metrics["organ_status"] == "unknown"
    assert by_name["b_2023.txt"].metrics["organ_status"] == "found"
    doc = read_document(p, {str(p): ("云溪市民政局", None)})
    assert doc.organ == "云溪市民政局" and doc.meta["organ_status"] == "manifest"


def test_title_outranks_the_portal_issuer_and_issuer_fills_a_title_without_organ():
    # a portal header names the portal's government or its office: the title's organ wins
    doc = doc_of(crawled("青禾县民政局2023年政府信息公开工作年度报告", "青禾县人民政府办公室", key="发布机构"))
    assert doc.organ == "青禾县民政局" and doc.meta["organ_source"] == "title"
    text = "青禾县民政局2023年政府信息公开工作年度报告 来源：青禾县人民政府 时间：2024-01-12\n" + BODY
    assert doc_of(text).organ == "青禾县民政局"
    # a title cut before its organ's suffix, or without an organ, takes the issuer
    doc = doc_of(crawled("青川省工业和信息…", "青川省工业和信息化厅"))
    assert doc.organ == "青川省工业和信息化厅" and doc.meta["organ_source"] == "issuer"


def test_ocr_slip_in_a_known_place_is_mended_by_the_gazetteer():
    from reviewer.organs import correct_place

    # 毫/亳 and 沪/泸 are look-alike glyphs; 亳州市 and 泸州市 are real divisions, the slips are not
    assert correct_place("毫州市文化和旅游局") == "亳州市文化和旅游局"
    assert correct_place("四川省沪州市财政局") == "四川省泸州市财政局"
    # a fictional place, or a real one, is kept as printed
    assert correct_place("青禾县交通运输局") == "青禾县交通运输局"
    assert correct_place("亳州市文化和旅游局") == "亳州市文化和旅游局"
    text = "沪州市财政局2023年政府信息公开工作年度报告\n" + "沪州市财政局推进政务公开。" * 4 + "\n" + BODY
    assert doc_of(text).organ == "泸州市财政局"
