"""Table rules (spec §3–§4): the 勾稽关系 C1–C4 of tables 三 and 四, missing values (C5), tables
absent under their heading, tables too damaged to read, and the fee statement C9.

Blanks are unknown, not zero. An equation is flagged only when no non-negative filling of its
blank cells could make it hold (e.g. parts known to sum to 7 against a printed 总计 of 5). So a
table whose legal-person columns were left blank is reported once as missing values, and not a
second time as arithmetic computed from blanks-as-zero.

When one cell breaks both its row (C3) and its column (C1/C2) by the same amount, that cell is
named as the likely error and both findings point at it; the column finding is then severity info
(same cell, one deduction). Otherwise the finding points at the 总计 cell of the broken sum.
"""

from __future__ import annotations

from typing import Any

from reviewer.messages import msg as msg_
from reviewer.messages import sub
from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule
from reviewer.tables import Value
from reviewer.tables.equations import _Eq, count_of
from reviewer.tables.labels import T3_COLS, T3_LABELS, T4_BLOCK_TITLES, T4_COLS
from reviewer.tables.legacy import breakdowns
from reviewer.tables.report import table_status
from reviewer.tables.sample import sample_report

_OK = sample_report()


def _label(row: str) -> str:
    return T3_LABELS.get(row, row)


def _eq_findings(doc: Document, ctx: Context, code: str, rule_code: str) -> list[Finding]:
    an = ctx.of(doc)
    rt, broken = an.tables, an.t3_broken
    if not broken:
        return []
    # a cell that breaks a row and a column by the same amount is the likely culprit
    suspects: dict[int, tuple[str, str]] = {}
    for i, (e, (lk, rk, unk)) in enumerate(broken):
        if unk:
            continue
        d = abs(lk - rk)
        for j, (f, (lk2, rk2, unk2)) in enumerate(broken):
            if i == j or unk2 or (e.code == "C3") == (f.code == "C3") or abs(lk2 - rk2) != d:
                continue
            common = e.cells & f.cells
            if len(common) == 1:
                suspects[i] = next(iter(common))
    out: list[Finding] = []
    for i, (e, (lk, rk, unk)) in enumerate(broken):
        if e.code != code:
            continue
        anchor = e.anchor
        ev: dict[str, Any] = dict(e.where)
        ev.update(
            row_label=_label(e.where["row"]),
            expected=lk,
            actual=rk,
            unknown_cells=unk,
            cells={name: (v.raw if v else None) for name, v in [*e.lhs, *e.rhs]},
        )
        suspect = suspects.get(i)
        extra: dict[str, Any] | str = ""
        severity = "error"
        if suspect and suspect[0] in rt.t3:
            if e.code != "C3":
                # the row finding (T103) already reports this cell: one wrong cell, one deduction
                severity = "info"
                ev["same_cell_as"] = "T103"
            anchor = rt.t3[suspect[0]][suspect[1]]
            ev["suspect_cell"] = {"row": suspect[0], "row_label": _label(suspect[0]), "column": suspect[1]}
            extra = sub("suspect-cell", row=_label(suspect[0]), column=suspect[1], raw=anchor.raw)
        cand = [v for _, v in (*e.lhs, *e.rhs) if v is not None and v.note == "candidate"]
        if cand:
            ev["reading"] = "candidate"
        parts = {"lk": lk, "rk": rk, "rel": sub("at-least" if unk else ""), "note": sub("blank-unknown" if unk else ""),
                 "suspect": extra, "candidate": sub("candidate-split" if cand else "")}
        if e.code == "C1":
            msg = msg_(rule_code, "carry-balance", column=e.where["column"], **parts)
        elif e.code == "C2":
            msg = msg_(rule_code, "results-total", column=e.where["column"], **parts)
        else:
            msg = msg_(rule_code, "row-total", row=_label(e.where["row"]), **parts)
        out.append(doc.finding(rule_code, "table-arithmetic", severity, anchor.start, anchor.end, msg, ev))
    return out


@rule(
    "T101",
    "table3-carry-balance",
    kind="table-arithmetic",
    severity="error",
    spec="§4 C1",
    must_flag=(sample_report(t3={("四", "自然人"): "3", ("四", "总计"): "3"}),),
    must_pass=(_OK,),
)
def check_c1(doc: Document, ctx: Context) -> list[Finding]:
    """Table 三, per column: 一、本年新收 + 二、上年结转 must equal 三（七）总计 + 四、结转下年度.

    Why: the official corner note of table 三 states this 勾稽关系; when it fails, requests
    were lost or double counted. Example: 新收 11 + 结转 1 = 12, but 总计 11 + 结转下年 3 = 14.
    The finding points at the （七）总计 cell of the column (or at the one cell that breaks both a
    row and a column by the same amount)."""
    return _eq_findings(doc, ctx, "C1", "T101")


@rule(
    "T102",
    "table3-results-total",
    kind="table-arithmetic",
    severity="error",
    spec="§4 C2",
    must_flag=(sample_report(t3={("三.七", "自然人"): "9", ("三.七", "总计"): "12", ("四", "自然人"): "0", ("四", "总计"): "0"}),),
    must_pass=(_OK,),
)
def check_c2(doc: Document, ctx: Context) -> list[Finding]:
    """Table 三, per column: （七）总计 must equal the sum of all 办理结果 rows （一）…（六）
    (the trial format's single （六）其他处理 row counts once).

    Why: a total that is not the sum of its parts means a result was not counted or was counted
    twice. Example: 予以公开 4 + 部分公开 1 + … = 8, but （七）总计 says 9."""
    return _eq_findings(doc, ctx, "C2", "T102")


@rule(
    "T103",
    "table3-row-total",
    kind="table-arithmetic",
    severity="error",
    spec="§4 C3",
    must_flag=(sample_report(t3={("三.一", "总计"): "6"}),),
    must_pass=(_OK,),
)
def check_c3(doc: Document, ctx: Context) -> list[Finding]:
    """Table 三, per row: 总计 must equal 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他.

    Why: the 总计 column sums the applicant columns. Example: 予以公开 4 + 1 = 5 but 总计 6.
    Blank cells are unknown: a row 「26 | | | | | | 26」 holds (reported as missing values)."""
    return _eq_findings(doc, ctx, "C3", "T103")


@rule(
    "T104",
    "table4-block-total",
    kind="table-arithmetic",
    severity="error",
    spec="§4 C4",
    must_flag=(sample_report(t4={("复议", "总计"): "3"}),),
    must_pass=(_OK,),
)
def check_c4(doc: Document, ctx: Context) -> list[Finding]:
    """Table 四, per block (行政复议 · 未经复议直接起诉 · 复议后起诉): 总计 must equal 结果维持 + 结果纠正 +
    其他结果 + 尚未审结.

    Why: the five numbers of a block describe the same cases. Example: 1 + 0 + 0 + 1 but 总计 3."""
    rt = ctx.of(doc).tables
    out: list[Finding] = []
    for block, row in rt.t4.items():
        e = _Eq(
            "C4",
            [(c, row[c]) for c in T4_COLS[:-1]],
            [("总计", row["总计"])],
            row["总计"],
            {"table": "四", "row": block, "column": "总计"},
        )
        v = e.violation()
        if not v:
            continue
        lk, rk, unk = v
        title = T4_BLOCK_TITLES[block]
        cand = any(row[c].note == "candidate" for c in T4_COLS)
        msg = msg_("T104", "block-total", block=title, rel=sub("at-least" if unk else ""), lk=lk, rk=rk,
                   candidate=sub("candidate-split" if cand else ""))
        ev = {"table": "四", "row": block, "row_label": title, "column": "总计", "expected": lk, "actual": rk,
              "unknown_cells": unk, "cells": {c: row[c].raw for c in T4_COLS}}
        if cand:
            ev["reading"] = "candidate"
        out.append(doc.finding("T104", "table-arithmetic", "error", e.anchor.start, e.anchor.end, msg, ev))
    return out


_MANY = 8  # more blanks than this in one table are reported once for the table


def _missing_findings(doc: Document, table: str, cells: list[tuple[str, str, str, Value]], span: tuple[int, int] | None) -> list[Finding]:
    out: list[Finding] = []
    if not cells:
        return out
    if len(cells) > _MANY and span:
        cols = sorted({c for _, c, _, _ in cells}, key=lambda c: (T3_COLS + T4_COLS).index(c) if c in T3_COLS + T4_COLS else 99)
        msg = msg_("T105", "many-blank", table=table, n=len(cells), columns=", ".join(cols))
        ev = {"table": table, "count": len(cells), "cells": [{"row": r, "column": c, "raw": v.raw, "start": v.start} for r, c, _, v in cells]}
        first = cells[0][3]
        out.append(doc.finding("T105", "table-missing-value", "warning", first.start, first.end if first.end > first.start else span[1], msg, ev))
        return out
    for row, col, label, v in cells:
        what = sub({"blank": "is-blank", "dash": "holds"}.get(v.note or "", "not-count"), raw=v.raw)
        msg = msg_("T105", "blank-cell", table=table, row=label, column=col, what=what)
        ev = {"table": table, "row": row, "row_label": label, "column": col, "raw": v.raw, "note": v.note or "invalid"}
        line_start = doc.text.rfind("\n", 0, v.start) + 1
        line_end = doc.text.find("\n", v.end)
        ev["line_start"], ev["line_end"] = line_start, (len(doc.text) if line_end < 0 else line_end)  # to show a blank
        out.append(doc.finding("T105", "table-missing-value", "warning", v.start, v.end, msg, ev))
    return out


@rule(
    "T105",
    "table-missing-value",
    kind="table-missing-value",
    severity="warning",
    spec="§4 C5",
    must_flag=(sample_report(t3={("三.二", "自然人"): ""}), sample_report(t4={("复议", "纠正"): "—"})),
    must_pass=(_OK,),
)
def check_c5(doc: Document, ctx: Context) -> list[Finding]:
    """Tables 三 and 四: every count must be a non-negative integer; a blank, 「/」, 「—」 or 「-」
    is a missing value, not zero. In table 二 (amounts may be decimals) blanks and dashes count.

    Why: an organ that leaves a cell empty has not reported the number (spec §4 C5). The finding
    points at the cell (a blank cell has an empty span at its position); a table with many blanks
    (e.g. all legal-person columns left empty) is reported once, listing every cell. Cells lost in
    text extraction (digits run together) are reported by T107, not here."""
    rt = ctx.of(doc).tables
    bad3 = [
        (r, c, _label(r), v)
        for r in rt.t3_keys
        if r in rt.t3
        for c, v in rt.t3[r].items()
        if v.note != "ambiguous" and count_of(v) is None
    ]
    bad4 = [
        (b, c, T4_BLOCK_TITLES[b], v)
        for b, row in rt.t4.items()
        for c, v in row.items()
        if v.note != "ambiguous" and count_of(v) is None
    ]
    bad2 = [
        (row, c, f"{block}{row}", v)
        for block, rows in rt.t2.items()
        for row, cols in rows.items()
        for c, v in cols.items()
        if v.missing and v.note in ("blank", "dash", "short")
    ]
    short2 = {(block, row): v for row, _c, block, v in bad2 if v.note == "short"}
    bad2 = [x for x in bad2 if x[3].note != "short"]
    short = [x for x in bad3 + bad4 if x[3].note == "short"]
    bad3 = [x for x in bad3 if x[3].note != "short"]
    bad4 = [x for x in bad4 if x[3].note != "short"]
    out = _missing_findings(doc, "二", bad2, None) if len(bad2) <= _MANY else []
    for (label, row), v in short2.items():  # a run-together row with fewer figures than cells
        n = sum(ch.isdigit() for ch in v.raw)
        cells = len(next(cols for b, rows in rt.t2.items() for r, cols in rows.items() if f"{b}{r}" == label))
        msg = msg_("T105", "short-row", table="二", row=row, n=n, cells=cells)
        ev = {"table": "二", "row": row, "row_label": label, "raw": v.raw, "note": "short", "numbers": n, "cells": cells}
        out.append(doc.finding("T105", "table-missing-value", "warning", v.start, v.end, msg, ev))
    out += _missing_findings(doc, "三", bad3, rt.t3_span) + _missing_findings(doc, "四", bad4, rt.t4_span)
    done: set[tuple[str, int]] = set()
    for row, _col, label, v in short:
        table = "四" if row in T4_BLOCK_TITLES else "三"
        if (table if table == "四" else row, v.start) in done:
            continue  # one finding per row of numbers (table 四's three blocks share one row)
        done.add((table if table == "四" else row, v.start))
        n = sum(ch.isdigit() for ch in v.raw)
        width = 15 if table == "四" else 7
        msg = msg_("T105", "short-row", table=table, row=label if table == "三" else "行政复议、行政诉讼", n=n, cells=width)
        ev = {"table": table, "row": row, "row_label": label, "raw": v.raw, "note": "short", "numbers": n, "cells": width}
        out.append(doc.finding("T105", "table-missing-value", "warning", v.start, v.end, msg, ev))
    return out


_TABLE_OF_SECTION = {"二": "t2", "三": "t3", "四": "t4"}
_TABLE_NAMES = {"二": "二 主动公开政府信息情况", "三": "三 收到和处理政府信息公开申请情况", "四": "四 政府信息公开行政复议、行政诉讼情况"}


@rule(
    "T106",
    "table-absent",
    kind="missing-item",
    severity="error",
    spec="§2, §3",
    must_flag=(sample_report(with_t3=False),),
    must_pass=(_OK,),
)
def check_absent(doc: Document, ctx: Context) -> list[Finding]:
    """Section 二, 三 or 四 is present but its table is not (published as an image, or omitted).

    Why: the format requires tables 二, 三 and 四 (spec §3); a heading with no numbers under it gives
    the reader nothing to check. Reports before 2019 (their own outline) are not checked. The
    finding points at the section heading."""
    if doc.era == "legacy":
        return []
    rt = ctx.of(doc).tables
    status = table_status(doc, rt)
    out: list[Finding] = []
    for sid, attr in _TABLE_OF_SECTION.items():
        sec = doc.section(sid)
        if sec is None or sec.recovered or getattr(rt, attr) or (sid == "二" and rt.t2_unreadable):
            continue
        st = status.get(sid, {})
        if st.get("status") != "absent":
            continue  # the table is in the text but could not be read: T107 says so
        name = _TABLE_NAMES[sid]
        msg = msg_("T106", "absent", section=sid, table=name, reason=sub(st["reason_id"]) if "reason_id" in st else st.get("reason", ""))
        out.append(doc.finding("T106", "missing-item", "error", sec.start, sec.heading_end, msg,
                               {"table": sid, "reason": st.get("reason", "")}, section=sid))
    return out


# a row whose cells ran together beyond recognition
_DAMAGED = sample_report().replace("1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0", "1.属于国家秘密 | 000000 0", 1)


@rule(
    "T107",
    "table-unreadable",
    kind="unreadable",
    severity="info",
    spec="§3, §7.10",
    must_flag=(_DAMAGED,),
    must_pass=(_OK,),
)
def check_unreadable(doc: Document, ctx: Context) -> list[Finding]:
    """Table 三 or 四 was found but part of it cannot be read without guessing: rows whose labels
    were lost and whose place cannot be told from the labelled rows around them, rows of the
    official list that are absent, or digits that ran together and split in more than one way
    (when no single combination of splits balances the columns).

    Why: a reviewer must know which numbers were not checked; the organ is not blamed for an
    extraction artefact (spec §7.10), so this is informational. Example: 「…信息公开申请2200003252.
    没有现成…」 splits as 22/0/0/0/0/3/25 or 2/20/0/0/0/3/25."""
    rt = ctx.of(doc).tables
    out: list[Finding] = []
    for s, e in rt.unplaced:
        out.append(doc.finding("T107", "unreadable", "info", s, e, msg_("T107", "unplaced"), {"table": "三"}))
    if rt.t3 and rt.missing_rows and rt.t3_span:
        s, e = rt.t3_span
        labels = [_label(r) for r in rt.missing_rows]
        msg = msg_("T107", "rows-missing", n=len(labels), rows="; ".join(labels[:6]) + (" …" if len(labels) > 6 else ""))
        out.append(doc.finding("T107", "unreadable", "info", s, s + 1 if e > s else s, msg, {"table": "三", "rows": rt.missing_rows}))
    if rt.t2_unreadable:
        s, e, _ = rt.t2_unreadable[0]
        rows = [label for _, _, label in rt.t2_unreadable]
        msg = msg_("T107", "t2-unreadable", n=len(rows), rows="; ".join(rows))
        out.append(doc.finding("T107", "unreadable", "info", s, e, msg, {"table": "二", "rows": rows}))
    if doc.era != "legacy":
        for sid, st in table_status(doc, rt).items():
            sec = doc.section(sid)
            if st["status"] == "unreadable" and sec is not None and not (sid == "二" and rt.t2_unreadable):
                msg = msg_("T107", "status", table=sid, reason=sub(st["reason_id"]) if "reason_id" in st else st["reason"])
                out.append(doc.finding("T107", "unreadable", "info", sec.start, sec.heading_end, msg,
                                       {"table": sid, "reason": st["reason"]}, section=sid))
    seen: set[tuple[int, int]] = set()
    for name, rows in (("三", rt.t3), ("四", rt.t4)):
        for r, row in rows.items():
            for v in row.values():
                if v.note != "ambiguous" or (v.start, v.end) in seen:
                    continue
                seen.add((v.start, v.end))
                lab = _label(r) if name == "三" else T4_BLOCK_TITLES.get(r, r)
                cols = [cc for cc, vv in row.items() if vv.note == "ambiguous"]
                msg = msg_("T107", "ambiguous", table=name, row=lab, raw=v.raw, columns=", ".join(cols))
                out.append(doc.finding("T107", "unreadable", "info", v.start, v.end, msg, {"table": name, "row": r, "columns": cols, "raw": v.raw}))
    return out


@rule(
    "T109",
    "fee-statement-missing",
    kind="missing-item",
    severity="warning",
    spec="§4 C9, §2 六",
    must_flag=(sample_report(fee="本年度无其他需要报告的事项。"),),
    must_pass=(_OK, sample_report(t3={("三.六.2", "自然人"): "0", ("三.六.2", "总计"): "0", ("三.六.3", "自然人"): "1", ("三.六.3", "总计"): "1"}, fee="无。")),
)
def check_fee(doc: Document, ctx: Context) -> list[Finding]:
    """Table 三（六）2 (申请人逾期未按收费通知要求缴纳费用) is above zero, so fees were charged, but
    section 六 says nothing about 信息处理费.

    Why: requests dropped for unpaid fees mean fee notices were issued; section 六 must report the
    信息处理费 (国办函〔2020〕109号). The finding points at section 六's heading (or at the table cell
    when section 六 is absent)."""
    rt = ctx.of(doc).tables
    cell = rt.t3.get("三.六.2", {}).get("总计")
    n = count_of(cell)
    if cell is None or not n:
        return []
    sec = doc.section("六")
    body = doc.text[sec.start : sec.end] if sec else doc.text
    if "处理费" in body:
        return []
    msg = msg_("T109", "fee-missing", n=n)
    ev = {"table": "三", "row": "三.六.2", "column": "总计", "value": n}
    if sec is not None:
        return [doc.finding("T109", "missing-item", "warning", sec.start, sec.heading_end, msg, ev, section="六")]
    return [doc.finding("T109", "missing-item", "warning", cell.start, cell.end, msg, ev)]


_LEGACY_OK = (
    "示例县2016年政府信息公开工作年度报告\n一、概述\n2016年本局推进政府信息公开工作。\n"
    "二、政府信息公开情况统计表\n统计指标 | 单位 | 统计数\n（一）主动公开政府信息数 | 条 | 120\n"
    "（二）收到申请数 | 件 | 5\n1.当面申请数 | 件 | 2\n2.网络申请数 | 件 | 3\n"
    "（三）申请办结数 | 件 | 5\n1.按时办结数 | 件 | 5\n2.延期办结数 | 件 | 0\n"
)


@rule(
    "T110",
    "legacy-table-sum",
    kind="table-arithmetic",
    severity="error",
    spec="§6 (统计表 其中 rows), §4 C5",
    must_flag=(_LEGACY_OK.replace("2.网络申请数 | 件 | 3", "2.网络申请数 | 件 | 4"),),
    must_pass=(_LEGACY_OK,),
)
def check_legacy_sum(doc: Document, ctx: Context) -> list[Finding]:
    """Pre-2019 统计表: a total row followed by numbered 其中 rows (1.当面申请数 2.传真申请数 …) must
    equal their sum.

    Why: the old statistics table breaks each total down by channel or outcome; a total that is
    not the sum of its breakdown means a count was lost or invented. Example: 收到申请数 5 but
    当面 2 + 网络 4 = 6. A single unnumbered 其中 row is a subset, not a breakdown, and is not
    summed. The finding points at the total's cell."""
    rt = ctx.of(doc).tables
    out: list[Finding] = []
    for parent, children in breakdowns(rt.legacy_rows):
        e = _Eq("legacy", [(c.label, c.value) for c in children], [(parent.label, parent.value)], parent.value, {})
        v = e.violation()
        if v:
            lk, rk, unk = v
            msg = msg_("T110", "breakdown", row=parent.label, rk=rk, rows="、".join(c.label for c in children),
                       rel=sub("at-least" if unk else ""), lk=lk)
            ev = {"table": "统计表", "row": parent.label, "column": "本年度", "expected": lk, "actual": rk,
                  "unknown_cells": unk, "cells": {c.label: c.value.raw for c in children}}
            out.append(doc.finding("T110", "table-arithmetic", "error", parent.value.start, parent.value.end, msg, ev))
    return out
