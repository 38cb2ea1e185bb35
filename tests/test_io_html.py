"""HTML and text reading details: declared and detected encodings, traditional script, merged
cells once, page chrome dropped, Kangxi radicals folded."""

from __future__ import annotations

import socket

from reviewer.io import read_document

BODY = """<html><head><meta charset="{cs}"><title>t</title>
<script src="http://example.invalid/a.js">var x = "一、總體情況";</script>
<style>p {{color: red}}</style><link rel="stylesheet" href="http://example.invalid/s.css"></head>
<body><nav>首頁 政務公開</nav><div id="main">
<h1>{organ}2023年政府信息公開工作年度報告</h1>
<p>一、總體情況</p><p>本機關全年主動公開政府信息120條，依申請公開5件。</p>
<table border="1">
<tr><td rowspan="2">項目</td><td colspan="2">申請人情況</td></tr>
<tr><td>自然人</td><td>法人</td></tr>
<tr><td>新收</td><td>4</td><td>1</td></tr>
</table>
<img src="http://example.invalid/x.png"><p>二、主動公開政府信息情況</p></div>
<footer>版權所有</footer></body></html>"""


def _page(tmp_path, cs: str, enc: str, name: str = "p.html", bom: bool = False):
    p = tmp_path / name
    data = BODY.format(cs=cs, organ="臺北縣文化局").encode(enc)
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return p


def test_big5_traditional_page_is_read_as_simplified_without_network(tmp_path, monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    doc = read_document(_page(tmp_path, "big5", "big5"))
    assert "一、总体情况" in doc.text and "依申请公开" in doc.text
    assert doc.year == 2023 and doc.organ == "台北县文化局"
    assert "var x" not in doc.text and "color" not in doc.text  # script/style dropped
    assert "首页" not in doc.text and "版权所有" not in doc.text  # nav/footer dropped
    (table,) = doc.tables
    rows = [[c.text for c in r] for r in table.rows]
    assert rows == [["项目", "申请人情况", ""], ["", "自然人", "法人"], ["新收", "4", "1"]]


def test_gb_labels_decode_as_gb18030(tmp_path):
    # 'gb2312' label on bytes only GB18030 has (a rare character outside GB2312/GBK)
    page = BODY.format(cs="gb2312", organ="䶮城区").encode("gb18030")
    p = tmp_path / "g.html"
    p.write_bytes(page)
    doc = read_document(p)
    assert doc.organ == "䶮城区人民政府"


def test_bom_outranks_a_wrong_declared_charset(tmp_path):
    doc = read_document(_page(tmp_path, "gb2312", "utf-8", bom=True))
    assert "一、总体情况" in doc.text


def test_gbk_text_file_and_kangxi_radicals(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("青禾县⼈民政府２０２３年政府信息公开工作年度报告\n⼀、总体情况\n全年公开１２条。\n".encode("gb18030"))
    doc = read_document(p)
    assert doc.organ == "青禾县人民政府" and doc.year == 2023
    assert "一、总体情况" in doc.text and "12条" in doc.text


def test_flattened_body_is_split_at_inline_headings(tmp_path):
    p = tmp_path / "flat.txt"
    p.write_text(
        "青禾县人民政府2022年政府信息公开工作年度报告\n"
        "本报告依据条例编制。 一、总体情况 2022年，我县公开信息300条。 （一）主动公开方面 全年发布文件12件。"
        "（二）依申请公开方面。全年受理申请3件。二、主动公开政府信息情况 第二十条第（一）项 "
        "三、收到和处理政府信息公开申请情况 三、本年度办理结果 （一）予以公开 3 六、其他需要报告的事项 无。\n",
        encoding="utf-8",
    )
    doc = read_document(p)
    paras = [doc.text[x.start : x.end] for x in doc.paragraphs]
    for head in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        assert head in paras, head
    assert "（一）主动公开方面 全年发布文件12件。" in paras or "（一）主动公开方面全年发布文件12件。" in paras
    assert any(x.startswith("（二）依申请公开方面。") for x in paras)
    assert not any(x.startswith("（一）予以公开") for x in paras)  # a table label, not a sub-heading


def test_layout_table_page_reads_as_prose(tmp_path):
    body = "本机关全年主动公开政府信息120条，" * 12
    page = f"""<html><head><meta charset="utf-8"></head><body><table>
<tr><td>网站首页</td><td>
<h2>青禾县民政局2023年政府信息公开工作年度报告</h2>
<p>一、总体情况</p><p>{body}</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>7</td></tr></table>
</td></tr></table></body></html>"""
    p = tmp_path / "layout.html"
    p.write_text(page, encoding="utf-8")
    doc = read_document(p)
    assert doc.organ == "青禾县民政局"
    assert [s.id for s in doc.sections][:2] == ["一", "二"]
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["信息内容", "本年处理决定数量"], ["行政许可", "7"]]

    flat = page.replace('<table border="1"><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>7</td></tr></table>', "")
    p.write_text(flat, encoding="utf-8")  # no nested data table: the long cell alone marks layout
    doc = read_document(p)
    assert not doc.tables and [s.id for s in doc.sections][:2] == ["一", "二"]


def test_tab_rows_are_tables_but_a_stray_tab_is_not(tmp_path):
    p = tmp_path / "tabs.txt"
    p.write_text("一、总体情况\t\n\t本年公开信息12条。\n信息内容\t本年处理决定数量\n行政许可\t7\n", encoding="utf-8")
    doc = read_document(p)
    assert [doc.text[x.start : x.end] for x in doc.paragraphs] == ["一、总体情况", "本年公开信息12条。"]
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["信息内容", "本年处理决定数量"], ["行政许可", "7"]]
