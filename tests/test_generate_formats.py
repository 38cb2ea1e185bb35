"""Generated reports written as html, docx and pdf read back like the txt version: the same text for
html/docx, the same sections and table values for pdf (whose line breaks may split paragraphs)."""

from __future__ import annotations

from reviewer.generate import DefectOptions, generate_batch, write_batch
from reviewer.io import read_document


def _cells(doc):
    return [[c.text for c in row] for t in doc.tables for row in t.rows]


def test_every_format_reads_back(tmp_path):
    b = generate_batch(2, [2018, 2024], seed=9, defects=DefectOptions.only(blank_cell=1.0, broken_cell=1.0))
    fmts = ["txt", "html", "docx", "pdf"]
    for r, f in zip(b.reports, fmts, strict=True):
        r.format = f
    write_batch(b, tmp_path)
    ref = {}
    for r in b.reports:
        (tmp_path / "ref").mkdir(exist_ok=True)
        p = tmp_path / "ref" / f"{r.name}.txt"
        from reviewer.generate.writers import to_txt

        p.write_text(to_txt(r.text), encoding="utf-8")
        ref[r.name] = read_document(p)
    for r in b.reports:
        doc = read_document(tmp_path / r.filename)
        want = ref[r.name]
        assert doc.organ == r.organ and doc.year == r.year, r.filename
        assert [(s.id, s.title) for s in doc.sections] == [(s.id, s.title) for s in want.sections], r.filename
        assert _cells(doc) == _cells(want), r.filename
        if r.format in ("txt", "html", "docx"):
            assert doc.text == r.text, r.filename
        else:
            assert doc.text.replace("\n", "") == r.text.replace("\n", ""), r.filename


def test_gbk_labelled_html_reads_back(tmp_path):
    from reviewer.generate.writers import to_html

    r = generate_batch(1, [2022], seed=4, defects=None).reports[0]
    p = tmp_path / "page.html"
    p.write_bytes(to_html(r.text, r.name, charset="gb2312").encode("gb18030"))
    assert b"charset=gb2312" in p.read_bytes()
    assert read_document(p).text == r.text
