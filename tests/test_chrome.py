"""Page chrome (crawler headers, breadcrumbs, toolbars, download lines, QR/site footers) in the
document model, and stand-alone statistics tables (attachments). All texts are fictional."""

from __future__ import annotations

from reviewer.io import read_document
from reviewer.model import Document, Result
from reviewer.pipeline import Options, review

HEADER = (
    "标题: {title}\n发布日期: 2024年01月18日\n发布机关: {organ}\n"
    "原文链接: http://www.example.gov.cn/col/123/2024/01/18/456.html\n==================== 正文 ====================\n"
)
PAGE_TOP = "当前位置：首页 > 政务公开 > 政府信息公开年报\n【打印本页】【关闭窗口】\n"
PAGE_FOOT = (
    "附件：{organ}2023年政府信息公开工作年度报告.pdf\n扫一扫在手机打开当前页\n"
    "主办单位：{organ}办公室 网站标识码：9900000001 云ICP备00000001号\n"
)

BODY_A = """一、总体情况
2023年，青禾县围绕稻米产业和山区道路建设，新建信息公开专栏三个，按月更新农机补贴发放名单，全年公开补贴对象一千二百户。
二、主动公开政府信息情况
本年主动公开文件四十件，其中涉及乡村道路养护的文件十二件，均在县政府网站和村务公开栏同步发布。
三、收到和处理政府信息公开申请情况
本年收到申请十件，主要涉及宅基地审批和水库移民补偿，全部在法定期限内答复。
四、政府信息公开行政复议、行政诉讼情况
全年没有因信息公开被申请复议或被起诉的案件。
五、存在的主要问题及改进情况
山区乡镇网络条件较差，部分村务公开栏更新滞后；下一步为八个山区村配备移动公开终端，每季度抽查更新情况。
六、其他需要报告的事项
本年未收取信息处理费。
"""

BODY_B = """一、总体情况
2023年，云溪市以港口物流和海岛旅游为重点，改版了市政府门户网站的政策文件库，新增英文版招商指南，访问量较上年增长三成。
二、主动公开政府信息情况
全年发布港口规划、渡轮票价调整等公告六十五件，并在码头候船厅设置电子公告屏滚动播放。
三、收到和处理政府信息公开申请情况
全年受理申请二十三件，多数涉及海域使用权出让和渔船更新补助，按期答复率为百分之百。
四、政府信息公开行政复议、行政诉讼情况
因政府信息公开引起的行政复议一件，维持原答复；未发生行政诉讼。
五、存在的主要问题及改进情况
海岛居民获取信息渠道单一；计划在五个海岛设立便民信息亭，并开通渡轮航班短信提醒。
六、其他需要报告的事项
无。
"""


def _crawled(tmp_path, name: str, organ: str, body: str) -> str:
    title = f"{organ}2023年政府信息公开工作年度报告"
    p = tmp_path / name
    p.write_text(HEADER.format(title=title, organ=organ) + PAGE_TOP + body + PAGE_FOOT.format(organ=organ), encoding="utf-8")
    return str(p)


def _no_unit_in_chrome(doc: Document) -> None:
    for unit in [*doc.paragraphs, *doc.sentences]:
        for c in doc.chrome:
            assert unit.end <= c.start or unit.start >= c.end, (doc.text[unit.start : unit.end], c)
    for s in doc.sections:
        assert doc.chrome_at(s.start) is None
        # a section may hold chrome in its middle, never at its end (the page footer is not part of 六)
        assert all(doc.text[c.end : s.end].strip() for c in doc.chrome if s.start < c.end and c.start < s.end)


def test_crawled_page_chrome_spans_kinds_and_units(tmp_path):
    doc = read_document(_crawled(tmp_path, "qinghe_2023.txt", "青禾县人民政府", BODY_A))
    got = [(c.kind, doc.text[c.start : c.end]) for c in doc.chrome]
    kinds = [k for k, _ in got]
    assert kinds == ["crawler-header"] * 4 + ["separator", "breadcrumb", "toolbar", "download", "qr-footer", "site-footer"]
    assert got[0][1].startswith("标题: 青禾县人民政府2023年")
    assert got[7][1].endswith(".pdf")
    _no_unit_in_chrome(doc)
    # the text itself is intact (metadata reads the crawler's title line)
    assert doc.text.startswith("标题: 青禾县人民政府")
    assert doc.organ == "青禾县人民政府" and doc.year == 2023
    assert [s.id for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    assert doc.doc_type == "report"
    d = doc.to_dict()
    assert d["chrome"][0] == {"start": 0, "end": doc.chrome[0].end, "kind": "crawler-header"}
    assert d["doc_type"] == "report"


def test_shared_chrome_is_not_copying(tmp_path):
    a = _crawled(tmp_path, "qinghe_2023.txt", "青禾县人民政府", BODY_A)
    b = _crawled(tmp_path, "yunxi_2023.txt", "云溪市人民政府", BODY_B)
    results, docs = review([a, b], Options(jobs=1))
    by_path = {d.path: d for d in docs}
    for r in results:
        doc = by_path[r.path]
        copied = [f for f in r.findings if f.kind in ("copied-from-own-past", "copied-from-other", "template-text")]
        for f in copied:
            assert all(f.end <= c.start or f.start >= c.end for c in doc.chrome), f
        assert not [f for f in copied if f.kind == "copied-from-other"]


def test_html_page_chrome(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in BODY_A.strip().split("\n"))
    html = (
        "<html><head><meta charset='utf-8'><title>年报</title></head><body>"
        "<div class='nav'><a href='#'>首页</a> <a href='#'>机构</a></div>"
        "<div class='article'>"
        "<div class='crumb'>您现在的位置：首页 &gt; 信息公开 &gt; 年度报告</div>"
        "<h1>青禾县人民政府2023年政府信息公开工作年度报告</h1>"
        "<div class='info'>发布时间：2024-01-18 来源：县政府办 浏览次数：318</div>"
        "<div class='tools'>【字体：大 中 小】 分享到： 打印</div>"
        "<table><tr><td>索引号：</td><td>QH-0001/2024-00012</td><td>发布机构：</td><td>青禾县政府办</td></tr>"
        "<tr><td>生成日期：</td><td>2024-01-18</td><td>文号：</td><td>无</td></tr></table>"
        f"{body}"
        "<p>相关附件：年报全文.docx</p>"
        "<p>微信扫一扫，分享到朋友圈</p>"
        "</div>"
        "<div class='foot'>版权所有：青禾县人民政府 网站标识码：9900000001</div>"
        "</body></html>"
    )
    p = tmp_path / "qinghe.html"
    p.write_text(html, encoding="utf-8")
    doc = read_document(p)
    kinds = {"".join(doc.text[c.start : c.end].split()): c.kind for c in doc.chrome}  # spaces between CJK are dropped
    assert kinds.get("您现在的位置：首页>信息公开>年度报告") == "breadcrumb"
    assert kinds.get("发布时间：2024-01-18来源：县政府办浏览次数：318") == "crawler-header"
    assert kinds.get("【字体：大中小】分享到：打印") == "toolbar"
    assert kinds.get("相关附件：年报全文.docx") == "download"
    assert kinds.get("微信扫一扫，分享到朋友圈") == "qr-footer"
    assert "青禾县人民政府2023年政府信息公开工作年度报告" not in kinds  # the title is the report's
    (info,) = [t for t in doc.tables if "索引号" in doc.text[t.start : t.end]]
    assert any(c.start == info.start and c.end == info.end and c.kind == "crawler-header" for c in doc.chrome)
    _no_unit_in_chrome(doc)
    assert [s.id for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]


def test_chrome_run_into_a_flattened_last_line(tmp_path):
    body = BODY_A.replace("本年未收取信息处理费。\n", "本年未收取信息处理费。报告下载：青禾县人民政府2024年1月18日更多信息请关注官方微信“青禾发布”\n")
    p = tmp_path / "flat.txt"
    p.write_text(HEADER.format(title="青禾县人民政府2023年政府信息公开工作年度报告", organ="青禾县人民政府") + body, encoding="utf-8")
    doc = read_document(p)
    tail = [(c.kind, doc.text[c.start : c.end]) for c in doc.chrome if c.kind not in ("crawler-header", "separator")]
    assert tail == [("download", "报告下载："), ("qr-footer", "更多信息请关注官方微信“青禾发布”")]
    _no_unit_in_chrome(doc)
    last = doc.sentences[-1]
    assert doc.text[last.start : last.end] == "青禾县人民政府2024年1月18日"
    six = doc.section("六")
    assert six is not None and doc.text[six.start : six.end].endswith("2024年1月18日")


def test_report_text_mentioning_wechat_or_attachment_is_not_chrome(tmp_path):
    body = BODY_A.replace(
        "五、存在的主要问题及改进情况\n",
        "五、存在的主要问题及改进情况\n（一）微信公众号建设\n县政府微信公众号“青禾发布”全年推送政策解读九十篇，请关注微信公众号的群众反映更新及时。\n",
    ).replace("本年未收取信息处理费。\n", "本年未收取信息处理费。\n附件：政府信息公开情况统计表\n统计指标 | 单位 | 统计数\n主动公开政府信息数 | 条 | 40\n")
    p = tmp_path / "plain.txt"
    p.write_text("青禾县人民政府2023年政府信息公开工作年度报告\n" + body, encoding="utf-8")
    doc = read_document(p)
    assert doc.chrome == []


# -- attachments ------------------------------------------------------------------------------------
REPORT_2017 = """青禾县人民政府2017年政府信息公开工作年度报告
一、概述
2017年，青禾县继续推进政务公开，县政府网站开设惠农资金专栏，按季度公布各乡镇补贴发放明细。
二、主动公开政府信息情况
2017年主动公开政府信息860条，其中县政府文件三十件。
三、依申请公开政府信息情况
2017年共收到政府信息公开申请12件，均已按时答复。
四、政府信息公开的收费及减免情况
本年度未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
本年度未发生相关行政复议和行政诉讼。
六、存在的主要问题及改进措施
乡镇公开栏更新不及时，明年将建立月度检查制度。
"""
TABLE_2017 = """标题: 青禾县政府信息公开情况统计表（2017年度）
发布日期: 2018年01月20日
发布机关: 青禾县人民政府
==================== 正文 ====================
统计指标 | 单位 | 统计数
一、主动公开情况 |  |
（一）主动公开政府信息数 | 条 | 860
二、依申请公开情况 |  |
（一）收到申请数 | 件 | 9
（二）申请办结数 | 件 | 9
三、行政复议数量 | 件 | 0
四、行政诉讼数量 | 件 | 0
"""


def _batch(tmp_path) -> tuple[list[Result], list[Document], str, str]:
    rep = tmp_path / "qinghe_2017.txt"
    rep.write_text(REPORT_2017, encoding="utf-8")
    att = tmp_path / "qinghe_2017_tongjibiao.txt"
    att.write_text(TABLE_2017, encoding="utf-8")
    manifest = {att.name: ("青禾县人民政府", 2017)}  # the organ as metadata would read it from 发布机关
    results, docs = review([str(rep), str(att)], Options(jobs=1, manifest=manifest))
    return results, docs, str(rep), str(att)


def test_statistics_table_is_an_attachment_linked_to_its_report(tmp_path):
    from reviewer.app import exit_code
    from reviewer.scoring.summary import summarise, summary_rows

    results, docs, rep, att = _batch(tmp_path)
    by = {r.path: r for r in results}
    a, r = by[att], by[rep]
    assert {d.path: d.doc_type for d in docs} == {rep: "report", att: "attachment"}
    assert a.doc_type == "attachment" and a.score is None and a.subscores == {} and a.deductions == []
    assert not [f for f in a.findings if f.kind in ("missing-section", "missing-item", "copied-from-own-past", "vague-narrative")]
    assert a.metrics["attachment_of"] == rep and r.metrics["attachments"] == [att]
    assert r.doc_type == "report" and r.score is not None
    assert a.to_dict()["doc_type"] == "attachment" and a.to_dict()["schema_version"] == "1.1"
    summ = summarise(results)
    assert summ.attachments == [a] and summ.rank_of(a) is None and summ.rank_of(r) == 1
    assert summ.ranking[-1] is a
    row = next(x for x in summary_rows(results) if x["path"] == att)
    assert row["doc_type"] == "attachment" and row["linked"] == rep and row["rank"] is None
    assert exit_code(results, fail_under=101) == 1  # the report fails; the attachment is not counted
    assert exit_code([a], fail_under=101) == 0


def test_report_prose_is_checked_against_the_attachment_table(tmp_path):
    results, docs, rep, att = _batch(tmp_path)
    r = next(x for x in results if x.path == rep)
    doc = next(d for d in docs if d.path == rep)
    mism = [f for f in r.findings if f.rule == "T108"]
    assert len(mism) == 1
    f = mism[0]
    assert f.evidence["table_path"] == att and f.evidence["prose_value"] == 12 and f.evidence["table_value"] == 9
    assert f.text == doc.text[f.start : f.end] == "12"


def test_unlinked_attachment_and_renderers(tmp_path):
    from reviewer.render import get

    att = tmp_path / "lone_tongjibiao.txt"
    att.write_text(TABLE_2017, encoding="utf-8")
    results, _ = review([str(att)], Options(jobs=1))
    (a,) = results
    assert a.doc_type == "attachment" and a.score is None and "attachment_of" not in a.metrics
    assert "附件" in get("table")(results)
    assert ",attachment," in get("csv")(results)


def test_html_report_greys_chrome_and_lists_attachments(tmp_path):
    from reviewer.render.html import write_html

    results, docs, rep, att = _batch(tmp_path)
    crawled = _crawled(tmp_path, "qinghe_2023.txt", "青禾县人民政府", BODY_A)
    r2, d2 = review([crawled], Options(jobs=1))
    out = write_html(results + r2, tmp_path / "out", docs + d2)
    index = out.read_text(encoding="utf-8")
    assert "<h2>附件（不评分、不排名）</h2>" in index and "lone" not in index
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "reports").iterdir()}
    page = next(v for k, v in pages.items() if "qinghe_2023" in k)
    assert 'class="chrome" title="页面附加内容 page chrome: 工具栏 (toolbar)"' in page
    att_page = next(v for k, v in pages.items() if "tongjibiao" in k)
    assert "不评分" in att_page


def test_unread_structure_never_scores_full_marks():
    from reviewer.scoring.score import load_rubric, score_result

    r = Result(path="x.txt", sha256="x", metrics={"structure": {"sections": 0, "recovered": 0}})
    score_result(r, load_rubric())
    assert r.score == 75 and r.subscores["completeness"] == 0
    assert r.deductions[-1]["source"] == "structure:unread" and sum(d["points"] for d in r.deductions) == 100 - r.score
    ok = Result(path="y.txt", sha256="y", metrics={"structure": {"sections": 6, "recovered": 0}})
    score_result(ok, load_rubric())
    assert ok.score == 100


def test_an_attachment_does_not_fill_a_missing_year():
    from reviewer.scoring.summary import summarise

    rs = [
        Result(path="a_2014.txt", sha256="a", organ="甲县人民政府", year=2014, score=90.0),
        Result(path="a_2015_tongjibiao.txt", sha256="b", organ="甲县人民政府", year=2015, doc_type="attachment"),
        Result(path="a_2016.txt", sha256="c", organ="甲县人民政府", year=2016, score=80.0),
    ]
    s = summarise(rs)
    assert s.missing == {"甲县人民政府": [2015]}
    assert [r.path for r in s.ranking] == ["a_2014.txt", "a_2016.txt", "a_2015_tongjibiao.txt"]
    assert s.n_scored == 2 and len(s.attachments) == 1


def test_table_three_published_as_an_attachment(tmp_path):
    # a 2021-format report whose table 三 came as a separate file: no 「table absent」, and its prose
    # is checked against the attachment's table
    from reviewer.tables.sample import DEFAULT_PROSE, sample_report

    full = sample_report().split("\n")
    head = full.index("三、收到和处理政府信息公开申请情况")
    stop = next(i for i in range(head + 1, len(full)) if full[i].startswith("四、"))
    table = "\n".join(x for x in full[head + 1 : stop] if x.strip())
    rep = tmp_path / "shili_2024.txt"
    rep.write_text(sample_report(with_t3=False, prose=DEFAULT_PROSE.replace("新收政府信息公开申请11件", "新收政府信息公开申请17件")), encoding="utf-8")
    att = tmp_path / "shili_2024_fujian.txt"
    att.write_text("示例县测试局2024年政府信息公开情况统计表\n" + table + "\n", encoding="utf-8")
    results, docs = review([str(rep), str(att)], Options(jobs=1, manifest={att.name: ("示例县测试局", 2024)}))
    by = {r.path: r for r in results}
    assert by[str(att)].doc_type == "attachment" and by[str(att)].metrics["attachment_of"] == str(rep)
    r = by[str(rep)]
    assert not [f for f in r.findings if f.rule == "T106" and f.evidence.get("table") == "三"]
    (f,) = [f for f in r.findings if f.rule == "T108"]
    assert f.evidence["table_path"] == str(att) and f.evidence["prose_value"] == 17 and f.evidence["table_value"] == 11
