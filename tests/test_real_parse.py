"""The real published reports (../shared, skipped when absent): every file parses, organ and year
are right, and tables 三/四 of the PDF- and HTML-derived reports carry the values printed in the
source (checked by hand against the PDFs/HTML)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

from reviewer.io import read_document as _read_document
from reviewer.organs import organ_key

SPLIT = Path(__file__).resolve().parent.parent / "corpus" / "reading" / "split.tsv"


@lru_cache(maxsize=64)
def read_document(path):
    """Each real file is parsed once per pytest run (the PDFs take a second each)."""
    return _read_document(path)

ORGANS = {
    "huaian_hongzequ_2023": "淮安市洪泽区人民政府",
    "huaian_hongzequ_2024": "淮安市洪泽区人民政府",
    "huaian_shi_2024": "淮安市人民政府",
    "pingtan_dishui_2013": "平潭综合实验区地方税务局",
    "pingtan_xian_2011": "平潭县人民政府",
    "pingtan_xian_2012": "平潭县人民政府",
    "pingtan_xian_2013": "平潭县人民政府",
    "shanghai_kewei_2024": "上海市科学技术委员会",
    "shanghai_szfbgt_2019": "上海市人民政府办公厅",
    "shanghai_szfbgt_2025": "上海市人民政府办公厅",
    "shuyang_fgj_2023": "沭阳县发展和改革局",
    "shuyang_xian_2025": "沭阳县人民政府",
    "suqian_shi_2023": "宿迁市人民政府",
    "suqian_shi_2024": "宿迁市人民政府",
}


def _expected_organ(stem: str) -> str:
    if stem.startswith("pingtan_zhsyq_"):
        return "平潭综合实验区"
    return ORGANS[stem]


def _all_files(real_dir):
    return sorted(real_dir.glob("*.txt")) + sorted((real_dir / "raw").glob("*.*"))


def _dev_stems() -> set[str]:
    """Organ and year are asserted on the dev part of ``corpus/reading/split.tsv`` only; the test
    part is measured, never asserted on (``benchmarks/organ_accuracy.py``)."""
    with SPLIT.open(encoding="utf-8", newline="") as fh:
        return {Path(r["file"]).stem for r in csv.DictReader(fh, delimiter="\t") if r["collection"] == "real" and r["part"] == "dev"}


def test_every_real_file_parses_with_right_organ_and_year(real_dir):
    files = _all_files(real_dir)
    assert len(files) >= 33
    dev = _dev_stems()
    assert dev
    for f in files:
        doc = read_document(f)
        stem = f.stem
        if stem in dev:
            assert doc.year == int(stem.rsplit("_", 1)[1]), f
            # the printed 沐阳 of an OCR'd report and 沭阳 share one key (look-alike glyphs are folded)
            assert doc.organ is not None and organ_key(doc.organ) == organ_key(_expected_organ(stem)), (f, doc.organ)
        for p in doc.paragraphs:
            assert doc.text[p.start : p.end].strip() == doc.text[p.start : p.end]
        for t in doc.tables:
            for row in t.rows:
                for c in row:
                    assert doc.text[c.start : c.end] == c.text


@pytest.mark.parametrize("year", range(2019, 2026))
def test_flattened_pingtan_bodies_put_each_heading_alone_on_its_paragraph(real_dir, year):
    doc = read_document(real_dir / f"pingtan_zhsyq_{year}.txt")
    starts = {doc.text[p.start : p.end] for p in doc.paragraphs}
    assert "一、总体情况" in starts
    assert "六、其他需要报告的事项" in starts
    assert any(x.startswith("（一）") for x in starts)


def _row(doc, label: str) -> list[str]:
    for t in doc.tables:
        for row in t.rows:
            texts = [c.text for c in row]
            if any(x.startswith(label) for x in texts):
                return [x for x in texts if x and not x.startswith(label) and x[0].isdigit()]
    raise AssertionError(f"no row {label}")


def _last_row_of_table_with(doc, word: str) -> list[str]:
    for t in doc.tables:
        if any(c.text == word for row in t.rows for c in row):
            return [c.text for c in t.rows[-1]]
    raise AssertionError(word)


def test_huaian_shi_2024_pdf_tables(real_dir):
    doc = read_document(real_dir / "raw" / "huaian_shi_2024.pdf")
    assert doc.published is None
    assert _row(doc, "一、本年新收") == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _row(doc, "1.本机关不掌握") == ["746", "12", "0", "0", "10", "1", "769"]
    assert _row(doc, "（七）总计") == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert _row(doc, "四、结转下年度") == ["103", "0", "0", "0", "0", "0", "103"]
    assert _last_row_of_table_with(doc, "行政复议") == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    # the merged label cut by the page break is glued back, once
    labels = [c.text for t in doc.tables for row in t.rows for c in row]
    assert "（四）无法提供" in labels


def test_huaian_hongzequ_2023_pdf_table_joined_across_pages(real_dir):
    doc = read_document(real_dir / "raw" / "huaian_hongzequ_2023.pdf")
    t3 = [t for t in doc.tables if any(c.text.startswith("一、本年新收") for r in t.rows for c in r)]
    assert len(t3) == 1  # one table although it runs over two pages
    labels = [c.text for r in t3[0].rows for c in r]
    assert "（七）总计" in labels and "（一）予以公开" in labels
    assert _row(doc, "1.本机关不掌握") == ["10", "0", "0", "0", "0", "0", "10"]
    assert _row(doc, "（七）总计") == ["21", "0", "0", "0", "0", "0", "21"]
    assert not any("- 3 -" in doc.text[p.start : p.end] for p in doc.paragraphs)


def test_shuyang_fgj_2023_html_tables_and_date(real_dir):
    doc = read_document(real_dir / "raw" / "shuyang_fgj_2023.html")
    assert doc.published == "2024-01-17"
    assert [s.id for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    assert _row(doc, "一、本年新收") == ["26", "26"]  # blank legal-person cells stay empty
    assert _row(doc, "（七）总计") == ["26", "26"]
    assert _last_row_of_table_with(doc, "行政复议") == ["0", "0", "0", "1", "1"] + ["0"] * 10
    assert "首页" not in doc.text[:200]  # site navigation is not part of the report


def test_reports_of_2019_and_later_have_all_six_sections(real_dir):
    for f in _all_files(real_dir):
        if int(f.stem.rsplit("_", 1)[1]) < 2019:
            continue
        doc = read_document(f)
        assert [s.id for s in doc.sections] == ["一", "二", "三", "四", "五", "六"], (f.name, [s.id for s in doc.sections])
        assert all(s.title for s in doc.sections)
