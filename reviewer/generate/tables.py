"""Table numbers whose arithmetic holds (spec §4 C1–C4, C6, C7) and their row layouts per era.

Numbers are generated first and laid out as string rows last, so a defect can break one cell and
the truth can name exactly which cell (row, column) it broke.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

T3_COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Outcome rows of table 三 between 二、上年结转 and （七）总计: (label1, label2) and a weight.
_OUT_2021: tuple[tuple[str, str, float], ...] = (
    ("（一）予以公开", "", 40),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", 8),
    ("（三）不予公开", "1.属于国家秘密", 0.3),
    ("", "2.其他法律行政法规禁止公开", 0.5),
    ("", "3.危及“三安全一稳定”", 0.3),
    ("", "4.保护第三方合法权益", 1.5),
    ("", "5.属于三类内部事务信息", 1),
    ("", "6.属于四类过程性信息", 1.5),
    ("", "7.属于行政执法案卷", 0.8),
    ("", "8.属于行政查询事项", 0.8),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", 18),
    ("", "2.没有现成信息需要另行制作", 4),
    ("", "3.补正后申请内容仍不明确", 2),
    ("（五）不予处理", "1.信访举报投诉类申请", 4),
    ("", "2.重复申请", 2),
    ("", "3.要求提供公开出版物", 0.5),
    ("", "4.无正当理由大量反复申请", 0.5),
    ("", "5.要求行政机关确认或重新出具已获取信息", 0.5),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 3),
    ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 0.3),
    ("", "3.其他", 2),
)
_OUT_TRIAL = _OUT_2021[:18] + (("（六）其他处理", "", 5),)


def outcome_rows(era: str) -> tuple[tuple[str, str, float], ...]:
    return _OUT_TRIAL if era == "trial" else _OUT_2021


# Column mix of applicants: natural persons dominate.
_COL_WEIGHTS = (78, 12, 1, 1, 3, 5)


@dataclass
class Table3:
    """Per data row, six applicant columns; totals are derived so C1–C3 hold."""

    era: str
    new: list[int]
    carry: list[int]
    outcomes: list[list[int]]  # one list of six per outcome row
    next: list[int]

    def handled(self) -> list[int]:
        return [sum(r[j] for r in self.outcomes) for j in range(6)]

    def matrix(self) -> list[list[int]]:
        """All data rows with the 总计 column: 一, 二, outcome rows…, （七）总计, 四."""
        rows = [self.new, self.carry, *self.outcomes, self.handled(), self.next]
        return [[*r, sum(r)] for r in rows]

    def totals(self) -> dict[str, int]:
        m = self.matrix()
        return {"new": m[0][6], "carry": m[1][6], "done": m[-2][6], "next": m[-1][6]}


def _split(rng: random.Random, n: int, weights: tuple[float, ...]) -> list[int]:
    out = [0] * len(weights)
    if n <= 0:
        return out
    for i in rng.choices(range(len(weights)), weights=weights, k=n):
        out[i] += 1
    return out


def gen_table3(rng: random.Random, scale: float, carry: list[int] | None, era: str) -> Table3:
    total_new = max(0, int(rng.gauss(scale, scale * 0.35)))
    new = _split(rng, total_new, _COL_WEIGHTS)
    carry = list(carry) if carry is not None else _split(rng, rng.randint(0, max(1, int(scale * 0.08))), _COL_WEIGHTS)
    rows = outcome_rows(era)
    weights = tuple(w for _, _, w in rows)
    outcomes = [[0] * 6 for _ in rows]
    nxt = [0] * 6
    for j in range(6):
        pool = new[j] + carry[j]
        nxt[j] = min(pool, int(pool * rng.uniform(0, 0.12) + (rng.random() < 0.15)))
        for i, v in enumerate(_split(rng, pool - nxt[j], weights)):
            outcomes[i][j] = v
    return Table3(era, new, carry, outcomes, nxt)


def table3_rows(t: Table3) -> tuple[list[list[str]], int]:
    """String rows of table 三 (3 header rows, then data) and the index of the first data row."""
    header = [
        [T3_CORNER, "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", *T3_COLS[1:], ""],
    ]
    m = t.matrix()
    labels = [("一、本年新收政府信息公开申请数量", "", ""), ("二、上年结转政府信息公开申请数量", "", "")]
    for i, (l1, l2, _) in enumerate(outcome_rows(t.era)):
        labels.append(("三、本年度办理结果" if i == 0 else "", l1, l2))
    labels.append(("", "（七）总计", ""))
    labels.append(("四、结转下年度继续办理", "", ""))
    body = [[*lab, *map(str, row)] for lab, row in zip(labels, m, strict=True)]
    return header + body, len(header)


@dataclass
class Table4:
    """Three blocks (复议, 诉讼未经复议, 复议后起诉) of 维持 · 纠正 · 其他 · 尚未审结; totals derived (C4)."""

    blocks: list[list[int]]

    def row(self) -> list[int]:
        out: list[int] = []
        for b in self.blocks:
            out += [*b, sum(b)]
        return out

    def review_total(self) -> int:
        return sum(self.blocks[0])

    def litigation_total(self) -> int:
        return sum(self.blocks[1]) + sum(self.blocks[2])


def gen_table4(rng: random.Random, scale: float) -> Table4:
    blocks = []
    for k in (0.06, 0.03, 0.015):
        n = int(scale * k * rng.random() + (rng.random() < 0.2))
        blocks.append(_split(rng, n, (6, 1, 1, 2)))
    return Table4(blocks)


T4_HEADER = [
    ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
    ["", "", "", "", "", *("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2],
]


def table4_rows(t: Table4) -> tuple[list[list[str]], int]:
    return [*[list(r) for r in T4_HEADER], [str(x) for x in t.row()]], 3


@dataclass
class Table2:
    """Table 二 blocks: caption, header, rows of (label, values as strings)."""

    blocks: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    in_force: dict[str, int] = field(default_factory=dict)  # carried to next year (C7)


def _amount(rng: random.Random, scale: float) -> str:
    v = round(rng.uniform(0, scale * 2.5), rng.choice((1, 2)))
    return f"{v:.2f}".rstrip("0").rstrip(".") if v else "0"


def gen_table2(rng: random.Random, scale: float, era: str, gov: bool, prev_in_force: dict[str, int] | None) -> Table2:
    t = Table2()
    prev = prev_in_force or {"规章": rng.randint(3, 30) if gov else 0, "规范性文件": rng.randint(5, 60)}
    issued = {"规章": rng.randint(0, 3) if gov else 0, "规范性文件": rng.randint(0, 9)}
    repealed = {k: min(prev[k], rng.randint(0, 3) if prev[k] else 0) for k in issued}
    in_force = {k: prev[k] + issued[k] - repealed[k] for k in issued}
    t.in_force = in_force
    permit = int(rng.uniform(0.3, 3) * scale * 20)
    punish = int(rng.uniform(0, 1) * scale * 6)
    force = int(rng.uniform(0, 0.2) * scale * 2)
    if era == "trial":
        t.blocks.append(("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"], [
            ["规章", str(issued["规章"]), str(issued["规章"]), str(in_force["规章"])],
            ["规范性文件", str(issued["规范性文件"]), str(issued["规范性文件"]), str(in_force["规范性文件"])],
        ]))
        items = rng.randint(5, 40)
        d = rng.randint(-3, 3)
        t.blocks.append(("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], [
            ["行政许可", str(items), str(d), str(permit)],
            ["其他对外管理服务事项", str(rng.randint(0, 20)), str(rng.randint(-2, 2)), str(int(permit * 0.2))],
        ]))
        t.blocks.append(("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], [
            ["行政处罚", str(rng.randint(5, 80)), str(rng.randint(-3, 3)), str(punish)],
            ["行政强制", str(rng.randint(0, 10)), str(rng.randint(-1, 1)), str(force)],
        ]))
        t.blocks.append(("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"], [
            ["行政事业性收费", str(rng.randint(0, 12)), str(rng.randint(-2, 1))],
        ]))
        t.blocks.append(("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"], [
            ["政府集中采购", str(rng.randint(0, 40)), _amount(rng, scale * 4)],
        ]))
        return t
    t.blocks.append(("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], [
        ["规章", str(issued["规章"]), str(repealed["规章"]), str(in_force["规章"])],
        ["行政规范性文件", str(issued["规范性文件"]), str(repealed["规范性文件"]), str(in_force["规范性文件"])],
    ]))
    t.blocks.append(("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [["行政许可", str(permit)]]))
    t.blocks.append(("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [["行政处罚", str(punish)], ["行政强制", str(force)]]))
    t.blocks.append(("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [["行政事业性收费", _amount(rng, scale)]]))
    return t


@dataclass
class LegacyStats:
    """The 统计表 of a pre-2019 report: channel counts sum to 收到申请数, as do 按时 + 延期."""

    active: int
    norm: int
    channels: list[int]  # 当面, 传真, 网络, 信函
    on_time: int
    late: int
    review: int
    litigation: int

    @property
    def received(self) -> int:
        return sum(self.channels)


LEGACY_CHANNELS = ("1.当面申请数", "2.传真申请数", "3.网络申请数", "4.信函申请数")


def gen_legacy(rng: random.Random, scale: float) -> LegacyStats:
    n = max(0, int(rng.gauss(scale * 0.6, scale * 0.2)))
    ch = _split(rng, n, (3, 0.3, 5, 2))
    late = min(n, int(n * rng.uniform(0, 0.1)))
    return LegacyStats(
        active=int(rng.uniform(60, 600) * (1 + scale / 50)),
        norm=rng.randint(0, 12),
        channels=ch,
        on_time=n - late,
        late=late,
        review=int(rng.random() < 0.15),
        litigation=int(rng.random() < 0.05),
    )


def legacy_rows(s: LegacyStats) -> tuple[list[list[str]], dict[str, int]]:
    """Rows of the legacy 统计表 and the row index of each quantity."""
    rows = [
        ["统计指标", "单位", "统计数"],
        ["（一）主动公开政府信息数", "条", str(s.active)],
        ["其中：主动公开规范性文件数", "条", str(s.norm)],
        ["（二）收到申请数", "件", str(s.received)],
        *[[lab, "件", str(v)] for lab, v in zip(LEGACY_CHANNELS, s.channels, strict=True)],
        ["（三）申请办结数", "件", str(s.on_time + s.late)],
        ["1.按时办结数", "件", str(s.on_time)],
        ["2.延期办结数", "件", str(s.late)],
        ["（四）因政府信息公开申请行政复议数", "件", str(s.review)],
        ["（五）因政府信息公开申请提起行政诉讼数", "件", str(s.litigation)],
    ]
    index = {"active": 1, "received": 3, "channels": 4, "done": 8, "on_time": 9, "late": 10, "review": 11, "litigation": 12}
    return rows, index
