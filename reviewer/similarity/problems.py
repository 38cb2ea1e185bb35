"""Repeated problems judged on the problem itself (spec §8: "a problem statement that is identical
(or nearly) to last year's … is a finding in itself"): what is wrong, in what — not the wording.

Section 五 is read up to where its measures begin (a heading or a sentence opening the improvements:
改进措施, 下一步, 针对上述问题 …). Each clause there that names a defect (不够/不足/有待/单一/滞后/
需进一步提升 …) and is not a measure (将/计划/加强 … at the head of its sentence) is one problem; a
stock lead-in (「取得一定成效，但也存在一些不足」, 「与…要求相比还有差距」) names none and is never one,
nor is the account of an earlier problem fixed (「上年年报提出的…问题，已整改完成」). The genre's words for one
thing are first written as one word (``SYNONYMS``: 联络员/信息员, 专栏/版块/栏目, 解读材料/政策解读 …). A
problem is then reduced to

- its *core*: the clause once the genre's stock words (进一步, 加强, 存在, 政务公开, 工作, …) and the
  defect words are removed (「部分高校的信息公开工作还有待加强」 → 「高校」);
- its content pairs: the character pairs of the core;
- its *aspect*: the quality found wanting (timeliness, richness, diversity, awareness, quality,
  training, conformity, staffing, interaction) and the object it is wanting in (content, form,
  interpretation, requests, platforms), from the words the genre uses for them (spec §8: 不够及时/
  丰富/深入/多元, 意识不强, 培训不足). The form of a thing not being rich is its diversity; too little
  of a thing is its richness; breadth and depth with nothing named are those of the content; a
  platform's building (建设滞后) is not its timeliness.

A problem restates an earlier one when their cores are equal, when its content pairs mostly recur in
it, or when both name the same quality wanting in the same thing (a place named on one side only is no
other place, unless the quality is only a level or an effect) and neither gives the year's figures (「…信息更新滞后，年内有7条…」 is a fact observed, judged on its words): 「内容不够充实」
restates 「信息公开内容有待进一步完善」, 「公开方式不够多样」 restates 「形式不够多样」, but
「政策解读不够及时」 (timeliness of interpretation) is new after 「政策解读形式单一」."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFECT = re.compile(r"不够|不足|有待|欠缺|偏少|较少|偏低|单一|不高|不强|滞后|不到位|不及时|不完善|不规范|不全面|不深|不广|"
                    r"短板|差距|薄弱|缺乏|缺少|不平衡|不充分|不统一|不一致|较慢|偏慢|不清|困难|分散|不健全|不完整|不准确|不明确|"
                    r"不明显|不畅|不便|难以|尚未|未能|亟需|亟待|不多|较弱|偏弱|不严|不细|不精准|欠佳|简单|失效|无法|错误|遗漏|缺失|"
                    r"过长|过多|过少|偏多|仅占|仅有|仅(?:公开|发布|提供|支持|限于|停留)|以[^，。；]{1,8}为主|无人|频繁|不力|落后|不稳定|较大|性大|"
                    r"重[^，。；、]{1,6}轻|流于形式|不熟悉|不熟练|跟不上|不同步|陈旧|老化|缺位|不能(?:满足|适应)|"
                    r"参差不齐|不均衡|不理想|较差|不大|较小|偏小|较低|过低|率低|度低|"
                    r"未(?!发生|收到|出现|有|因|予)(?:按|能|及时|同步|载明|列明|标注|公开|公示|建立|落实|实现|开展|更新|纳入|明确|单独|全部)|"
                    r"(?:还|仍|尚)?需(?:要)?(?:进一步|持续|继续)?(?:提升|提高|加强|增强|强化|完善|改进|规范|丰富|拓展)")
MEASURE = re.compile(r"^(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d][)）]|\d+[.、．])?"
                     r"(?:将|下一步|下步|今后|(?:\d{4}年(?:度)?|明年)[，,]?[^，,。]{0,8}?(?:将|要|拟|计划)|明年|计划|拟|要|继续|持续|进一步|加强|加大|推动|推进|强化|完善|建立|"
                     r"健全|做好|抓好|认真|切实|积极|着力|针对|为此|对此|为解决)")
# where the measures begin: a heading line of its own (not one naming the problems), or a sentence
# turning to them as a list (「下一步，我局将从以下几个方面…：」)
MEASURES_START = re.compile(
    r"(?:^|\n)[^\n。问]{0,12}(?:改进|整改|解决|工作)(?:措施|办法|举措|方向|计划|打算)[^\n。问]{0,6}(?=\n)|"
    r"(?:^|[。；;\n])\s*(?:针对(?:上述|以上|这些|存在的)|下一步|下步|今后)[^。\n]{0,40}(?:以下|如下|几个方面|[：:])"
)
# the lead-in to the problems: what was achieved, "but" some shortcomings remain
LEAD_IN = re.compile(r"(?:取得|有了|收到)[^，。]{0,12}(?:成效|成绩|进展|效果)[^。]{0,40}?(?:但|然而|同时)")
# a stock gap formula (spec §8: 与…要求相比还有差距) names no problem
GAP = re.compile(r"(?:与|同|对照|距离|离)[^，。；]{0,24}(?:要求|期待|期望|期盼|需求|目标)[^，。；]{0,8}(?:相比|相较|比)?[^，。；]{0,10}(?:差距|不足)")
_FIGURE = re.compile(r"\d")
# the genre's words for one thing (栏目/专栏/版块, 信息员/联络员 …), each written as the first before a
# problem is reduced, so a problem restated in other words keeps its core and pairs
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("信息员", r"信息联络员|联络员|通讯员"),
    ("栏目", r"专栏|版块|板块"),
    ("网站", r"门户网站|政府网站|官方网站|官网"),
    ("新媒体", r"政务新媒体|政务微信公众号|微信公众号|公众号|官方微信|政务微博"),
    ("解读", r"政策解读稿|政策解读|解读材料|解读稿"),
    ("人员", r"工作人员|干部职工|干部"),
    ("发布", r"推送|公布"),
    ("依申请", r"依申请公开|政府信息公开申请|信息公开申请"),
    ("内容", r"信息量|内容"),
    ("多样", r"多元|多样化|多元化"),
    ("丰富", r"充实|翔实|详实"),
    ("及时", r"时效性|时效"),
)
_SYN = [(w, re.compile(rx)) for w, rx in SYNONYMS]


def normalise(clause: str) -> str:
    """``clause`` with each of the genre's synonyms written as its first word (``SYNONYMS``)."""
    for w, rx in _SYN:
        clause = rx.sub(w, clause)
    return clause


# an account of an earlier problem and its fix (spec §8: what was done about last year's problems)
FIXED = re.compile(r"已(?:经)?(?:整改|纠正|解决|完成|修复|落实|改进|完善)|(?:整改|纠正)(?:完成|到位)|得到(?:解决|纠正|改进|整改)|"
                   r"年报(?:中)?(?:提出|指出|反映)的|上(?:一)?年度?(?:报告)?(?:中)?(?:提出|指出|反映)的")
STOCK = re.compile(
    r"政府信息公开|政务公开|信息公开|政府信息|进一步|加强|提高|提升|增强|强化|存在|问题|工作|方面|一些|一定|部分|个别|还|仍|仍然|尚|"
    r"需要|需|有待|不够|不足|方面|主要|情况|等|的|了|和|与|及|在|对|是|有|也|但|虽然|取得|成效|一是|二是|三是|四是|五是|"
    r"我局|本局|我厅|本厅|我委|我办|我市|我县|我区|本机关|我单位|单位|相关|有关|程度|水平|力度|能力|意识|未解决|仍未|解决|依然|"
    r"较为|比较|相对|过于|较|亟待|持续|继续|推进|改进|之处|地方|做得|等|环节|短板|弱项|差距|困难|挑战"
)
# the aspect of a problem: the quality found wanting, and what it is wanting in
QUALITIES = (
    ("time", re.compile(r"及时|滞后|时效|更新|陈旧|老化")),
    ("build", re.compile(r"建设|改版|集约|整合|分散")),
    ("rich", re.compile(r"丰富|充实|完善|健全|全面|广泛|翔实|详实|深入|深度|广度|范围|覆盖|信息量")),
    ("diverse", re.compile(r"多样|单一|多元|创新|新颖|灵活|以文字为主")),
    ("aware", re.compile(r"意识|认识|观念|重视")),
    ("quality", re.compile(r"质量|水平|准确")),
    ("skill", re.compile(r"业务|专业|素质")),
    ("training", re.compile(r"培训")),
    ("norm", re.compile(r"规范(?!性文件)|标准化")),
    ("staff", re.compile(r"队伍|人员不足|人手|专职|兼职|力量|人员(?:少|紧|变动|流动|调整|更替)|变动频繁|流动性|配备")),
    ("interact", re.compile(r"互动|回应|参与|关切|留言|咨询")),
    ("publicity", re.compile(r"宣传|知晓")),
    ("balance", re.compile(r"不平衡|参差|不均衡|差异|重[^，。；、]{1,6}轻")),
    ("classify", re.compile(r"分类|属性|编目")),
    ("search", re.compile(r"检索|查询|查找")),
    ("links", re.compile(r"链接|打不开|无法打开|无法访问")),
    ("effect", re.compile(r"实效|效果|针对性|可读性|易懂|便利|便捷|体验|精准")),
)
OBJECTS = (
    ("content", re.compile(r"内容")),
    ("form", re.compile(r"形式|方式|手段|载体")),
    ("interpretation", re.compile(r"解读")),
    ("request", re.compile(r"依申请|申请办理|申请答复|答复书|答复文书")),
    ("platform", re.compile(r"网站|平台|栏目|专栏|新媒体|公众号|微博")),
    ("system", re.compile(r"制度|机制")),
    ("grassroots", re.compile(r"基层|乡镇|街道|村")),
)
# the things a problem can be wanting in; the rest of OBJECTS say where (platform, grassroots) or in
# what form: 「政策解读形式单一」 is wanting in interpretation, 「公开形式不够多样」 in none named
GENERIC = frozenset({"quality", "effect"})  # qualities any work can be wanting in (水平, 实效)
THINGS = frozenset({"content", "interpretation", "request", "system"})
_SCARCE = re.compile(r"偏少|较少|不多|数量少|数量不足")
_BREADTH = re.compile(r"丰富|全面|广泛|深入|深度|广度|范围|覆盖")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_SENT = re.compile(r"[^。；;！？\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")
_ENUM_MID = re.compile(r"(?<=[，,：:])\s*(?=[一二三四五六七八九十]是|其[一二三四五])")
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]是|其[一二三四五]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]、|首先|其次)\s*")
MIN_PAIRS = 3  # content pairs a problem needs to be compared on its pairs
SHARE = 0.6  # of its content pairs found in one earlier problem
MIN_CORE = 2  # characters of an equal core


@dataclass(frozen=True)
class Problem:
    start: int
    end: int
    item: tuple[int, int]  # the item of the list of problems holding the clause (what is reported)
    core: str
    pairs: frozenset[str]
    qualities: frozenset[str]
    objects: frozenset[str]
    counted: bool = False  # the item gives this year's figures: a fact observed, judged on its words only


def content(sentence: str) -> frozenset[str]:
    return _pairs(_core(sentence))


def _core(clause: str) -> str:
    return "".join(_HAN.findall(STOCK.sub("|", DEFECT.sub("|", clause))))


def _pairs(core: str) -> frozenset[str]:
    return frozenset(core[i : i + 2] for i in range(len(core) - 1))


def aspect(clause: str) -> tuple[frozenset[str], frozenset[str]]:
    objects = frozenset(k for k, rx in OBJECTS if rx.search(clause))
    qualities = {k for k, rx in QUALITIES if rx.search(clause)}
    if "form" in objects and "rich" in qualities:  # forms that are not rich are not diverse
        qualities = (qualities - {"rich"}) | {"diverse"}
    if "build" in qualities:  # the building of a platform (建设滞后: the building lags, not its updates)
        if "platform" not in objects:
            qualities.discard("build")
        elif not re.search(r"及时|更新|时效", clause):
            qualities.discard("time")
    if "time" in qualities and "content" in objects:  # the timeliness of content is that of its release
        objects = objects - {"content"}
    if objects & THINGS and _SCARCE.search(clause):  # too little of a thing: it is not rich
        qualities.add("rich")
    if qualities == {"rich"} and not objects and _BREADTH.search(clause):  # breadth and depth with nothing
        objects = frozenset({"content"})  # named: of what is disclosed
    return frozenset(qualities), objects


def problems_end(text: str, start: int, end: int) -> int:
    """Where the measures of section 五 (``text[start:end]``, its heading left out) begin."""
    m = MEASURES_START.search(text, start, end)
    return m.start() if m else end


def _items(text: str, start: int, end: int):
    """(start, end) of the items of the problems: sentences, split where a new 一是/二是 begins."""
    for m in _SENT.finditer(text, start, end):
        a = m.start()
        for k in _ENUM_MID.finditer(text, m.start(), m.end()):
            yield a, k.start()
            a = k.end()
        yield a, m.end()


def _listed(clause: str) -> list[tuple[int, int]]:
    """A clause listing several problems (「内容不够充实、形式不够多样」) split into them; a listed
    word naming no defect (「不够及时、全面」) stays with the problem before it (or, leading the
    list, with the one after it: 「在可读性、易懂等方面做得不够」)."""
    cuts = [0] + [m.end() for m in re.finditer("、", clause)] + [len(clause) + 1]
    pieces = [[cuts[k], cuts[k + 1] - 1] for k in range(len(cuts) - 1)]
    out: list[list[int]] = []
    lead = None
    for a, b in pieces:
        if DEFECT.search(clause[a:b]):
            out.append([a if lead is None else lead, b])
            lead = None
        elif out:
            out[-1][1] = b
        elif lead is None:
            lead = a
    return [(x, y) for x, y in out if y > x]


def problems(text: str, start: int, end: int) -> list[Problem]:
    """The problem clauses of ``text[start:end]`` (the body of section 五)."""
    stop = problems_end(text, start, end)
    out: list[Problem] = []
    spans = list(_items(text, start, stop))
    listed = [bool(_ENUM.match(text[i0:i1].lstrip(" \t\u3000，,"))) for i0, i1 in spans]
    # a listed item (一是…) runs on over the sentences after it that start no item of their own
    # (「一是专职人员少。人员变动频繁，…」 is one item): its problems are reported as one
    owner = list(range(len(spans)))
    for k in range(1, len(spans)):
        if not listed[k] and (listed[k - 1] or owner[k - 1] != k - 1):
            owner[k] = owner[k - 1]
    last = {o: k for k, o in enumerate(owner)}
    items: dict[int, tuple[int, int]] = {}
    leads = [LEAD_IN.search(text[i0:i1]) for i0, i1 in spans]
    for k, (i0, i1) in enumerate(spans):
        s = text[i0:i1]
        lead = leads[k]
        a0 = lead.end() if lead else 0
        rest = s[a0:].lstrip(" \t\u3000，,")
        e = _ENUM.match(rest)
        e1 = spans[last[k]][1] if owner[k] == k else i1
        tail = text[i0:e1]
        items[k] = (i1 - len(rest) + (e.end() if e else 0), e1 - (len(tail) - len(tail.rstrip(" \t\u3000，,：:"))))
    for k, (i0, i1) in enumerate(spans):
        s = text[i0:i1]
        lead = leads[k]
        a0 = lead.end() if lead else 0
        if (not lead and MEASURE.match(s.lstrip()) and owner[k] == k) or FIXED.search(s):
            continue
        item = items[owner[k]]
        counted = bool(_FIGURE.search(text, item[0], item[1]))
        for c in _CLAUSE.finditer(s, a0):
            clause = c.group()
            rest = clause.lstrip()
            e = _ENUM.match(rest)
            body = rest[e.end() :] if e else rest
            if not DEFECT.search(body) or (c.start() > a0 and MEASURE.match(body)) or GAP.search(body):
                continue
            for p0, p1 in _listed(body):
                piece = normalise(body[p0:p1])
                core = _core(piece)
                q, o = aspect(piece)
                if not q and len(core) < MIN_CORE:
                    continue
                b0 = i0 + c.end() - len(body)
                out.append(Problem(b0 + p0, b0 + p1, item, core, _pairs(core), q, o, counted))
    return out


def basis(a: Problem, b: Problem) -> str | None:
    """Why ``a`` restates ``b`` (``core``: equal cores; ``pairs``: mostly the same content pairs;
    ``aspect``: the same quality wanting in the same objects), or None when it does not."""
    if len(a.core) >= MIN_CORE and a.core == b.core:
        return "core"
    if a.qualities and b.qualities and not a.qualities & b.qualities:  # another quality of the same thing
        return None
    things = a.objects & THINGS, b.objects & THINGS
    if things[0] and things[1] and things[0] != things[1]:  # the same quality of another thing
        return None
    if len(a.pairs) >= MIN_PAIRS and len(a.pairs & b.pairs) >= max(MIN_PAIRS, SHARE * len(a.pairs)):
        return "pairs"
    if a.counted or b.counted:
        return None
    if not a.qualities & b.qualities:
        return None
    if things[0] or things[1]:  # wanting in the same things; where (platform, grassroots) and form aside
        return "aspect" if things[0] == things[1] else None
    # where it is wanting: the same place, or a place named on one side only (「栏目信息更新滞后」 restates
    # 「信息更新不及时」); two different places are two problems
    if a.objects & b.objects or not (a.objects or b.objects):
        return "aspect"
    # a place named on one side only, for a quality more telling than a level or an effect
    return "aspect" if not (a.objects and b.objects) and a.qualities & b.qualities - GENERIC else None


def same_problem(a: Problem, b: Problem) -> bool:
    """Whether ``a`` restates ``b``: equal cores, mostly the same content pairs (unless each names a
    quality and they differ), or the same quality wanting in the same objects (``basis``)."""
    return basis(a, b) is not None


def restated(here: list[Problem], earlier: list[list[Problem]]) -> list[tuple[Problem, int, Problem]]:
    """(problem, index of the earlier list, earlier problem) for each problem of ``here`` restated
    from one of ``earlier`` (most recent first): the most recent statement of it."""
    out = []
    for a in here:
        for k, before in enumerate(earlier):
            b = next((b for b in before if same_problem(a, b)), None)
            if b is not None:
                out.append((a, k, b))
                break
    return out


def problem_sentences(text: str, start: int, end: int) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, content pairs) of each problem clause in ``text[start:end]``."""
    return [(p.start, p.end, p.pairs) for p in problems(text, start, end)]
