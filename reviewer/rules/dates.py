"""Dates (spec §4 C10, C11): the statistics period, the year the body speaks of as current, and
the publication deadline of Art. 49."""

from __future__ import annotations

import re
from datetime import date

from reviewer.fastre import guarded
from reviewer.messages import msg, sub
from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule
from reviewer.rules.sections import mini_report
from reviewer.structure.detect import section_for

# Every wording of the statistics period real reports use: 「统计期限为…」, 「统计期限自…起至…止」,
# 「统计日期自…起至…止」, 「统计时限为…」, 「数据统计期限为…」, 「本报告中所列数据的统计期限自…至…」,
# 「所列数据时间段为…」; blank templates 「统计期限自至」 included.
_PERIOD = re.compile(
    r"统计(?:期限|时限|周期|期间|时间|区间|日期|时段)(?:范围)?|(?:数据|报告)[^。；\n]{0,8}?(?:时间段|时间范围|时间区间)"
)
_PERIOD_SPAN = 48  # characters read after the keyword
_CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR_TOKEN = r"(?:(?:19|20)\d{2}|[〇○零Ｏ一二三四五六七八九]{4})"
_DATE = re.compile(rf"(?P<y>{_YEAR_TOKEN})\s*年(?:度)?(?:\s*(?P<m>{_NUM})\s*月(?:\s*(?P<d>{_NUM})\s*日)?)?")
_MD = re.compile(rf"(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日")
_ANY_YEAR = re.compile(_YEAR_TOKEN + r"(?=\s*年)|(?:19|20)\d{2}")
# An unfilled template: 「自至」, 「为至」, or date skeletons with the numbers left out 「自年月日至年月日」.
_BLANK_DATES = re.compile(r"(?:自|为|从)\s*(?:年\s*)?(?:月\s*)?(?:日\s*)?(?:起\s*)?(?:至|到)|年\s*月\s*日\s*(?:起\s*)?(?:至|到)\s*年?\s*月\s*日")
_BLANK_ONLY = re.compile(r"^(?:为|是)?(?:自|从)?(?:至|到)?(?:止|为止)?$")
_DATE_CHARS = set("0123456789年月日至起止自从到度〇○零一二三四五六七八九十")


def _cn_int(s: str) -> int:
    """「2023」, 「二〇二三」, 「十二」, 「三十一」 → int."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return int("".join(str(_CN_NUM[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_NUM[tens] if tens else 1) * 10 + (_CN_NUM[ones] if ones else 0)


def _period_text(text: str, start: int) -> tuple[str, list[int]]:
    """The words after a period keyword up to the sentence end, with the line breaks and spaces a
    crawl or PDF put inside a date (「20」/「23年」, 「2025\n年」) removed; offsets map back to ``text``."""
    out: list[str] = []
    offs: list[int] = []
    i, end = start, min(len(text), start + _PERIOD_SPAN)
    while i < end:
        c = text[i]
        if c in "。；;":
            break
        if c.isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            prev = out[-1] if out else ""
            nxt = text[j] if j < len(text) else ""
            if "\n" in text[i:j] and not (prev in _DATE_CHARS and nxt in _DATE_CHARS):
                break  # a line break outside a date ends the period
            i = j
            continue
        out.append(c)
        offs.append(i)
        i += 1
    return "".join(out), offs


def _read_period(body: str) -> tuple[list[int], list[tuple[int, int]], tuple[int, int] | None]:
    """Years named, (month, day) of the dates, and the span (in ``body``) of the dates."""
    dates = list(_DATE.finditer(body))
    if not dates:
        return [], [], None
    years = [_cn_int(d.group("y")) for d in dates]
    md = [(_cn_int(d.group("m")), _cn_int(d.group("d"))) for d in dates if d.group("m") and d.group("d")]
    end = dates[-1].end()
    t = re.match(r"\s*(?:起)?\s*(?:至|到|-|—|～|~)\s*", body[end:])
    tail = _MD.match(body, end + t.end()) if t else None
    if tail:  # 「2023年1月1日至12月31日」: the end date without its year
        md.append((_cn_int(tail.group("m")), _cn_int(tail.group("d"))))
        end = tail.end()
    return years, md, (dates[0].start(), end)


def _period_findings(doc: Document) -> list[Finding]:
    out = []
    for m in _PERIOD.finditer(doc.text):
        body, offs = _period_text(doc.text, m.end())
        if not _ANY_YEAR.search(body):
            if body and (_BLANK_ONLY.match(body) or _BLANK_DATES.search(body)):
                expected = sub("full-year", year=doc.year) if doc.year else sub("report-year")
                e = offs[-1] + 1 if offs and _BLANK_ONLY.match(body) else m.end() + len(body[:12])
                out.append(
                    doc.finding(
                        "S010",
                        "date-mismatch",
                        "error",
                        m.start(),
                        e if offs else m.end(),
                        msg("S010", "period-blank", found=doc.text[m.start() : e if offs else m.end()], expected=expected),
                        {"expected": doc.year, "found": None},
                    )
                )
            continue
        if doc.year is None:
            continue
        years, md, span = _read_period(body)
        if span is None:
            found = list(_ANY_YEAR.finditer(body))
            years = [_cn_int(y.group(0)) for y in found]
            span = (found[0].start(), found[-1].end())
        s, e = offs[span[0]], offs[span[1] - 1] + 1
        wrong = [y for y in years if y != doc.year]
        partial = len(md) == 2 and (md[0] != (1, 1) or md[-1] != (12, 31))
        if wrong or partial:
            what = sub("wrong-year", year=wrong[0]) if wrong else sub("part-year")
            out.append(
                doc.finding(
                    "S010",
                    "date-mismatch",
                    "error",
                    s,
                    e,
                    msg("S010", "period-wrong", found=doc.text[s:e], what=what, year=doc.year),
                    {"expected": doc.year, "found": wrong or years},
                )
            )
    return out


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
        mini_report(period="二〇二三年一月一日至二〇二三年十二月三十一日"),
        mini_report(period="2024年1月1日至2024年6月30日"),
    ),
    must_pass=(
        mini_report(),
        mini_report(period="2024年1月1日至12月31日"),
        mini_report(period="二〇二四年一月一日至十二月三十一日"),
        mini_report(period="20 24年1月1日起至2024年12月31日止"),
    ),
)
def statistics_period(doc: Document, ctx: Context) -> list[Finding]:
    """The statistics period is left blank or covers another year than the report's title.

    The preamble states the period the figures cover, 1 January – 31 December of the report year
    (spec §2, §4 C10). A template left unfilled (「本报告所列数据的统计期限自至」) or a period year
    different from the title year (a 2024 report 「统计期限为2023年1月1日至2023年12月31日」) means the
    figures cannot be trusted to belong to the year reported. Every wording is read (统计期限/统计日期/
    统计时限/数据时间段, 「自…起至…止」, Chinese numerals 二〇二三年, a year broken across a line);
    a period that does not cover the whole year (「2024年1月1日至2024年6月30日」) is flagged too.
    """
    return _period_findings(doc)


# A sentence opening on a year, as the overview does for the current year: 「2022年，我局…」,
# 「2022年我局…」 (the organ itself as subject), 「2023年是我局推进…的第5个年头」.
_OPEN_YEAR = re.compile(
    r"(?:^|(?<=[。；\n]))\s*(?:（[一二三四五六七八九十]）\S{0,12}?[。：:]?)?(?P<y>(?:19|20)\d{2})\s*年(?:度)?(?:以来)?\s*"
    r"(?:[，,]|是(?!指)|(?=(?:我|本)(?:局|厅|委|办|中心|机关|单位|部门|市|县|区|镇|乡|街道)))"
)
_FUTURE = re.compile(r"将|计划|拟|下一步|预计|力争|要点|目标|安排|展望|重点工作")
# An earlier year named to review it: 「2022年，我局报告中提出的问题已整改」, 「2022年同期」.
_REVIEW = re.compile(r"整改|提出的|指出的|报告中|年报中|同期|相比|同比|对比|较上年|去年")
# The preamble restating which report this is: 「现将2022年政府信息公开工作年度报告公布如下」.
_RESTATED = re.compile(
    r"(?:现将|特发布|发布|编制了?|编写了?|形成了?)[^。；\n\d]{0,30}?(?P<y>(?:19|20)\d{2})\s*年度?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)"
)
# Section 五 introducing this year's problems under a year: 「2020年存在的主要问题：」 in a 2022 report
# (a list lead-in, so not a review of an earlier year's problems, which names the report or 整改).
_PROBLEMS_YEAR = re.compile(
    r"(?:^|(?<=[。；\n]))\s*(?P<y>(?:19|20)\d{2})\s*年(?:度)?(?:主要)?存在(?:的)?(?:主要)?(?:问题|不足)[：:]"
)
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_PERIOD, _DATE, _MD, _ANY_YEAR, _OPEN_YEAR, _PROBLEMS_YEAR = map(guarded, (_PERIOD, _DATE, _MD, _ANY_YEAR, _OPEN_YEAR, _PROBLEMS_YEAR))


@rule(
    "S011",
    "current-year",
    kind="date-mismatch",
    severity="warning",
    spec="§4 C10 every 「本年」 year mentioned in the body matches the title year",
    must_flag=(
        mini_report(replace={"2024年，东湖区": "2023年，东湖区"}),
        mini_report(replace={"本报告根据": "现将2023年政府信息公开工作年度报告公布如下。本报告根据"}),
    ),
    must_pass=(
        mini_report(),
        mini_report(replace={"2024年，东湖区": "2023年，我局报告中提出的问题已整改。2024年，东湖区"}),
        mini_report(
            replace={
                "本年度未收取信息处理费。": "2025年，我局将继续严格执行信息处理费管理办法。本年度未收取信息处理费。"
            }
        ),
    ),
)
def current_year(doc: Document, ctx: Context) -> list[Finding]:
    """The preamble, the overview or section 六 speaks of another year as the current one.

    A sentence of 总体情况 (or 其他需要报告的事项) opening 「2022年，我局…」 in a report for 2023 reports
    last year's work as this year's — the usual trace of a report copied from the previous year
    with only the title changed (spec §4 C10). Sentences about plans (将, 计划, 下一步) for a later
    year are not flagged. In section 五 the trace is this year's problems listed under another
    year: 「2020年存在的主要问题：」 in a 2022 report. A preamble restating 「现将2022年政府信息公开工作
    年度报告公布如下」 in a 2023 report is the same trace. An earlier year named to review or
    compare it (整改, 同比, 报告中提出的) is not flagged.
    """
    if doc.year is None:
        return []
    out = []
    first = min((sec.start for sec in doc.sections), default=min(len(doc.text), 3000))
    for m in _RESTATED.finditer(doc.text, 0, first):
        y = int(m.group("y"))
        if y != doc.year:
            out.append(_other_year(doc, m.start("y"), y, "preamble-year"))
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
            sentence = re.split(r"[。；\n]", tail, maxsplit=1)[0]
            if y > doc.year and (_FUTURE.search(tail) or m.group(0).endswith("是")):
                continue  # a plan, or 「2025年是…开局之年」 looking ahead
            if y < doc.year and _REVIEW.search(sentence):
                continue  # last year's report or figures named to compare or review
            out.append(_other_year(doc, body_start + m.start("y"), y, "section-year", sid, sec.id))
    return out


def _other_year(doc: Document, start: int, found: int, message: str, named: str | None = None,
                section: str | None = None) -> Finding:
    """S011 at the four digits of a year ``found`` spoken of as the report's own (in the section the
    message names, ``named``)."""
    params = {"section": named} if named else {}
    return doc.finding("S011", "date-mismatch", "warning", start, start + 4,
                       msg("S011", message, **params, found=found, year=doc.year),
                       {"expected": doc.year, "found": found}, section=section)


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


# section 一 of the S012 examples (our own text): enough of a report to be reviewed as one
_S012_BODY = ("\n\n一、总体情况\n2024年，本局推进政务公开。全年主动公开政府信息120条，其中政策文件18件、解读材料9篇；"
              "办理依申请公开5件，均在法定期限内答复。\n")


@rule(
    "S012",
    "late-publication",
    kind="date-mismatch",
    severity="warning",
    spec="§1 Art. 49 deadlines; §4 C11",
    must_flag=(
        "标题: 东湖区市场监督管理局2024年政府信息公开工作年度报告\n发布时间: 2025-02-18 09:00" + _S012_BODY,
    ),
    must_pass=(
        "标题: 东湖区市场监督管理局2024年政府信息公开工作年度报告\n发布时间: 2025-01-20 09:00" + _S012_BODY,
        "标题: 东湖区人民政府2024年政府信息公开工作年度报告\n发布时间: 2025-03-20 09:00" + _S012_BODY.replace("本局", "本区"),
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
            msg("S012", "late", published=pub.isoformat(), deadline=due.isoformat(), days=(pub - due).days),
            {"published": pub.isoformat(), "deadline": due.isoformat()},
        )
    ]
