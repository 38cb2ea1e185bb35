"""A deterministic gold set for copy detection, written from our own sentence parts (no text from
real reports). Each organ gets a first-year report of freshly composed sentences; its next-year report
is made by one transformation whose truth is recorded sentence by sentence:

- ``year``: the whole body carried over with the year changed;
- ``figures``: carried over with every figure changed;
- ``reorder``: sentences shuffled within their section, year changed;
- ``edit``: every sentence lightly edited (one word replaced, or a clause dropped or added);
- ``partial``: half the sentences carried over, half new;
- ``other``: another organ's report taken with the name swapped;
- ``new``: genuinely new text.

Every report also has the shared preamble, headings and the one-line sections 二/三/四/六, which are
template text and must not be counted as copying.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SUBJ = ("本机关", "办公室", "各业务科室", "信息中心", "法制机构", "政务服务中心", "档案室", "宣传科", "督查组",
        "审核小组", "各直属单位", "公开专员", "网站编辑部", "机关党支部", "综合科", "政策研究室", "后勤保障科",
        "行政审批科", "执法大队", "基层站所")
ADV = ("持续", "进一步", "认真", "逐步", "全面", "着力", "扎实", "及时", "定期", "主动", "严格", "统筹", "分批",
       "重点", "系统")
VERB = ("完善", "规范", "梳理", "更新", "整合", "优化", "细化", "落实", "推进", "健全", "强化", "核查", "修订",
        "清理", "评估", "公布", "补充", "调整", "汇编", "复核")
MOD = ("公开目录", "申请受理", "政策解读", "新闻发布", "意见征集", "网站栏目", "数据开放", "保密审查", "办理台账",
       "回应机制", "培训课程", "考核细则", "舆情监测", "档案移交", "便民服务", "公示公告", "办事指南",
       "权责清单", "随机抽查", "收费项目", "会议纪要", "年度计划", "信用信息", "惠民资金", "应急预案")
NOUN = ("流程", "制度", "清单", "标准", "台账", "机制", "平台", "规范", "方案", "专栏", "细则", "模板")
GOAL_X = ("信息发布", "答复期限", "办理结果", "公开内容", "平台运行", "数据口径", "解读材料", "栏目更新",
          "文件归档", "群众诉求")
GOAL_Y = ("准确无误", "及时规范", "依法合规", "完整可查", "稳定安全", "清晰统一", "有据可依", "便于查阅")
FIG = ("全年发布{m}信息{n}条", "共受理相关申请{n}件", "组织专题培训{n}场次", "累计更新{m}内容{n}项",
       "开展{m}检查{n}次", "收集公众意见{n}条")
PROBLEM = ("存在{m}{noun}不够健全的问题", "{m}工作仍有短板", "部分{m}更新不够及时", "{m}{noun}执行不够到位")
PLACE1 = "青禾云岚枫桐栖槐榆杉樟菱芷苇荷杏棠澄漪沅蔚麓霁翠琅璟溱渼鹭雁"
PLACE2 = "禾岭湾坪峰源塘浦岗坝洲原宁丰泽川屿汀湄陂溪垣阜"
DEPTS = ("交通运输局", "教育局", "民政局", "财政局", "水利局", "司法局", "审计局", "林业局", "统计局", "人民政府")
TRANSFORMS = ("year", "figures", "reorder", "edit", "partial", "other", "new")


@dataclass
class GoldDoc:
    name: str  # file name
    organ: str
    year: int
    text: str
    # (start, end, kind, source file, source start, source end) of every copied sentence
    copied: list[tuple[int, int, str, str, int, int]] = field(default_factory=list)
    transform: str = ""


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def clause(self) -> str:
        r = self.rng
        c = r.choice(SUBJ) + r.choice(ADV) + r.choice(VERB) + r.choice(MOD) + r.choice(NOUN)
        if r.random() < 0.5:
            c += "，确保" + r.choice(GOAL_X) + r.choice(GOAL_Y)
        return c

    def figure(self) -> str:
        return self.rng.choice(FIG).format(m=self.rng.choice(MOD), n=self.rng.randint(3, 900))

    def sentence(self, problem: bool = False) -> str:
        r = self.rng
        parts = [self.clause()]
        if problem:
            parts.insert(0, r.choice(PROBLEM).format(m=r.choice(MOD), noun=r.choice(NOUN)))
        if r.random() < 0.5:
            parts.append(self.figure())
        if r.random() < 0.4:
            parts.append(self.clause())
        return "，".join(parts) + "。"

    def body(self) -> dict[str, list[str]]:
        r = self.rng
        return {"一": [self.sentence() for _ in range(r.randint(7, 11))],
                "五": [self.sentence(problem=r.random() < 0.5) for _ in range(r.randint(4, 6))]}


HEADINGS = {"一": "一、总体情况", "二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
            "四": "四、政府信息公开行政复议、行政诉讼情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}


def render(organ: str, year: int, body: dict[str, list[str]], rng: random.Random) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """Lay a report out; returns its text and the span of every body sentence."""
    lines = [f"{organ}{year}年政府信息公开工作年度报告",
             f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告的电子版可在{organ}门户网站下载。如对本报告有任何疑问，请与{organ}办公室联系。"]
    spans: dict[str, list[tuple[int, int]]] = {}
    pos = sum(len(x) + 1 for x in lines)
    fixed = {"二": f"本年主动公开政府信息{rng.randint(10, 900)}条，详见下表。",
             "三": f"本年新收政府信息公开申请{rng.randint(0, 90)}件，均已按期答复。",
             "四": f"本年发生政府信息公开行政复议{rng.randint(0, 5)}件，行政诉讼{rng.randint(0, 3)}件。",
             "六": "本年度未收取信息处理费。"}
    for sid in ("一", "二", "三", "四", "五", "六"):
        lines.append(HEADINGS[sid])
        pos += len(HEADINGS[sid]) + 1
        if sid in body:
            para = ""
            spans[sid] = []
            for s in body[sid]:
                spans[sid].append((pos + len(para), pos + len(para) + len(s)))
                para += s
            lines.append(para)
            pos += len(para) + 1
        else:
            lines.append(fixed[sid])
            pos += len(fixed[sid]) + 1
    return "\n".join(lines) + "\n", spans


def _edit(s: str, w: _Writer) -> str:
    r = w.rng
    choice = r.random()
    if choice < 0.4:  # replace one word
        for pool in (VERB, ADV, NOUN):
            hits = [x for x in pool if x in s]
            if hits:
                old = r.choice(hits)
                return s.replace(old, r.choice([x for x in pool if x != old and len(x) == len(old)] or [old]), 1)
        return s
    parts = s[:-1].split("，")
    if choice < 0.7 and len(parts) > 2:  # drop a clause
        del parts[r.randrange(1, len(parts))]
    else:  # add a short clause
        parts.insert(r.randrange(1, len(parts) + 1), r.choice(ADV) + "加强" + r.choice(MOD))
    return "，".join(parts) + "。"


def _figures(s: str, rng: random.Random) -> str:
    import re

    return re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), s)


def make_gold(n_organs: int = 40, seed: int = 7, year: int = 2023) -> list[GoldDoc]:
    """``n_organs`` organs, two years each (the second year transformed), deterministic in ``seed``."""
    rng = random.Random(seed)
    w = _Writer(rng)
    names: list[str] = []
    while len(names) < n_organs:
        n = rng.choice(PLACE1) + rng.choice(PLACE2) + rng.choice("县市区") + rng.choice(DEPTS)
        if n not in names:
            names.append(n)
    first: list[tuple[GoldDoc, dict[str, list[str]], dict]] = []
    for i, organ in enumerate(names):
        body = w.body()
        text, spans = render(organ, year, body, rng)
        first.append((GoldDoc(f"g{i:03d}_{year}.txt", organ, year, text, transform="base"), body, spans))
    out = [d for d, _, _ in first]
    for i, organ in enumerate(names):
        t = TRANSFORMS[i % len(TRANSFORMS)]
        src_doc, src_body, src_spans = first[i]
        kind = "own"
        if t == "other":
            src_doc, src_body, src_spans = first[(i + 3) % n_organs]
            kind = "other"
        new_body: dict[str, list[str]] = {}
        origin: dict[str, list[int | None]] = {}  # index of the source sentence, None when new
        for sid, sents in src_body.items():
            idx = list(range(len(sents)))
            if t == "reorder":
                rng.shuffle(idx)
            if t == "new":
                fresh = w.body()[sid]
                new_body[sid], origin[sid] = fresh, [None] * len(fresh)
                continue
            out_s, out_o = [], []
            for k in idx:
                s = sents[k]
                if t == "figures":
                    s = _figures(s, rng)
                elif t == "edit":
                    s = _edit(s, w)
                elif t == "partial" and k % 2 == 1:
                    out_s.append(w.sentence(problem=sid == "五"))
                    out_o.append(None)
                    continue
                out_s.append(s)
                out_o.append(k)
            new_body[sid], origin[sid] = out_s, out_o
        text, spans = render(organ, year + 1, new_body, rng)
        doc = GoldDoc(f"g{i:03d}_{year + 1}.txt", organ, year + 1, text, transform=t)
        for sid, lst in origin.items():
            for (a, b), k in zip(spans[sid], lst, strict=True):
                if k is not None:
                    sa, sb = src_spans[sid][k]
                    doc.copied.append((a, b, kind, src_doc.name, sa, sb))
        out.append(doc)
    return out
