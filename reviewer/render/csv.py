"""CSV for spreadsheet users: ``csv`` is one row per report (ranked), ``csv-findings`` one row per
finding. Both carry the same columns as the XLSX sheets (reviewer.scoring.summary)."""

from __future__ import annotations

import csv
import io
from typing import Any

from reviewer.messages import DEFAULT_LANG, localise
from reviewer.model import Result
from reviewer.render import renderer
from reviewer.render.safe import csv_cell
from reviewer.scoring.summary import finding_rows, summary_rows


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Every text cell neutralised for spreadsheet formulas (reviewer.render.safe)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for row in rows:
        w.writerow({k: ("" if row.get(k) is None else csv_cell(row.get(k))) for k in columns})
    return buf.getvalue()


def summary_columns() -> list[str]:
    return list(summary_rows([Result(path="x")])[0])


def finding_columns() -> list[str]:
    from reviewer.model import Finding

    probe = Result(path="x", findings=[Finding("X", "format", "info", None, 0, 0, 1, "", "")])
    return list(finding_rows([probe])[0])


@renderer("csv")
def render_csv(results: list[Result], lang: str = DEFAULT_LANG) -> str:
    return _csv(summary_rows(localise(results, lang)), summary_columns())


@renderer("csv-findings")
def render_csv_findings(results: list[Result], lang: str = DEFAULT_LANG) -> str:
    return _csv(finding_rows(localise(results, lang)), finding_columns())
