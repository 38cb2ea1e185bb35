from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reviewer.io import read_document
from reviewer.model import Document
from reviewer.rules.dates import deadline
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables.sample import doc_from_text as doc_of
from tests.conftest import EXAMPLES


def run(doc, code):
    return load_rules()[code].check(doc, Context())


def example_text() -> str:
    return (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")


def test_period_year_changed_fires_at_the_period_span():
    text = example_text().replace(
        "统计期限为2024年1月1日至2024年12月31日", "统计期限为2023年1月1日至2023年12月31日"
    )
    doc = doc_of(text)
    (f,) = run(doc, "S010")
    assert f.kind == "date-mismatch"
    assert f.text == "2023年1月1日至2023年12月31日"
    assert f.evidence["expected"] == 2024 and 2023 in f.evidence["found"]
    assert run(read_document(EXAMPLES / "qinghe_jiaotong_2024.txt"), "S010") == []


def test_blank_period_flagged():
    text = example_text().replace("统计期限为2024年1月1日至2024年12月31日", "统计期限自至")
    (f,) = run(doc_of(text), "S010")
    assert f.text == "统计期限自至" and f.message == "统计期限空白「统计期限自至」，应为「2024年1月1日至2024年12月31日」"


def test_current_year_mention_in_overview():
    text = example_text().replace("2024年，青禾县交通运输局围绕", "2023年，青禾县交通运输局围绕")
    doc = doc_of(text)
    (f,) = run(doc, "S011")
    assert f.text == "2023" and f.section == "一"
    assert run(read_document(EXAMPLES / "qinghe_jiaotong_2024.txt"), "S011") == []


def _doc(organ: str, year: int, published: str | None = None) -> Document:
    from reviewer.model import era_of

    return Document(
        path="x", sha256="", text="", organ=organ, year=year, era=era_of(year), published=published
    )


def test_deadlines_by_organ_type_and_era():
    assert deadline(_doc("青禾县交通运输局", 2024)) == date(2025, 1, 31)
    assert deadline(_doc("青禾县人民政府", 2024)) == date(2025, 3, 31)
    assert deadline(_doc("某某镇人民政府", 2024)) is None
    assert deadline(_doc("某某街道办事处", 2024)) is None
    assert deadline(_doc("青禾县交通运输局", 2015)) == date(2016, 3, 31)


def test_late_publication_flagged_with_span(tmp_path):
    text = (
        "标题: 青禾县交通运输局2024年政府信息公开工作年度报告\n发布时间: 2025-03-02 10:00\n\n"
        + example_text()
    )
    doc = doc_of(text)
    assert doc.published == "2025-03-02"
    (f,) = run(doc, "S012")
    assert f.text.startswith("发布时间") and f.evidence["deadline"] == "2025-01-31"


def test_real_blank_period_pingtan_xian_2013(real_dir):
    doc = read_document(real_dir / "pingtan_xian_2013.txt")
    (f,) = run(doc, "S010")
    assert f.text == "统计期限自至" and f.kind == "date-mismatch"


def _dev_files(real_dir: Path) -> list[Path]:
    split = Path(__file__).resolve().parent.parent / "corpus" / "reading" / "split.tsv"
    rows = [line.split("\t") for line in split.read_text(encoding="utf-8").splitlines()[1:]]
    return [real_dir.parent / c / f for c, f, _organ, part in rows if part.strip() == "dev"]


def test_dev_reports_periods_consistent(real_dir):
    """The dev part of both collections states periods of the report year (or none)."""
    flagged = sorted(f.name for f in _dev_files(real_dir) if f.exists() and run(read_document(f), "S010"))
    assert flagged == []


PREAMBLE = "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限为2024年1月1日至2024年12月31日。"


def _with_preamble(sentence: str) -> str:
    from reviewer.rules.sections import mini_report

    return mini_report(replace={PREAMBLE: sentence})


@pytest.mark.parametrize(
    "wording",
    [
        "本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
        "本报告所列数据统计日期自{y}年1月1日起至{y}年12月31日止。",
        "本报告中所列数据的统计期限自{y}年1月1日至{y}年12月31日。",
        "本报告所列数据时间段为{y}年1月1日至{y}年12月31日。",
        "本报告所列数据统计时限为{y}年1月1日至12月31日。",
        "本报告数据统计期限为{y}年度。",
        "所列数据统计期限从{y}年1月1日到12月31日止。",
    ],
)
def test_every_period_wording_is_read(wording):
    assert run(doc_of(_with_preamble(wording.format(y=2024))), "S010") == []
    (f,) = run(doc_of(_with_preamble(wording.format(y=2023))), "S010")
    assert f.kind == "date-mismatch" and 2023 in f.evidence["found"] and "2023" in f.text


def test_period_in_chinese_numerals_and_broken_years():
    ok = "统计期限为二〇二四年一月一日至二〇二四年十二月三十一日。"
    assert run(doc_of(_with_preamble(ok)), "S010") == []
    (f,) = run(doc_of(_with_preamble(ok.replace("二〇二四", "二〇二三"))), "S010")
    assert f.evidence["found"] == [2023, 2023]
    for broken in ("统计期限为20\n24年1月1日至2024年12月31日。", "统计期限为20 24年1月1日至2024年12月31日。",
                   "统计期限为2024\n年1月1日至2024年12月31日。"):
        assert run(doc_of(_with_preamble(broken)), "S010") == [], broken
    (f,) = run(doc_of(_with_preamble("统计期限为20\n23年1月1日至2023年12月31日。")), "S010")
    assert f.evidence["found"] == [2023, 2023]


def test_partial_year_and_blank_periods_flagged():
    (f,) = run(doc_of(_with_preamble("统计期限为2024年1月1日至2024年6月30日。")), "S010")
    assert "不是全年" in f.message
    for blank in ("统计期限自至。", "统计日期自年月日起至年月日止。", "统计期限自 至 。"):
        (f,) = run(doc_of(_with_preamble(blank)), "S010")
        assert f.evidence["found"] is None and f.message_id == "period-blank" and f.message.startswith("统计期限空白「"), blank


def test_a_line_break_ends_a_period_without_dates():
    # a period keyword with no date on its line is not read into the next line's years
    text = _with_preamble("报告所列数据均为统计时间\n2023年，我局开展了调研。本报告统计期限为2024年1月1日至2024年12月31日。")
    assert run(doc_of(text), "S010") == []


def test_body_years_of_plans_and_reviews_are_not_mismatches():
    from reviewer.rules.sections import mini_report

    intro = "2024年，东湖区市场监督管理局围绕食品安全和营商环境推进政务公开。"
    for ok in ("2025年工作计划：完善栏目。", "2025年，我局将完善栏目。", "2023年，我局报告中提出的问题已整改完成。",
               "2023年同期相比，申请量有所下降。"):
        assert run(doc_of(mini_report(replace={intro: intro + ok})), "S011") == [], ok
    (f,) = run(doc_of(mini_report(replace={intro: "2023年我局围绕食品安全推进政务公开。"})), "S011")
    assert f.evidence == {"expected": 2024, "found": 2023} and f.section == "一"


def test_preamble_restating_another_year_is_a_mismatch():
    (f,) = run(doc_of(_with_preamble("现将东湖区市场监督管理局2023年政府信息公开工作年度报告公布如下。" + PREAMBLE)), "S011")
    assert f.text == "2023" and f.evidence["found"] == 2023
    assert run(doc_of(_with_preamble("现将东湖区市场监督管理局2024年政府信息公开工作年度报告公布如下。" + PREAMBLE)), "S011") == []
