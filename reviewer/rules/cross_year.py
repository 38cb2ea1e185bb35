"""Rules T111 and T112: one organ's consecutive reports in a batch must agree with each other.

T111 (spec §4 C6): 二、上年结转 of year t = 四、结转下年度继续办理 of year t−1, per column of table 三.
T112 (spec §4 C7): 现行有效件数 of year t ≈ 现行有效件数 of year t−1 + 本年制发件数 − 本年废止件数 of
year t, for 规章 and 行政规范性文件 of table 二 (2021 format columns in both years).

Reports are linked by organ with ``reviewer.similarity.organs.organ_key`` (the key the copy rules
use, so 「淮安市洪泽区人民政府」 and 「洪泽区人民政府」 are one organ) and by year. Each report's two
rows are read once through ``reviewer.tables.extract_tables``; the pipeline computes them in the
workers (``_PREPARE`` key ``carry_rows``) so the batch stage only compares numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reviewer.messages import msg
from reviewer.model import Document, Finding
from reviewer.rules.registry import EXAMPLE_SEP, rule
from reviewer.similarity.organs import organ_key
from reviewer.tables import T3_COLS, ReportTables, extract_tables

# A batch example is two reports of one organ, the earlier first.
SEP = EXAMPLE_SEP


def _t3(year: int, carry: int, done: int, nxt: int) -> str:
    """A small table 三 of our own: every request from a 自然人; carry + new = done + next."""
    new = done + nxt - carry
    head = "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
    cols = " | ".join(("", "", "", *T3_COLS))

    def row(label: str, n: int) -> str:
        return f"{label} | | | {n} | 0 | 0 | 0 | 0 | 0 | {n}"

    return (
        f"东坪县水务局{year}年政府信息公开工作年度报告\n"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
        + head + cols + "\n"
        + "\n".join((
            row("一、本年新收政府信息公开申请数量", new),
            row("二、上年结转政府信息公开申请数量", carry),
            row("三、本年度办理结果 | （一）予以公开", done),
            row("三、本年度办理结果 | （七）总计", done),
            row("四、结转下年度继续办理", nxt),
        ))
        + "\n"
    )


_MATCHING = _t3(2023, 1, 9, 2) + SEP + _t3(2024, 2, 12, 0)
_BROKEN = _t3(2023, 1, 9, 2) + SEP + _t3(2024, 5, 12, 0)  # carries 5 where 2023 left 2


_T2_ROWS = ("规章", "行政规范性文件")
_T2_COLS = ("本年制发件数", "本年废止件数", "现行有效件数")


def carry_rows(doc: Document, rt: ReportTables | None = None) -> dict[str, Any]:
    """Table 三's rows 二 (上年结转) and 四 (结转下年度) of ``doc`` as {row: {column: (number, start,
    end)}}, and table 二's rows 规章 and 行政规范性文件 when all three 2021 columns were read;
    missing cells (blank, 「/」, unreadable) are left out. Small and picklable (computed in the
    workers, compared in the parent)."""
    if doc.era == "legacy" or doc.year is None:
        return {}
    rt = rt or extract_tables(doc)
    t3 = rt.t3
    out: dict[str, dict[str, tuple[float, int, int]]] = {}
    for row in ("二", "四"):
        cells = {
            col: (v.number, v.start, v.end)
            for col, v in (t3.get(row) or {}).items()
            if not v.missing and v.number is not None and v.note != "candidate"
        }
        if cells:
            out[row] = cells
    t2 = rt.t2.get("（一）", {})
    for name in _T2_ROWS:
        cells = {col: (v.number, v.start, v.end) for col, v in (t2.get(name) or {}).items()
                 if col in _T2_COLS and not v.missing and v.number is not None}
        if len(cells) == len(_T2_COLS):
            out[name] = cells
        elif rt.t2_alts.get(name) and all(set(a) == set(_T2_COLS) for a in rt.t2_alts[name]):
            out[ALTS + name] = [{c: (v.number, v.start, v.end) for c, v in a.items()} for a in rt.t2_alts[name]]
    return out


ALTS = "splits:"  # carry_rows key of a table 二 row whose figures ran together: its possible readings


def _readings(row: dict[str, Any], name: str) -> tuple[list[dict[str, tuple[float, int, int]]], bool]:
    """(readings of row ``name``, whether it was read as printed): one when its cells were read,
    every split of its run-together figures otherwise (none when it was not found)."""
    if name in row:
        return [row[name]], True
    return list(row.get(ALTS + name, ())), False


def _consecutive(docs: list[Document], ctx: Any, usable: Callable[[dict[str, Any]], bool]
                 ) -> tuple[list[dict[str, Any]], list[tuple[int, int, int]]]:
    """The documents' table rows (prepared by the pipeline's workers, or read now) and every pair
    (this year's index, last year's index, year) of the same organ in consecutive years whose rows
    are ``usable``; the first document of an organ-year is the one compared."""
    rows: list[dict[str, Any]] | None = ctx.cache.get("carry_rows") if ctx is not None else None
    if rows is None or len(rows) != len(docs):
        rows = [carry_rows(d) for d in docs]
    by_key: dict[tuple[str, int], int] = {}
    for i, d in enumerate(docs):
        if d.year is not None and usable(rows[i]):
            by_key.setdefault((organ_key(d.organ, d.path), d.year), i)
    pairs = [(i, by_key[(key, year - 1)], year) for (key, year), i in by_key.items() if (key, year - 1) in by_key]
    return rows, pairs


@rule(
    "T111",
    "carry-over-across-years",
    "cross-year-mismatch",
    "warning",
    scope="batch",
    spec="§4 C6 二、上年结转 (t) = 四、结转下年度继续办理 (t−1), per column",
    must_flag=(_BROKEN,),
    must_pass=(_MATCHING,),
)
def carry_over(docs: list[Document], ctx: Any) -> dict[int, list[Finding]]:
    """Table 三 carries over a different number of requests than the organ's report for the year
    before left open.

    Requests still open at the end of year t−1 (四、结转下年度继续办理) are the ones carried into year
    t (二、上年结转政府信息公开申请数量), column by column (spec §4 C6). A difference means one of the
    two tables is wrong — a figure copied from an older report, or requests lost between years.
    Only consecutive years of the same organ in the batch are compared; a blank or unreadable cell
    is never compared. The finding marks the 上年结转 cell of year t; the evidence gives the year
    t−1 value, its report and the span of its cell there. The 总计 column is reported only when
    no requester column differs (it then carries the whole difference). Example: the 2023 report
    leaves 2 requests of 自然人 open, the 2024 report carries 5 into the year.
    """
    rows, pairs = _consecutive(docs, ctx, bool)
    out: dict[int, list[Finding]] = {}
    for i, j, year in pairs:
        carried, left = rows[i].get("二", {}), rows[j].get("四", {})
        diffs = [c for c in T3_COLS if c in carried and c in left and carried[c][0] != left[c][0]]
        if len(diffs) > 1 and "总计" in diffs:
            diffs.remove("总计")
        doc, prev = docs[i], docs[j]
        for col in diffs:
            n, s, e = carried[col]
            pn, ps, pe = left[col]
            out.setdefault(i, []).append(doc.finding(
                "T111", "cross-year-mismatch", "warning", s, e,
                msg("T111", "carry", column=col, n=_fmt(n), year=year, previous_year=year - 1, previous=_fmt(pn)),
                {"table": "三", "row": "二", "column": col, "expected": pn, "actual": n,
                 "previous_year": year - 1, "previous_path": prev.path, "previous_start": ps, "previous_end": pe},
                section="三",
            ))
    return out


def _t2(year: int, new: int, gone: int, valid: int) -> str:
    """A small report of our own whose table 二 lists 行政规范性文件."""
    return (
        f"北岭县林业局{year}年政府信息公开工作年度报告\n"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
        f"规章 | 0 | 0 | 0\n行政规范性文件 | {new} | {gone} | {valid}\n"
    )


_T2_CONTINUOUS = _t2(2022, 3, 1, 14) + SEP + _t2(2023, 4, 2, 16)
_T2_BROKEN = _t2(2022, 3, 1, 14) + SEP + _t2(2023, 4, 2, 25)  # 14 + 4 − 2 = 16, not 25


@rule(
    "T112",
    "valid-documents-across-years",
    "cross-year-mismatch",
    "warning",
    scope="batch",
    spec="§4 C7 现行有效件数 (t) ≈ 现行有效件数 (t−1) + 本年制发 (t) − 本年废止 (t)",
    must_flag=(_T2_BROKEN,),
    must_pass=(_T2_CONTINUOUS,),
)
def valid_documents(docs: list[Document], ctx: Any) -> dict[int, list[Finding]]:
    """Table 二's 现行有效件数 of 规章 or 行政规范性文件 does not follow from the organ's report for
    the year before: last year's valid documents plus this year's new ones minus this year's
    repealed ones should give this year's count (spec §4 C7).

    A warning only: amendments and documents that lapse without repeal also change the count.
    Only consecutive years of the same organ in the batch are compared, both with the three 2021
    columns read (the trial format's columns count other things). The finding marks this year's
    现行有效件数 cell; the evidence gives last year's value, its report and cell span. Example: 14
    valid at the end of 2022, 4 issued and 2 repealed in 2023, but 25 valid at the end of 2023.
    A row whose figures ran together (「行政规范性文件9064」) is read in every way it splits into the
    three columns: the break is reported only when no reading of either year follows C7 (the
    finding then spans the whole run and lists the readings)."""
    rows, pairs = _consecutive(docs, ctx, lambda r: any(name in r or ALTS + name in r for name in _T2_ROWS))
    out: dict[int, list[Finding]] = {}
    for i, j, _year in pairs:
        for name in _T2_ROWS:
            (curs, cur_read), (prevs, prev_read) = _readings(rows[i], name), _readings(rows[j], name)
            if not curs or not prevs:
                continue
            if any(p["现行有效件数"][0] + c["本年制发件数"][0] - c["本年废止件数"][0] == c["现行有效件数"][0]
                   for c in curs for p in prevs):
                continue  # some reading of the two rows follows (a run-together row is not guessed)
            out.setdefault(i, []).append(_c7_finding(docs, i, j, name, curs, prevs, cur_read, prev_read))
    return out


def _c7_finding(docs: list[Document], i: int, j: int, name: str, curs: list[dict[str, Any]],
                prevs: list[dict[str, Any]], cur_read: bool, prev_read: bool) -> Finding:
    """The C7 break of row ``name`` between report ``j`` (last year) and ``i``: every reading of the
    two rows breaks it (one reading each when both were read as printed)."""
    year = docs[i].year or 0
    cur, prev = curs[0], prevs[0]
    new, gone, valid = (cur[c][0] for c in _T2_COLS)
    before = prev["现行有效件数"][0]
    expected = before + new - gone
    _, ps, pe = prev["现行有效件数"]
    if cur_read:
        _, s, e = cur["现行有效件数"]
    else:
        s, e = min(v[1] for v in cur.values()), max(v[2] for v in cur.values())
    ev: dict[str, Any] = {"table": "二", "row": name, "column": "现行有效件数", "previous_year": year - 1,
                          "previous_path": docs[j].path, "previous_start": ps, "previous_end": pe}
    if cur_read and prev_read:
        m = msg("T112", "valid", row=name, valid=_fmt(valid), previous_year=year - 1, before=_fmt(before), new=_fmt(new),
                gone=_fmt(gone), expected=_fmt(expected))
        ev |= {"expected": expected, "actual": valid, "previous_value": before, "issued": new, "repealed": gone}
    else:
        def show(rs: list[dict[str, Any]]) -> str:
            return "、".join("/".join(_fmt(r[c][0]) for c in _T2_COLS) for r in rs[:6]) + ("…" if len(rs) > 6 else "")
        m = msg("T112", "valid-readings", row=name, year=year, readings=show(curs), previous_year=year - 1,
                previous_readings=show(prevs))
        ev |= {"readings": [[r[c][0] for c in _T2_COLS] for r in curs],
               "previous_readings": [[r[c][0] for c in _T2_COLS] for r in prevs]}
    return docs[i].finding("T112", "cross-year-mismatch", "warning", s, e, m, ev, section="二")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
