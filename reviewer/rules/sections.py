"""Completeness and format of the outline (spec §2, §5, §6): missing sections, the five parts of
总体情况, the 信息处理费 statement, typo'd and misnumbered headings.

Section detection itself lives in ``reviewer.structure.detect``; these rules only read ``doc.sections`` and
the issues detection left in ``doc.meta["structure_issues"]``, so every finding's span is a span
detection already fixed.
"""

from __future__ import annotations

import re

from reviewer.messages import msg, sub
from reviewer.model import SECTION_IDS, Document, Finding
from reviewer.rules.registry import Context, rule
from reviewer.structure.detect import CANONICAL_TITLES, section_for

_PARTS = {
    "一": "（一）主动公开。全年在局网站发布信息218条，其中政策文件6件、解读材料6篇。",
    "二": "（二）依申请公开。全年新收申请9件，上年结转1件，均按期答复。",
    "三": "（三）政府信息管理。修订保密审查办法，清理行政规范性文件，废止2件。",
    "四": "（四）平台建设。整合网站栏目7个，政务新媒体推送信息96条。",
    "五": "（五）监督保障。将政务公开纳入科室考核，组织培训2次，参训40人次。",
}
_BODY = {
    "一": "2024年，东湖区市场监督管理局围绕食品安全和营商环境推进政务公开。\n" + "\n".join(_PARTS.values()),
    "二": "行政许可 | 1204\n行政处罚 | 87",
    "三": "一、本年新收政府信息公开申请数量 | 9\n四、结转下年度继续办理 | 0",
    "四": "本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
    "五": "存在的问题：公开栏目更新偶有滞后。改进情况：建立栏目更新周报制度，明年3月前完成栏目梳理。",
    "六": "本年度未收取信息处理费。",
}


def mini_report(
    drop: str = "", year: int = 2024, period: str | None = None, replace: dict[str, str] | None = None
) -> str:
    """A small well-formed 2021-format report (own text) for rule examples and mutation tests."""
    period = period if period is not None else f"{year}年1月1日至{year}年12月31日"
    lines = [
        f"东湖区市场监督管理局{year}年政府信息公开工作年度报告",
        "",
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限为{period}。",
        "",
    ]
    for sid in SECTION_IDS:
        if sid == drop:
            continue
        lines += [f"{sid}、{CANONICAL_TITLES[sid]}", _BODY[sid], ""]
    text = "\n".join(lines).replace("2024年，", f"{year}年，")
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    return text


def _anchor(doc: Document, sid: str) -> int:
    """Where a missing section should stand: the start of the next present section, else the end
    of the previous one, else the end of the text."""
    order = {s: i for i, s in enumerate(SECTION_IDS)}
    later = [s for s in doc.sections if s.id in order and order[s.id] > order[sid]]
    if later:
        return min(s.start for s in later)
    earlier = [s for s in doc.sections if s.id in order and order[s.id] < order[sid]]
    if earlier:
        return max(s.end for s in earlier)
    return len(doc.text)


# Legacy reports (spec §6) are scored against their own outline: these topics, in any wording.
_LEGACY_REQUIRED = {
    "二": "主动公开政府信息情况",
    "三": "依申请公开政府信息情况",
    "五": "存在的主要问题和改进措施",
}
# A document with this much prose is a report whose outline could not be read, not an empty file.
_PROSE_CHARS = 200


def _has_prose(doc: Document) -> bool:
    in_table = [(t.start, t.end) for t in doc.tables]
    n = sum(
        p.end - p.start
        for p in doc.paragraphs
        if "。" in doc.text[p.start : p.end] and not any(a <= p.start < b for a, b in in_table)
    )
    return n >= _PROSE_CHARS


def _one_line_report(drop: tuple[str, ...] = ()) -> str:
    """``mini_report`` as a crawled page gives it: the whole body on one line, tables lost, the
    paragraphs separated by 「　　」."""
    lines = mini_report().split("\n")
    body = []
    for sid in SECTION_IDS:
        if sid in drop:
            continue
        body.append(f"{sid}、{CANONICAL_TITLES[sid]}")
        if sid not in "二三四":
            body.append(_BODY[sid].replace("\n", "　　"))
    return lines[0] + "\n" + lines[2] + "　　" + "　　".join(body) + "\n"


@rule(
    "S001",
    "missing-section",
    kind="missing-section",
    severity="error",
    spec="§2 six required sections (Art. 50); §5 trial format, same six; §6 legacy outline",
    must_flag=(mini_report(drop="五"), mini_report(drop="六"), _one_line_report(drop=("四", "五", "六"))),
    must_pass=(mini_report(), _one_line_report()),
)
def missing_section(doc: Document, ctx: Context) -> list[Finding]:
    """A required section is absent — neither a heading nor content recovered by the classifier.

    2019+ reports, the 2019–2020 trial format included, need all six sections (spec §2, §5), with
    headings found wherever they stand (inline on a crawled one-line body, 第一部分 forms); a section
    covered under the organ's own heading or whose heading was lost in extraction is recovered from
    content and reported as a missing heading (S006), not here. Legacy (<2019) reports are checked
    against their own outline (主动公开, 依申请公开, 问题和改进; spec §6), as a heading or as a
    （一） sub-heading of a parent heading, never against the 2021 format. A report in which no
    section at all could be read, although it has prose, is flagged for every required section, so
    an unreadable outline never passes as complete. The finding sits, as an empty span, where the
    section should have been. Example: a 2023 report going from 「四、…行政诉讼情况」 straight to
    「六、其他需要报告的事项」 lacks 五.
    """
    if getattr(doc, "doc_type", None) == "attachment" or doc.meta.get("doc_type") == "attachment":
        return []  # a stand-alone statistics table is not a report
    none_read = not doc.sections
    if none_read and not _has_prose(doc):
        return []  # no text to speak of: an unreadable document, reported by the reader
    why = sub("none-read" if none_read else "not-found")
    out = []
    if doc.era == "legacy":
        for sid, name in _LEGACY_REQUIRED.items():
            if section_for(doc, sid) is None:
                at = len(doc.text)
                out.append(
                    doc.finding(
                        "S001",
                        "missing-section",
                        "warning",
                        at,
                        at,
                        msg("S001", "missing-legacy", name=name, why=why),
                        {"expected": name, "era": "legacy"},
                        section=sid,
                    )
                )
        return out
    hints = doc.meta.get("section_hints") or {}
    for sid in SECTION_IDS:
        if doc.section(sid) is None:
            at = _anchor(doc, sid)
            said = why
            if sid in hints:
                said = sub("hint")
            out.append(
                doc.finding(
                    "S001",
                    "missing-section",
                    "error",
                    at,
                    at,
                    msg("S001", "missing", section=sid, title=CANONICAL_TITLES[sid], why=said),
                    {"expected": CANONICAL_TITLES[sid]},
                    section=sid,
                )
            )
    return out


@rule(
    "S006",
    "missing-heading",
    kind="format",
    severity="warning",
    spec="§2 six numbered sections with their headings; real defect: a section's heading lost, its text run on under the previous heading",
    must_flag=(mini_report(replace={"五、存在的主要问题及改进情况\n": ""}),),
    must_pass=(mini_report(),),
)
def missing_heading(doc: Document, ctx: Context) -> list[Finding]:
    """A section's content is there but its heading is not: the section was recovered from its
    content by the paragraph classifier.

    The section counts as present (no missing-section finding); the heading is reported so the
    organ can restore the outline readers navigate by (spec §2). The finding marks the first
    sentence of the recovered content. Example: 「四、政府信息公开行政复议、行政诉讼情况」 followed
    directly by 「本年度存在的问题是…下一步将…」, with no 「五、存在的主要问题及改进情况」. In a legacy
    report (spec §6) the topic 主动公开 given only as a （一） sub-heading about publishing the organ's
    information under another heading (「一、工作情况」 「（一）加大重点领域信息公开」) is reported the
    same way.
    """
    out = []
    for sid, topic in (doc.meta.get("subtopics") or {}).items():
        if not topic.get("recovered"):
            continue  # a legacy topic reported under another heading, without one of its own (spec §6)
        name = _LEGACY_REQUIRED.get(sid, CANONICAL_TITLES.get(sid, sid))
        out.append(doc.finding(
            "S006", "format", "warning", topic["start"], topic["heading_end"],
            msg("S006", "under-other", name=name, parent=topic["parent"], title=topic["title"]),
            {"expected": name, "era": "legacy", "found_under": topic["parent"]}, section=sid,
        ))
    for sec in doc.sections:
        if not sec.recovered or sec.id not in CANONICAL_TITLES:
            continue
        end = next((x.end for x in doc.sentences if x.start >= sec.start and x.end <= sec.end), sec.start)
        out.append(
            doc.finding(
                "S006",
                "format",
                "warning",
                sec.start,
                end,
                msg("S006", "recovered", section=sec.id, title=CANONICAL_TITLES[sec.id]),
                {"expected": f"{sec.id}、{CANONICAL_TITLES[sec.id]}"},
                section=sec.id,
            )
        )
    return out


_FIVE_PARTS = (
    ("主动公开", re.compile(r"主动公开")),
    ("依申请公开", re.compile(r"依申请|公开申请|申请公开")),
    ("政府信息管理", re.compile(r"信息管理|保密审查|公开属性|规范性文件(?:清理|管理)|发布审核|发布审查")),
    (
        "平台建设",
        re.compile(
            r"平台|网站(?:建设|栏目|改版|管理|巡查|运维|集约)|门户网站|政府网站|新媒体|公众号|政府公报"
        ),
    ),
    ("监督保障", re.compile(r"监督保障|保障|考核|培训|评议|责任追究|监督检查|社会监督")),
)


# 「（四）政府信息公开平台建设。」: a numbered sub-heading of section 一 and the title it gives its part.
_SUBHEAD = re.compile(r"^[ \t]*[（(]([一二三四五六七八九十])[)）][ \t]*([^。：:；;\n]{2,24})", re.M)


def _parts_by_subheading(body: str) -> set[str] | None:
    """The parts an overview written as numbered sub-headings covers, or None when it is not.

    An organ that follows the five-part outline (at least three sub-headings name a part) covers a
    part under its own sub-heading or in the text of the parts (a sub-heading of its own wording,
    「（四）加强载体建设」 about the website, or a part merged into another); a passing word in the
    summary line before the parts (「通过政府网站…主动公开政府信息348条」) does not make up for a
    whole part left out.
    """
    heads = list(_SUBHEAD.finditer(body))
    named = {hit[0] for m in heads if (hit := [name for name, pat in _FIVE_PARTS if pat.search(m.group(2))])}
    if len(named) < 3:
        return None
    parts = body[heads[0].start() :]
    return named | {name for name, pat in _FIVE_PARTS if pat.search(parts)}


@rule(
    "S002",
    "overview-parts",
    kind="missing-item",
    severity="warning",
    spec="§2 section 一: 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障",
    must_flag=(mini_report(replace={_PARTS["四"]: "", _PARTS["五"]: ""}),),
    must_pass=(mini_report(),),
)
def overview_parts(doc: Document, ctx: Context) -> list[Finding]:
    """Section 一 (总体情况) of a 2021+ report does not cover one of its five parts.

    The format notice expects the overview to report 主动公开, 依申请公开, 政府信息管理, 政府信息公开
    平台建设 and 监督保障 (spec §2). Each part is looked for by its subject words anywhere in section 一,
    not only as a sub-heading. Example: an overview that never mentions the website, new media or
    any platform lacks 平台建设.
    """
    if doc.era != "2021":
        return []
    sec = doc.section("一")
    if sec is None:
        return []
    body = doc.text[sec.heading_end : sec.end]
    covered = _parts_by_subheading(body)
    out = []
    for name, pat in _FIVE_PARTS:
        if not (pat.search(body) if covered is None else name in covered):
            out.append(
                doc.finding(
                    "S002",
                    "missing-item",
                    "warning",
                    sec.start,
                    sec.heading_end,
                    msg("S002", "part-missing", name=name),
                    {"missing": name},
                    section="一",
                )
            )
    return out


_FEE = re.compile(r"信息处理费|处理费|收费|收取.{0,12}费|费用")


@rule(
    "S003",
    "fee-statement",
    kind="missing-item",
    severity="warning",
    spec="§2 section 六: 信息处理费 (国办函〔2020〕109号), 'none' said explicitly",
    must_flag=(mini_report(replace={"本年度未收取信息处理费。": "本年度无其他需要报告的事项。"}),),
    must_pass=(
        mini_report(),
        mini_report(replace={"本年度未收取信息处理费。": "本年度共收取信息处理费200元。"}),
    ),
)
def fee_statement(doc: Document, ctx: Context) -> list[Finding]:
    """Section 六 of a 2021+ report says nothing about the 信息处理费.

    From 2021 the report must state the information-processing fees charged under
    《政府信息公开信息处理费管理办法》; when none were charged it must say so explicitly (spec §2).
    Example: 「六、其他需要报告的事项 / 本年度无其他需要报告的事项。」 omits the fee statement.
    """
    if doc.era != "2021":
        return []
    sec = doc.section("六")
    if sec is None:
        return []
    if _FEE.search(doc.text[sec.heading_end : sec.end]):
        return []
    return [
        doc.finding(
            "S003",
            "missing-item",
            "warning",
            sec.start,
            sec.heading_end,
            msg("S003", "fee-missing"),
            {"expected": "信息处理费 statement"},
            section="六",
        )
    ]


@rule(
    "S004",
    "heading-typo",
    kind="format",
    severity="info",
    spec="§2 exact headings; real defect 「行政法复议」",
    must_flag=(mini_report(replace={"四、政府信息公开行政复议": "四、政府信息公开行政法复议"}),),
    must_pass=(
        mini_report(),
        mini_report(
            replace={
                "四、政府信息公开行政复议、行政诉讼情况": "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
            }
        ),
    ),
)
def heading_typo(doc: Document, ctx: Context) -> list[Finding]:
    """A section heading recognised only by similarity — a typo in the official wording.

    The section is still recognised (and counted as present); the heading is reported so the organ
    can correct it. Accepted variants of spec §2 (及/和, 政府信息公开工作 prefix, 因…被申请…提起…,
    整改措施, 其他事项) are not typos. Example: 「四、政府信息公开行政法复议、行政诉讼情况」.
    """
    out = []
    for it in doc.meta.get("structure_issues", []):
        if it["type"] == "typo":
            out.append(
                doc.finding(
                    "S004",
                    "format",
                    "info",
                    it["start"],
                    it["end"],
                    msg("S004", "typo", section=it["section"], found=it["found"], expected=it["expected"]),
                    {"found": it["found"], "expected": it["expected"]},
                    section=it["section"],
                )
            )
    return out


def _numeral_step(found: str | None, section: str) -> int | None:
    if found in SECTION_IDS and section in SECTION_IDS:
        return SECTION_IDS.index(found) - SECTION_IDS.index(section)
    return None


@rule(
    "S005",
    "heading-numbering",
    kind="format",
    severity="warning",
    spec="§2 six numbered sections in order; real defects: duplicated 「三、」, sections out of order",
    must_flag=(
        mini_report(replace={"四、政府信息公开行政复议": "三、政府信息公开行政复议"}),
        mini_report(replace={"五、存在的主要问题": "六、存在的主要问题"}),
    ),
    must_pass=(mini_report(),),
)
def heading_numbering(doc: Document, ctx: Context) -> list[Finding]:
    """A section heading carries the wrong numeral, repeats one, or stands out of order.

    Readers and evaluators navigate the report by its numbering (spec §2); a second 「三、」 or a
    section 四 printed as 「三、」 is a format defect even when the content is there. Example: two
    headings numbered 「三、」, the second introducing 行政复议、行政诉讼情况.
    """
    out = []
    shift = prev = None  # numeral − section of the last misnumbered heading; that section's index
    correct = {s.id for s in doc.sections if not s.recovered and s.number == s.id}
    for it in doc.meta.get("structure_issues", []):
        t = it["type"]
        if t in ("duplicate-number", "misnumbered"):
            # a numbering that restarts (e.g. an appendix numbered again from 一) puts every later
            # heading one step off; those headings follow the new sequence, so only the heading
            # where the shift begins is a defect — flagging each of them repeats one fault
            step = _numeral_step(it.get("found"), it["section"])
            here = SECTION_IDS.index(it["section"]) if it["section"] in SECTION_IDS else None
            # same fault only when no correctly numbered heading stands between (a section recovered
            # from content, without a heading, does not interrupt the shifted sequence)
            follows = here is not None and prev is not None and here > prev and not any(
                SECTION_IDS[k] in correct for k in range(prev + 1, here)
            )
            prev = here
            if step is not None and step == shift and follows:
                continue
            shift = step
        else:
            shift = prev = None
        if t == "duplicate-number":
            m = msg("S005", "duplicate-number", section=it["section"], found=it["found"])
        elif t == "misnumbered":
            m = msg("S005", "misnumbered", section=it["section"], found=it["found"], expected=it["expected"])
        elif t == "out-of-order":
            m = msg("S005", "out-of-order", section=it["section"], found=it["found"])
        else:
            continue
        out.append(
            doc.finding(
                "S005",
                "format",
                "warning",
                it["start"],
                it["end"],
                m,
                {"issue": t, "found": it.get("found"), "expected": it.get("expected", it["section"])},
                section=it["section"],
            )
        )
    return out
