"""T111 (spec §4 C6) as a batch rule: consecutive reports of one organ, through the pipeline (the
rule's own examples: tests/test_rule_contract.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.pipeline import Options, review
from reviewer.rules.cross_year import SEP, _t3, carry_rows
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables.sample import doc_from_text


def _review(tmp_path: Path, files: dict[str, str], code: str = "T111"):
    """Write the reports, review them with only rule ``code``: results and documents by file name."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results, docs = review([tmp_path], Options(jobs=1, select={code}))
    return {Path(r.path).name: r for r in results}, {Path(d.path).name: d for d in docs}


def test_finding_marks_the_carried_cell_and_cites_last_year(tmp_path: Path):
    # own reports: 2023 leaves 3 open, 2024 carries 4 (自然人 column)
    res, docs = _review(tmp_path, {"a_2023.txt": _t3(2023, 0, 7, 3), "a_2024.txt": _t3(2024, 4, 9, 1)})
    (f,) = res["a_2024.txt"].findings
    doc = docs["a_2024.txt"]
    line = doc.text[doc.text.rfind("\n", 0, f.start) + 1 : doc.text.find("\n", f.start)]
    assert line.startswith("二、上年结转") and f.text == "4" and f.section == "三"
    assert f.evidence["column"] == "自然人" and f.evidence["expected"] == 3 and f.evidence["actual"] == 4
    prev = docs["a_2023.txt"]
    assert f.evidence["previous_path"] == prev.path and f.evidence["previous_year"] == 2023
    assert prev.text[f.evidence["previous_start"] : f.evidence["previous_end"]] == "3"


def test_only_consecutive_years_of_one_organ_are_compared(tmp_path: Path):
    other = _t3(2024, 4, 9, 1).replace("东坪县水务局", "西岭县民政局")
    res, _ = _review(tmp_path, {"a_2022.txt": _t3(2022, 0, 7, 3), "a_2024.txt": _t3(2024, 4, 9, 1),
                                "b_2024.txt": other, "a_2023.txt": _t3(2023, 3, 9, 4)})
    assert all(r.findings == [] for r in res.values())


@pytest.mark.parametrize("code", ["T111", "T112"])
def test_prepared_rows_give_the_same_findings(code: str):
    # the rows the workers prepare (pipeline _PREPARE) stand for the rows the rule reads itself
    r = load_rules()[code]
    docs = [doc_from_text(text, f"x_{i}.txt") for i, text in enumerate(r.must_flag[0].split(SEP))]
    ctx = Context()
    ctx.cache["carry_rows"] = [carry_rows(d) for d in docs]
    fresh = r.check(docs, Context())[1]
    assert fresh and [(f.start, f.end, f.message) for f in r.check(docs, ctx)[1]] == [(f.start, f.end, f.message) for f in fresh]
