"""Cell values and the tables of one report (see ``reviewer.tables`` for the API)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.tables.labels import T3_ROWS_2021, T3_ROWS_TRIAL

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(slots=True)
class Value:
    number: float | int | None
    raw: str
    start: int
    end: int
    missing: bool
    note: str = ""  # "", "blank", "dash", "unparsed", "ambiguous", "short", "by-columns", "candidate"


@dataclass
class ReportTables:
    t2: dict[str, dict[str, dict[str, Value]]] = field(default_factory=dict)
    t3: dict[str, dict[str, Value]] = field(default_factory=dict)
    t4: dict[str, dict[str, Value]] = field(default_factory=dict)
    legacy: dict[str, Value] = field(default_factory=dict)
    legacy_start: int = 0  # where the pre-2019 统计表 begins (prose ends there)
    legacy_rows: list = field(default_factory=list)  # LegacyRow in table order
    t3_format: str = ""  # "2021" (three （六） rows) or "trial" (one)
    t3_source: str = ""  # "cells" or "text"
    t4_source: str = ""
    t3_span: tuple[int, int] | None = None
    t4_span: tuple[int, int] | None = None
    t3_rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # row key → span of the row
    unplaced: list[tuple[int, int]] = field(default_factory=list)  # table-三 rows with no row label
    missing_rows: list[str] = field(default_factory=list)  # table-三 rows not found in a found table
    t2_unreadable: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, block+row)
    # table 二（一） rows whose figures ran together: every split into the three columns (C7 across
    # years may leave one reading, or none: reviewer.rules.cross_year)
    t2_alts: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    splits: list[dict] = field(default_factory=list)  # how each run of flattened digits was read
    status: dict[str, str] = field(default_factory=dict)  # table → why it was not read (extract.table_status)

    @property
    def t3_keys(self) -> tuple[str, ...]:
        return T3_ROWS_TRIAL if self.t3_format == "trial" else T3_ROWS_2021



@dataclass
class LegacyRow:
    label: str
    value: Value
    child: bool  # a numbered breakdown row (1.当面申请数 …) or a 其中 row under a parent row
    parent: int = -1  # index in legacy_rows of the row it belongs to (-1: a top row)
    level: int = -1  # 0 一、 · 1 （一） · 2 1. · 3 其中 (the numbering of its label)
    header: bool = False  # a heading row without a value of its own

