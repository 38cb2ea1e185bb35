"""Values from hostile file and organ names are inert in every tabular and terminal output."""

from __future__ import annotations

import csv
import io

import pytest

from reviewer.model import Finding, Result
from reviewer.render import get
from reviewer.render.safe import csv_cell, terminal

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","x")',
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def _results() -> list[Result]:
    out = []
    for i, p in enumerate(PAYLOADS):
        f = Finding("S001", "missing-section", "error", None, 0, 0, 1, p, p)
        out.append(Result(path=f"{p}{i}.txt", organ=p, year=2023, score=50.0 + i, findings=[f]))
    return out


@pytest.mark.parametrize("name", ["csv", "csv-findings"])
def test_csv_cells_never_start_a_formula(name: str) -> None:
    text = get(name)(_results())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [c for row in rows[1:] for c in row]
    assert any(c.startswith("'=") for c in cells)  # the payloads are there, quoted
    for c in cells:
        assert not c.lstrip().startswith(("=", "+", "-", "@", "＝")), c


def test_csv_cell_keeps_numbers_and_plain_text() -> None:
    assert csv_cell(-3) == -3
    assert csv_cell("青禾县人民政府") == "青禾县人民政府"
    assert csv_cell("-1") == "'-1"


def test_terminal_strips_escape_sequences_and_controls() -> None:
    s = "a\x1b[2J\x1b]0;title\x07b\x00c\x9bd\ne"
    assert terminal(s) == "abcd\ne"


def test_table_and_rich_renderers_print_names_literally() -> None:
    res = [Result(path="[reverse]x\x1b[31m.txt", organ="[bold]青禾县\x1b[0m", year=2023, score=80.0)]
    plain = get("table")(res)
    assert "\x1b" not in plain and "[reverse]x.txt" in plain
    from reviewer.render.terminal import render_rich

    rich_out = render_rich(res, width=200, color=False)
    assert "[reverse]x.txt" in rich_out and "[bold]青禾县" in rich_out
    assert "\x1b" not in rich_out


def test_xlsx_formula_cells_are_strings(tmp_path) -> None:
    import openpyxl

    from reviewer.render.xlsx import write_xlsx

    out = write_xlsx(_results(), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(out)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@＝":
                    assert c.data_type == "s" and c.quotePrefix
                    seen += 1
    assert seen >= len(PAYLOADS)
