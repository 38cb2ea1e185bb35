"""Text and spreadsheet renderers agree with the JSON result schema."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reviewer import render
from reviewer.model import SCHEMA_VERSION, Finding, Result
from reviewer.render.xlsx import write_xlsx
from reviewer.scoring.score import SUBSCORES
from tests.scoring_fixtures import make_batch


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return make_batch(tmp_path_factory.mktemp("batch"))


def test_json_and_jsonl_carry_schema_version_and_round_trip(batch):
    results, _ = batch
    doc = json.loads(render.get("json")(results))
    assert doc["schema_version"] == SCHEMA_VERSION
    lines = [json.loads(x) for x in render.get("jsonl")(results).splitlines()]
    assert [x["schema_version"] for x in lines] == [SCHEMA_VERSION] * len(results)
    back = [Result.from_dict(x) for x in lines]
    assert [(r.score, r.subscores, r.deductions) for r in back] == [(r.score, r.subscores, r.deductions) for r in results]


def test_xlsx_carries_the_same_numbers_as_the_json(batch, tmp_path):
    from openpyxl import load_workbook

    results, docs = batch
    data = {d["path"]: d for d in json.loads(render.get("json")(results))["results"]}
    path = write_xlsx(results, tmp_path / "out.xlsx", docs)
    wb = load_workbook(path)
    assert wb.sheetnames == ["summary", "findings", "deductions"]
    ws = wb["summary"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert len(rows) == len(data)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    for row in rows:
        js = data[row["path"]]
        assert row["score"] == js["score"]
        for s in SUBSCORES:
            assert row[s] == js["subscores"][s]
        assert row["findings"] == len(js["findings"])
        assert row["own_share"] == (js["metrics"].get("copy") or {}).get("own_share")
    ws = wb["findings"]
    head = [c.value for c in ws[1]]
    frows = [dict(zip(head, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    want = {(p, f["rule"], f["start"], f["end"], f["line"], f["text"]) for p, d in data.items() for f in d["findings"]}
    got = {(r["path"], r["rule"], r["start"], r["end"], r["line"], r["text"] or "") for r in frows}  # "" reads back as None
    assert got == want
    ws = wb["deductions"]
    total = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        total[row[0]] = total.get(row[0], 0) + row[2]
    for p, d in data.items():
        assert total.get(p, 0) == pytest.approx(100 - d["score"])


def test_xlsx_neutralises_formulas_and_control_characters(tmp_path):
    from openpyxl import load_workbook

    f = Finding("X1", "format", "warning", None, 0, 5, 1, "=HYPERLINK(\"x\")\x01", "m")
    r = Result(path="a.txt", sha256="s", findings=[f], score=99.5)
    wb = load_workbook(write_xlsx([r], tmp_path / "a.xlsx"))
    head = [c.value for c in wb["findings"][1]]
    text = wb["findings"].cell(row=2, column=head.index("text") + 1)
    assert text.data_type == "s" and text.quotePrefix and text.value.startswith("=") and "\x01" not in text.value


def test_csv_summary_and_findings(batch):
    results, _ = batch
    rows = list(csv.DictReader(io.StringIO(render.get("csv")(results))))
    assert len(rows) == len(results)
    worst = rows[-1]
    bad = results[1]
    assert worst["path"] == bad.path and float(worst["score"]) == bad.score
    frows = list(csv.DictReader(io.StringIO(render.get("csv-findings")(results))))
    assert len(frows) == sum(len(r.findings) for r in results)
    copied = next(r for r in frows if r["kind"] == "copied-from-own-past")
    assert copied["source_year"] == "2023" and copied["deducted_from"] == "originality"


def test_table_and_terminal_rank_and_summarise(batch):
    results, _ = batch
    plain = render.get("table")(results)
    assert "各类问题数: " in plain and "findings by kind" not in plain
    assert "findings by kind: " in render.get("table")(results, lang="en")
    rich = render.get("terminal")(results)
    lines = [x for x in rich.splitlines() if "qinghe_jiaotong_2024" in x or "baishi_shuiwu_2024" in x]
    assert "baishi" in lines[0] and "qinghe_jiaotong_2024" in lines[-1]  # ranked best first
    assert "2023–2024 年缺少报告:" in rich and "白石县水务局: 2023" in rich
    assert "no report in 2023–2024:" in render.get("terminal")(results, lang="en")
    assert f"{results[1].score:.1f}" in rich
