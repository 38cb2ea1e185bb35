"""T112 (spec §4 C7) as a batch rule: table 二's 现行有效件数 carried from one year to the next
(the rule's own examples: tests/test_rule_contract.py)."""

from __future__ import annotations

from pathlib import Path

from reviewer.rules.cross_year import _t2
from tests.test_rules_cross_year import _review as review_with


def _review(tmp_path: Path, files: dict[str, str]):
    return review_with(tmp_path, files, "T112")


def test_break_marks_this_years_cell_and_cites_last_year(tmp_path: Path):
    # 20 valid at the end of 2021; 2022 issues 5 and repeals 3, so 22 are expected, 30 are printed
    res, docs = _review(tmp_path, {"x_2021.txt": _t2(2021, 2, 0, 20), "x_2022.txt": _t2(2022, 5, 3, 30)})
    (f,) = res["x_2022.txt"].findings
    ev = f.evidence
    assert f.rule == "T112" and f.text == "30" and f.section == "二"
    assert (ev["row"], ev["expected"], ev["actual"], ev["previous_value"], ev["issued"], ev["repealed"]) == ("行政规范性文件", 22, 30, 20, 5, 3)
    prev = docs["x_2021.txt"]
    assert prev.text[ev["previous_start"] : ev["previous_end"]] == "20" and ev["previous_year"] == 2021


def test_continuity_and_gaps_pass(tmp_path: Path):
    # continuous 2021→2022; 2024 is not compared with 2022 (2023 missing); another organ is separate
    other = _t2(2023, 0, 0, 99).replace("北岭县林业局", "南湖区民政局")
    res, _ = _review(tmp_path, {"x_2021.txt": _t2(2021, 2, 0, 20), "x_2022.txt": _t2(2022, 5, 3, 22),
                                "x_2024.txt": _t2(2024, 1, 0, 40), "y_2023.txt": other})
    assert all(r.findings == [] for r in res.values())


def _flat(text: str) -> str:
    """The same report with table 二's cells run together, as a crawl flattens them."""
    return "\n".join(ln.replace(" | ", "") if ln.startswith(("规章", "行政规范性文件")) else ln for ln in text.split("\n"))


def test_run_together_row_breaks_only_when_no_reading_follows(tmp_path: Path):
    # 2022 printed 「行政规范性文件3114」: 3/1/14, 31/1/4 or 3/11/4; 2023 「4216」 reads 4/2/16 after 3/1/14
    (tmp_path / "ok").mkdir()
    res, _ = _review(tmp_path / "ok", {"x_2022.txt": _flat(_t2(2022, 3, 1, 14)), "x_2023.txt": _t2(2023, 4, 2, 16)})
    assert all(r.findings == [] for r in res.values())
    # 2023 prints 25: no reading of 「3114」 gives 25 − 4 + 2 = 23 valid at the end of 2022
    (tmp_path / "bad").mkdir()
    res, docs = _review(tmp_path / "bad", {"x_2022.txt": _flat(_t2(2022, 3, 1, 14)), "x_2023.txt": _t2(2023, 4, 2, 25)})
    (f,) = res["x_2023.txt"].findings
    assert f.rule == "T112" and f.text == "25" and [3, 1, 14] in f.evidence["previous_readings"]
    # this year's row run together too: the finding spans the run and lists its readings
    (tmp_path / "both").mkdir()
    res, docs = _review(tmp_path / "both", {"x_2022.txt": _flat(_t2(2022, 3, 1, 14)), "x_2023.txt": _flat(_t2(2023, 4, 2, 25))})
    (f,) = res["x_2023.txt"].findings
    assert f.text == "4225" and [4, 2, 25] in f.evidence["readings"]
