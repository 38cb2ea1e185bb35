"""A small batch of hand-written reports with hand-placed findings, for the scoring, render,
HTML and baseline tests. Built from the project's own example report (examples/), never from
real reports. One report carries active content (<script>, an onerror image) in its text."""

from __future__ import annotations

from pathlib import Path

from reviewer.io import read_document
from reviewer.model import Document, Result
from reviewer.scoring.score import score_results
from tests.conftest import EXAMPLES

SCRIPT = "<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>"
IMG = "<img src=x onerror=\"document.title='PWNED2'\">"
VAGUE = "我局政务公开工作还存在一定差距，有待进一步加强。" + SCRIPT + IMG


def _result(doc: Document, findings) -> Result:
    return Result(
        path=doc.path, sha256=doc.sha256, organ=doc.organ, year=doc.year, era=doc.era, format=doc.format,
        sections=[{"id": s.id, "title": s.title, "start": s.start, "end": s.end} for s in doc.sections],
        findings=sorted(findings, key=lambda f: (f.start, f.end, f.rule)),
    )


def make_batch(tmp: Path) -> tuple[list[Result], list[Document]]:
    """Three reports: a clean 2023 one, a 2024 one copied from it with defects, and a good 2024
    one of another organ. Returns scored results and their documents (aligned)."""
    base = (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")
    p23 = tmp / "qinghe_jiaotong_2023.txt"
    p23.write_text(base.replace("2024", "2023"), encoding="utf-8")
    bad = base.replace("五、存在的主要问题及改进情况\n", "五、存在的主要问题及改进情况\n" + VAGUE + "\n", 1)
    bad = bad.replace("统计期限为2024年1月1日至2024年12月31日", "统计期限为自至")
    p24 = tmp / "qinghe_jiaotong_2024.txt"
    p24.write_text(bad, encoding="utf-8")
    pgood = tmp / "baishi_shuiwu_2024.txt"
    pgood.write_text(base.replace("青禾县交通运输局", "白石县水务局"), encoding="utf-8")

    d23, d24, dgood = (read_document(p) for p in (p23, p24, pgood))
    t = d24.text
    f = []
    # a paragraph of 一 copied from last year, with its source passage
    sec1 = d24.section("一")
    para = next(p for p in d24.paragraphs if p.start > sec1.heading_end)
    src_start = d23.text.find("（一）主动公开")
    f.append(d24.finding(
        "C201", "copied-from-own-past", "error", para.start, para.end, "与2023年报告第1段几乎相同",
        {"source_path": str(p23), "source_year": 2023, "source_organ": d23.organ,
         "source_text": d23.text[src_start : src_start + 60], "similarity": 0.97},
    ))
    # a total cell that does not add up
    cell = next(c for tb in d24.tables for row in tb.rows for c in row if c.text == "24")
    f.append(d24.finding("T101", "table-arithmetic", "error", cell.start, cell.end, "（七）总计 ≠ 各项之和"))
    # the vague sentence carrying the script
    vs = t.find(VAGUE)
    f.append(d24.finding("V301", "vague-narrative", "warning", vs, vs + len(VAGUE), "套话：还存在一定差距，有待进一步加强"))
    # blank statistics period
    ps = t.find("统计期限为自至")
    f.append(d24.finding("S020", "date-mismatch", "error", ps, ps + len("统计期限为自至"), "统计期限空白"))
    # a missing item pinned at the start of section 六
    s6 = d24.section("六")
    f.append(d24.finding("S011", "missing-item", "warning", s6.heading_end, s6.heading_end, "未说明信息处理费收取情况"))
    r23 = _result(d23, [])
    r24 = _result(d24, f)
    r24.metrics = {"copy": {"own_share": 0.62, "other_share": 0.05}, "vagueness": {"share_vague": 0.3}}
    r23.metrics = {"copy": {"own_share": 0.0, "other_share": 0.0}}
    rgood = _result(dgood, [])
    rgood.metrics = {"copy": {"own_share": 0.0, "other_share": 0.08}}
    results, docs = [r23, r24, rgood], [d23, d24, dgood]
    score_results(results, docs, None)
    return results, docs
