"""Every crawl layout of tables 三 and 四 rebuilt from plain text (our own fictional tables): one
row per line, tabs, one cell per line, a whole table flattened into one line with its digits run
together, trial-format tables with blank rows, and the legacy 统计表 hierarchy."""

from __future__ import annotations

import pytest

from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables import extract_tables, tables_read
from reviewer.tables.labels import T3_COLS, T3_LABELS, T3_ROWS_2021, T3_ROWS_TRIAL, T4_BLOCKS
from reviewer.tables.runs import read_run
from reviewer.tables.sample import doc_from_text

RULES = load_rules()
CODES = ("T101", "T102", "T103", "T104", "T105", "T106", "T107", "T110")

# a consistent table 三 of 云溪市档案局 (2021 format): row → six applicant columns; 总计 computed
PARTS = {k: (0, 0, 0, 0, 0, 0) for k in T3_ROWS_2021}
PARTS.update({
    "一": (23, 2, 0, 0, 1, 0), "二": (1, 0, 0, 0, 0, 0),
    "三.一": (10, 1, 0, 0, 0, 0), "三.二": (3, 0, 0, 0, 0, 0), "三.三.4": (2, 0, 0, 0, 0, 0),
    "三.四.1": (5, 1, 0, 0, 1, 0), "三.五.1": (2, 0, 0, 0, 0, 0), "三.六.1": (1, 0, 0, 0, 0, 0),
    "三.七": (23, 2, 0, 0, 1, 0), "四": (1, 0, 0, 0, 0, 0),
})
T4 = {"复议": (1, 0, 1, 0), "直接起诉": (0, 0, 0, 1), "复议后起诉": (0, 0, 0, 0)}


def _row(k: str, parts=None) -> list[str]:
    p = PARTS[k] if parts is None else parts
    return [str(x) for x in (*p, sum(p))]


def _t4_cells() -> list[str]:
    return [str(x) for b in T4_BLOCKS for x in (*T4[b], sum(T4[b]))]


def _report(table3: str, table4: str | None = None, year: int = 2023) -> str:
    table4 = HEAD4.replace(" ", "") + "".join(_t4_cells()) if table4 is None else table4
    return (
        f"云溪市档案局{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，本局依法公开档案信息。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
        "规章 | 0 | 0 | 0\n行政规范性文件 | 1 | 0 | 6\n"
        f"三、收到和处理政府信息公开申请情况\n{table3}\n四、政府信息公开行政复议、行政诉讼情况\n{table4}\n"
        "五、存在的主要问题及改进情况\n档案目录更新较慢，下一步按季度更新。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    )


HEAD4: str = "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 " + " ".join(
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)


def _label(k: str) -> str:
    return T3_LABELS[k].split(" ")[-1] if k.startswith("三.") and "." in k[2:] else T3_LABELS[k]


def _flat(rows: dict[str, list[str]] | None = None, sep: str = "", order=T3_ROWS_2021) -> str:
    """The whole table 三 on one line, every label followed by its digits run together."""
    rows = rows or {}
    out = ["申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"]
    for k in order:
        lab = T3_LABELS[k].replace(" ", "")
        if k.startswith("三.") and "." in k[2:] and not k.endswith(".1"):
            lab = lab.split("）", 1)[1]  # the parent label is printed once, before item 1
        out.append(lab + sep.join(rows[k] if k in rows else _row(k)))
    return "　　".join(out) if sep == "　" else "".join(out)


def _values(rt) -> dict[str, list]:
    return {k: [rt.t3[k][c].number for c in T3_COLS] for k in rt.t3}


def _findings(doc) -> list:
    out = []
    for code in CODES:
        out.extend(RULES[code].check(doc, Context()) or [])
    return out


def test_flattened_one_line_table_read_by_arithmetic_without_findings():
    doc = doc_from_text(_report(_flat()))
    rt = extract_tables(doc)
    assert rt.t3_source == "text" and _values(rt) == {k: [int(x) for x in _row(k)] for k in T3_ROWS_2021}
    assert {b: [v.number for v in rt.t4[b].values()] for b in T4_BLOCKS} == {b: [*T4[b], sum(T4[b])] for b in T4_BLOCKS}
    # 「一」 reads 23|2|0|0|1|0|26 or 2|3|20|0|0|1|26? only the first balances: split by arithmetic
    assert rt.t3["一"]["自然人"].raw == "23" and not rt.t3["一"]["总计"].missing
    assert any(s["row"] == "一" and s["how"] == "split-by-arithmetic" for s in rt.splits)
    assert _findings(doc) == []


def test_row_with_several_consistent_splits_decided_by_the_columns():
    # 「四、无法提供 1.」 reads 5|1|0|0|1|0|7 or 5|1|0|0|10|… : 「5100107」 is exact; make a real choice
    rows = {"三.四.1": ["12", "2", "0", "0", "1", "0", "15"]}
    # 「122001015」 = 12|2|0|0|1|0|15 or 1|2|2|0|0|10|15: both satisfy the row; only one the columns
    parts = {"一": (30, 3, 0, 0, 1, 0), "三.七": (30, 3, 0, 0, 1, 0)}
    rows.update({k: _row(k, p) for k, p in parts.items()})
    assert read_run("122001015", 0, 9, (7,)).how == "ambiguous"
    doc = doc_from_text(_report(_flat(rows)))
    rt = extract_tables(doc)
    assert [rt.t3["三.四.1"][c].number for c in T3_COLS] == [12, 2, 0, 0, 1, 0, 15]
    assert rt.t3["三.四.1"]["自然人"].note == "by-columns"
    assert [f.rule for f in _findings(doc) if f.kind == "table-arithmetic"] == []


def test_row_with_no_consistent_split_reported_with_the_candidate_reading():
    # （一）予以公开 should read 10|1|0|0|0|0|11, printed with 总计 12: 「1010000 12」 run together
    rows = {"三.一": ["10", "1", "0", "0", "0", "0", "12"]}
    doc = doc_from_text(_report(_flat(rows)))
    rt = extract_tables(doc)
    assert [rt.t3["三.一"][c].number for c in T3_COLS] == [10, 1, 0, 0, 0, 0, 12]
    assert rt.t3["三.一"]["总计"].note == "candidate"
    found = [f for f in _findings(doc) if f.kind == "table-arithmetic"]
    assert found and {f.rule for f in found} <= {"T102", "T103"}
    row = next(f for f in found if f.rule == "T103")
    assert row.evidence["reading"] == "candidate" and row.evidence["row"] == "三.一" and row.text == "12"
    assert any(s["row"] == "三.一" and s["how"] == "candidate" and s["readings"] >= 2 for s in rt.splits)


def test_short_row_is_a_blank_not_an_error():
    rows = {"二": ["1", "0", "0", "0", "0", "1"]}  # six numbers for seven cells
    doc = doc_from_text(_report(_flat(rows)))
    rt = extract_tables(doc)
    assert all(v.missing and v.note == "short" for v in rt.t3["二"].values())
    found = _findings(doc)
    # 「一」 (23|2|0|0|1|0|26 or 2|3|20|0|1|0|26) could only be told by C1, which needs row 二: it
    # stays ambiguous and is said to be (T107), never guessed
    assert [f.rule for f in found] == ["T105", "T107"] and found[0].evidence["note"] == "short"
    assert found[0].evidence["numbers"] == 6 and found[0].text == "100001"
    assert found[1].evidence["row"] == "一" and rt.t3["三.七"]["自然人"].number == 23


def test_run_that_adds_up_only_with_blank_cells_is_blank_not_arithmetic():
    # 自然人 1234 and 总计 1234 with five empty cells between them, run together: 「12341234」
    assert read_run("12341234", 0, 8, (7,)).how == "short"
    assert read_run("20000011", 0, 8, (7,)).how == "none"  # no reading adds up, even with blanks


def test_one_cell_per_line():
    lines = ["申请人情况", "自然人", "法人或其他组织", *T3_COLS[1:]]
    for k in T3_ROWS_2021:
        lab = T3_LABELS[k].replace(" ", "\n")
        lines.append(lab[:-4] + "\n" + lab[-4:] if k in ("一", "四") else lab)  # labels broken by the crawl
        cells = _row(k)
        if k == "三.二":
            cells[1] = ""  # 商业企业 left empty: the reader drops the empty line, the row is short
        lines.extend(cells)
    t4 = [*HEAD4.split(" "), *_t4_cells()]
    doc = doc_from_text(_report("\n".join(lines), "\n".join(t4)))
    rt = extract_tables(doc)
    want = {k: [int(x) for x in _row(k)] for k in T3_ROWS_2021}
    want["三.二"] = [None] * 7
    assert _values(rt) == want
    assert {b: [v.number for v in rt.t4[b].values()] for b in T4_BLOCKS} == {b: [*T4[b], sum(T4[b])] for b in T4_BLOCKS}
    found = _findings(doc)
    assert [(f.rule, f.evidence.get("row"), f.evidence.get("note")) for f in found] == [("T105", "三.二", "short")]


def test_blank_line_inside_a_run_is_a_blank_cell():
    text = "3\n\n0\n0\n0\n0\n3"
    rr = read_run(text, 0, len(text), (7,))
    assert rr.how == "cells" and [v.number for v in rr.values] == [3, None, 0, 0, 0, 0, 3]
    assert rr.values[1].note == "blank" and rr.values[1].start == rr.values[1].end == 2


@pytest.mark.parametrize("sep", ["\t", "   ", "　"])
def test_tabs_and_runs_of_spaces(sep):
    lines = [T3_LABELS[k] + sep + sep.join(_row(k)) for k in T3_ROWS_2021]
    doc = doc_from_text(_report("\n".join(lines), HEAD4 + "\n" + sep.join(_t4_cells())))
    rt = extract_tables(doc)
    assert _values(rt) == {k: [int(x) for x in _row(k)] for k in T3_ROWS_2021}
    assert rt.t4["直接起诉"]["总计"].number == 1
    assert _findings(doc) == []


def test_trial_table_flattened_with_blank_rows():
    rows = {k: [] for k in T3_ROWS_TRIAL}  # every row printed without numbers …
    for k in ("一", "二", "三.一", "三.七", "四"):  # … except these
        rows[k] = _row(k, {"一": (6, 0, 0, 0, 0, 0), "二": (0,) * 6, "三.一": (6, 0, 0, 0, 0, 0),
                            "三.七": (6, 0, 0, 0, 0, 0), "四": (0,) * 6}[k])
    text = _report(_flat(rows, order=T3_ROWS_TRIAL), HEAD4.replace(" ", "") + "000", year=2020)
    doc = doc_from_text(text)
    rt = extract_tables(doc)
    assert rt.t3_format == "trial" and set(rt.t3) == set(T3_ROWS_TRIAL)
    assert [rt.t3["三.一"][c].number for c in T3_COLS] == [6, 0, 0, 0, 0, 0, 6]
    assert all(v.note == "blank" for v in rt.t3["三.六"].values())
    assert all(v.note == "short" for row in rt.t4.values() for v in row.values())
    found = _findings(doc)
    assert {f.rule for f in found} == {"T105"} and not any(f.kind == "table-arithmetic" for f in found)
    read = {t["table"]: t for t in tables_read(doc)}
    assert read["三"]["format"] == "trial" and any(v["read"] == "blank" for v in read["三"]["values"])


def test_table_four_run_with_no_consistent_split_gives_a_candidate():
    cells = _t4_cells()
    cells[4] = "12"  # 行政复议 总计 printed 12 where 1 + 0 + 1 + 0 = 2
    doc = doc_from_text(_report(_flat(), HEAD4.replace(" ", "") + "".join(cells)))
    rt = extract_tables(doc)
    assert rt.t4["复议"]["总计"].number == 12 and rt.t4["复议"]["总计"].note == "candidate"
    (f,) = [f for f in _findings(doc) if f.rule == "T104"]
    assert f.evidence["reading"] == "candidate" and f.evidence["expected"] == 2


def test_table_four_as_three_text_rows():
    head = "结果维持 结果纠正 其他结果 尚未审结 总计"
    rows = "\n".join(f"{t} " + " ".join(str(x) for x in (*T4[b], sum(T4[b])))
                     for b, t in zip(T4_BLOCKS, ("行政复议", "行政诉讼未经复议直接起诉", "行政诉讼复议后起诉"), strict=True))
    doc = doc_from_text(_report(_flat(), head + "\n" + rows))
    rt = extract_tables(doc)
    assert {b: [v.number for v in rt.t4[b].values()] for b in T4_BLOCKS} == {b: [*T4[b], sum(T4[b])] for b in T4_BLOCKS}
    assert _findings(doc) == []


def test_missing_table_reason_is_true():
    doc = doc_from_text(_report("", ""))
    found = [f for f in _findings(doc) if f.rule == "T106"]
    assert {f.evidence["table"] for f in found} == {"三", "四"}
    assert all(f.params["reason"]["msg"] in ("table-not-in-text", "table-no-section") for f in found)
    img = doc_from_text(_report("（表格见下图）", ""))
    (f3,) = [f for f in _findings(img) if f.rule == "T106" and f.evidence["table"] == "三"]
    assert f3.params["reason"]["msg"] == "table-image" and "图片" in f3.evidence["reason"]


# a fictional flattened 统计表 (pre-2019): a heading row without a value, overlapping channels,
# numbered breakdowns, 其中 lists (subsets) and （一） breakdowns of a 一、 total
_LEGACY = (
    "云溪市档案局2016年政府信息公开工作年度报告\n一、概述\n本局推进政府信息公开。\n二、统计表\n"
    "统计指标单位统计数一、主动公开（一）本年发布档案信息数条240其中：发布规范性文件数条3新印发文件数件3"
    "（二）按不同渠道发布的情况1.局网站发布数条2402.微博号发布数条1203.公告栏发布数条31"
    "二、依申请公开（一）收到申请数件71.窗口递交数件22.网上递交数件5（二）答复总数件71.予以公开数件42.不予公开数件3"
    "其中：涉密件1涉及隐私件23.所需信息不存在件0三、行政复议数量件2（一）复议维持数件1（二）复议纠错数件1\n"
)


def test_legacy_hierarchy_consistent_table_has_no_finding():
    doc = doc_from_text(_LEGACY, "yunxi_2016.txt")
    rows = extract_tables(doc).legacy_rows
    by = {r.label: r for r in rows}
    assert by["2.微博号发布数"].value.number == 120 and by["3.公告栏发布数"].value.number == 31
    assert rows[by["2.网上递交数"].parent].label == "（一）收到申请数"
    assert rows[by["涉及隐私"].parent].label == "2.不予公开数" and by["涉及隐私"].level == 3
    assert rows[by["3.所需信息不存在"].parent].label == "（二）答复总数"
    assert by["（二）按不同渠道发布的情况"].header
    assert _findings(doc) == []


def test_legacy_hierarchy_with_bracketed_item_numbers():
    text = _LEGACY.replace("1.窗口递交数件22.网上递交数件5", "（1）窗口递交数件2（2）网上递交数件5").replace(
        "1.予以公开数件42.不予公开数件3", "（1）予以公开数件4（2）不予公开数件3")
    doc = doc_from_text(text, "yunxi_2016.txt")
    rows = extract_tables(doc).legacy_rows
    by = {r.label: r for r in rows}
    assert rows[by["（2）网上递交数"].parent].label == "（一）收到申请数" and by["（2）网上递交数"].level == 2
    assert rows[by["涉及隐私"].parent].label == "（2）不予公开数"
    assert _findings(doc) == []
    broken = doc_from_text(text.replace("（2）不予公开数件3", "（2）不予公开数件2"), "yunxi_2016.txt")
    (f,) = _findings(broken)
    assert f.rule == "T110" and f.evidence["row"] == "（二）答复总数"


def test_legacy_hierarchy_inconsistent_table_flags_the_right_parent():
    doc = doc_from_text(_LEGACY.replace("2.网上递交数件5", "2.网上递交数件6"), "yunxi_2016.txt")
    (f,) = _findings(doc)
    assert f.rule == "T110" and f.evidence["row"] == "（一）收到申请数" and (f.evidence["expected"], f.evidence["actual"]) == (8, 7)
    doc = doc_from_text(_LEGACY.replace("（二）复议纠错数件1", "（二）复议纠错数件0"), "yunxi_2016.txt")
    (f,) = _findings(doc)
    assert f.evidence["row"] == "三、行政复议数量" and f.evidence["expected"] == 1


def test_parse_json_shows_the_tables_read_from_a_text_report(tmp_path):
    import json

    from click.testing import CliRunner

    from reviewer.cli import main

    rows = {"三.一": ["10", "1", "0", "0", "0", "0", "12"]}
    path = tmp_path / "yunxi_2023.txt"
    path.write_text(_report(_flat(rows)), encoding="utf-8")
    res = CliRunner().invoke(main, ["parse", "--format", "json", str(path)])
    assert res.exit_code == 0, res.output
    read = {t["table"]: t for t in json.loads(res.output)["tables_read"]}
    assert set(read) == {"二", "三", "四"} and read["三"]["source"] == "text"
    cells = {(v["row"], v["column"]): v for v in read["三"]["values"]}
    # 「一」 and 「（七）」 (23|2|… or 2|3|20|…) could only be told by column sums that pass through the
    # broken row: they stay ambiguous, not guessed
    assert cells[("一", "自然人")]["value"] is None and cells[("一", "自然人")]["read"] == "ambiguous"
    assert cells[("一", "法律服务机构")]["value"] == 1 and cells[("一", "总计")]["value"] == 26
    assert cells[("三.一", "总计")]["read"] == "candidate" and cells[("三.一", "总计")]["raw"] == "12"
    text = path.read_text(encoding="utf-8")
    v = cells[("四", "总计")]
    assert v["value"] == 1 and v["read"] == "cells" and v["end"] - v["start"] == 1
    assert any(s["row"] == "三.一" and s["how"] == "candidate" for s in read["三"]["splits"])
    assert read["二"]["values"][0] == {"block": "（一）", "row": "规章", "column": "本年制发件数", "value": 0, "raw": "0",
                                      "start": read["二"]["values"][0]["start"], "end": read["二"]["values"][0]["end"], "read": "cells"}
    assert text  # the spans index the document text (doc.text), shown as "text" in the same JSON
