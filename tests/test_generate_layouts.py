"""Crawl layouts of the generator (reviewer.generate.layout): each layout appears, its truth spans
slice exactly what they name in the rewritten text, the same seed gives the same bytes, and the
layout rates at 0 leave a batch as the canonical layout writes it."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from reviewer.generate import DefectOptions, generate_batch, write_batch
from reviewer.generate.batch import read_truth
from reviewer.generate.layout import LAYOUT_RATES

YEARS = [2017, 2020, 2021, 2022, 2023]
_WS = re.compile(r"[\s　|]")


def _batch(opts: DefectOptions, seed: int = 4, organs: int = 16):
    return generate_batch(organs, YEARS, seed=seed, defects=opts)


@pytest.fixture(scope="module")
def pair():
    base = DefectOptions(broken_cell=0.5, blank_cell=0.4)
    real = DefectOptions.realistic()
    real.broken_cell, real.blank_cell = 0.5, 0.4
    return _batch(base), _batch(real)


def _slices(batch, renumbered: set[str]) -> dict[tuple[str, str], list[str]]:
    """Normalised slices of the truth per report and kind (the layouts' own items left out; a
    renumbered legacy outline changes the headings that benign items may cover)."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in batch.reports:
        owner = r.attachment_of or r.name
        for t in r.truth:
            if t.kind in ("format", "unreadable") or t.detail.get("rule") == "C7" or (t.benign and owner in renumbered):
                continue
            out[(owner, t.kind)].append(_WS.sub("", r.text[t.start : t.end]))
    return {k: sorted(v) for k, v in out.items()}


def test_every_layout_appears(pair):
    _, lay = pair
    seen = {k for r in lay.reports for k in r.layout}
    assert {"chrome", "body", "tables", "broken_heading", "broken_year", "sub_outline", "lost_heading", "attachment",
            "in_force_break"} <= seen
    assert {r.layout.get("body") for r in lay.reports} >= {"one-line", "lines"}
    assert {r.layout.get("tables") for r in lay.reports} >= {"flat", "cells", "tabs", "spaces"}
    assert any(r.doc_type == "attachment" for r in lay.reports)


def test_layouts_keep_every_truth_span(pair):
    base, lay = pair
    # benign items may cover renumbered legacy headings or a title kept only in the chrome
    renumbered = {r.name for r in lay.reports if r.layout.get("sub_outline") or r.layout.get("title_in_chrome")}
    assert _slices(base, renumbered) == _slices(lay, renumbered)


def test_composed_content_does_not_depend_on_layouts(pair):
    base, lay = pair
    assert [r.name for r in base.reports] == [r.name for r in lay.reports if r.doc_type == "report"]


def test_chrome_spans(pair):
    _, lay = pair
    kinds = set()
    for r in lay.reports:
        for a, b, kind in r.chrome:
            s = r.text[a:b]
            kinds.add(kind)
            assert s and "\n" not in s and s == s.strip()
            assert (a == 0 or r.text[a - 1] == "\n") and r.text[b] == "\n"
            if kind == "header":
                assert s.startswith(("标题", "发布日期", "发布机关", "原文链接"))
            if kind == "separator":
                assert "正文" in s
        # chrome is never inside a truth span or the shared pool wording
        for t in r.truth:
            assert not any(t.start < b and a < t.end for a, b, _ in r.chrome), (r.name, t)
    assert {"header", "separator", "footer", "download"} <= kinds


def test_one_line_body(pair):
    _, lay = pair
    r = next(r for r in lay.reports if r.layout.get("body") == "one-line" and not r.layout.get("chrome")
             and r.era != "legacy")
    lines = r.text.rstrip("\n").split("\n")
    assert len(lines) == 2  # the title, then the whole body
    assert "二、主动公开政府信息情况" in lines[1] and "六、" in lines[1]


def test_flat_rows_run_digits_together(pair):
    _, lay = pair
    r = next(r for r in lay.reports if r.layout.get("tables") == "flat" and r.layout.get("body") == "lines"
             and r.era == "2021" and "attachment" not in r.layout)
    row = next(ln for ln in r.text.split("\n") if ln.startswith("（七）总计"))
    assert re.fullmatch(r"（七）总计\d{7,}", row)
    broken = [t for x in lay.reports if x.layout.get("tables") == "flat" for t in x.truth if t.kind == "table-arithmetic"]
    assert broken
    for t in broken:
        x = next(x for x in lay.reports if t in x.truth)
        assert x.text[t.start : t.end] == str(t.detail["written"])


def test_cell_lines(pair):
    _, lay = pair
    r = next(r for r in lay.reports if r.layout.get("tables") == "cells" and r.era != "legacy"
             and "attachment" not in r.layout)
    lines = r.text.split("\n")
    i = lines.index("（七）总计")
    assert all(x.isdigit() for x in lines[i + 1 : i + 8])


def test_lost_heading_is_a_format_item_over_the_content(pair):
    base, lay = pair
    items = [(r, t) for r in lay.reports for t in r.truth if t.kind == "format"]
    assert items
    for r, t in items:
        assert t.detail["item"] == "heading" and t.end > t.start
        near = r.text[max(0, t.start - 60) : t.end].replace("\n", "")
        assert not re.search(f"[一二三四五六七八九十]、{t.detail['title']}", near)
        assert not any(x.kind == "missing-section" and x.section == t.section for x in r.truth)


def test_sub_outline(pair):
    _, lay = pair
    rs = [r for r in lay.reports if r.layout.get("sub_outline")]
    assert rs
    for r in rs:
        flat = r.text.replace("\n", "").replace("　", "")
        assert re.search(r"二、(?:公开政府信息情况|政府信息公开情况)（一）主动公开", flat)
        assert "（二）依申请公开" in flat


def test_attachment(pair):
    _, lay = pair
    by = {r.name: r for r in lay.reports}
    atts = [r for r in lay.reports if r.doc_type == "attachment"]
    assert atts
    for a in atts:
        rep = by[a.attachment_of]
        assert rep.layout["attachment"] == a.name and (a.organ, a.year) == (rep.organ, rep.year)
        assert "统计表" in a.text.split("\n")[0] or a.chrome
        assert "（七）总计" in a.text or "收到申请数" in a.text
        assert "（七）总计" not in rep.text and "收到申请数件" not in rep.text
        assert all(t.kind.startswith("table") or t.kind == "cross-year-mismatch" for t in a.truth if not t.benign)


def test_in_force_break(pair):
    _, lay = pair
    items = [(r, t) for r in lay.reports for t in r.truth if t.detail.get("rule") == "C7"]
    assert items
    for r, t in items:
        assert t.kind == "cross-year-mismatch"
        assert r.text[t.start : t.end] == str(t.detail["written"])
        assert t.detail["written"] != t.detail["expected"]
        a, b = t.detail["region"]
        assert a <= t.start < t.end <= b


def test_same_seed_same_bytes(tmp_path):
    opts = DefectOptions.realistic()
    a = write_batch(_batch(opts, seed=6, organs=6), tmp_path / "a")
    b = write_batch(_batch(opts, seed=6, organs=6), tmp_path / "b")
    fa = sorted(p.name for p in a.iterdir())
    assert fa == sorted(p.name for p in b.iterdir())
    for n in fa:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_truth_rows_carry_layout_fields(tmp_path):
    out = write_batch(_batch(DefectOptions.realistic(), seed=6, organs=6), tmp_path)
    rows = read_truth(out)
    raw = [r for r in rows if r.get("layout", {}).get("body")]
    assert raw and all(r["file"].read_text(encoding="utf-8") == r["text"] for r in raw)
    assert any(r.get("chrome") for r in rows)
    assert all(r.get("doc_type", "report") in ("report", "attachment") for r in rows)


def test_zero_rates_change_nothing():
    opts = DefectOptions(**{k: 0.0 for k in LAYOUT_RATES})
    a, b = _batch(DefectOptions(), organs=5), _batch(opts, organs=5)
    assert [(r.name, r.text, r.truth) for r in a.reports] == [(r.name, r.text, r.truth) for r in b.reports]
    assert not any(r.layout or r.raw or r.chrome for r in b.reports)


def test_spaced_rows(pair):
    _, lay = pair
    for style, pattern in (("tabs", r"\t（七）总计\t\t\d+(?:\t\d+){6}"), ("spaces", r"（七）总计(?: {2,4}\d+){7}")):
        r = next(r for r in lay.reports if r.layout.get("tables") == style and r.era == "2021"
                 and "attachment" not in r.layout)
        row = next(ln for ln in r.text.split("\n") if "（七）总计" in ln)
        assert re.fullmatch(pattern, row), row


def test_broken_lines(pair):
    _, lay = pair
    for r in lay.reports:
        if "broken_year" in r.layout:
            assert re.search(r"20\n\d\d年", r.text)
        if "broken_heading" in r.layout:
            head = r.layout["broken_heading"]
            assert head not in r.text and head in r.text.replace("\n", "")


def test_copy_sources_are_mapped_too(pair):
    _, lay = pair
    by = lay.by_name()
    n = 0
    for r in lay.reports:
        for t in r.truth:
            if t.kind.startswith("copied") and not t.benign and t.detail.get("transform") == "verbatim":
                src = by[t.detail["source_name"]]
                got = _WS.sub("", src.text[t.detail["source_start"] : t.detail["source_end"]])
                assert got == _WS.sub("", r.text[t.start : t.end])
                n += 1
    assert n


def test_title_only_in_chrome(pair):
    _, lay = pair
    r = next(r for r in lay.reports if r.layout.get("title_in_chrome"))
    head = [r.text[a:b] for a, b, k in r.chrome if k == "header"]
    title = head[0].split("标题", 1)[1].lstrip(":： ")
    body = "".join(c for i, c in enumerate(r.text) if not any(a <= i < b for a, b, _ in r.chrome))
    assert title not in body and title.endswith("年度报告")


def test_run_together_table_two_rows_are_dont_care_for_unreadable(pair):
    _, lay = pair
    items = [(r, t) for r in lay.reports for t in r.truth if t.kind == "unreadable"]
    assert items
    for r, t in items:
        assert t.benign and t.detail["ignore_kinds"] == ["unreadable"]
        assert r.layout.get("tables") == "flat"
