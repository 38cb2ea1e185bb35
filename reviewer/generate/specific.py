"""Organ-specific prose: the sentences only this organ could have written this year.

Real reports name their own projects, villages, columns, documents and dates; those details are
what make a paragraph copied from another organ recognisable as copied rather than as two organs
filling the same model sentence (spec §7 内容雷同). The clause pools give every organ the same
skeletons with a topic slot, so without this module a cross-organ copy would be indistinguishable
from shared wording. Each fresh paragraph of 一 (and the legacy 概述) gets one or two sentences
whose named entities are drawn per organ and year from a large space of made-up names, so they
recur only where a copy puts them.
"""

from __future__ import annotations

import random
from typing import Any

# characters for made-up place, village and project names (fictional; any two make a name)
_NAME_CHARS = "安柏碧苍长澄川春丹东枫凤福阜甘高广禾和河鹤红虹湖华槐黄汇吉嘉江金锦京井静菊兰蓝朗乐黎莲良林岭柳龙鹿潞马梅明南宁平浦青庆泉仁瑞三山尚石水顺松塘桃田亭同万文西溪霞仙祥新兴秀杏旭雅岩阳杨仰银永榆玉元月云枣张芝竹紫"
_VILLAGE_END = ("村", "社区", "片区", "组团")
_PROJECT = ("提升改造工程", "示范点建设项目", "整治工程", "标准化建设项目", "便民服务中心改造", "综合治理项目",
            "配套设施建设", "数字化改造项目")
_COLUMN_END = ("直通车", "在线", "公开栏", "服务台", "进行时", "面对面")
_DOC = ("实施方案", "工作细则", "管理办法", "考核办法", "三年行动计划", "操作规程")
_EVENT = ("政务公开进村居", "开放日走进", "政策宣讲进", "公开监督员座谈")
_SPOT = ("便民服务中心", "党群服务中心", "文化广场", "综合服务站")

SPECIFIC_ROLES = {"active", "manage", "platform", "supervise", "overview"}

# A sentence is an event clause and an outcome clause; every clause names at least one made-up
# entity, so the same organ never writes a clause identical to last year's, and the fixed wording
# between entities is short (the organ also avoids the clauses it used in its previous report).
_EVENTS = (
    "{m}月{d}日在{v1}{spot}召开{w1}{t0}公开推进会",
    "围绕{v1}{proj}的立项和招标",
    "“{col}”专栏于{m}月新增“{w1}{t1}”子栏目",
    "{v1}{proj}涉及{v2}等地{n}户群众",
    "印发《{place}{w1}{doc}》（{abbr}〔{Y}〕{k}号）",
    "与{v1}、{v2}结对共建{w1}公开示范点",
    "{m}月{v1}群众反映{proj}资金问题后",
    "在{v1}{spot}设立“{col}”查阅点",
    "聘请{v1}、{v2}的{k}名{w1}监督员",
    "“{col}”专栏{m}月改版后按{v1}、{v2}分列信息",
    "{m}月{d}日举办“{event}{v1}”活动",
    "将{v1}{proj}列为{organ}年度公开重点",
    "{v1}、{v2}两地的{proj}于{m}月开工",
    "{m}月在{v1}{spot}公开{w1}{t2}清单",
    "{v1}{w1}{spot}{m}月投入使用",
    "{w1}片区{t1}信息由{v1}网格员逐户送达",
    "“{col}”栏目{m}月{d}日起增设{v1}窗口",
    "{v1}{proj}{m}月通过{w1}专家评审",
    "就{v1}、{v2}{w1}路段改线听取意见",
    "编印《{w1}{t0}问答》发至{v1}等{k}地",
    "{v1}{w1}安置点名单于{m}月{d}日张榜",
    "依托{v1}“{w1}夜话”收集{t2}诉求",
)
_OUTCOMES = (
    "在{v3}公示栏张贴资金明细{k2}期",
    "累计发布{w2}进度信息{n}条",
    "{m2}月{d2}日前完成{v3}段竣工公示",
    "现场解答{v3}群众咨询{n}人次",
    "发放{w2}明白卡{n2}份",
    "{v3}等{k2}个村（社区）纳入目录管理",
    "收集{v3}群众意见{n}条",
    "至年底在“{w2}通”平台更新{n}期",
    "{v3}的办理结果单列公开",
    "“{col2}”页面访问量达{n}人次",
    "{k2}日内在{w2}专页公开支出{n}笔",
    "由{v3}{spot2}每月更新",
    "{v3}{spot2}同步张贴{w2}告示{k2}份",
    "{m2}月底前在{v3}完成{w2}公开评议",
    "{v3}{spot2}设{w2}专窗受理",
    "{w2}小程序同步推送{n}条",
    "经{v3}代表复核无异议",
    "{v3}理事会逐项签字确认",
    "{m2}月{d2}日在{w2}报刊登全文",
    "结果在{v3}电子屏滚动{k2}周",
    "{v3}片长负责回访{n}户",
    "相关台账在{w2}档案室存档{k2}卷",
)


def _name(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(_NAME_CHARS) for _ in range(n))


def _choose(rng: random.Random, n: int, avoid: list[set[str]], tag: str) -> int:
    """An index not in the first avoid sets (this report, last report, the one before) that leaves a
    choice; the oldest set is dropped first when the pool runs short."""
    for k in range(len(avoid), -1, -1):
        banned = set().union(*avoid[:k]) if k else set()
        cand = [i for i in range(n) if f"{tag}{i}" not in banned]
        if cand:
            return rng.choice(cand)
    return rng.randrange(n)


def specific_sentences(rng: random.Random, slots: dict[str, Any], k: int, used: dict[int, set[str]]) -> list[str]:
    """``k`` sentences naming this organ's own villages, projects, columns and documents.

    ``slots`` are the report's fixed template slots (organ, place, topics, year); ``used`` maps a
    year to the clauses this organ used in that year's report (updated here)."""
    year = slots["Y"]
    now = used.setdefault(year, set())
    earlier = sorted((y for y in used if y < year), reverse=True)[:2]
    avoid = [now, *(used[y] for y in earlier)]
    out = []
    for _ in range(k):
        e = _choose(rng, len(_EVENTS), avoid, "e")
        o = _choose(rng, len(_OUTCOMES), avoid, "o")
        now |= {f"e{e}", f"o{o}"}
        v = {
            **slots,
            "v1": _name(rng) + rng.choice(_VILLAGE_END), "v2": _name(rng) + rng.choice(_VILLAGE_END),
            "v3": _name(rng) + rng.choice(_VILLAGE_END), "proj": _name(rng) + rng.choice(_PROJECT),
            "col": _name(rng) + rng.choice(_COLUMN_END), "col2": _name(rng) + rng.choice(_COLUMN_END),
            "w1": _name(rng), "w2": _name(rng), "doc": rng.choice(_DOC), "event": rng.choice(_EVENT),
            "spot": rng.choice(_SPOT), "spot2": rng.choice(_SPOT), "abbr": slots["place"][:2] + _name(rng, 1) + "发",
            "m": rng.randint(1, 12), "d": rng.randint(1, 28), "m2": rng.randint(1, 12), "d2": rng.randint(1, 28),
            "k": rng.randint(2, 9), "k2": rng.randint(2, 9), "n": rng.randint(12, 980), "n2": rng.randint(100, 3000),
        }
        out.append(_EVENTS[e].format_map(v) + "，" + _OUTCOMES[o].format_map(v) + "。")
    return out
