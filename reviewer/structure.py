"""Section detection. The 2019+ outline has six numbered sections (spec §2); older reports use
their own outline (spec §6) and are recognised as legacy, not failed.

Headings are found wherever a numeral ``一、`` opens a known topic — at a paragraph start or inline,
because some sources flatten the whole body onto one line. Each heading is matched to a topic by
tolerant patterns first and by fuzzy similarity second (a typo'd heading is still the section, and
is reported). When a topic has several candidate headings (an organ's own sub-outline reusing the
words), the best-scoring increasing sequence wins. Sections whose heading is missing are recovered
from content by the paragraph classifier (``reviewer.sectionclf``) when it is available.

Problems found on the way (typo'd heading, misnumbering, duplicate numeral, out-of-order section)
are left in ``doc.meta["structure_issues"]`` for the format rules (``reviewer.rules.sections``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from reviewer.model import SECTION_IDS, Document, Section

CANONICAL_TITLES: dict[str, str] = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}

_P = r"(?:政府信息公开(?:工作)?)?"  # optional prefix of many headings
_AND = r"(?:[及和与、，,]|以及)?"
# Tolerant patterns for the six topics, anchored at the start of a heading title (spec §2 variants).
SECTION_TOPICS: dict[str, re.Pattern[str]] = {
    "一": re.compile(rf"{_P}(?:总体情况|工作概述|概述|基本情况|总体工作情况)"),
    "二": re.compile(rf"{_P}主动公开(?:政府信息)?(?:的)?(?:工作)?(?:情况|工作)"),
    "三": re.compile(
        rf"{_P}(?:收到{_AND}处理(?:政府信息公开)?申请(?:的)?情况|(?:政府信息)?依申请公开(?:政府信息)?(?:工作)?(?:的)?情况|政府信息公开申请(?:的)?(?:办理)?情况)"
    ),
    "四": re.compile(rf"因?{_P}(?:被)?(?:申请)?行政复议{_AND}(?:提起)?行政诉讼(?:的)?(?:情况)?"),
    "五": re.compile(rf"{_P}(?:存在的?)?(?:主要)?问题{_AND}(?:改进|整改)(?:情况|措施)?"),
    "六": re.compile(rf"{_P}其他(?:需要|需)?(?:报告)?的?事项"),
}

# Legacy (<2019) outline, spec §6. Titles run up to one of these endings.
_LEGACY_TITLE = re.compile(r".{0,30}?(?:情况统计表|统计表|情况|措施)|概述|基本情况")
_LEGACY_OTHER = re.compile(r".{0,20}?事项")
LEGACY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("五", re.compile(r"问题|改进")),
    ("四", re.compile(r"复议|诉讼")),
    ("一", re.compile(r"概述|基本情况|总体情况")),
    ("三", re.compile(r"依申请|申请")),
    ("二", re.compile(r"主动公开")),
    ("六", re.compile(r"其他")),
)

# Row labels of table 三 that look like top-level headings (一、本年新收…) but are not.
_TABLE_ROW = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|表[一二三四]")
# A numeral heading 一、 not preceded by one of _NOT_BEFORE (checked in Python: a regex look-behind
# at the start of the pattern made the scan try every position of the text; a match it rejects
# could not have started later inside the same numerals either).
_HEAD = re.compile(r"([一二三四五六七八九十]{1,2})[ \t]*[、．.][ \t]*")
_NOT_BEFORE = frozenset("（(一二三四五六七八九十第、")
_NUM = {n: i for i, n in enumerate("一二三四五六七八九十", start=1)}


@dataclass(slots=True)
class _Cand:
    start: int
    heading_end: int
    num: str
    title: str
    topic: str | None
    score: float  # similarity of the title to its topic's canonical wording, 0..1
    fuzzy: bool  # matched only by similarity (a typo)
    at_line: bool  # heading opens a line


def _core(s: str) -> str:
    return re.sub(
        r"[\s、，,：:。.（）()“”\"]|政府信息公开工作|政府信息公开|政府信息|因|被申请|提起|的|[及和与]", "", s
    )


_CORE_CANON = {k: _core(v) for k, v in CANONICAL_TITLES.items()}


def match_topic(rest: str) -> tuple[str | None, int, float, bool]:
    """Topic of a heading title at the start of ``rest``: (topic, title length, score, fuzzy)."""
    # heading lines repeat from report to report; a long ``rest`` (a flattened body) is not kept
    return _match_topic_short(rest) if len(rest) <= 64 else _match_topic(rest)


def _match_topic(rest: str) -> tuple[str | None, int, float, bool]:
    best: tuple[str | None, int, float, bool] = (None, 0, 0.0, False)
    for sid, pat in SECTION_TOPICS.items():
        m = pat.match(rest)
        if m and m.end() >= 2:
            score = SequenceMatcher(None, _core(m.group(0)), _CORE_CANON[sid]).ratio()
            cand = (sid, m.end(), 0.5 + 0.5 * score, False)
            if cand[1] > best[1] or (cand[1] == best[1] and cand[2] > best[2]):
                best = cand
    if best[0] is not None:
        return best
    # Fuzzy: compare prefixes of about the canonical length (「行政法复议」 still reads as 四).
    for sid, canon in CANONICAL_TITLES.items():
        for n in range(max(2, len(canon) - 3), len(canon) + 4):
            if n > len(rest):
                break
            r = SequenceMatcher(None, rest[:n], canon).ratio()
            if r >= 0.8 and r > best[2]:
                best = (sid, n, r, True)
    return best


_match_topic_short = lru_cache(maxsize=4096)(_match_topic)


def _legacy_title(rest: str) -> str | None:
    m = _LEGACY_TITLE.match(rest)
    other = _LEGACY_OTHER.match(rest)
    if other and (m is None or "其他" in other.group(0)):
        return other.group(0)
    return m.group(0) if m else None


def legacy_topic(title: str) -> str | None:
    """Closest of 一…六 for a legacy heading, so rules can find 'the problems section' of any era."""
    for sid, pat in LEGACY_TOPICS:
        if pat.search(title):
            return sid
    return None


def _candidates(doc: Document, legacy: bool) -> list[_Cand]:
    text = doc.text
    out: list[_Cand] = []
    for m in _HEAD.finditer(text):
        num = m.group(1)
        s = m.start(1)
        if s and text[s - 1] in _NOT_BEFORE:
            continue
        line_start = text.rfind("\n", 0, s) + 1
        eol = text.find("\n", m.end())
        eol = len(text) if eol == -1 else eol
        rest = text[m.end() : eol]
        at_line = text[line_start:s].strip("# \t") == ""
        if not rest or _TABLE_ROW.match(rest) or num not in _NUM:
            continue
        short = len(rest) <= 40 and not rest.rstrip().endswith(("。", "；"))
        topic, n, score, fuzzy = match_topic(rest)
        if legacy:
            lt = rest.strip() if at_line and short else _legacy_title(rest)
            if lt is None:
                continue
            title = lt
            topic = legacy_topic(lt)
            n = len(title)
            score, fuzzy = 1.0, False
        elif topic is not None:
            if at_line and short and n < len(rest.rstrip()) and not re.match(r"\d", rest[n:]):
                # a short heading line: the rest of the line belongs to the title (政府信息公开工作…情况)
                if len(rest.rstrip()) - n <= 4:
                    n = len(rest.rstrip())
            title = rest[:n]
        elif at_line and short:
            title, n = rest.strip(), len(rest.rstrip())
        else:
            continue
        out.append(_Cand(s, m.end() + n, num, title.strip(), topic, score, fuzzy, at_line))
    return out


def _best_sequence(cands: list[_Cand]) -> list[_Cand]:
    """Highest-scoring subsequence with strictly increasing topic (weighted LIS, O(n²))."""
    topical = [c for c in cands if c.topic]
    order = {sid: i for i, sid in enumerate(SECTION_IDS)}

    def weight(c: _Cand) -> float:
        return c.score + (0.3 if c.num == c.topic else 0.0) + (0.1 if c.at_line else 0.0)

    n = len(topical)
    best = [weight(c) for c in topical]
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if order[topical[j].topic] < order[topical[i].topic] and best[j] + weight(topical[i]) > best[i]:  # type: ignore[index]
                best[i] = best[j] + weight(topical[i])
                prev[i] = j
    if not n:
        return []
    i = max(range(n), key=lambda k: (best[k], -k))
    seq = []
    while i != -1:
        seq.append(topical[i])
        i = prev[i]
    return seq[::-1]


def detect_sections(doc: Document) -> None:
    """Fill ``doc.sections`` (document order) and ``doc.meta['structure_issues']``."""
    legacy = doc.era == "legacy"
    cands = _candidates(doc, legacy)
    issues: list[dict] = []
    if legacy:
        chosen: list[_Cand] = []
        for c in cands:
            last = _NUM[chosen[-1].num] if chosen else 0
            if c.at_line or c.topic or "统计表" in c.title or _NUM[c.num] == last + 1:
                chosen.append(c)
        sections = _spans(doc, [(c.title, c) for c in chosen])
        doc.meta["legacy_map"] = {s.id: legacy_topic(s.title) for s in sections if legacy_topic(s.title)}
        doc.sections = sections
        doc.meta["structure_issues"] = issues
        return
    seq = _best_sequence(cands)
    chosen_topics = {c.topic for c in seq}
    # A strong heading the increasing sequence left out is a section out of order, not a sub-heading.
    for c in cands:
        if c.topic and c.topic not in chosen_topics and c.at_line and not c.fuzzy and c.score >= 0.9:
            seq.append(c)
            chosen_topics.add(c.topic)
            issues.append(
                {
                    "type": "out-of-order",
                    "section": c.topic,
                    "start": c.start,
                    "end": c.heading_end,
                    "found": c.title,
                }
            )
    seq.sort(key=lambda c: c.start)
    sections = _spans(doc, [(c.topic, c) for c in seq])  # type: ignore[misc]
    seen_nums: dict[str, int] = {}
    for c in seq:
        if c.fuzzy:
            issues.append(
                {
                    "type": "typo",
                    "section": c.topic,
                    "start": c.start,
                    "end": c.heading_end,
                    "found": c.title,
                    "expected": CANONICAL_TITLES[c.topic],
                }
            )  # type: ignore[index]
        if c.num in seen_nums:
            issues.append(
                {
                    "type": "duplicate-number",
                    "section": c.topic,
                    "start": c.start,
                    "end": c.heading_end,
                    "found": c.num,
                }
            )
        elif c.num != c.topic:
            issues.append(
                {
                    "type": "misnumbered",
                    "section": c.topic,
                    "start": c.start,
                    "end": c.heading_end,
                    "found": c.num,
                    "expected": c.topic,
                }
            )
        seen_nums[c.num] = c.start
    if len(sections) < 6:
        from reviewer.sectionclf import recover_sections

        sections = recover_sections(doc, sections)
    doc.sections = sections
    doc.meta["structure_issues"] = issues


def _spans(doc: Document, heads: list[tuple[str, _Cand]]) -> list[Section]:
    out: list[Section] = []
    for i, (sid, c) in enumerate(heads):
        end = heads[i + 1][1].start if i + 1 < len(heads) else len(doc.text)
        while end > c.heading_end and doc.text[end - 1] in "\n ":
            end -= 1
        out.append(
            Section(
                id=sid,
                title=c.title,
                start=c.start,
                end=max(end, c.heading_end),
                heading_end=c.heading_end,
                number=c.num,
            )
        )
    return out


def problems_section(doc: Document) -> Section | None:
    """The 问题及改进 section in any era: 五 for 2019+, the legacy heading mapped to 五 otherwise."""
    sec = doc.section("五")
    if sec is not None:
        return sec
    lmap = doc.meta.get("legacy_map") or {}
    for s in doc.sections:
        if lmap.get(s.id) == "五":
            return s
    return None


def section_for(doc: Document, sid: str) -> Section | None:
    """Section ``sid`` (一…六) in any era, through the legacy map for old outlines."""
    sec = doc.section(sid)
    if sec is not None:
        return sec
    lmap = doc.meta.get("legacy_map") or {}
    return next((s for s in doc.sections if lmap.get(s.id) == sid), None)
