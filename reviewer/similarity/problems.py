"""Repeated problems judged on the problem itself (spec §8: "a problem statement that is identical
(or nearly) to last year's … is a finding in itself"): what is wrong, in what — not the wording.

A problem sentence of section 五 (one that names a defect: 不够/不足/有待/偏少/单一/滞后/…, and is
not a measure: 将/下一步/计划/…) is reduced to its content: character pairs of its words once the
stock words of the genre (进一步, 加强, 存在, 政务公开, 工作, …) are removed. A problem whose content
pairs mostly recur in one problem sentence of the organ's earlier section 五 is the same problem,
restated in new words or not. Stock lead-ins (「但也存在一些不足」) have no content left and are never
problems."""

from __future__ import annotations

import re

DEFECT = re.compile(r"不够|不足|有待|欠缺|偏少|较少|偏低|单一|不高|不强|滞后|不到位|不及时|不完善|不规范|不全面|不深|不广|"
                    r"短板|差距|薄弱|缺乏|缺少|不平衡|不充分|不统一|不一致|较慢|偏慢|不清|困难")
MEASURE = re.compile(r"^(?:[一二三四五六七八九十]是)?(?:将|下一步|下步|今后|\d{4}年|明年|计划|拟|要|继续|持续|进一步|加强|加大|推动|推进|强化|完善|建立|健全|做好|抓好|认真|切实|积极|着力)")
# the lead-in to the problems: what was achieved, "but" some shortcomings remain
LEAD_IN = re.compile(r"(?:取得|有了|收到)[^，。]{0,12}(?:成效|成绩|进展|效果)[^。]{0,40}(?:但|然而|同时)")
STOCK = re.compile(
    r"政府信息公开|政务公开|信息公开|政府信息|进一步|加强|提高|提升|存在|问题|工作|方面|一些|一定|部分|个别|还|仍|仍然|尚|"
    r"需要|需|有待|不够|不足|方面|主要|情况|等|的|了|和|与|及|在|对|是|有|也|但|虽然|取得|成效|一是|二是|三是|四是|"
    r"我局|本局|本机关|我单位|单位|相关|有关|程度|水平|力度|能力|意识|未解决|仍未|解决|依然|较为|比较|相对"
)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_SENT = re.compile(r"[^。；;！？\n]+")
MIN_PAIRS = 3  # content pairs a problem needs
SHARE = 0.6  # of its content pairs found in one earlier problem


def content(sentence: str) -> frozenset[str]:
    out: set[str] = set()
    for run in _HAN.findall(STOCK.sub("|", DEFECT.sub("|", sentence))):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def problem_sentences(text: str, start: int, end: int) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, content pairs) of each problem sentence in ``text[start:end]``."""
    out = []
    for m in _SENT.finditer(text, start, end):
        s = m.group().strip()
        if not DEFECT.search(s) or MEASURE.match(s) or LEAD_IN.search(s):
            continue
        c = content(s)
        if len(c) >= MIN_PAIRS:
            out.append((m.start(), m.end(), c))
    return out


def restated(here: list[tuple[int, int, frozenset[str]]], before: list[tuple[int, int, frozenset[str]]]) -> list[tuple[int, int, int, int]]:
    """(start, end, source start, source end) of each problem of ``here`` restated from ``before``."""
    out = []
    for a, b, c in here:
        best = max(before, key=lambda x: len(c & x[2]), default=None)
        if best is not None and len(c & best[2]) >= max(MIN_PAIRS, SHARE * len(c)):
            out.append((a, b, best[0], best[1]))
    return out
