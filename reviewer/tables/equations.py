"""Equations over table cells (spec §4 C1–C5): a cell as a count, and an equation that fails only
when no non-negative filling of its unknown cells could make it hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer.tables.values import Value


def count_of(v: Value | None) -> int | None:
    """The cell as a count, or None when it is missing or not a non-negative integer."""
    if v is None or v.missing or v.number is None:
        return None
    n = v.number
    if isinstance(n, float):
        if not n.is_integer():
            return None
        n = int(n)
    return n if n >= 0 else None


def _known_sum(side: list[tuple[str, Value | None]]) -> tuple[int, int]:
    """(sum of the known counts, number of unknown cells) of one side of an equation."""
    known = unknown = 0
    for _, v in side:  # count_of inline: a report's table 三 has ~600 cells in its equations
        n = None if v is None or v.missing else v.number
        if isinstance(n, float):
            n = int(n) if n.is_integer() else None
        if n is None or n < 0:
            unknown += 1
        else:
            known += n
    return known, unknown


@dataclass
class _Eq:
    """lhs == rhs over cells; ``anchor`` is the cell the finding points at by default."""

    code: str
    lhs: list[tuple[str, Value | None]]
    rhs: list[tuple[str, Value | None]]
    anchor: Value
    where: dict[str, Any]

    @property
    def cells(self) -> set[tuple[str, str]]:
        """The (row, col) cells of a table-三 equation: a row's columns for C3, a column's rows for
        C1/C2. Derived on demand: only equations that fail are compared cell by cell."""
        names = [name for name, _ in (*self.lhs, *self.rhs)]
        if self.code == "C3":
            return {(self.where["row"], name) for name in names}
        if self.code in ("C1", "C2"):
            return {(name, self.where["column"]) for name in names}
        return set()

    def violation(self) -> tuple[int, int, bool] | None:
        """(lhs known sum, rhs known sum, has unknowns) when no filling of unknowns can hold."""
        lk, lu = _known_sum(self.lhs)
        rk, ru = _known_sum(self.rhs)
        if lu == 0 and ru == 0:
            return (lk, rk, False) if lk != rk else None
        if lu == 0 and lk < rk:
            return lk, rk, True
        if ru == 0 and rk < lk:
            return lk, rk, True
        return None
