"""Heading grammar shared by the paragraph builder (``reviewer.build``) and section detection
(``reviewer.structure.detect``): the numeral forms an outline uses, where a heading's title ends when the
body runs on after it on the same line, and which legacy topic a title names (spec §2, §5, §6).

Numeral forms (after NFKC: 「１．」 reads as 「1.」, 「一．」 as 「一.」):

- ``cn``       一、 一. (the official form)
- ``part``     第一部分 第一章 (optionally followed by 、 ： .)
- ``bracket``  【一】
- ``paren``    （一） (一) — normally a sub-heading, top level only when a whole outline uses it
- ``arabic``   1. 1、 — likewise
"""

from __future__ import annotations

import re

# The six section titles of the 2021 format (spec §2), as the rules name them.
CANONICAL_TITLES: dict[str, str] = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}

CN_NUM = "一二三四五六七八九十"
NUM_VALUE = {n: i for i, n in enumerate(CN_NUM, start=1)}
VALUE_NUM = {i: n for n, i in NUM_VALUE.items()}

# The leading lookahead names every character a marker can start with: the scan skips other
# positions without trying the five alternatives at each (same matches, ~40% less time).
MARKER = re.compile(
    rf"(?=[第【（(\d{CN_NUM}])(?:"
    rf"(?:第(?P<n1>[{CN_NUM}]{{1,2}})(?:部分|章))[ \t]*[、：:.]?[ \t]*"
    rf"|【(?P<n2>[{CN_NUM}]{{1,2}})】[ \t]*"
    rf"|(?P<n3>[{CN_NUM}]{{1,2}})[ \t]*[、.](?!\d)[ \t]*"
    rf"|[（(](?P<n4>[{CN_NUM}]{{1,2}})[）)][ \t]*"
    r"|(?P<n5>\d{1,2})[ \t]*[、.](?![\d.])[ \t]*"
    r")"
)
_STYLE = {"n1": "part", "n2": "bracket", "n3": "cn", "n4": "paren", "n5": "arabic"}
MAIN_STYLES = frozenset({"cn", "part", "bracket"})
# characters that make a numeral part of something else: 「（一、」, 「第一、」, 「十一、」 read from 一
_NOT_BEFORE = frozenset("（(第、" + CN_NUM)


def chinese_number(value: int) -> str | None:
    """一…十, 十一…十九 for 1…19; None beyond (no outline has that many top-level headings)."""
    if value in VALUE_NUM:
        return VALUE_NUM[value]
    if 10 < value < 20:
        return "十" + VALUE_NUM[value - 10]
    return None


def numeral_value(num: str) -> int:
    """Value of 一…十九 (「十一」 = 11); 0 when not a numeral."""
    if num in NUM_VALUE:
        return NUM_VALUE[num]
    if len(num) == 2 and num[0] == "十" and num[1] in NUM_VALUE:
        return 10 + NUM_VALUE[num[1]]
    return 0


def _accept(text: str, m: re.Match[str]) -> tuple[str, str] | None:
    """(style, numeral 一…) of a MARKER match, or None when the characters belong to something else
    (「第十一、」 read from 一, 「2021.」, 「第（一）项」)."""
    key = m.lastgroup or ""  # the numeral group of the alternative that matched
    if key not in _STYLE:
        return None
    style, raw = _STYLE[key], m.group(key)
    pos = m.start()
    before = text[pos - 1] if pos else ""
    if style == "cn" and before and before in _NOT_BEFORE:
        return None
    if style == "arabic":
        if before and (before in _NOT_BEFORE or before.isdigit() or before in ".．"):
            return None
        num = chinese_number(int(raw))
        return None if num is None else (style, num)
    if style == "paren" and before == "第":
        return None
    return (style, raw) if numeral_value(raw) else None


def marker_at(text: str, pos: int) -> tuple[str, str, int] | None:
    """(style, numeral 一…, end of the marker) of a heading numeral starting at ``pos``; None when
    there is none."""
    m = MARKER.match(text, pos)
    hit = _accept(text, m) if m else None
    return None if hit is None else (*hit, m.end())  # type: ignore[union-attr]


# What every marker starts with: an opening character and at most two more numerals before the
# character that closes the numeral (、 . 部 章 】 ）). A pattern opening on a character class is
# scanned for in C without entering the matcher at each position; MARKER is tried only where it
# matches, so the markers found are those of ``MARKER.finditer``.
_MARKER_SHAPE = re.compile(rf"[第【（(\d{CN_NUM}][\d{CN_NUM}]{{0,2}}[ \t]*[、.部章】）)]")


def iter_markers(text: str, start: int = 0, end: int | None = None):
    """Every heading numeral in ``text[start:end]``: (position, style, numeral, end of marker)."""
    stop = len(text) if end is None else end
    search, match = _MARKER_SHAPE.search, MARKER.match
    pos = start
    while (shape := search(text, pos, stop)) is not None:
        at = shape.start()
        m = match(text, at, stop)
        if m is None:
            pos = at + 1
            continue
        pos = m.end()
        hit = _accept(text, m)
        if hit is not None:
            yield at, hit[0], hit[1], pos


# A legacy (spec §6) or organ title runs up to one of these endings; a problems title may go on
# with its improvements part, a 情况 title with 统计表.
LEGACY_END = re.compile(
    r".{0,30}?(?:情况统计表|统计表|情况|措施|概述|基本情况|事项|(?:存在的?|主要)问题(?:[及和与]|以及)?(?:改进|整改)?(?:措施|情况|工作)?)"
)
_TITLE_CHARS = re.compile(r"[\u4e00-\u9fff、（）]+")
_TITLE_MORE = re.compile(r"(?:[及和与、]|以及)[\u4e00-\u9fff、]{0,8}?(?:情况|措施|事项)")


def legacy_title_len(rest: str) -> int:
    """Length of a title ending in an outline word at the start of ``rest`` (0: none). The title
    is made of Chinese characters only and may go on past a first ending through a connector
    (「审批事项及处理情况」)."""
    if rest[:1] in CN_NUM:
        return 0
    m = LEGACY_END.match(rest)
    if m is None or not _TITLE_CHARS.fullmatch(m.group(0)):
        return 0
    more = _TITLE_MORE.match(rest, m.end())
    return more.end() if more else m.end()


_GUESS_STOP = re.compile(r"[。，,；;：:！？!?（(\d\s|]")
GUESS_MAX = 20


def guess_title(rest: str) -> str:
    """Title of a heading whose body runs on after it with no ending word (「二、加大重点领域主动公开
    在网站…」): up to the first punctuation, digit or bracket, at most ``GUESS_MAX`` characters."""
    m = _GUESS_STOP.search(rest, 0, GUESS_MAX + 1)
    return rest[: m.start()] if m else rest[:GUESS_MAX]


LEGACY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("五", re.compile(r"问题|改进")),
    ("四", re.compile(r"复议|诉讼")),
    ("一", re.compile(r"概述|基本情况|总体情况")),
    ("三", re.compile(r"依申请|申请")),
    ("二", re.compile(r"主动公开")),
    ("六", re.compile(r"其他")),
)


def legacy_topic(title: str) -> str | None:
    """Closest of 一…六 for a legacy heading, so rules can find 'the problems section' of any era."""
    for sid, pat in LEGACY_TOPICS:
        if pat.search(title):
            return sid
    return None
