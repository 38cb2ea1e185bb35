"""The exact row and column labels of tables 二, 三 and 四 (spec §3, trial format §5), and tolerant
matching of the labels real reports print: abbreviated ('1.逾期不补正'), broken by PDF extraction
('（四）无' + '法提供'), OCR-damaged ('其他法律行政止公开'), or missing altogether ('数据1').

Each row of table 三 is recognised by the most distinctive words of its label; the keyword that
ends closest to the numbers wins, because text that precedes a row is often the tail of the
previous row's label.
"""

from __future__ import annotations

import re
from functools import lru_cache

T3_COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T3_PARTS = T3_COLS[:-1]

# Row keys in table order; the trial format has a single （六）其他处理 row ("三.六").
T3_ROWS_2021 = (
    "一", "二", "三.一", "三.二",
    *(f"三.三.{i}" for i in range(1, 9)),
    *(f"三.四.{i}" for i in range(1, 4)),
    *(f"三.五.{i}" for i in range(1, 6)),
    *(f"三.六.{i}" for i in range(1, 4)),
    "三.七", "四",
)
T3_ROWS_TRIAL = T3_ROWS_2021[:20] + ("三.六",) + T3_ROWS_2021[23:]
# rows whose sum is （七）总计 (spec §4 C2), without the （六） rows which depend on the format
T3_RESULT_ROWS = T3_ROWS_2021[2:20]

T3_LABELS: dict[str, str] = {
    "一": "一、本年新收政府信息公开申请数量",
    "二": "二、上年结转政府信息公开申请数量",
    "三.一": "（一）予以公开",
    "三.二": "（二）部分公开",
    "三.三.1": "（三）不予公开 1.属于国家秘密",
    "三.三.2": "（三）不予公开 2.其他法律行政法规禁止公开",
    "三.三.3": "（三）不予公开 3.危及“三安全一稳定”",
    "三.三.4": "（三）不予公开 4.保护第三方合法权益",
    "三.三.5": "（三）不予公开 5.属于三类内部事务信息",
    "三.三.6": "（三）不予公开 6.属于四类过程性信息",
    "三.三.7": "（三）不予公开 7.属于行政执法案卷",
    "三.三.8": "（三）不予公开 8.属于行政查询事项",
    "三.四.1": "（四）无法提供 1.本机关不掌握相关政府信息",
    "三.四.2": "（四）无法提供 2.没有现成信息需要另行制作",
    "三.四.3": "（四）无法提供 3.补正后申请内容仍不明确",
    "三.五.1": "（五）不予处理 1.信访举报投诉类申请",
    "三.五.2": "（五）不予处理 2.重复申请",
    "三.五.3": "（五）不予处理 3.要求提供公开出版物",
    "三.五.4": "（五）不予处理 4.无正当理由大量反复申请",
    "三.五.5": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "三.六": "（六）其他处理",
    "三.六.1": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "三.六.2": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "三.六.3": "（六）其他处理 3.其他",
    "三.七": "（七）总计",
    "四": "四、结转下年度继续办理",
}

_KEYWORDS: list[tuple[str, re.Pattern[str]]] = [
    ("一", re.compile(r"本年新收|新收政府|本年收到")),
    ("二", re.compile(r"上年结转")),
    ("三.一", re.compile(r"予以公开")),
    ("三.二", re.compile(r"部分公开")),
    ("三.三.1", re.compile(r"国家秘密")),
    ("三.三.2", re.compile(r"其他法律|法规禁止|禁止公开")),
    ("三.三.3", re.compile(r"三安全|一稳定|危及")),
    ("三.三.4", re.compile(r"第三方")),
    ("三.三.5", re.compile(r"内部事务")),
    ("三.三.6", re.compile(r"过程性")),
    ("三.三.7", re.compile(r"执法案卷")),
    ("三.三.8", re.compile(r"查询事项")),
    ("三.四.1", re.compile(r"不掌握")),
    ("三.四.2", re.compile(r"另行制作|没有现成|现成信息")),
    ("三.四.3", re.compile(r"仍不明确|补正后")),
    ("三.五.1", re.compile(r"信访|举报投诉")),
    ("三.五.2", re.compile(r"重复申请")),
    ("三.五.3", re.compile(r"出版物")),
    ("三.五.4", re.compile(r"大量反复")),
    ("三.五.5", re.compile(r"重新出具|已获取信息|确认或")),
    ("三.六.1", re.compile(r"不补正")),
    ("三.六.2", re.compile(r"缴纳费用|缴费|收费通知")),
    ("三.六.3", re.compile(r"(?:^|[^\d])3[.、．]?其他$")),
    ("三.六", re.compile(r"其他处理$")),
    ("三.七", re.compile(r"（七）|\(七\)|总计$")),
    ("四", re.compile(r"结转下年|下年度继续")),
]

_SPACE = re.compile(r"\s+")


def squeeze(label: str) -> str:
    """Drop spaces and newlines PDF extraction leaves inside labels ('总 计' → '总计')."""
    return _SPACE.sub("", label).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=4096)  # every report prints the same few dozen labels; 26 patterns each
def t3_row_key(label: str) -> str | None:
    """The table-三 row a label names, or None when the label is absent or not distinctive."""
    s = squeeze(label)
    if not s:
        return None
    best: tuple[int, str] | None = None
    for key, pat in _KEYWORDS:
        for m in pat.finditer(s):
            if best is None or m.end() > best[0]:
                best = (m.end(), key)
    return best[1] if best else None


# -- table 二 -------------------------------------------------------------------------------
T2_ROWS: list[tuple[str, str, re.Pattern[str]]] = [
    ("（一）", "规章", re.compile(r"^规章$")),
    ("（一）", "行政规范性文件", re.compile(r"^(?:行政)?规范性文件$")),
    ("（五）", "行政许可", re.compile(r"^行政许可$")),
    ("（五）", "其他对外管理服务事项", re.compile(r"^其他对外管理服务事项?$")),
    ("（六）", "行政处罚", re.compile(r"^行政处罚$")),
    ("（六）", "行政强制", re.compile(r"^行政强制$")),
    ("（八）", "行政事业性收费", re.compile(r"^行政事业性收费$")),
    ("（九）", "政府集中采购", re.compile(r"^政府集中采购$")),
]


@lru_cache(maxsize=4096)
def t2_row(label: str) -> tuple[str, str] | None:
    s = squeeze(label)
    for block, row, pat in T2_ROWS:
        if pat.search(s):
            return block, row
    return None


# -- table 四 -------------------------------------------------------------------------------
T4_BLOCKS = ("复议", "直接起诉", "复议后起诉")
T4_COLS = ("维持", "纠正", "其他", "未审结", "总计")
T4_BLOCK_TITLES = {"复议": "行政复议", "直接起诉": "行政诉讼·未经复议直接起诉", "复议后起诉": "行政诉讼·复议后起诉"}


def t4_block_of(label: str) -> str | None:
    s = squeeze(label)
    if re.search(r"复议后", s):
        return "复议后起诉"
    if re.search(r"直接起诉|未经复议", s):
        return "直接起诉"
    if re.search(r"行政复议", s) and "诉讼" not in s:
        return "复议"
    return None
