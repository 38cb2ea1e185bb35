"""The same report as .txt, .html (UTF-8 and GBK with a gb2312 label), .docx and .pdf reads back
to the same sections, sentences and table values (examples/ rendered by benchmarks/make_examples.py)."""

from __future__ import annotations

import socket

import pytest

from reviewer.io import read_document
from tests.conftest import EXAMPLES

STEM = "qinghe_jiaotong_2024"
FORMATS = [f"{STEM}.html", f"{STEM}_gbk.html", f"{STEM}.docx", f"{STEM}.pdf"]


def _facts(doc):
    return {
        "organ": doc.organ,
        "year": doc.year,
        "sections": [(s.id, s.title) for s in doc.sections],
        "sentences": [doc.text[s.start : s.end] for s in doc.sentences],
        "tables": [[[c.text for c in row] for row in t.rows] for t in doc.tables],
    }


@pytest.fixture(scope="module")
def reference():
    return _facts(read_document(EXAMPLES / f"{STEM}.txt"))


@pytest.mark.parametrize("name", FORMATS)
def test_format_reads_like_the_text_version(name, reference, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    doc = read_document(EXAMPLES / name)
    facts = _facts(doc)
    assert facts["sections"] == reference["sections"]
    assert [x[0] for x in facts["sections"]] == ["一", "二", "三", "四", "五", "六"]
    assert facts["organ"] == reference["organ"] == "青禾县交通运输局"
    assert facts["year"] == 2024
    assert facts["sentences"] == reference["sentences"]
    assert facts["tables"] == reference["tables"]
    assert doc.text == read_document(EXAMPLES / f"{STEM}.txt").text
    if name.endswith(".pdf"):  # page numbers '- 2 -' and the running header are dropped
        assert "- 2 -" not in doc.text and "政务公开专栏" not in doc.text


def test_merged_cells_appear_once(reference):
    big = next(t for t in reference["tables"] if any(r and r[0].startswith("三、本年度办理结果") for r in t))
    labels = [c for row in big for c in row]
    assert labels.count("三、本年度办理结果") == 1
    assert labels.count("（三）不予公开") == 1
    assert all(len(row) == 10 for row in big)


def test_gbk_page_declares_gb2312_and_decodes_as_gb18030():
    data = (EXAMPLES / f"{STEM}_gbk.html").read_bytes()
    assert b"charset=gb2312" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_document(EXAMPLES / f"{STEM}_gbk.html")
    assert "三安全一稳定" in doc.text and "首页" not in doc.text  # nav dropped


def test_parse_command_prints_the_document_model():
    import json

    from click.testing import CliRunner

    from reviewer.cli import main

    res = CliRunner().invoke(main, ["parse", "--format", "json", "--tokens", str(EXAMPLES / f"{STEM}.docx")])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["format"] == "docx" and d["organ"] == "青禾县交通运输局" and d["era"] == "2021"
    assert len(d["sha256"]) == 64 and [s["id"] for s in d["sections"]] == ["一", "二", "三", "四", "五", "六"]
    text = d["text"]
    assert all(text[c["start"] : c["end"]] == c["text"] for t in d["tables"] for row in t["rows"] for c in row)
    assert all(text[s:e] == w for w, s, e in d["tokens"])
    assert ["依申请公开", text.index("依申请公开"), text.index("依申请公开") + 5] in d["tokens"]
