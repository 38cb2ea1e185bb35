"""Table location and mapping (reviewer.tables) on fixtures of our own, in every representation the
readers produce."""

from __future__ import annotations

import pytest

from reviewer.io import read_document
from reviewer.tables import T3_COLS, T4_BLOCKS, T4_COLS, extract_tables
from reviewer.tables.labels import T3_LABELS, T3_ROWS_2021, T3_ROWS_TRIAL, t3_row_key
from reviewer.tables.numbers import parse_cell, split_run
from reviewer.tables.sample import doc_from_text, sample_report, t3_values
from tests.conftest import EXAMPLES


def _numbers(rt, key):
    return [rt.t3[key][c].number for c in T3_COLS]


def _check_spans(doc, rt):
    for row in list(rt.t3.values()) + list(rt.t4.values()):
        for v in row.values():
            if not v.missing:
                assert doc.text[v.start : v.end] == v.raw


@pytest.mark.parametrize(
    ("raw", "number", "note"),
    [
        ("4,970", 4970, ""),
        ("４５.６万元", 45.6, ""),
        ("１２", 12, ""),
        (" 7 ", 7, ""),
        ("", None, "blank"),
        ("/", None, "dash"),
        ("—", None, "dash"),
        ("-", None, "dash"),
        ("若干", None, "unparsed"),
        ("-3", -3, ""),
    ],
)
def test_parse_cell(raw, number, note):
    assert parse_cell(raw) == (number, note)


def test_split_run_recovers_only_unique_splits():
    sols, exact = split_run("15130000154", (7,))
    assert not exact and [[("15130000154")[s:e] for s, e in sol] for sol in sols] == [["151", "3", "0", "0", "0", "0", "154"]]
    sols, _ = split_run("220000325", (7,))
    assert len(sols) == 2  # 22/0/… or 2/20/…: ambiguous, must not be guessed
    sols, exact = split_run("12 3 0 0 0 0 15", (7,))
    assert exact and len(sols) == 1
    sols, _ = split_run("10203120001200000", (5, 5, 5))
    assert len(sols) == 1


def _all_splits(chunk: str, blocks: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    """Every split by brute force, in the order of its cell lengths: a reference for split_run."""
    import itertools
    import re

    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", chunk)]
    back = [i for s, e in groups for i in range(s, e)]
    cuts = set(itertools.accumulate(e - s for s, e in groups[:-1]))
    digits = "".join(chunk[s:e] for s, e in groups)
    out = []
    for lengths in itertools.product(range(1, 8), repeat=sum(blocks)):
        if sum(lengths) != len(digits):
            continue
        bounds = list(itertools.accumulate(lengths, initial=0))
        spans = list(zip(bounds, bounds[1:], strict=False))
        if any(e - s > 1 and digits[s] == "0" or any(s < c < e for c in cuts) for s, e in spans):
            continue
        vals = [int(digits[s:e]) for s, e in spans]
        k, ok = 0, True
        for n in blocks:
            ok = ok and sum(vals[k : k + n - 1]) == vals[k + n - 1]
            k += n
        if ok:
            out.append([(back[s], back[e - 1] + 1) for s, e in spans])
    return out


@pytest.mark.parametrize("seed", range(3))
def test_split_run_finds_exactly_the_brute_force_splits(seed):
    """The pruned search (the last cell of a block read as the sum of the others) finds the same
    splits, in the same order, as trying every cut."""
    import random

    rng = random.Random(seed)
    for _ in range(60):
        blocks = rng.choice([(3,), (4,), (2, 2), (2, 3)])
        cells = []
        for n in blocks:
            vals = [rng.choice([0, 1, 2, 7, 10, rng.randint(0, 300)]) for _ in range(n - 1)]
            cells += [*vals, sum(vals) + (rng.random() < 0.2)]
        chunk = "".join(str(v) + rng.choice(["", "", " "]) for v in cells).strip()
        sols, exact = split_run(chunk, blocks)
        if not exact and sum(c.isdigit() for c in chunk) <= 7 * sum(blocks):
            assert sols == _all_splits(chunk, blocks)[:9], chunk


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("一、本年新收政府信息公开申请数量", "一"),
        ("（七）总 计", "三.七"),
        ("三、本年度办理结果（一）予以公开", "三.一"),
        ("（三）不予公开1.属于国家秘密", "三.三.1"),
        ("2.其他法律行政止公开", "三.三.2"),  # OCR lost a character
        ("1.逾期不补正", "三.六.1"),
        ("其他2.逾期不缴费", "三.六.2"),
        ("处理3.其他", "三.六.3"),
        ("（六）其他处理", "三.六"),
        ("出具已获取信息1.逾期不补正", "三.六.1"),  # tail of the previous label before this one
        ("部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "三.二"),
        ("数据1", None),
        ("", None),
    ],
)
def test_row_labels_tolerant(label, key):
    assert t3_row_key(label) == key


def test_example_tables_fully_mapped_with_spans():
    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")
    rt = extract_tables(doc)
    assert rt.t3_format == "2021" and set(rt.t3) == set(T3_ROWS_2021) and not rt.unplaced
    assert _numbers(rt, "一") == [21, 3, 0, 0, 1, 0, 25]
    assert _numbers(rt, "三.四.1") == [4, 0, 0, 0, 1, 0, 5]
    assert _numbers(rt, "四") == [3, 0, 0, 0, 0, 0, 3]
    assert [rt.t4["复议"][c].number for c in T4_COLS] == [1, 0, 0, 1, 2]
    assert [rt.t4["直接起诉"][c].number for c in T4_COLS] == [1, 0, 0, 0, 1]
    assert rt.t2["（一）"]["行政规范性文件"]["现行有效件数"].number == 23
    assert rt.t2["（八）"]["行政事业性收费"]["本年收费金额"].number == 45.6
    _check_spans(doc, rt)
    assert extract_tables(doc) == rt  # the same tables on a second reading


def _expected():
    vals = t3_values()
    return {k: [int(vals[k][c]) for c in T3_COLS] for k in T3_ROWS_2021}


def _t3_lines(sep: str, labelled=lambda k: True) -> list[str]:
    vals = t3_values()
    return [(T3_LABELS[k] if labelled(k) else "") + sep[0] + sep[1].join(vals[k][c] for c in T3_COLS) for k in T3_ROWS_2021]


def _with_t3(lines: list[str]) -> str:
    text = sample_report()
    start = text.index("（本列数据")
    end = text.index("\n\n四、政府信息公开行政复议")
    return text[:start] + "\n".join(lines) + text[end:]


def test_space_separated_rows_in_text():
    doc = doc_from_text(_with_t3(_t3_lines((" ", " "))))
    rt = extract_tables(doc)
    assert rt.t3_source == "text"
    assert {k: _numbers(rt, k) for k in rt.t3} == _expected()
    _check_spans(doc, rt)


def test_flattened_rows_split_only_when_unique():
    # cells concatenated without separators, all rows on one line, as archived pages have them
    vals = t3_values({("三.一", "自然人"): "22", ("三.一", "商业企业"): "0", ("三.一", "总计"): "22"})
    line = "".join(T3_LABELS[k].replace(" ", "") + "".join(vals[k][c] for c in T3_COLS) for k in T3_ROWS_2021)
    doc = doc_from_text(_with_t3([line]))
    rt = extract_tables(doc)
    assert rt.t3_source == "text" and len(rt.t3) == 25
    assert _numbers(rt, "一") == [8, 2, 0, 0, 1, 0, 11]
    # 「2200000022」 reads 22/0/…/22 or 2/20/…/22: the first two cells stay unknown
    row = rt.t3["三.一"]
    assert row["自然人"].missing and row["自然人"].note == "ambiguous" and row["商业企业"].missing
    assert row["总计"].number == 22 and not row["总计"].missing
    _check_spans(doc, rt)


def test_flattened_ambiguous_row_resolved_only_by_balancing_columns():
    # 三.一 = 22/0/…/22 (or 2/20/…/22); with 一 and （七） consistent, only the first balances
    over = {("三.一", "自然人"): "22", ("三.一", "商业企业"): "0", ("三.一", "总计"): "22",
            ("一", "自然人"): "26", ("一", "商业企业"): "1", ("一", "总计"): "28",
            ("三.七", "自然人"): "26", ("三.七", "商业企业"): "1", ("三.七", "总计"): "28"}
    vals = t3_values(over)
    line = "".join(T3_LABELS[k].replace(" ", "") + "".join(vals[k][c] for c in T3_COLS) for k in T3_ROWS_2021)
    doc = doc_from_text(_with_t3([line]))
    rt = extract_tables(doc)
    assert _numbers(rt, "三.一") == [22, 0, 0, 0, 0, 0, 22]
    assert rt.t3["三.一"]["自然人"].note == "by-columns"
    _check_spans(doc, rt)


def test_rows_without_labels_placed_between_labelled_rows():
    lost = {"三.二", "三.三.2", "三.五.5", "三.六.1"}
    doc = doc_from_text(_with_t3(_t3_lines((" | ", " | "), lambda k: k not in lost)))
    rt = extract_tables(doc)
    assert {k: _numbers(rt, k) for k in rt.t3} == _expected() and not rt.unplaced


def test_unplaceable_rows_are_reported_not_guessed():
    lines = _t3_lines((" | ", " | "), lambda k: k not in {"三.三.2", "三.三.3"})
    del lines[6]  # an unlabelled row lost: two gaps, one row
    doc = doc_from_text(_with_t3(lines))
    rt = extract_tables(doc)
    assert "三.三.2" not in rt.t3 and "三.三.3" not in rt.t3
    assert len(rt.unplaced) == 1 and set(rt.missing_rows) == {"三.三.2", "三.三.3"}


def test_trial_format_single_other_row():
    vals = t3_values()
    lines = []
    for k in T3_ROWS_TRIAL:
        if k == "三.六":
            lines.append("（六）其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1")
        else:
            lines.append(T3_LABELS[k] + " | " + " | ".join(vals[k][c] for c in T3_COLS))
    doc = doc_from_text(_with_t3(lines))
    rt = extract_tables(doc)
    assert rt.t3_format == "trial" and set(rt.t3) == set(T3_ROWS_TRIAL)
    assert _numbers(rt, "三.六") == [1, 0, 0, 0, 0, 0, 1]


def test_table_split_across_pages_and_merged_label_cells():
    vals = t3_values()
    lines = []
    for i, k in enumerate(T3_ROWS_2021):
        group, _, item = T3_LABELS[k].partition(" ")
        cells = [group, item] if item else [T3_LABELS[k], ""]
        lines.append(" | ".join([*cells, *(vals[k][c] for c in T3_COLS)]))
        if i == 12:
            lines.append("（续表）")  # the page break splits the table in two
    doc = doc_from_text(_with_t3(lines))
    rt = extract_tables(doc)
    assert len(doc.tables) >= 3
    assert {k: _numbers(rt, k) for k in rt.t3} == _expected()


def test_table_four_as_three_titled_rows():
    text = sample_report()
    start = text.index("行政复议 | |")
    end = text.index("\n\n五、")
    blocks = "行政复议: 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n1 | 0 | 0 | 1 | 2\n"
    blocks += "行政诉讼（复议后起诉）: 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n0 | 0 | 0 | 0 | 0\n"
    blocks += "行政诉讼（未经复议直接起诉）: 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n0 | 0 | 0 | 1 | 1"
    doc = doc_from_text(text[:start] + blocks + text[end:])
    rt = extract_tables(doc)
    assert {b: [rt.t4[b][c].number for c in T4_COLS] for b in T4_BLOCKS} == {
        "复议": [1, 0, 0, 1, 2],
        "直接起诉": [0, 0, 0, 1, 1],
        "复议后起诉": [0, 0, 0, 0, 0],
    }


def test_blank_and_dash_cells_are_missing_with_position():
    doc = doc_from_text(sample_report(t3={("三.二", "自然人"): "", ("三.一", "其他"): "—"}))
    rt = extract_tables(doc)
    blank = rt.t3["三.二"]["自然人"]
    assert blank.missing and blank.note == "blank" and blank.start == blank.end
    dash = rt.t3["三.一"]["其他"]
    assert dash.missing and dash.note == "dash" and doc.text[dash.start : dash.end] == "—"


def _to_html(text: str) -> str:
    parts: list[str] = []
    rows: list[str] = []
    for line in [*text.splitlines(), ""]:
        if " | " in line:
            rows.append("<tr>" + "".join(f"<td>{c.strip()}</td>" for c in line.split("|")) + "</tr>")
            continue
        if rows:
            parts.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line:
            parts.append(f"<p>{line}</p>")
    return "<html><head><meta charset='utf-8'></head><body>" + "".join(parts) + "</body></html>"


def test_same_values_from_html(tmp_path):
    text = sample_report()
    p = tmp_path / "sample.html"
    p.write_text(_to_html(text), encoding="utf-8")
    rt_html = extract_tables(read_document(p))
    rt_txt = extract_tables(doc_from_text(text))
    assert len(rt_html.t3) == 25 and len(rt_html.t4) == 3
    assert {k: _numbers(rt_html, k) for k in rt_html.t3} == {k: _numbers(rt_txt, k) for k in rt_txt.t3}
    assert {b: [v.number for v in r.values()] for b, r in rt_html.t4.items()} == {
        b: [v.number for v in r.values()] for b, r in rt_txt.t4.items()
    }


def test_damaged_inputs_never_crash_and_spans_stay_valid():
    import random

    from reviewer.rules.registry import Context
    from reviewer.rules.runner import load_rules

    rules = [r for r in load_rules().values() if r.family in ("tables", "text_table")]
    rng = random.Random(7)
    base = sample_report()
    lines = base.split("\n")
    cells = ["", "0", "1", "12", "/", "—", "-", "3.5", "-2", "１２", "4,970", "若干", "000000"]
    for _ in range(60):
        mutated = list(lines)
        for _k in range(rng.randint(1, 8)):
            i = rng.randrange(len(mutated))
            op = rng.random()
            if op < 0.3:
                del mutated[i]
            elif op < 0.6 and " | " in mutated[i]:
                parts = mutated[i].split(" | ")
                parts[rng.randrange(len(parts))] = rng.choice(cells)
                mutated[i] = " | ".join(parts)
            elif op < 0.8:
                mutated[i] = mutated[i].replace(" | ", "", rng.randint(1, 5))
            else:
                mutated.insert(i, " | ".join(rng.choice(cells) for _ in range(rng.randint(1, 16))))
        doc = doc_from_text("\n".join(mutated))
        for r in rules:
            for f in r.check(doc, Context()):
                assert 0 <= f.start <= f.end <= len(doc.text) and f.text == doc.text[f.start : f.end]


def test_table_two_as_text_lines():
    text = sample_report().replace("规章 | 0 | 0 | 0", "规章 0 0 0").replace("行政规范性文件 | 2 | 0 | 9", "行政规范性文件 2 0 9")
    text = text.replace("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", "信息内容 本年制发件数 本年废止件数 现行有效件数")
    rt = extract_tables(doc_from_text(text))
    assert [v.number for v in rt.t2["（一）"]["行政规范性文件"].values()] == [2, 0, 9]
    assert list(rt.t2["（一）"]["行政规范性文件"]) == ["本年制发件数", "本年废止件数", "现行有效件数"]


@pytest.mark.parametrize("suffix", [".html", "_gbk.html", ".docx", ".pdf"])
def test_example_in_every_format_gives_the_same_tables(suffix):
    path = EXAMPLES / f"qinghe_jiaotong_2024{suffix}"
    if not path.exists():
        pytest.skip(f"{path.name} not bundled")
    rt = extract_tables(read_document(path))
    ref = extract_tables(read_document(EXAMPLES / "qinghe_jiaotong_2024.txt"))
    assert {k: _numbers(rt, k) for k in rt.t3} == {k: _numbers(ref, k) for k in ref.t3}
    assert len(rt.t3) == 25
    assert {b: [v.number for v in r.values()] for b, r in rt.t4.items()} == {
        b: [v.number for v in r.values()] for b, r in ref.t4.items()
    }
    assert {b: {r: [v.number for v in c.values()] for r, c in rows.items()} for b, rows in rt.t2.items()} == {
        b: {r: [v.number for v in c.values()] for r, c in rows.items()} for b, rows in ref.t2.items()
    }
