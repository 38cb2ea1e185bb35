"""Sentence-level label proposals for the cross-organ candidates (cross_candidates.py output).

Each candidate span is cut into sentence units (ending at 。！？；, or before a heading of the
format such as 一、概述); a unit is proposed as ``table`` (statistics-table labels, pipes),
``prescribed`` (format headings, the legal-basis sentence, the notice's citation), ``frame``
(page chrome, statistics period, report structure, contact / website / download line, fee
statement, the stock political opening) or ``copied`` (anything else: the organ's own prose).
Consecutive units of one label are merged; ``copied`` runs shorter than 30 Chinese characters are
dropped. Overrides (``cross_overrides.tsv``: file, start, end, label, note), decided by reading both
texts, replace the proposal of every unit they cover. Writes cross.tsv; no report text is written.

    python corpus/copying_real/tools/cross_label.py CANDIDATES.tsv corpus/copying_real/cross.tsv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path("/work/shared/reports")
MIN_HAN = 30
_HAN = re.compile(r"[\u3400-\u9fff]")
_END = re.compile(r"[。！？；!?;]|(?=[一二三四五六七八九十]+、)|(?=（[一二三四五六七八九十]+）)")
TABLE = ("区分处理的只计这一情形", "勾稽关系", "第二十条第", "结果维持", "结果纠正", "尚未审结", "三安全一稳定",
         "三类内部事务", "四类过程性", "本年制发件数", "本年新制作数量", "指标名称", "计量单位", "结转下年度继续办理",
         "逾期不补正", "逾期未按收费", "商业企业", "无正当理由大量反复申请", "信访举报投诉类申请", "本年处理决定数量",
         "本年收费金额", "统计表", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "未经复议直接起诉",
         "要求提供公开出版物", "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确",
         "历年累计", "属于国家秘密", "其他法律行政法规禁止公开", "本年度办理结果", "申请人情况", "上一年项目数量",
         "项信息内容", "其他对外管理服务事项")
PRESCRIBED = ("年度报告格式", "国办公开办函", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
              "政府信息公开行政复议行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
FRAME = ("统计期限", "统计时限", "统计期", "电子版", "下载", "疑问", "邮编", "电话", "传真", "电子邮箱", "地址",
         "信息处理费", "本报告由", "全文包括", "包括总体情况", "当前位置", "习近平", "党中央", "新时代", "二十大", "十九大", "网址", "年度报告发布")
_CHROME = re.compile(r"(发布时间|栏目|原文链接|文号|发布机构|来源|标题)[:：]|=====|相关链接")
_LISTED = re.compile(r"(情况|事项)\s*[、，和]")
_BASIS = re.compile(r"根据.{0,4}中华人民共和国政府信息公开条例")
SECTIONS = ("概述", "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议", "存在的主要问题及改进情况",
            "其他需要报告的事项", "依申请公开工作情况")
LEADIN = ("取得了一定成", "仍存在一些不足", "还存在一些不足", "但也存在")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、?(概述|总体情况|其他|.{0,14}情况)$")


def propose(unit: str) -> str:
    han = "".join(_HAN.findall(unit))
    if "|" in unit or any(m in han for m in TABLE):
        return "table"
    if _CHROME.search(unit):
        return "frame"  # page chrome of the crawled page
    if sum(m in han for m in SECTIONS) >= 2 and _LISTED.search(unit):
        return "frame"  # the report's structure listed
    if any(m in han for m in LEADIN) and len(han) <= 48:
        return "frame"  # a stock lead-in, alone or run into a section heading
    if _BASIS.search(han) and len(han) < 120 or any(m in han for m in PRESCRIBED[:2]):
        return "prescribed"
    if "政府信息公开条例" in han and len(han) <= 60 or re.search("年度报告编制|现公布.{0,8}年度报告", han):
        return "prescribed"  # the legal-basis sentence, cut at a clause
    if _HEADING.match(han) or (len(han) <= 24 and any(m in han for m in PRESCRIBED)):
        return "prescribed"
    if any(m in han for m in FRAME):
        return "frame"
    return "copied"


def units(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _END.finditer(raw, start, end):
        e = m.end() if m.group() else m.start()
        if e > s:
            out.append((s, e))
            s = e
    if end > s:
        out.append((s, end))
    return out


def han_count(t: str) -> int:
    return len(_HAN.findall(t))


def main(cand: str, out: str) -> None:
    texts: dict[str, str] = {}

    def raw(coll: str, f: str) -> str:
        if f not in texts:
            texts[f] = (SHARED / coll / f).open(encoding="utf-8").read()
        return texts[f]

    over = []
    op = HERE / "cross_overrides.tsv"
    if op.is_file():
        with op.open(encoding="utf-8", newline="") as fh:
            over = [r for r in csv.DictReader(fh, delimiter="\t") if r["file"]]
    rows = []
    with open(cand, encoding="utf-8", newline="") as fh:
        cands = list(csv.DictReader(fh, delimiter="\t"))
    for r in cands:
        text = raw(r["collection"], r["file"])
        s0, e0 = int(r["start"]), int(r["end"])
        labelled = []
        for a, b in units(text, s0, e0):
            lab, note = propose(text[a:b]), "proposed"
            for o in over:
                if o["file"] == r["file"] and int(o["start"]) <= a and b <= int(o["end"]):
                    lab, note = o["label"], o["note"]
            labelled.append([a, b, lab, note])
        merged: list[list] = []
        for u in labelled:
            if merged and merged[-1][2] == u[2] and merged[-1][3] == u[3]:
                merged[-1][1] = u[1]
            else:
                merged.append(list(u))
        for a, b, lab, note in merged:
            t = text[a:b]
            # trim leading/trailing non-Chinese characters
            while a < b and not _HAN.match(text[a]) and not text[a].isdigit():
                a += 1
            while b > a and not _HAN.match(text[b - 1]) and not text[b - 1].isdigit():
                b -= 1
            n = han_count(text[a:b])
            if n == 0 or (lab == "copied" and n < MIN_HAN):
                continue
            del t
            rows.append((r["collection"], r["file"], a, b, r["other_file"], int(r["other_start"]), int(r["other_end"]),
                         lab, f"{note}; han={n}"))
    rows = sorted(set(rows))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("collection\tfile\tstart\tend\tother_file\tother_start\tother_end\tlabel\tnote\n")
        for row in rows:
            fh.write("\t".join(map(str, row)) + "\n")
    print(f"{len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
