"""The table-三 equations C1–C3 (spec §4) of one report, for rules T101–T103. Kept apart from the
rules (``reviewer.rules.tables``) so the per-document analysis (``reviewer.rules.analysis``) computes
the broken ones once without importing the rule registry."""

from __future__ import annotations

from reviewer.tables import ReportTables
from reviewer.tables.equations import _Eq
from reviewer.tables.labels import T3_COLS, T3_PARTS, T3_RESULT_ROWS


def t3_equations(rt: ReportTables) -> list[_Eq]:
    t3 = rt.t3
    eqs: list[_Eq] = []
    six = [f"三.六.{i}" for i in (1, 2, 3)] if rt.t3_format != "trial" else ["三.六"]
    result_rows = [*T3_RESULT_ROWS, *six]
    for col in T3_COLS:
        # C1: 一 + 二 = 三（七） + 四
        if all(r in t3 for r in ("一", "二", "三.七", "四")):
            eqs.append(
                _Eq(
                    "C1",
                    [("一", t3["一"][col]), ("二", t3["二"][col])],
                    [("三.七", t3["三.七"][col]), ("四", t3["四"][col])],
                    t3["三.七"][col],
                    {"table": "三", "row": "三.七", "column": col, "rule": "一+二=三（七）总计+四"},
                )
            )
        # C2: （七）总计 = sum of 办理结果 rows
        if "三.七" in t3 and all(r in t3 for r in result_rows):
            eqs.append(
                _Eq(
                    "C2",
                    [(r, t3[r][col]) for r in result_rows],
                    [("三.七", t3["三.七"][col])],
                    t3["三.七"][col],
                    {"table": "三", "row": "三.七", "column": col, "rule": "（七）总计=Σ办理结果"},
                )
            )
    # C3: each row's 总计 = 自然人 + five 法人或其他组织 columns
    for r, row in t3.items():
        eqs.append(
            _Eq(
                "C3",
                [(c, row[c]) for c in T3_PARTS],
                [("总计", row["总计"])],
                row["总计"],
                {"table": "三", "row": r, "column": "总计", "rule": "总计=自然人+法人或其他组织"},
            )
        )
    return eqs


def broken_equations(rt: ReportTables) -> list[tuple[_Eq, tuple[int, int, bool]]]:
    """The table-三 equations that fail (computed once per document for T101–T103:
    ``Analysis.t3_broken``)."""
    return [(e, v) for e in t3_equations(rt) if (v := e.violation())]
