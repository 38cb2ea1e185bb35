"""XLSX workbook: a ranked summary sheet, a findings sheet and a deductions sheet, written with
openpyxl. Numbers are written as numbers (not text) so reviewers can sort and filter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer.messages import DEFAULT_LANG, localise
from reviewer.model import Document, Result
from reviewer.render import writer
from reviewer.render.safe import is_formula
from reviewer.scoring.summary import finding_rows, summarise, summary_rows

_ILLEGAL = {c for c in range(32) if c not in (9, 10, 13)}


def _cell(v: Any) -> Any:
    """openpyxl refuses control characters; report text is untrusted, so strip them."""
    if isinstance(v, str) and any(ord(ch) in _ILLEGAL for ch in v):
        v = "".join(ch for ch in v if ord(ch) not in _ILLEGAL)
    return v


def _sheet(wb, title: str, rows: list[dict[str, Any]], columns: list[str], widths: dict[str, int]) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(columns)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(row.get(k)) for k in columns])
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and is_formula(c.value):
                # a string cell with the quote-prefix style: shown as typed, never evaluated
                c.data_type = "s"
                c.quotePrefix = True
    ws.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(col, max(8, len(col) + 2))
    if rows:
        ws.auto_filter.ref = ws.dimensions


@writer("xlsx")
def write_xlsx(results: list[Result], output: str | Path, docs: list[Document] | None = None, lang: str = DEFAULT_LANG) -> Path:
    from openpyxl import Workbook

    from reviewer.render.csv import finding_columns, summary_columns

    results = localise(results, lang)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "summary", summary_rows(results), summary_columns(), {"path": 40, "organ": 28, "top_kinds": 40, "error": 30})
    _sheet(wb, "findings", finding_rows(results), finding_columns(), {"path": 40, "organ": 28, "message": 50, "text": 60})
    ded = [
        {"path": r.path, "subscore": d["subscore"], "points": d["points"], "reason": d["reason"],
         "findings": ",".join(map(str, d.get("findings", [])))}
        for r in summarise(results).ranking for d in r.deductions
    ]
    _sheet(wb, "deductions", ded, ["path", "subscore", "points", "reason", "findings"], {"path": 40, "reason": 70})
    out = Path(output)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
