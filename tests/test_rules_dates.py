from __future__ import annotations

from datetime import date
from pathlib import Path

from reviewer.build import build_document
from reviewer.io import read_document
from reviewer.io.text import read
from reviewer.model import Document
from reviewer.rules.dates import deadline
from reviewer.rules.registry import Context, load_rules
from tests.conftest import EXAMPLES


def doc_of(text: str, name: str = "t.txt"):
    data = text.encode("utf-8")
    return build_document(read(data, Path(name)), name, data)


def run(doc, code):
    return load_rules()[code].check(doc, Context())


def example_text() -> str:
    return (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")


def test_period_year_changed_fires_at_the_period_span():
    text = example_text().replace(
        "统计期限为2024年1月1日至2024年12月31日", "统计期限为2023年1月1日至2023年12月31日"
    )
    doc = doc_of(text)
    (f,) = run(doc, "S010")
    assert f.kind == "date-mismatch"
    assert f.text == "2023年1月1日至2023年12月31日"
    assert f.evidence["expected"] == 2024 and 2023 in f.evidence["found"]
    assert run(read_document(EXAMPLES / "qinghe_jiaotong_2024.txt"), "S010") == []


def test_blank_period_flagged():
    text = example_text().replace("统计期限为2024年1月1日至2024年12月31日", "统计期限自至")
    (f,) = run(doc_of(text), "S010")
    assert f.text == "统计期限自至" and "blank" in f.message


def test_current_year_mention_in_overview():
    text = example_text().replace("2024年，青禾县交通运输局围绕", "2023年，青禾县交通运输局围绕")
    doc = doc_of(text)
    (f,) = run(doc, "S011")
    assert f.text == "2023" and f.section == "一"
    assert run(read_document(EXAMPLES / "qinghe_jiaotong_2024.txt"), "S011") == []


def _doc(organ: str, year: int, published: str | None = None) -> Document:
    from reviewer.model import era_of

    return Document(
        path="x", sha256="", text="", organ=organ, year=year, era=era_of(year), published=published
    )


def test_deadlines_by_organ_type_and_era():
    assert deadline(_doc("青禾县交通运输局", 2024)) == date(2025, 1, 31)
    assert deadline(_doc("青禾县人民政府", 2024)) == date(2025, 3, 31)
    assert deadline(_doc("某某镇人民政府", 2024)) is None
    assert deadline(_doc("某某街道办事处", 2024)) is None
    assert deadline(_doc("青禾县交通运输局", 2015)) == date(2016, 3, 31)


def test_late_publication_flagged_with_span(tmp_path):
    text = (
        "标题: 青禾县交通运输局2024年政府信息公开工作年度报告\n发布时间: 2025-03-02 10:00\n\n"
        + example_text()
    )
    doc = doc_of(text)
    assert doc.published == "2025-03-02"
    (f,) = run(doc, "S012")
    assert f.text.startswith("发布时间") and f.evidence["deadline"] == "2025-01-31"


def test_real_blank_period_pingtan_xian_2013(real_dir):
    doc = read_document(real_dir / "pingtan_xian_2013.txt")
    (f,) = run(doc, "S010")
    assert f.text == "统计期限自至" and f.kind == "date-mismatch"


def _dev_files(real_dir: Path) -> list[Path]:
    split = Path(__file__).resolve().parent.parent / "corpus" / "reading" / "split.tsv"
    rows = [line.split("\t") for line in split.read_text(encoding="utf-8").splitlines()[1:]]
    return [real_dir.parent / c / f for c, f, _organ, part in rows if part.strip() == "dev"]


def test_dev_reports_periods_consistent(real_dir):
    """The dev part of both collections states periods of the report year (or none)."""
    flagged = sorted(f.name for f in _dev_files(real_dir) if f.exists() and run(read_document(f), "S010"))
    assert flagged == []
