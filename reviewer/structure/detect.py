"""Section detection. The 2019+ outline has six numbered sections (spec §2; the 2019–2020 trial
format has the same six, §5); older reports use their own outline (spec §6) and are recognised as
legacy, not failed.

Headings are found wherever a numeral opens a known topic — at a paragraph start or inline, because
crawled pages flatten the whole body onto one line — in every numeral form of ``reviewer.structure.outline``
(一、 一. 第一部分 【一】, and （一） or 1. when a whole outline is numbered so). Each heading is matched
to a topic by tolerant patterns first (with or without the 情况 ending) and by fuzzy similarity
second (a typo'd heading is still the section, and is reported). When a topic has several candidate
headings (an organ's own sub-outline reusing the words), the best-scoring increasing sequence of the
numeral family that carries the outline wins. Sections whose heading is missing are recovered from
content by the paragraph classifier (``reviewer.structure.recovery``). A legacy outline takes every top-level
heading, also one whose body runs on without an ending word when it continues the numbering, and
keeps topics given as （一）（二） sub-headings of a parent heading in ``doc.meta["subtopics"]``.

Problems found on the way (typo'd heading, misnumbering, duplicate numeral, out-of-order section)
are left in ``doc.meta["structure_issues"]`` for the format rules (``reviewer.rules.sections``).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from reviewer.model import SECTION_IDS, Document, Section
from reviewer.structure.outline import (
    CANONICAL_TITLES,
    LEGACY_TOPICS,
    guess_title,
    iter_markers,
    legacy_title_len,
    legacy_topic,
    numeral_value,
)

__all__ = ["CANONICAL_TITLES", "LEGACY_TOPICS", "SECTION_TOPICS", "detect_sections", "legacy_topic", "match_topic", "problems_section", "section_for"]


_P = r"(?:政府信息公开(?:工作)?)?"  # optional prefix of many headings
_AND = r"(?:[及和与、，,]|以及)?"
# Tolerant patterns for the six topics, anchored at the start of a heading title (spec §2 variants).
SECTION_TOPICS: dict[str, re.Pattern[str]] = {
    "一": re.compile(rf"{_P}(?:总体情况|工作概述|概述|基本情况|总体工作情况)"),
    "二": re.compile(rf"{_P}主动公开(?:政府信息(?:的)?(?:工作)?(?:情况)?|(?:的)?(?:工作)?(?:情况|工作))"),
    "三": re.compile(
        rf"{_P}(?:收到{_AND}处理(?:政府信息公开)?申请(?:的)?(?:情况)?|(?:政府信息)?依申请公开(?:政府信息)?(?:工作)?(?:的)?情况|政府信息公开申请(?:的)?(?:办理)?情况)"
    ),
    "四": re.compile(rf"因?{_P}(?:被)?(?:申请)?行政复议{_AND}(?:提起)?行政诉讼(?:的)?(?:情况)?"),
    "五": re.compile(rf"{_P}(?:存在的?)?(?:主要)?问题{_AND}(?:改进|整改)(?:情况|措施)?"),
    "六": re.compile(rf"{_P}其他(?:需要|需)?(?:报告)?的?事项"),
}

# Row labels of table 三 that look like top-level headings (一、本年新收…) but are not.
_TABLE_ROW = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|表[一二三四]")
_BOUNDARY = frozenset("。！？!?；;：:”）\n \t")
_FAMILY = {"cn": "main", "part": "part", "bracket": "main", "paren": "paren", "arabic": "arabic"}


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
    style: str = "cn"  # numeral form, see reviewer.structure.outline
    guessed: bool = False  # title cut by guess_title: no ending word, the body runs on
    boundary: bool = True  # the numeral opens a sentence


def _core(s: str) -> str:
    return re.sub(
        r"[\s、，,：:。.（）()“”\"]|政府信息公开工作|政府信息公开|政府信息|因|被申请|提起|的|[及和与]", "", s
    )


_CORE_CANON = {k: _core(v) for k, v in CANONICAL_TITLES.items()}


def match_topic(rest: str) -> tuple[str | None, int, float, bool]:
    """Topic of a heading title at the start of ``rest``: (topic, title length, score, fuzzy)."""
    # heading lines repeat from report to report; a title is never longer than 64 characters, so
    # the rest of a flattened body is cut there and its prefix is cached like any heading line
    return _match_topic_short(rest[:64])


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
        lo, hi = max(2, len(canon) - 3), min(len(canon) + 3, len(rest))
        if hi < lo:
            continue
        # every prefix's quick_ratio is at most 2·(characters shared by the longest prefix)/(lo + len)
        counts = _canon_counts(canon)
        head = rest[:hi]
        # |Counter(head) & Counter(canon)|: only the characters the two have in common add anything,
        # each at most as often as the title has it (a bound that already rules most prefixes out)
        common = counts.keys() & set(head)
        if 2.0 * sum([counts[ch] for ch in common]) / (lo + len(canon)) < max(0.8, best[2]):
            continue  # (the same test on a larger count: division rounds monotonically)
        shared = sum([min(head.count(ch), counts[ch]) for ch in common])
        if 2.0 * shared / (lo + len(canon)) < max(0.8, best[2]):
            continue
        sm = _canon_matcher(canon)
        for n in range(lo, len(canon) + 4):
            if n > len(rest):
                break
            sm.set_seq1(rest[:n])
            if sm.quick_ratio() < max(0.8, best[2]):  # an upper bound of ratio(): it cannot qualify
                continue
            r = sm.ratio()
            if r >= 0.8 and r > best[2]:
                best = (sid, n, r, True)
    return best


@lru_cache(maxsize=64)
def _canon_counts(canon: str) -> dict[str, int]:
    """How often each character of ``canon`` occurs."""
    return dict(Counter(canon))


_MATCHERS = threading.local()


def _canon_matcher(canon: str) -> SequenceMatcher:
    """A matcher holding ``canon`` as its second sequence (indexed once per thread); set_seq1 swaps
    the first."""
    cache = _MATCHERS.__dict__.setdefault("by_canon", {})
    sm = cache.get(canon)
    if sm is None:
        sm = cache[canon] = SequenceMatcher(None, "", canon)
    return sm


_match_topic_short = lru_cache(maxsize=4096)(_match_topic)


def _legacy_title(rest: str) -> str | None:
    n = legacy_title_len(rest)
    return rest[:n] if n else None


def _candidates(doc: Document, legacy: bool) -> list[_Cand]:
    text = doc.text
    out: list[_Cand] = []
    for s, style, num, mend in iter_markers(text):
        line_start = text.rfind("\n", 0, s) + 1
        eol = text.find("\n", mend)
        eol = len(text) if eol == -1 else eol
        rest = text[mend:eol]
        at_line = text[line_start:s].strip("# \t") == ""
        if not rest or _TABLE_ROW.match(rest) or rest[:1] in "|｜":
            continue
        if style in ("paren", "arabic") and not at_line:
            continue
        boundary = at_line or text[s - 1] in _BOUNDARY
        short = len(rest) <= 40 and not rest.rstrip().endswith(("。", "；"))
        topic, n, score, fuzzy = match_topic(rest)
        guessed = False
        if legacy:
            lt = rest.strip() if at_line and short else _legacy_title(rest)
            if lt is None:
                if not boundary:
                    continue
                lt, guessed = guess_title(rest), True
                if len(lt) < 2:
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
        out.append(_Cand(s, mend + n, num, title.strip(), topic, score, fuzzy, at_line, style, guessed, boundary))
    return out


def _weight(c: _Cand) -> float:
    return c.score + (0.3 if c.num == c.topic else 0.0) + (0.1 if c.at_line else 0.0)


def _best_sequence(cands: list[_Cand]) -> list[_Cand]:
    """Highest-scoring subsequence with strictly increasing topic (weighted LIS, O(n²))."""
    topical = [c for c in cands if c.topic]
    order = {sid: i for i, sid in enumerate(SECTION_IDS)}
    n = len(topical)
    best = [_weight(c) for c in topical]
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if order[topical[j].topic] < order[topical[i].topic] and best[j] + _weight(topical[i]) > best[i]:  # type: ignore[index]
                best[i] = best[j] + _weight(topical[i])
                prev[i] = j
    if not n:
        return []
    i = max(range(n), key=lambda k: (best[k], -k))
    seq = []
    while i != -1:
        seq.append(topical[i])
        i = prev[i]
    return seq[::-1]


def _choose_outline(cands: list[_Cand]) -> list[_Cand]:
    """Candidates of the numeral family that carries the outline: the one naming most topics under
    their own numbers, then most topics, then the best fit; 一、/【一】 headings win a tie. 第一部分
    headings are a family of their own (their 一、 are then sub-headings); an outline numbered
    （一）…（六） or 1.…6. throughout needs at least three topics under their own numbers."""
    best: list[_Cand] = [c for c in cands if _FAMILY[c.style] == "main"]
    seq = _best_sequence(best)
    key = (sum(c.num == c.topic for c in seq), len(seq), sum(map(_weight, seq)))
    for fam in ("part", "paren", "arabic"):
        mine = [c for c in cands if _FAMILY[c.style] == fam]
        seq = _best_sequence(mine)
        k = (sum(c.num == c.topic for c in seq), len(seq), sum(map(_weight, seq)))
        if k > key and (fam == "part" or k[0] >= 3):
            best, key = mine, k
    return best


def _detect_legacy(doc: Document, cands: list[_Cand]) -> None:
    """Legacy outline (spec §6): every top-level heading is a section under its own title; a heading
    whose body runs on with no ending word counts when it continues the numbering 一、二、三…; topics
    given as （一）（二） sub-headings of a parent heading are kept in ``doc.meta['subtopics']``."""
    chosen: list[_Cand] = []
    for c in cands:
        if _FAMILY[c.style] not in ("main", "part"):
            continue
        last = numeral_value(chosen[-1].num) if chosen else 0
        follows = numeral_value(c.num) == last + 1
        if c.guessed:
            if follows and c.boundary:
                chosen.append(c)
        elif c.at_line or c.topic or "统计表" in c.title or follows:
            chosen.append(c)
    sections = _spans(doc, [(c.title, c) for c in chosen])
    lmap = {s.id: legacy_topic(s.title) for s in sections if legacy_topic(s.title)}
    first = sections[0] if sections else None
    if first is not None and first.number == "一" and first.id not in lmap and "一" not in lmap.values() \
            and "统计表" not in first.title:
        lmap[first.id] = "一"  # an outline opens with its overview, whatever it calls it (工作情况 …)
    doc.meta["legacy_map"] = lmap
    doc.sections = sections
    doc.meta["structure_issues"] = []
    subs = _subtopics(doc, cands, sections, set(lmap.values()))
    proactive = None if "二" in lmap.values() or "二" in subs else _proactive_content(doc, cands, sections)
    if proactive is not None:
        subs["二"] = proactive
    if subs:
        doc.meta["subtopics"] = subs


# Proactive disclosure (主动公开, spec §6) reported in other words under the overview: a （一）
# sub-heading about publishing the organ's information (重点领域公开, 信息发布) without the words 主动公开.
_PROACTIVE = re.compile(r"重点领域[^，。；]{0,8}公开|(?:政务|政府)?信息发布|公开(?:政府)?信息(?:情况|工作)?$|加大[^，。；]{0,6}公开力度")


def _proactive_content(doc: Document, cands: list[_Cand], sections: list[Section]) -> dict | None:
    """The legacy topic 主动公开 as content without its own heading: the first （一）… sub-heading
    inside a section whose title reports publishing the organ's information. Returned as a
    recovered sub-section (the content is there, the heading naming the topic is not)."""
    for c in cands:
        if c.style != "paren" or not _PROACTIVE.search(c.title):
            continue
        parent = next((x for x in sections if x.heading_end <= c.start < x.end), None)
        if parent is None:
            continue
        nxt = [d.start for d in cands if d.style == "paren" and c.start < d.start < parent.end]
        end = min(nxt, default=parent.end)
        while end > c.heading_end and doc.text[end - 1] in "\n ":
            end -= 1
        return {"id": c.title, "title": c.title, "start": c.start, "end": max(end, c.heading_end),
                "heading_end": c.heading_end, "number": c.num, "parent": parent.id, "recovered": True}
    return None


def _subtopics(doc: Document, cands: list[_Cand], sections: list[Section], have: set[str]) -> dict[str, dict]:
    """Topics no top-level heading names, found as a （一）… sub-heading inside a section (「二、公开
    政府信息情况」 with 「（一）主动公开」 「（二）依申请公开」): topic → the sub-section's span."""
    subs = [c for c in cands if c.style == "paren" and c.topic and c.topic not in have]
    out: dict[str, dict] = {}
    for c in subs:
        parent = next((s for s in sections if s.heading_end <= c.start < s.end), None)
        if parent is None or c.topic in out:  # type: ignore[operator]
            continue
        nxt = [d.start for d in cands if d.style == "paren" and c.start < d.start < parent.end]
        end = min(nxt, default=parent.end)
        while end > c.heading_end and doc.text[end - 1] in "\n ":
            end -= 1
        out[c.topic] = {  # type: ignore[index]
            "id": c.title,
            "title": c.title,
            "start": c.start,
            "end": max(end, c.heading_end),
            "heading_end": c.heading_end,
            "number": c.num,
            "parent": parent.id,
        }
    return out


def detect_sections(doc: Document) -> None:
    """Fill ``doc.sections`` (document order) and ``doc.meta['structure_issues']``."""
    legacy = doc.era == "legacy"
    cands = _candidates(doc, legacy)
    if legacy:
        _detect_legacy(doc, cands)
        return
    issues: list[dict] = []
    cands = _choose_outline(cands)
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
        from reviewer.structure.recovery import recover_sections

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
    return section_for(doc, "五")


def section_for(doc: Document, sid: str) -> Section | None:
    """Section ``sid`` (一…六) in any era: through the legacy map for old outlines, and for a topic
    an old outline gives as a （一） sub-heading of a parent heading, that sub-section."""
    sec = doc.section(sid)
    if sec is not None:
        return sec
    lmap = doc.meta.get("legacy_map") or {}
    sec = next((s for s in doc.sections if lmap.get(s.id) == sid), None)
    if sec is not None:
        return sec
    sub = (doc.meta.get("subtopics") or {}).get(sid)
    if sub is None:
        return None
    return Section(sub["id"], sub["title"], sub["start"], sub["end"], sub["heading_end"],
                   recovered=bool(sub.get("recovered")), number=sub["number"])
