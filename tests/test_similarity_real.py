"""Copy detection on the published reports in ../shared (skips without them)."""

from __future__ import annotations

from functools import lru_cache

from reviewer.io import read_document
from reviewer.similarity.analyse import analyse


@lru_cache(maxsize=1)
def _analysed(real: str):
    from pathlib import Path

    docs = [read_document(p) for p in sorted(Path(real).glob("*.txt"))]
    return {Path(a.fp.path).stem: a for a in analyse(docs)}


def test_pingtan_county_copies_its_own_past(real_dir):
    res = _analysed(str(real_dir))
    for year, prev in ((2012, 2011), (2013, 2012)):
        m = res[f"pingtan_xian_{year}"].metrics
        assert m["own_share"] >= 0.8, (year, m["own_share"])
        assert m["largest_source"]["year"] == prev
        assert m["largest_source"]["path"].endswith(f"pingtan_xian_{prev}.txt")
        assert m["by_section"]["五"]["own"] >= 0.7  # legacy heading reported under 五 via legacy_map


def test_county_2011_and_zone_2011_are_copies_of_each_other(real_dir):
    res = _analysed(str(real_dir))
    for a, b in (("pingtan_xian_2011", "pingtan_zhsyq_2011"), ("pingtan_zhsyq_2011", "pingtan_xian_2011")):
        m = res[a].metrics
        assert m["other_share"] >= 0.7 and m["own_share"] == 0
        assert m["largest_source"]["path"].endswith(b + ".txt")


def test_zone_2016_improvement_paragraph_reused_in_2019(real_dir):
    res = _analysed(str(real_dir))
    a = res["pingtan_zhsyq_2019"]
    hits = [p for p in a.passages if p.kind == "own" and p.source.year == 2016 and p.end - p.start >= 300]
    assert hits
    p = hits[0]
    assert a.fp.doc.section_at(p.start).id == "五"
    assert "采取以下措施加以改进" in a.fp.doc.text[p.start : p.end]
    assert "采取以下措施加以改进" in p.source.doc.text[p.src_start : p.src_end]


def test_organ_linking_keeps_zone_county_and_tax_bureau_apart(real_dir):
    res = _analysed(str(real_dir))
    keys = {k: a.fp.key for k, a in res.items()}
    assert keys["pingtan_zhsyq_2011"] == keys["pingtan_zhsyq_2014"] == keys["pingtan_zhsyq_2025"]
    assert len({keys["pingtan_zhsyq_2011"], keys["pingtan_xian_2011"], keys["pingtan_dishui_2013"]}) == 3
    assert keys["huaian_hongzequ_2023"] == keys["huaian_hongzequ_2024"] != keys["huaian_shi_2024"]


def test_hongze_2024_reported_per_section(real_dir):
    res = _analysed(str(real_dir))
    m = res["huaian_hongzequ_2024"].metrics
    assert m["largest_source"]["path"].endswith("huaian_hongzequ_2023.txt")
    secs = m["by_section"]
    assert set(secs) >= {"一", "五"}
    assert secs["一"]["own"] > 0.2 and secs["五"]["own"] > 0.2
    assert 0.2 < m["own_share"] < 0.8


def test_zone_2025_reported_low(real_dir):
    res = _analysed(str(real_dir))
    assert res["pingtan_zhsyq_2025"].metrics["own_share"] < 0.2
    assert res["pingtan_zhsyq_2025"].metrics["own_share"] < res["pingtan_xian_2013"].metrics["own_share"] / 4
