"""Run-together digits resolved by the table's own arithmetic (spec §4 C1–C4).

A row of table 三 whose digits ran together may split in several ways that each satisfy the row's
own total (C3), or in none. The columns decide: a split is kept when it is the only one under which
every checkable column equation holds (C1 一+二=（七）+四, C2 （七）=Σ办理结果). Rows are resolved one at
a time while that settles one (the others' unknown cells leave their equations unchecked), then
jointly for a small remainder. A row with no consistent split keeps its most plausible reading,
marked "candidate": the columns it satisfies first, then the blocks that add up, then a 总计 not
below any part, then the smallest gap between parts and 总计, then the fewest multi-digit cells. The arithmetic rules then
report the row with that reading as evidence. Several consistent readings stay "ambiguous".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reviewer.tables.cells import _Cand
from reviewer.tables.labels import T3_ROWS_2021, T3_ROWS_TRIAL
from reviewer.tables.values import Value

_JOINT_MAX = 256  # combinations of the remaining ambiguous rows tried together
_SCORE_MAX = 20000  # readings × combinations scored for one row without a consistent split

Nums = dict[str, list[int | float | None]]


def _result_rows(fmt: str) -> list[str]:
    order = T3_ROWS_TRIAL if fmt == "trial" else T3_ROWS_2021
    return [k for k in order if k.startswith("三.") and k != "三.七"]


def _known(xs: Sequence[int | float | None]) -> bool:
    return all(x is not None for x in xs)


def _column_violations(nums: Nums, rows: set[str], fmt: str) -> tuple[int, int]:
    """(violated, checked) column equations C1/C2 that involve one of ``rows`` and whose cells are
    all known."""
    bad = checked = 0
    res = _result_rows(fmt)
    c1 = ("一", "二", "三.七", "四")
    for j in range(7):
        if rows & set(c1) and all(k in nums for k in c1):
            xs = [nums[k][j] for k in c1]
            if _known(xs):
                checked += 1
                bad += xs[0] + xs[1] != xs[2] + xs[3]  # type: ignore[operator]
        if rows & {*res, "三.七"} and all(k in nums for k in (*res, "三.七")):
            xs = [nums[k][j] for k in res]
            tot = nums["三.七"][j]
            if _known(xs) and tot is not None:
                checked += 1
                bad += sum(xs) != tot  # type: ignore[arg-type]
    return bad, checked


def plausibility(vals: list[Value], blocks: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Lower is more plausible: blocks that do not add up, blocks whose 总计 is below a part, the
    total gap, multi-digit cells."""
    broken = below = gap = pos = 0
    for n in blocks:
        parts = [int(v.number or 0) for v in vals[pos : pos + n - 1]]
        tot = int(vals[pos + n - 1].number or 0)
        broken += sum(parts) != tot
        below += bool(parts) and tot < max(parts)
        gap += abs(sum(parts) - tot)
        pos += n
    return broken, below, gap, sum(len(v.raw) > 1 for v in vals)


def candidate(plain: list[list[Value]], blocks: tuple[int, ...], score=None) -> list[Value]:
    """The most plausible of several inconsistent readings, marked "candidate"."""
    best = min(plain, key=lambda alt: ((score(alt) if score else 0), *plausibility(alt, blocks)))
    return [Value(v.number, v.raw, v.start, v.end, False, "candidate") for v in best]


def _numbers(vals: list[Value]) -> list[int | float | None]:
    return [None if v.missing else v.number for v in vals]


def resolve_t3(placed: dict[str, _Cand], fmt: str) -> None:
    """Settle the placed rows of table 三 whose digits ran together (see the module docstring)."""
    nums: Nums = {k: _numbers(c.values) for k, c in placed.items()}
    pending = {k: c for k, c in placed.items() if len(c.alts) > 1}
    changed = True
    while changed and pending:
        changed = False
        for k, c in list(pending.items()):
            fits = []
            for i, alt in enumerate(c.alts):
                trial = dict(nums)
                trial[k] = _numbers(alt)
                bad, checked = _column_violations(trial, {k}, fmt)
                if checked and not bad:
                    fits.append(i)
            if len(fits) == 1:
                c.values = [Value(v.number, v.raw, v.start, v.end, False, "by-columns") for v in c.alts[fits[0]]]
                c.how = "split-by-arithmetic"
                nums[k] = _numbers(c.values)
                del pending[k]
                changed = True
    amb = list(pending.items())
    combos = 1
    for _, c in amb:
        combos *= len(c.alts)
    if amb and combos <= _JOINT_MAX:
        fits2: list[tuple[int, ...]] = []
        for choice in itertools.product(*(range(len(c.alts)) for _, c in amb)):
            trial = dict(nums)
            for (k, c), i in zip(amb, choice, strict=True):
                trial[k] = _numbers(c.alts[i])
            bad, checked = _column_violations(trial, {k for k, _ in amb}, fmt)
            if checked and not bad:
                fits2.append(choice)
        # a row is settled when every balancing combination reads it the same way
        for pos, (k, c) in enumerate(amb):
            picks = {choice[pos] for choice in fits2}
            if len(picks) == 1:
                c.values = [Value(v.number, v.raw, v.start, v.end, False, "by-columns") for v in c.alts[picks.pop()]]
                c.how = "split-by-arithmetic"
                nums[k] = _numbers(c.values)
    rest = [(k, c) for k, c in placed.items() if c.how == "ambiguous" and len(c.alts) > 1]
    combos = 1
    for _, c in rest:
        combos *= len(c.alts)
    choices = list(itertools.product(*(c.alts for _, c in rest))) if combos <= _JOINT_MAX else [()]
    for k, c in placed.items():
        if c.how != "none" or not c.plain:
            continue
        # bounded work: beyond the cap, score against the cells already known
        row_choices = choices if len(c.plain) * len(choices) <= _SCORE_MAX else [()]

        def score(alt: list[Value], k: str = k, row_choices: list = row_choices) -> int:
            """Fewest column equations broken, over the readings of the still ambiguous rows."""
            best = None
            for choice in row_choices:
                trial = dict(nums)
                trial[k] = _numbers(alt)
                for (k2, _c2), vals in zip(rest, choice, strict=False):
                    trial[k2] = _numbers(vals)
                bad = _column_violations(trial, {k, *(k2 for k2, _ in rest)}, fmt)[0]
                best = bad if best is None else min(best, bad)
            return best or 0

        c.values = candidate(c.plain, (7,), score)
        c.how = "candidate"
        nums[k] = _numbers(c.values)
