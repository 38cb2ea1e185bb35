"""Signals of specific writing read from the segmented sentence (spec §8), beside the regular cues of
``features``: proper names by part of speech, named channels written without quotes, discrete
actions on concrete objects against stock verbs on abstract objects, and the sentence's discourse
role (heading, lead-in, problem, measure, signature line, line fragment).

Every signal returns ``Hit``s with the matched text and its code-point span, so a verdict can cite
exactly what it saw. Deterministic: jieba's part-of-speech tagger on the disclosure dictionary, no
randomness, results cached per sentence and per run of the tagger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reviewer.segmentation.segmenter import _jieba


@dataclass(frozen=True, slots=True)
class Hit:
    name: str
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _tagger():
    from reviewer.vagueness.posviterbi import pos_tokenizer

    return pos_tokenizer(_jieba(True))


def load_tagger() -> None:
    """Load the part-of-speech tables once (about half a second), before a worker pool forks."""
    from reviewer.vagueness.posviterbi import tables

    _tagger()
    tables()


@lru_cache(maxsize=65536)
def _tag_block(block: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.word, w.flag) for w in _tagger().cut(block))


def tagged(sentence: str) -> tuple[tuple[str, str, int], ...]:
    """(word, POS flag, start offset) for every token of the sentence. The tagger first splits a
    text into runs of han/alphanumeric characters and the runs between them (``re_han_internal``)
    and tags each run on its own, so a sentence's tags are its runs' tags in order; reports share
    most of their clauses, so each run is tagged once per process (its hidden-Markov pass over
    unknown words is the costly part)."""
    from jieba.posseg import re_han_internal

    out = []
    pos = 0
    for block in re_han_internal.split(sentence):
        if not block:
            continue
        for word, flag in _tag_block(block):
            out.append((word, flag, pos))
            pos += len(word)
    return tuple(out)


# -- proper names -----------------------------------------------------------------------------
_NE_FLAGS = {"nr": "ne_person", "nt": "ne_org", "nz": "ne_other", "ns": "ne_place"}
_NE_STOP = re.compile(r"^(?:中华人民共和国|国务院|国务院办公厅|中共中央|党中央|全国|我国|中国|入口|首页|印发|.*条例)$")
# jieba tags many two-character words nr; a person's name starts with a common surname
_SURNAME = re.compile(r"^[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤]")
# a quoted short term that is not a slogan (no enumeration comma, not a stock phrase): “政策直达”
_QUOTED = re.compile(r"[“\"]([^”\"、，,。]{2,8})[”\"]")
_SLOGAN_QUOTE = re.compile(r"公开|不公开|例外|常态|最后一公里|看得懂|用得上|放管服|互联网\+|一次|跑腿|满意|便民|为民")

# a channel whose name carries a distinguishing modifier: 厅长信箱, 青禾政务服务网, 云溪发布
_CHANNEL_HEAD = re.compile(r"^(?:信箱|服务网|政务网|网|公众号|专栏|专区|平台|热线|客户端|小程序|APP|app|发布|号)$")
_TITLES = re.compile(r"^(?:厅长|局长|市长|县长|区长|镇长|书记|主任|主席|省长|委员)$")
_GENERIC_MOD = re.compile(
    r"^(?:政府|门户|网上|在线|互联网|信息公开|政务公开|政务|政民互动|新媒体|各类|相关|办事|服务|官方|统一|公开|宣传|"
    r"解读|专题|信息|网络|新闻|该|本|各|其他|部分|多个|上述|有关|微信|微博|数据|工作|业务|管理|系统|一体化|综合)$"
)


def _names(tokens: tuple[tuple[str, str, int], ...]) -> list[Hit]:
    out = []
    for word, flag, s in tokens:
        if flag in _NE_FLAGS and len(word) >= 2 and not _NE_STOP.match(word) and (flag != "nr" or _SURNAME.match(word)):
            out.append(Hit(_NE_FLAGS[flag], word, s, s + len(word)))
    return out


def _channels(sentence: str, tokens: tuple[tuple[str, str, int], ...]) -> list[Hit]:
    out = []
    for i, (word, _flag, s) in enumerate(tokens):
        if not _CHANNEL_HEAD.match(word) or i == 0:
            continue
        mods = []
        for w, f, ms in reversed(tokens[max(0, i - 3) : i]):
            if not (f.startswith("n") or f in ("j", "eng", "l")) or not re.match(r"^[\u4e00-\u9fffA-Za-z0-9]+$", w):
                break
            mods.append((w, f, ms))
        if not mods:
            continue
        named = any(f in ("ns", "nr", "nt", "nz") or _TITLES.match(w) for w, f, _ in mods)
        if named and not all(_GENERIC_MOD.match(w) for w, _f, _ in mods):
            start = mods[-1][2]
            out.append(Hit("named_channel", sentence[start : s + len(word)], start, s + len(word)))
    return out


# -- actions on objects -------------------------------------------------------------------------
_DISCRETE = re.compile(
    r"^(?:开通|开设|增设|新设|新增|上线|升级|改版|改造|迁移|建成|印发|修订|制定|出台|编制|编印|汇编|发放|录制|拍摄|"
    r"举办|召开|整合|关停|下架|撤销|合并|对接|接入|嵌入|部署|配备|设立|聘请|开发|发布|公布|更新|补录|核查|排查|清理|"
    r"梳理|删除|纠正|撤回|约谈|通报|印制|张贴|推送|受理|办结|答复|征集|上报|报送|启用|试点|挂网|送达)$"
)
_STOCK = re.compile(
    r"^(?:加强|提升|推进|推动|完善|深化|强化|提高|健全|优化|加大|拓宽|丰富|规范|落实|做好|抓好|扩大|坚持|注重|"
    r"确保|促进|夯实|增强|改进|加快|狠抓|突出|巩固)$"
)
_ABSTRACT = re.compile(
    r"^(?:工作|水平|力度|意识|能力|质量|机制|体系|建设|认识|成效|效果|作用|服务|管理|举措|措施|制度|方面|理念|内容|"
    r"形式|渠道|范围|深度|广度|实效|保障|监督|公开|政务公开|信息公开|政府信息公开|队伍|责任|领导|时效性|准确性|"
    r"规范性|针对性|实效性|及时性|全面性|标准化|规范化|常态化|透明度|公信力|满意度|互动|回应|解读|宣传|培训|"
    r"考核|指导|落实|推进|提升|要求|部署|精神|需求|关切|效能|职能|作风|意见|建议|政策|信息|质效|基础|格局|合力|全面|深入|系统|集中|统一|渠道|方式|途径|环节|领域|过程|全过程|步伐|进程|有关|相关|重点|各项|各类)$"
)
_NOUNISH = ("n", "nz", "nt", "ns", "nr", "vn", "an", "eng", "l", "j", "i")
_OBJ_VERB = re.compile(r"^(?:改版|升级|上线|迁移|改造|关停|下架|整合|启用)$")


def _objects(tokens: tuple[tuple[str, str, int], ...], i: int, verbs: bool = False) -> list[tuple[str, int]]:
    """The noun-like tokens (and with ``verbs`` the verbal nouns: 开通网上申请) after token i, up to
    the clause's end or four tokens."""
    objs = []
    for w, f, ms in tokens[i + 1 : i + 5]:
        if f == "x" or w in "，。；、：":
            break
        if f in _NOUNISH or f.startswith("n") or (verbs and f in ("v", "vn", "s")):
            objs.append((w, ms))
    return objs


def _before(tokens: tuple[tuple[str, str, int], ...], i: int) -> tuple[str, int] | None:
    """The concrete noun this verb acts on when it comes first: 专栏改版, 对门户网站进行升级."""
    if tokens[i - 1][0] in ("全面", "深入", "系统", "集中", "统一") and i >= 2:
        i -= 1
    w, f, ms = tokens[i - 1]
    if (f in _NOUNISH or f.startswith("n")) and not _ABSTRACT.match(w):
        return w, ms
    if w == "进行":
        for j in range(i - 2, max(-1, i - 8), -1):
            wj, fj, _ = tokens[j]
            if fj == "x":
                return None
            if wj == "对":
                nouns = [(w2, m2) for w2, f2, m2 in tokens[j + 1 : i - 1] if (f2 in _NOUNISH or f2.startswith("n"))]
                concrete = [x for x in nouns if not _ABSTRACT.match(x[0])]
                return (concrete[0][0], nouns[0][1]) if concrete else None
    return None


def _actions(sentence: str, tokens: tuple[tuple[str, str, int], ...]) -> list[Hit]:
    out = []
    for i, (word, flag, s) in enumerate(tokens):
        if _OBJ_VERB.match(word) and i > 0:
            obj = _before(tokens, i)
            if obj is not None:
                out.append(Hit("action_object", sentence[obj[1] : s + len(word)], obj[1], s + len(word)))
                continue
        verbish = flag.startswith("v") or flag == "d"
        if verbish and (_DISCRETE.match(word) or _STOCK.match(word)):
            objs = _objects(tokens, i, verbs=bool(_DISCRETE.match(word)))
            if not objs:
                continue
            end = objs[-1][1] + len(objs[-1][0])
            if _DISCRETE.match(word):
                if any(not _ABSTRACT.match(w) for w, _ in objs):
                    out.append(Hit("action_object", sentence[s:end], s, end))
            elif _ABSTRACT.match(objs[-1][0]):
                out.append(Hit("stock_action", sentence[s:end], s, end))
    return out


# -- discourse role ---------------------------------------------------------------------------
_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、．])[^，。；：]{0,16}[。；]?$"
)
_LEAD_IN = re.compile(r"[：:]$|如下|以下(?:几|[一二三四五六七八九十])?(?:个)?方面|主要(?:表现|体现)(?:在|为)")
_PROBLEM = re.compile(r"存在|问题|不足|不够|有待|欠缺|薄弱|滞后|短板|差距|不强|不高|不到位|不及时|不规范|较少|较弱|缺乏")
_MEASURE = re.compile(r"^(?:下一步|今后|接下来|\d{4}\s*年[，,]|针对)|将(?:进一步|继续|持续|着力|重点|加强|采取|从|以)|拟|计划")
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_END = re.compile(r"[。；;！!？?：:”’」』）)]$")


def roles(sentence: str) -> list[Hit]:
    """The discourse role(s) of the sentence, each as a hit over the whole sentence."""
    t = sentence.strip()
    n = len(sentence)
    out = []
    if _SIGNATURE.match(t):
        return [Hit("role_signature", t, 0, n)]
    if _HEADING.match(t) or (len(t) <= 16 and not re.search(r"[，,；;]", t) and not _END.search(t)):
        out.append(Hit("role_heading", t, 0, n))
    if _LEAD_IN.search(t):
        out.append(Hit("role_lead_in", t, 0, n))
    if _PROBLEM.search(t):
        out.append(Hit("role_problem", t, 0, n))
    if _MEASURE.search(t):
        out.append(Hit("role_measure", t, 0, n))
    if not _END.search(t):
        out.append(Hit("role_fragment", t, 0, n))
    return out


SIGNALS: tuple[tuple[str, int, str], ...] = (
    # name, polarity (+1 specific, -1 formulaic, 0 role), label shown to the reader
    ("ne_person", 1, "人名"),
    ("ne_org", 1, "机构名"),
    ("ne_other", 1, "专名"),
    ("ne_place", 0, "地名"),
    ("named_channel", 1, "具名平台/信箱/栏目"),
    ("quoted_term", 1, "引号内专名"),
    ("action_object", 1, "具体动作+对象"),
    ("stock_action", -1, "套话动作+抽象对象"),
    ("role_heading", 0, "标题"),
    ("role_lead_in", 0, "引导句"),
    ("role_problem", 0, "问题陈述"),
    ("role_measure", 0, "措施陈述"),
    ("role_signature", -1, "落款日期行"),
    ("role_fragment", 0, "断行片段"),
)
SIGNAL_NAMES: tuple[str, ...] = tuple(s[0] for s in SIGNALS)


@lru_cache(maxsize=16384)
def signal_hits(sentence: str) -> tuple[Hit, ...]:
    tokens = tagged(sentence)
    quoted = [Hit("quoted_term", m.group(0), m.start(), m.end()) for m in _QUOTED.finditer(sentence)
              if not _SLOGAN_QUOTE.search(m.group(1))]
    return tuple(_names(tokens) + _channels(sentence, tokens) + _actions(sentence, tokens) + quoted + roles(sentence))
