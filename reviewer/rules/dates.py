"""Dates (spec §4 C10, C11): the statistics period, the year the body speaks of as current, and
the publication deadline of Art. 49."""

from __future__ import annotations

import re
from datetime import date

from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule
from reviewer.rules.sections import mini_report
from reviewer.structure import section_for

# 「统计期限为2024年1月1日至2024年12月31日」, 「统计期限自至」 (blank), 「统计周期为2024年1月1日至12月31日」
_PERIOD = re.compile(r"统计(?:期限|时限|周期|期间|时间|区间)(?P<body>[^。；\n]{0,40})")
_PERIOD_DATES = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|～|~)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
# An unfilled template: 「自至」, 「为至」, or date skeletons with the numbers left out 「自年月日至年月日」.
_BLANK_DATES = re.compile(r"(?:自|为|从)\s*(?:年\s*)?(?:月\s*)?(?:日\s*)?(?:起\s*)?(?:至|到)|年\s*月\s*日\s*(?:起\s*)?(?:至|到)\s*年?\s*月\s*日")


@rule(
    "S010",
    "statistics-period",
    kind="date-mismatch",
    severity="error",
    spec="§4 C10 statistics period = 1 Jan – 31 Dec of the title year; §2 real defect 「统计期限自至」",
    must_flag=(
        mini_report(period="自至"),
        mini_report(period="自年月日至年月日"),
        mini_report(period="2023年1月1日至2023年12月31日"),
    ),
    must_pass=(mini_report(), mini_report(period="2024年1月1日至12月31日")),
)
def statistics_period(doc: Document, ctx: Context) -> list[Finding]:
    """The statistics period is left blank or covers another year than the report's title.

    The preamble states the period the figures cover, 1 January – 31 December of the report year
    (spec §2, §4 C10). A template left unfilled (「本报告所列数据的统计期限自至」) or a period year
    different from the title year (a 2024 report 「统计期限为2023年1月1日至2023年12月31日」) means the
    figures cannot be trusted to belong to the year reported.
    """
    out = []
    for m in _PERIOD.finditer(doc.text):
        body = m.group("body")
        b0 = m.start("body")
        if not _ANY_YEAR.search(body):
            if re.match(r"^\s*(?:为|是)?\s*(?:自|从)?\s*(?:至|到)?\s*(?:止|为止)?\s*$", body) or _BLANK_DATES.search(body):
                out.append(
                    doc.finding(
                        "S010",
                        "date-mismatch",
                        "error",
                        m.start(),
                        m.end(),
                        f"statistics period is blank 「{m.group(0)}」; expected 「{doc.year or '本'}年1月1日至{doc.year or ''}年12月31日」"
                        if doc.year
                        else f"statistics period is blank 「{m.group(0)}」; expected 1 January to 31 December of the report year",
                        {"expected": doc.year, "found": None},
                    )
                )
            continue
        if doc.year is None:
            continue
        d = _PERIOD_DATES.search(body)
        if d:
            years = [int(y) for y in (d.group("y1"), d.group("y2")) if y]
            s, e = b0 + d.start(), b0 + d.end()
        else:
            found = list(_ANY_YEAR.finditer(body))
            years = [int(y.group(0)) for y in found]
            s, e = b0 + found[0].start(), b0 + found[-1].end()
        wrong = [y for y in years if y != doc.year]
        if wrong:
            out.append(
                doc.finding(
                    "S010",
                    "date-mismatch",
                    "error",
                    s,
                    e,
                    f"statistics period 「{doc.text[s:e]}」 names {wrong[0]}; expected the title year: {doc.year}年1月1日至{doc.year}年12月31日",
                    {"expected": doc.year, "found": wrong},
                )
            )
    return out


# A sentence opening on a year, as the overview does for the current year: 「2022年，我局…」.
_OPEN_YEAR = re.compile(
    r"(?:^|(?<=[。；\n]))\s*(?:（[一二三四五六七八九十]）\S{0,12}?[。：:]?)?(?P<y>(?:19|20)\d{2})\s*年(?:度)?(?:以来)?\s*(?:[，,]|是(?!指))"
)  # 「2023年，我局…」 and 「2023年是我局推进…的第5个年头」 both speak of the year as the current one
_FUTURE = re.compile(r"将|计划|拟|下一步|预计|力争")
# Section 五 introducing this year's problems under a year: 「2020年存在的主要问题：」 in a 2022 report
# (a list lead-in, so not a review of an earlier year's problems, which names the report or 整改).
_PROBLEMS_YEAR = re.compile(
    r"(?:^|(?<=[。；\n]))\s*(?P<y>(?:19|20)\d{2})\s*年(?:度)?(?:主要)?存在(?:的)?(?:主要)?(?:问题|不足)[：:]"
)


@rule(
    "S011",
    "current-year",
    kind="date-mismatch",
    severity="warning",
    spec="§4 C10 every 「本年」 year mentioned in the body matches the title year",
    must_flag=(mini_report(replace={"2024年，东湖区": "2023年，东湖区"}),),
    must_pass=(
        mini_report(),
        mini_report(
            replace={
                "本年度未收取信息处理费。": "2025年，我局将继续严格执行信息处理费管理办法。本年度未收取信息处理费。"
            }
        ),
    ),
)
def current_year(doc: Document, ctx: Context) -> list[Finding]:
    """The overview or section 六 speaks of another year as the current one.

    A sentence of 总体情况 (or 其他需要报告的事项) opening 「2022年，我局…」 in a report for 2023 reports
    last year's work as this year's — the usual trace of a report copied from the previous year
    with only the title changed (spec §4 C10). Sentences about plans (将, 计划, 下一步) for a later
    year are not flagged. In section 五 the trace is this year's problems listed under another
    year: 「2020年存在的主要问题：」 in a 2022 report.
    """
    if doc.year is None:
        return []
    out = []
    for sid in ("一", "六", "五"):
        sec = section_for(doc, sid)
        if sec is None:
            continue
        body_start = sec.heading_end
        body = doc.text[body_start : sec.end]
        for m in (_PROBLEMS_YEAR if sid == "五" else _OPEN_YEAR).finditer(body):
            y = int(m.group("y"))
            if y == doc.year:
                continue
            tail = body[m.end() : m.end() + 40]
            if y > doc.year and (_FUTURE.search(tail) or m.group(0).endswith("是")):
                continue  # a plan, or 「2025年是…开局之年」 looking ahead
            s = body_start + m.start("y")
            out.append(
                doc.finding(
                    "S011",
                    "date-mismatch",
                    "warning",
                    s,
                    s + 4,
                    f"section {sid} describes {y} as the current year; expected the report year {doc.year}",
                    {"expected": doc.year, "found": y},
                    section=sec.id,
                )
            )
    return out


_PUBLISHED_AT = re.compile(
    r"(?:发布(?:时间|日期)|成文日期|日期)[:：]\s*((?:19|20)\d{2})[-年/.]\s*(\d{1,2})[-月/.]\s*(\d{1,2})"
)
_GOVERNMENT = re.compile(r"人民政府$|管委会$|管理委员会$|综合实验区(?:（[^）]*）)?$|实验区$")
_TOWN = re.compile(r"[镇乡]人民政府$|街道")


def deadline(doc: Document) -> date | None:
    """Art. 49: departments by 31 January, county-level-or-above governments by 31 March; before
    2019 (2008 条例) everyone by 31 March. Towns and sub-districts have no statutory date."""
    if doc.year is None:
        return None
    organ = (doc.organ or "").strip()
    if doc.era == "legacy":
        return date(doc.year + 1, 3, 31)
    if not organ or _TOWN.search(organ):
        return None
    if _GOVERNMENT.search(organ):
        return date(doc.year + 1, 3, 31)
    return date(doc.year + 1, 1, 31)


@rule(
    "S012",
    "late-publication",
    kind="date-mismatch",
    severity="warning",
    spec="§1 Art. 49 deadlines; §4 C11",
    must_flag=(
        "标题: 东湖区市场监督管理局2024年政府信息公开工作年度报告\n发布时间: 2025-02-18 09:00\n\n一、总体情况\n2024年，本局推进政务公开。",
    ),
    must_pass=(
        "标题: 东湖区市场监督管理局2024年政府信息公开工作年度报告\n发布时间: 2025-01-20 09:00\n\n一、总体情况\n2024年，本局推进政务公开。",
        "标题: 东湖区人民政府2024年政府信息公开工作年度报告\n发布时间: 2025-03-20 09:00\n\n一、总体情况\n2024年，本区推进政务公开。",
    ),
)
def late_publication(doc: Document, ctx: Context) -> list[Finding]:
    """The report was published after the Art. 49 deadline.

    Departments publish by 31 January of the next year, a county-level-or-above government's own
    report by 31 March (before 2019: 31 March for all; spec §1, §4 C11). Only checked when the source
    states the publication date. Example: a bureau's 2024 report 「发布时间: 2025-02-18」.
    """
    if not doc.published:
        return []
    due = deadline(doc)
    if due is None:
        return []
    try:
        pub = date.fromisoformat(doc.published[:10])
    except ValueError:
        return []
    if pub <= due:
        return []
    m = _PUBLISHED_AT.search(doc.text[:2000])
    s, e = (m.start(), m.end()) if m else (0, 0)
    return [
        doc.finding(
            "S012",
            "date-mismatch",
            "warning",
            s,
            e,
            f"published {pub.isoformat()}, {(pub - due).days} days after the Art. 49 deadline; expected by {due.isoformat()}",
            {"published": pub.isoformat(), "deadline": due.isoformat()},
        )
    ]
