"""Page chrome a crawl ran into the last body line, and findings kept off chrome (spec §7.10: page
furniture is not the organ's text)."""

from __future__ import annotations

from reviewer.chrome import findings_off_chrome
from reviewer.model import Finding
from reviewer.tables.sample import doc_from_text

HEAD = "青禾县水务局2016年政府信息公开工作年度报告\n一、概述\n本局推进公开工作。\n二、统计表\n"
TABLE = ("统计指标单位统计数（一）主动公开政府信息数条118其中：主动公开规范性文件数条4（二）收到申请数件16"
         "1.线上申请数件112.线下申请数件5（三）申请办结数件161.按时办结数件16"
         "2.延期办结数件0（四）因政府信息公开申请行政复议数件0（五）因政府信息公开申请提起行政诉讼数件0")


def _kinds(text: str) -> list[tuple[str, str]]:
    d = doc_from_text(text, "qinghe_2016.txt")
    return [(c.kind, d.text[c.start : c.end]) for c in d.chrome]


def test_tools_download_and_qr_run_into_a_flattened_table_are_chrome():
    assert ("toolbar", "【打印本页】 【关闭窗口】") in _kinds(HEAD + TABLE + "【打印本页】 【关闭窗口】\n")
    assert ("download", "【下载】青禾县水务局2016年报告.doc") in _kinds(HEAD + TABLE + "【下载】青禾县水务局2016年报告.doc\n")
    assert ("download", "相关附件：青禾县水务局2016年报告.docx") in _kinds(HEAD + TABLE + "相关附件：青禾县水务局2016年报告.docx\n")
    assert ("qr-footer", "【扫一扫在手机上查看当前页面】") in _kinds(HEAD + TABLE + "【扫一扫在手机上查看当前页面】\n")
    # a sentence about printing is the organ's own text
    assert not _kinds(HEAD + "本局打印并关闭了旧档案。\n")


def test_findings_are_cut_back_to_the_body():
    d = doc_from_text(HEAD + TABLE + "【打印本页】 【关闭窗口】\n", "qinghe_2016.txt")
    (c,) = [c for c in d.chrome if c.kind == "toolbar"]
    body = d.text.index("本局")
    f = Finding("C203", "template-text", "info", None, body, c.end, 1, d.text[body : c.end], "x")
    inside = Finding("C203", "template-text", "info", None, c.start, c.end, 1, "", "y")
    (kept,) = findings_off_chrome(d, [f, inside])
    assert kept.end <= c.start and kept.text == d.text[kept.start : kept.end] and "打印" not in kept.text
