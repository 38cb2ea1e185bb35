"""Prose numbers against the tables (spec §4 C8).

Only statements that clearly name the same quantity of the same year are compared: a clause that
names another year, or counts something else (复议 inside a sentence about requests, 纠错 cases,
人大建议), is skipped. A received-requests figure is accepted when it equals 本年新收 or 本年新收 +
上年结转 (some reports count the carried-over requests in). A figure for only part of the organ
(「区政府办代表区政府受理…17件」 while the table counts 95) is still flagged: the reader cannot
reconcile the two, and the spec lists exactly that case as a defect.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reviewer.fastre import guarded
from reviewer.messages import msg as msg_
from reviewer.messages import render, sub
from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule
from reviewer.rules.tables import count_of
from reviewer.tables import ReportTables, Value
from reviewer.tables.labels import T3_PARTS, T4_COLS
from reviewer.tables.numbers import parse_prose_number
from reviewer.tables.sample import DEFAULT_PROSE, sample_report

_NUM = r"(\d[\d,，]*(?:\.\d+)?)"
_CLAUSE = re.compile(r"[^。；;！？!?\n]+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# A clause naming a quantity: a trigger word before a digit, or a digit before 申请/复议/诉讼. ``\D*`` up
# to the next digit instead of ``.*`` (clauses hold no newline) finds the same clauses without
# backtracking over the rest of the clause from every digit.
_TRIGGER = re.compile(r"(?:新收|收到|受理|接收|接到|结转|办结|答复|办理完毕|处理完毕|复议|诉讼|主动公开)\D*\d|\d\D*?(?:申请|复议|诉讼)")
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_TRIGGER = guarded(_TRIGGER)


@dataclass(frozen=True)
class _Quantity:
    name: str  # what the prose states, for the message
    patterns: tuple[re.Pattern[str], ...]
    exclude: re.Pattern[str] | None
    table: str
    cell: str  # description of the table cell(s)
    values: Callable[[ReportTables], tuple[list[int], Value | None]]  # accepted values, cell to cite
    first_only: bool = False  # only the first statement (later ones are breakdowns by unit)
    legacy_key: str | None = None  # the pre-2019 统计表 indicator holding the same quantity


def _readings(row: dict[str, Value] | None, parts: tuple[str, ...], total: str = "总计") -> list[int]:
    """What a table row says its total is: the printed 总计 and, when the row does not add up,
    the sum of its parts too. A prose number matching either is not a text-table mismatch (the
    table's own inconsistency is reported by the arithmetic rules)."""
    if not row:
        return []
    out = []
    n = count_of(row.get(total))
    if n is not None:
        out.append(n)
    ps = [count_of(row.get(p)) for p in parts]
    if ps and all(x is not None for x in ps):
        sp = sum(x for x in ps if x is not None)
        if sp not in out:
            out.append(sp)
    return out


def _t3(row: str) -> Callable[[ReportTables], tuple[list[int], Value | None]]:
    def get(rt: ReportTables) -> tuple[list[int], Value | None]:
        r = rt.t3.get(row)
        return _readings(r, T3_PARTS), (r or {}).get("总计")

    return get


def _received(rt: ReportTables) -> tuple[list[int], Value | None]:
    r1, r2 = rt.t3.get("一"), rt.t3.get("二")
    a, b = _readings(r1, T3_PARTS), _readings(r2, T3_PARTS)
    out = list(a) + [x + y for x in a for y in b]
    return list(dict.fromkeys(out)), (r1 or {}).get("总计")


def _t4_total(blocks: tuple[str, ...]) -> Callable[[ReportTables], tuple[list[int], Value | None]]:
    def get(rt: ReportTables) -> tuple[list[int], Value | None]:
        readings = [_readings(rt.t4.get(b), T4_COLS[:-1]) for b in blocks]
        first = rt.t4.get(blocks[0], {}).get("总计")
        if any(not r for r in readings):
            return [], first
        sums = [sum(c) for c in itertools.product(*readings)]
        return list(dict.fromkeys(sums)), first

    return get


def _legacy(name: str) -> Callable[[ReportTables], tuple[list[int], Value | None]]:
    def get(rt: ReportTables) -> tuple[list[int], Value | None]:
        v = rt.legacy.get(name)
        n = count_of(v)
        return ([n] if n is not None else []), v

    return get


_NOT_REQUESTS = re.compile(r"复议|诉讼|建议|提案|咨询|信访|举报|投诉|来电|来信|留言|热线|意见|许可|审批|办件|窗口|政务服务|事项")
_SUBCOUNT = re.compile(r"纠错|纠正|败诉|胜诉|维持|撤销|确认违法|驳回|审结|结果|备案|同比|上年")
# 「同意公开答复9件」「不予公开答复2件」 are kinds of answers, not the number concluded
_NOT_CONCLUDED = re.compile(r"复议|诉讼|建议|提案|咨询|信访|留言|热线|公开答复|同意|不予|部分|其中|审批|收件|办件|许可|窗口|政务服务|按时|按期|延期|逾期")

QUANTITIES: tuple[_Quantity, ...] = (
    _Quantity(
        "requests received this year",
        (
            re.compile(rf"(?:新收|收到|收办|受理|接收|接到)[^，,、。\d]{{0,24}}?申请[^，,、\d]{{0,8}}?{_NUM}\s*[件个条]"),
            re.compile(rf"(?:新收|收到|收办|受理|接收|接到)[^，,、\d]{{0,6}}?{_NUM}\s*[件个]\s*(?:政府信息公开|信息公开|依申请公开)?申请"),
        ),
        _NOT_REQUESTS,
        "三",
        "一、本年新收 总计",
        _received,
        legacy_key="受理申请总数",
    ),
    _Quantity(
        "requests carried over from last year",
        (re.compile(rf"上年(?:度)?结转[^，,、\d]{{0,10}}?{_NUM}\s*件"),),
        _NOT_REQUESTS,
        "三",
        "二、上年结转 总计",
        _t3("二"),
    ),
    _Quantity(
        "requests concluded",
        (re.compile(rf"(?:办结|答复|办理完毕|处理完毕)(?:了)?(?:政府信息公开|依申请公开)?(?:申请)?(?:共|总计)?{_NUM}\s*件"),),
        _NOT_CONCLUDED,
        "三",
        "三（七）总计",
        _t3("三.七"),
        legacy_key="申请办结数",
    ),
    _Quantity(
        "requests carried into next year",
        (
            re.compile(rf"结转(?:至|到)?(?:下一?年度?|(?:19|20)\d{{2}}年度?)(?:继续办理)?(?:的)?{_NUM}\s*件"),
            re.compile(rf"{_NUM}\s*件(?:申请)?(?:结转|转入)(?:至|到)?下一?年"),
        ),
        _NOT_REQUESTS,
        "三",
        "四、结转下年度继续办理 总计",
        _t3("四"),
    ),
    _Quantity(
        "administrative reconsideration cases",
        (re.compile(rf"行政复议(?:案件|申请)?(?:共|总计)?{_NUM}\s*[件起宗个]"), re.compile(rf"{_NUM}\s*[件起宗个](?:政府信息公开)?行政复议")),
        _SUBCOUNT,
        "四",
        "行政复议 总计",
        _t4_total(("复议",)),
        legacy_key="行政复议数",
    ),
    _Quantity(
        "administrative litigation cases",
        (re.compile(rf"行政诉讼(?:案件)?(?:共|总计)?{_NUM}\s*[件起宗个]"), re.compile(rf"{_NUM}\s*[件起宗个](?:政府信息公开)?行政诉讼")),
        _SUBCOUNT,
        "四",
        "行政诉讼 总计 (直接起诉 + 复议后起诉)",
        _t4_total(("直接起诉", "复议后起诉")),
        legacy_key="行政诉讼数",
    ),
    _Quantity(
        "items proactively disclosed (legacy 统计表)",
        (re.compile(rf"主动公开(?:了)?(?:政府)?信息(?:共|总计|合计)?{_NUM}\s*条"),),
        None,
        "统计表",
        "主动公开信息数",
        _legacy("主动公开信息数"),
        first_only=True,
    ),
    _Quantity(
        "reconsideration applications (legacy 统计表)",
        (re.compile(rf"收到{_NUM}\s*[份件起](?:有关)?[^，,。]{{0,12}}行政复议"),),
        None,
        "统计表",
        "行政复议数",
        _legacy("行政复议数"),
    ),
)


def _inside(pos: int, spans: list[tuple[int, int] | None]) -> bool:
    return any(s is not None and s[0] <= pos < s[1] for s in spans)


def _statements(doc: Document, rt: ReportTables) -> Iterator[tuple[_Quantity, int, int, int, str]]:
    """(quantity, number, start, end, clause) for every prose statement that names a quantity."""
    skip = [rt.t3_span, rt.t4_span]
    if rt.legacy:
        skip.append((rt.legacy_start, len(doc.text)))
    seen: set[int] = set()
    done: set[str] = set()
    for cm in _CLAUSE.finditer(doc.text):
        clause = cm.group(0)
        if "|" in clause or not _TRIGGER.search(clause) or _inside(cm.start(), skip):  # the most selective first
            continue
        for q in QUANTITIES:
            if q.table == "统计表" and not rt.legacy:
                continue
            if q.table != "统计表" and doc.era == "legacy" and (q.legacy_key is None or q.legacy_key not in rt.legacy):
                continue
            if q.first_only and q.name in done:
                continue
            if q.exclude is _SUBCOUNT and "备案" in clause:
                continue  # cases filed for the record by a whole system, not this organ's table
            for pat in q.patterns:
                for m in pat.finditer(clause):
                    s = cm.start() + m.start(1)
                    if s in seen or (q.first_only and q.name in done):
                        continue
                    if q.exclude is not None:
                        before = 20
                        window = clause[max(0, m.start() - before) : m.end()]
                        if q.exclude.search(window):
                            continue
                    if q.exclude in (_NOT_REQUESTS, _NOT_CONCLUDED) and "公开" not in doc.text[max(0, cm.start() - 80) : cm.start() + m.end()]:
                        continue  # requests of some other kind (审批, 许可…) unless disclosure is named
                    years = [int(y) for y in _YEAR.findall(clause[: m.start(1)])]
                    if doc.year and any(y != doc.year for y in years) and q.name != "requests carried into next year":
                        continue
                    n = parse_prose_number(m.group(1))
                    if n is None or isinstance(n, float):
                        continue
                    seen.add(s)
                    done.add(q.name)
                    yield q, n, s, cm.start() + m.end(1), clause


@rule(
    "T108",
    "prose-contradicts-table",
    kind="text-table-mismatch",
    severity="error",
    spec="§4 C8",
    must_flag=(sample_report(prose=DEFAULT_PROSE.replace("新收政府信息公开申请11件", "新收政府信息公开申请17件")),),
    must_pass=(sample_report(),),
)
def check_c8(doc: Document, ctx: Context) -> list[Finding]:
    """A number stated in the prose (本年新收/受理…件, 上年结转…件, 办结/答复…件, 结转下年度…件,
    行政复议…件, 行政诉讼…件; for pre-2019 reports 主动公开政府信息…条 against the 统计表) differs
    from the table.

    Why: prose and table describe the same year; when they disagree one of them is wrong, and the
    reader cannot tell which. Example: 「受理政府信息公开申请17件」 while table 三 一、本年新收 总计 is
    95. The finding points at the prose number; evidence names the table cell and its span."""
    rt = ctx.of(doc).tables
    if not (rt.t3 or rt.t4 or rt.legacy):
        return []
    out: list[Finding] = []
    for q, n, s, e, clause in _statements(doc, rt):
        accepted, cell = q.values(rt)
        table, cell_name = q.table, q.cell
        if doc.era == "legacy" and q.table != "统计表" and q.legacy_key:
            accepted, cell = _legacy(q.legacy_key)(rt)
            table, cell_name = "统计表", q.legacy_key
        if not accepted or cell is None or n in accepted:
            continue
        table_value = accepted[0]
        msg = msg_("T108", "prose-table", n=n, quantity=sub("q:" + q.name), table=table, cell=cell_name, value=table_value)
        ev = {
            "quantity": render("T108", "q:" + q.name, {}),  # the quantity's name (rules.toml T108."q:…")
            "prose_value": n,
            "table": table,
            "cell": cell_name,
            "table_value": table_value,
            "accepted": accepted,
            "table_start": cell.start,
            "table_end": cell.end,
            "sentence": clause.strip(),
        }
        out.append(doc.finding("T108", "text-table-mismatch", "error", s, e, msg, ev))
    return out
