"""Flattened table rows with a dash standing for a cell, and run-together table 二 rows with fewer
figures than cells: both are missing values (spec §4 C5), never unplaced rows or guesses."""

from __future__ import annotations

from reviewer.rules.tables import check_c5, check_unreadable
from reviewer.tables import extract_tables
from reviewer.tables.runs import read_run
from reviewer.tables.sample import doc_from_text, sample_report


def test_dash_between_figures_is_a_missing_cell():
    text = "x 100/001 y"
    rr = read_run(text, 2, 9, (7,))
    assert rr.how == "short" and all(v.missing for v in rr.values)
    text = "x 1 0 0 / 0 0 1 y"
    rr = read_run(text, 2, 15, (7,))
    assert rr.how == "cells" and [v.number for v in rr.values] == [1, 0, 0, None, 0, 0, 1]
    assert rr.values[3].note == "dash"


def _flat_t3(report: str) -> str:
    """Table 三's rows run together, label and figures, as a crawl flattens them."""
    out = []
    for ln in report.split("\n"):
        if " | " in ln and any(ch.isdigit() for ch in ln.split(" | ")[-1]):
            cells = [c.strip() for c in ln.split(" | ")]
            out.append("".join(c for c in cells))
        else:
            out.append(ln)
    return "\n".join(out)


def test_flat_row_with_a_dash_is_reported_blank_not_unplaced():
    doc = doc_from_text(_flat_t3(sample_report(t3={("二", "商业企业"): "/"})))
    assert not extract_tables(doc).unplaced
    assert not [f for f in check_unreadable(doc, None) if "label was lost" in f.message]
    assert any(f.evidence.get("table") == "三" for f in check_c5(doc, None))


def test_table_two_row_with_fewer_figures_than_cells_is_a_blank():
    text = sample_report().replace(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n行政规范性文件 | 2 | 0 | 9",
        "信息内容本年制发件数本年废止件数现行有效件数\n规章00\n行政规范性文件3114", 1)
    doc = doc_from_text(text)
    row = extract_tables(doc).t2["（一）"]["规章"]
    assert all(v.missing and v.note == "short" for v in row.values())
    (f,) = [f for f in check_c5(doc, None) if f.evidence.get("table") == "二"]
    assert f.evidence["row"] == "规章" and f.evidence["numbers"] == 2 and f.evidence["cells"] == 3
    assert "行政规范性文件" in extract_tables(doc).t2_alts


def test_legacy_outline_opens_with_its_overview_whatever_it_is_called():
    from reviewer.structure.detect import section_for

    text = ("青禾县水务局2016年政府信息公开工作年度报告\n一、工作推进情况\n本局健全公开工作机制，全年召开专题会议3次。\n"
            "二、主动公开政府信息情况\n全年主动公开信息120条。\n三、依申请公开政府信息情况\n全年受理申请5件。\n"
            "四、存在的主要问题和改进措施\n栏目更新不够及时，下一步按月巡检。\n")
    doc = doc_from_text(text, "qinghe_2016.txt")
    sec = section_for(doc, "一")
    assert doc.era == "legacy" and sec is not None and sec.title == "工作推进情况"
    assert section_for(doc, "二").title == "主动公开政府信息情况"
