"""Interpretable cues of specific and formulaic writing (spec §8).

Each cue is a named regular expression with a polarity. The classifier sees their (clipped) counts
next to the n-grams, and the same matches are shown to the reader as the reasons for a label, so
what a reviewer reads is what the model weighed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from reviewer.fastre import guarded
from reviewer.vagueness.signals import SIGNAL_NAMES, SIGNALS, signal_hits

_CN = "一二两三四五六七八九十百千万"
_UNIT = r"(?:件|条|篇|次|家|个|期|名|人次|人|场|份|项|万元|亿元|元|个工作日|工作日|天|小时|分|所|户|台|栏|部|批)"


# 两项 三个重点领域 十余家 上百场 数十篇; not 一个/每一条 (not a count) nor 三个方面 (a list frame, D3)
_CN_COUNT = (
    r"(?<![第是每一])(?:[两二三四五六七八九十][十百千万]?|[一二三四五六七八九]?[十百千万])[余多]?"
    r"(?:个|项|家|件|条|篇|期|名|场|份|人次|次(?!要)|所|批|户|类|轮|场次)"
    r"(?!方面|导向|结合|到位|提升|环节|层面|维度|自信|意识|转变|统一|面|级)"
    r"|(?:上百|上千|数十|数百|几十|几百|近百|近千|百余|千余)(?:个|项|家|件|条|篇|期|名|场|份|人次|次|所|批|户)"
)


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    polarity: int  # +1 specific, -1 formulaic
    pattern: re.Pattern[str]
    label: str  # shown to the reader


def _c(name: str, polarity: int, pattern: str, label: str) -> Cue:
    return Cue(name, polarity, guarded(re.compile(pattern)), label)  # tried only where a match can begin


CUES: tuple[Cue, ...] = (
    # -- specific (spec §8 "Specific writing has") -----------------------------------------------
    # counts in every written form; approximate counts (300余场, 400多条, 近百篇, 约20家) are counts
    _c("count", 1, rf"(?<![\d.第])(?:近|约|逾|超过|超|达|共|累计)?\d+(?:\.\d+)?\s*(?:余|多)?\s*{_UNIT}", "count with unit"),
    _c("cn_count", 1, _CN_COUNT, "count in words"),
    _c("percent", 1, r"\d+(?:\.\d+)?\s*[%％]|百分之", "percentage"),
    _c("yoy", 1, r"同比|环比|较上年|比上年|较去年|比去年|较\d{4}年|比\d{4}年|由[^，。；]{0,12}(?:增至|降至|缩短至|提高到|提高至)", "comparison with last year"),
    _c("date", 1, r"\d{1,2}月(?:\d{1,2}日)?|(?:月底|月末|年底|年内|上半年|下半年|第[一二三四]季度)(?:前|之前)?|截至|于[^，。；]{0,8}前|\d+个?工作日内|\d+小时内|\d+日内", "date or deadline"),
    _c("frequency", 1, r"每(?:月|周|季度?|半年|年|日|天)|按(?:月|季度?|周|年度)|季度(?:检查|抽查|通报|评查)|逐月|逐季", "fixed frequency"),
    _c("document", 1, r"《(?!(?:中华人民共和国)?政府信息公开条例》|条例》)[^》]{2,40}》", "named document"),
    _c("quoted_name", 1, r"“[^”]{2,14}”(?:专栏|栏目|平台|机制|系统|活动|试点|APP|公众号|热线|专区|品牌|行动|系列|小程序|模式)", "named column/platform/mechanism"),
    _c("launch", 1, r"(?:开设|新设|增设|推出|上线|开通|依托|设立|建成|启用|改版)[^，。；]{0,4}“[^”]{2,14}”|(?:开设|增设|新设|上线|开通|设立|启用)[^，。；]{2,18}(?:专栏|栏目|窗口|查阅点|专区|系统|平台|入口|功能)", "concrete channel"),
    # a bare 牵头 names no owner: who leads must be said (由办公室牵头, 法规科牵头)
    _c("owner", 1, r"由[^，。；]{2,16}(?:负责|牵头|统一|审核|组织|把关)|(?:办公室|[处科股室]|中心|[局委办])牵头|专人|专职|责任人|法律顾问|分管领导", "owner named"),
    _c("office", 1, r"办公室|法规[处股科]|政务公开[办科股]|党政办|信息中心|大数据(?:局|中心)|司法局|融媒体中心", "named office"),
    _c("scope", 1, rf"\d+\s*(?:家|个)[^，。；]{{0,8}}(?:单位|部门|乡镇|街道|村|社区|处室|科室|县区|账号|镇街)|[{_CN}\d]+个(?:乡镇|村|社区|部门|县区|账号|处室)", "named scope"),
    _c("cause", 1, r"导致|由于|因为|原因是|人手(?:少|不足|紧张|有限)|兼职(?:多|为主|较多)|流动性(?:大|较大|过快|强)|缺乏专(?:业|职)|(?:兼职|轮岗|调入|新聘|借调|流动)[^，。；]{0,10}(?:人员|同志|经办)|(?:人员|同志)[^，。；]{0,6}(?:兼职|轮岗|调整|变动)|机构改革|整合后", "named cause"),
    _c("last_year", 1, r"上年度?|去年|上一年度?|\d{4}\s*年(?:度)?(?:政府信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报)|已整改|整改(?:完毕|到位)|已于|仍未解决", "last year's problem"),
    _c("done", 1, r"已(?:经)?(?:完成|上线|开设|修复|整改|关停|全部|成功|实现|建成|迁|启用|下架)|完成了|均已", "completed measure"),
    _c("object", 1, r"模板|范本|台账|清单|汇编|知识库|明白纸|明白卡|流程图|课件|指引|脱敏|接口|查询机|公开栏|督办单|会签|复核|评查|约谈|案卷|文号", "concrete deliverable"),
    # -- formulaic (spec §8 "Formulaic markers") ---------------------------------------------------
    _c("gap", -1, r"一定(?:的)?(?:成效|成绩|差距|进展)|还有(?:一定)?差距|存在(?:一些|一定)|问题和不足|不足和|短板|薄弱环节|需要加强和改进", "gap formula"),
    _c("youdai", -1, r"有待|仍需|还需|尚需|需(?:要)?进一步|仍待|需持续|仍有(?:提升|改进)空间", "有待/仍需"),
    _c("buguo", -1, r"不够|不足|不强|不深|不高|欠缺|不到位|较为单一|形式单一|不均衡|参差不齐|滞后", "不够/不足"),
    _c("remedy", -1, r"进一步|不断|持续|切实|着力|全面|积极|深入|认真|大力|努力|扎实", "empty remedy"),
    _c("strengthen", -1, r"加强|加大|完善|提升|提高|强化|深化|健全|优化|规范|拓宽|丰富|拓展", "加强/完善"),
    _c("slogan", -1, r"扎实推进|有序推进|制度化|规范化|常态化|标准化|再上新台阶|以公开为常态|不公开为例外|公开为原则|知情权|服务型政府|提质增效|高度重视|落到实处|工作合力|新台阶|新成效|看得懂|最后一公里|获得感|满意度|公信力", "slogan"),
    _c("statute", -1, r"《(?:中华人民共和国)?政府信息公开条例》|新?《条例》|工作要点|决策部署|上级(?:有关)?要求", "statute/instruction only"),
    _c("year_only", -1, r"\d{4}\s*年(?!\d|\s*\d|度?(?:政府信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报))", "year as time frame"),
    _c("zero_event", 1, r"未(?:发生|收到|收取|出现|产生|接到)[^，。；]{2,20}|(?:行政复议|行政诉讼|投诉|举报)[^，。；]{0,8}(?:为零|为0|0件)", "none happened (zero count)"),
    _c("ordinal", -1, rf"^(?:[{_CN}]是|（[{_CN}]）|\([{_CN}]\)|\d[、.．])|以下(?:几|[{_CN}])个方面|[{_CN}]个(?:方面|导向|结合|到位|提升)", "list marker"),
    _c("generic_scope", -1, r"部分|个别|少数|一些|有的|各级|各单位|各部门", "unnamed scope"),
)

NAMES: tuple[str, ...] = tuple(c.name for c in CUES) + SIGNAL_NAMES + ("length", "clauses", "no_specific")
_SIGNAL = {name: (polarity, label) for name, polarity, label in SIGNALS}


@lru_cache(maxsize=8192)
def _matches(sentence: str) -> tuple[tuple[tuple[str, int, int], ...], ...]:
    """(text, start, end) of every match of every cue, in CUES order: one pass of the patterns
    serves both ``scan`` and ``evidence``."""
    return tuple(tuple((m.group(0), m.start(), m.end()) for m in c.pattern.finditer(sentence)) for c in CUES)


@lru_cache(maxsize=8192)
def scan(sentence: str) -> tuple[tuple[str, ...], ...]:
    """The matched texts of every cue, in CUES order; cached because the classifier, the
    explanation and the section's specificity all read the same matches."""
    return tuple(tuple(t for t, _, _ in ms) for ms in _matches(sentence))


@dataclass(frozen=True, slots=True)
class Evidence:
    cue: str  # cue or signal name
    label: str  # shown to the reader
    polarity: int  # +1 specific, -1 formulaic, 0 discourse role
    text: str
    start: int
    end: int

    def show(self, lang: str = "zh") -> str:
        """The hit as evidence, named in ``lang`` by the message catalogue (``cue-*`` labels)."""
        from reviewer.messages.evidence import cue_shown

        return cue_shown(self.cue, self.text, self.start, self.end, lang)


@lru_cache(maxsize=8192)
def evidence(sentence: str) -> tuple[Evidence, ...]:
    """Every cue and segmentation signal found, with the matched text and its code-point span."""
    out = [Evidence(c.name, c.label, c.polarity, t, s, e)
           for c, ms in zip(CUES, _matches(sentence), strict=True) for t, s, e in ms if t.strip()]
    out += [Evidence(h.name, _SIGNAL[h.name][1], _SIGNAL[h.name][0], h.text, h.start, h.end) for h in signal_hits(sentence)]
    return tuple(out)


def n_specific(sentence: str) -> int:
    """Number of specific details (matches of positive regular cues) in the sentence."""
    return sum(len(m) for c, m in zip(CUES, scan(sentence), strict=True) if c.polarity > 0)


def has_specific_evidence(sentence: str) -> bool:
    return any(e.polarity > 0 for e in evidence(sentence))


def cue_vector(sentence: str) -> list[float]:
    """Clipped counts of every cue and signal plus length, clause count and 'no specific cue'."""
    out: list[float] = []
    any_specific = False
    for c, matches in zip(CUES, scan(sentence), strict=True):
        n = len(matches)
        if n and c.polarity > 0:
            any_specific = True
        out.append(min(n, 3) / 3.0)
    counts = dict.fromkeys(SIGNAL_NAMES, 0)
    for h in signal_hits(sentence):
        counts[h.name] += 1
    for name in SIGNAL_NAMES:
        out.append(min(counts[name], 3) / 3.0)
    out.append(min(math.log1p(len(sentence)) / 5.0, 1.2))
    out.append(min(sentence.count("，") + sentence.count("、") / 2, 8) / 8.0)
    out.append(0.0 if any_specific else 1.0)
    return out


def cue_matrix(sentences: list[str]) -> np.ndarray:
    return np.asarray([cue_vector(s) for s in sentences], dtype=np.float64).reshape(len(sentences), len(NAMES))


def explain(sentence: str, limit: int = 6) -> dict[str, list[str]]:
    """The matched cue texts, grouped by polarity, e.g. {'specific': ['43件 (count with unit)'], ...};
    discourse roles under 'role'."""
    groups: dict[str, list[str]] = {"specific": [], "vague": [], "role": []}
    for e in evidence(sentence):
        key = "specific" if e.polarity > 0 else "vague" if e.polarity < 0 else "role"
        item = f"{e.text.strip()} ({e.label})"
        if item not in groups[key]:
            groups[key].append(item)
    return {k: v[:limit] for k, v in groups.items()}
