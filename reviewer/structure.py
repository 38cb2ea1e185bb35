"""Section detection from headings. The 2019+ outline has six numbered sections (spec §2); older
reports use their own outline (spec §6) and are recognised as legacy, not failed."""

from __future__ import annotations

import re

from reviewer.model import SECTION_IDS, Document, Section

# Canonical topics of the six sections with tolerant keyword patterns (spec §2 and variants).
SECTION_TOPICS: dict[str, re.Pattern[str]] = {
    "一": re.compile(r"总体情况|概述|基本情况"),
    "二": re.compile(r"主动公开"),
    "三": re.compile(r"(?:收到|处理).{0,6}申请|依申请公开"),
    "四": re.compile(r"行政(?:法)?复议|行政诉讼"),
    "五": re.compile(r"(?:存在|主要)的?(?:主要)?问题|改进(?:情况|措施)|整改措施"),
    "六": re.compile(r"其他(?:需要)?(?:报告)?的?事项|其他事项"),
}

_HEADING = re.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、．.，,]\s*(?P<title>[^\n]{2,60})$")


def detect_sections(doc: Document) -> None:
    """Find numbered top-level headings on their own paragraph; assign ids by topic, fall back to
    the printed numeral."""
    heads: list[tuple[int, int, str, str]] = []  # (start, heading_end, numeral, title)
    for p in doc.paragraphs:
        line = doc.text[p.start : p.end]
        m = _HEADING.match(line)
        if not m or len(line) > 40 or line.endswith(("。", "；")):
            continue
        heads.append((p.start, p.end, m.group("num"), m.group("title").strip()))
    sections: list[Section] = []
    for i, (start, hend, num, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(doc.text)
        sid = None
        if doc.era != "legacy":
            for cand, pat in SECTION_TOPICS.items():
                if pat.search(title):
                    sid = cand
                    break
            if sid is None and num in SECTION_IDS:
                sid = num
        sections.append(Section(id=sid or title, title=title, start=start, end=end, heading_end=hend, number=num))
    doc.sections = sections
