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
_VILLAGE_END = ("村", "社区", "组团", "片区")
_PROJECT = ("工程", "项目", "改造", "示范点", "配套", "中心")
_COLUMN_END = ("在线", "直通车", "专栏", "之窗")
_DOC = ("方案", "细则", "办法", "规程")
_SPOT = ("驿站", "服务站", "议事厅", "书屋")

SPECIFIC_ROLES = {"active", "manage", "platform", "supervise", "overview"}

# A sentence is an event clause and an outcome clause. Every run of fixed wording between made-up
# names (name suffixes, figures and the organ's name included) is at most 7 characters, so no
# 8-character shingle is fixed wording: two organs (or two years of one organ) share a shingle of
# this prose only where one copied the other. The organ also avoids the clauses of its previous
# two reports.
_EVENTS = (
    "{m}月{d}日在{v1}召开{w1}公开推进会",
    "围绕{v1}{proj}立项",
    "{m}月在“{col}”新增“{w1}”子栏",
    "{v1}{proj}涉及{v2}{n}户",
    "印发《{w1}{doc}》（{abbr}〔{Y}〕{k}号）",
    "与{v1}、{v2}共建{w1}示范点",
    "{m}月{v1}群众反映{proj}问题后",
    "在{spot}设“{col}”查阅点",
    "聘请{v1}{k}名{w1}监督员",
    "{m}月改版“{col}”按{v1}、{v2}分列",
    "{m}月{d}日办“{w1}进{v1}”活动",
    "将{v1}{proj}列为{w1}重点",
    "{proj}于{m}月在{v1}、{v2}开工",
    "{m}月在{spot}公开{w1}清单",
    "{spot}由{w1}公司{m}月建成",
    "{w1}片区信息由{v1}网格员送达",
    "{m}月{d}日起“{col}”增设{v1}窗口",
    "{v1}{proj}{m}月通过{w1}评审",
    "就{w1}路段改线征求{v1}意见",
    "编印《{w1}问答》发至{v1}等{k}地",
    "{w1}安置点{m}月在{v1}张榜",
    "依托{v1}“{w1}夜话”收集诉求",
)
_OUTCOMES = (
    "明细在{v3}公示{k2}期",
    "发布{w2}进度{n}条",
    "{m2}月底在{v3}公示竣工段",
    "现场解答{v3}咨询{n}人次",
    "发放{w2}明白卡{n2}份",
    "{k2}个村含{v3}纳入{w2}目录",
    "收集{v3}意见{n}条",
    "在“{w2}通”更新{n}期",
    "{v3}结果由{w2}单列",
    "访问“{col2}”达{n}人次",
    "{k2}日内在{w2}专页公开{n}笔",
    "由{spot2}每月更新",
    "{spot2}张贴{w2}告示{k2}份",
    "{m2}月底前在{v3}完成{w2}评议",
    "{spot2}设{w2}专窗",
    "{w2}小程序推送{n}条",
    "经{v3}{w2}复核无异议",
    "由{v3}{w2}理事会签字",
    "{m2}月{d2}日在《{w2}报》刊登",
    "在{v3}{w2}屏滚动{k2}周",
    "由{w2}回访{v3}{n}户",
    "台账存{w2}档案室{k2}卷",
)


def _name(rng: random.Random, n: int = 0) -> str:
    return "".join(rng.choice(_NAME_CHARS) for _ in range(n or rng.choice((2, 2, 3))))


_DRAW = {
    "v1": lambda r: _name(r) + r.choice(_VILLAGE_END), "v2": lambda r: _name(r) + r.choice(_VILLAGE_END),
    "v3": lambda r: _name(r) + r.choice(_VILLAGE_END), "proj": lambda r: _name(r) + r.choice(_PROJECT),
    "col": lambda r: _name(r) + r.choice(_COLUMN_END), "col2": lambda r: _name(r) + r.choice(_COLUMN_END),
    "w1": _name, "w2": _name, "doc": lambda r: r.choice(_DOC),
    "spot": lambda r: _name(r) + r.choice(_SPOT), "spot2": lambda r: _name(r) + r.choice(_SPOT),
    "abbr": lambda r: _name(r, 2) + "发",
    "m": lambda r: r.randint(1, 12), "d": lambda r: r.randint(1, 28), "m2": lambda r: r.randint(1, 12),
    "d2": lambda r: r.randint(1, 28), "k": lambda r: r.randint(2, 9), "k2": lambda r: r.randint(2, 9),
    "n": lambda r: r.randint(12, 980), "n2": lambda r: r.randint(100, 3000),
}


class _Lazy(dict):
    """Slot values drawn on first use (a clause asks for a few of them; generation stays fast)."""

    def __init__(self, rng: random.Random, slots: dict[str, Any]) -> None:
        super().__init__(slots)
        self.rng = rng

    def __missing__(self, key: str) -> Any:
        v = _DRAW[key](self.rng)
        self[key] = v
        return v


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
        v = _Lazy(rng, slots)
        out.append(_EVENTS[e].format_map(v) + "，" + _OUTCOMES[o].format_map(v) + "。")
    return out
