"""The static HTML report: self-contained, escaped, highlighted — checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewer.model import Result
from reviewer.render import get_writer
from reviewer.render.html.style import KIND_COLOURS
from tests.scoring_fixtures import SCRIPT, make_batch

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)


def _chromium(tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}", *args, url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[Result]]:
    tmp = tmp_path_factory.mktemp("html")
    results, docs = make_batch(tmp)
    index = get_writer("html")(results, tmp / "out", docs)
    return index, results


def _elements(html: str) -> tuple[set[str], set[str]]:
    """Element and attribute names as a browser's tokenizer sees them (escaped text is not a tag)."""
    from html.parser import HTMLParser

    tags: set[str] = set()
    attrs: set[str] = set()

    class P(HTMLParser):
        def handle_starttag(self, tag, a):
            tags.add(tag)
            attrs.update(k for k, _ in a)

    P().feed(html)
    return tags, attrs


def _bad_page(index: Path) -> Path:
    return next(p for p in (index.parent / "reports").glob("*.html") if "qinghe_jiaotong_2024" in p.name)


def test_pages_are_self_contained_and_escaped(site):
    index, results = site
    pages = [index, *sorted((index.parent / "reports").glob("*.html"))]
    organ_pages = [p for p in pages if p.name.startswith("organ-")]
    assert len(pages) == 1 + len(results) + len(organ_pages) and len(organ_pages) == 1  # one organ has two years
    for p in pages:
        html = p.read_text(encoding="utf-8")
        tags, attrs = _elements(html)
        assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "use"}, p.name
        assert not {a for a in attrs if a.startswith("on") or a in ("src", "xlink:href")}, p.name
        assert not re.search(r"@import|url\(|https?://", html), p.name
    bad = _bad_page(index).read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=" in bad
    # every finding has a passage anchor and a list entry, linked both ways
    n = len(results[1].findings)
    for i in range(n):
        assert f'id="p-{i}"' in bad and f'id="f-{i}"' in bad and f'href="#f-{i}"' in bad and f'href="#p-{i}"' in bad
    # the copied passage is shown next to its source, linking to the source report's page
    assert "雷同段落对照" in bad and re.search(r'href="\d+-qinghe_jiaotong_2023\.html"', bad)
    # the table cell in error is marked
    assert 'class="cell-err k-table-arithmetic"' in bad


def test_organ_names_in_charts_are_escaped(tmp_path):
    r = Result(path="x.txt", sha256="s", organ="<b>恶意</b>机关", year=2024, score=90.0,
               subscores={"completeness": 25, "consistency": 25, "originality": 20, "specificity": 10, "format": 10},
               metrics={"copy": {"own_share": 0.4, "other_share": 0.1}})
    r2 = Result(path="y.txt", sha256="t", organ="<b>恶意</b>机关", year=2023, score=80.0)
    index = get_writer("html")([r, r2], tmp_path / "o", None)
    html = index.read_text(encoding="utf-8")
    assert "<b>恶意" not in html and "&lt;b&gt;恶意" in html
    assert "50%" in html  # heat-map cell for own + other share


def _colours(png: Path, box: tuple[int, int, int, int] | None = None) -> dict[tuple[int, int, int], int]:
    from PIL import Image

    img = Image.open(png).convert("RGB")
    if box:
        img = img.crop(box)
    return {c: n for n, c in img.getcolors(maxcolors=img.width * img.height)}


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_chromium_screenshot_shows_highlights(site, tmp_path):
    index, _ = site
    png = tmp_path / "report.png"
    proc = _chromium(tmp_path, _bad_page(index).as_uri(), "--window-size=1400,4200", f"--screenshot={png}")
    assert png.exists(), proc.stderr[-2000:]
    # the text column only (the findings list on the right repeats each kind's colour as a swatch)
    colours = _colours(png, box=(0, 0, 900, 4200))
    counts = {k: colours.get(_hex(KIND_COLOURS[k]), 0) for k in KIND_COLOURS}
    # a legend swatch is 12x12 = 144 pixels; highlighted passages and cells are far more
    assert counts["copied-from-own-past"] > 5000 and counts["vague-narrative"] > 5000, counts
    assert counts["table-arithmetic"] > 500 and counts["date-mismatch"] > 500, counts
    assert counts["text-table-mismatch"] == 0  # no such finding, no such colour
    # and a page without findings has none of the copy colour
    clean = next(p for p in (index.parent / "reports").glob("*.html") if "baishi" in p.name)
    png2 = tmp_path / "clean.png"
    _chromium(tmp_path, clean.as_uri(), "--window-size=1400,4200", f"--screenshot={png2}")
    assert _colours(png2).get(_hex(KIND_COLOURS["copied-from-own-past"]), 0) == 0


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_script_in_report_text_shows_as_text_and_runs_nothing(site, tmp_path):
    index, _ = site
    proc = _chromium(tmp_path, _bad_page(index).as_uri(), "--dump-dom", "--virtual-time-budget=2000")
    dom = proc.stdout
    assert "<body" in dom, proc.stderr[-2000:]
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "PWNED" not in title and "青禾县交通运输局" in title
    assert "data-pwned" not in re.search(r"<body[^>]*>", dom).group(0)
    assert not re.search(r"<script|<img", dom, re.I)
    assert "&lt;script&gt;document.title='PWNED'" in dom  # the text is there, visible, as text
    assert SCRIPT[:8] not in dom


def test_copied_pair_marks_only_what_changed():
    from reviewer.render.html import diff_pair

    a, b = diff_pair("平潭县2013年<b>报告</b>统计", "平潭县2012年<b>报告</b>统计")
    assert a == '平潭县201<b class="chg">3</b>年&lt;b&gt;报告&lt;/b&gt;统计'
    assert b == '平潭县201<b class="chg">2</b>年&lt;b&gt;报告&lt;/b&gt;统计'


def test_organ_history_page_lists_years_side_by_side(site):
    index, results = site
    html = index.read_text(encoding="utf-8")
    assert "机关历年对比" in html
    page = next((index.parent / "reports").glob("organ-*.html")).read_text(encoding="utf-8")
    assert "历年对比" in page and ">2023<" in page and ">2024<" in page
    assert "雷同占比" in page and "跨年度持续存在的问题" in page


def test_persistent_findings_are_those_seen_in_two_years():
    from reviewer.model import Finding
    from reviewer.render.html.history import organ_groups, persistent_findings

    def res(year: int, texts: list[str]) -> Result:
        fs = [Finding("V301", "vague-narrative", "warning", "五", 0, len(t), 1, t, "m") for t in texts]
        return Result(path=f"qinghe_{year}.txt", organ="青禾县交通运输局", year=year, score=80.0, findings=fs)

    rs = [res(2022, ["工作有待加强。", "人员不足。"]), res(2023, ["工作有待加强。"]), res(2024, ["工作有待 加强。", "新问题。"])]
    groups = organ_groups(rs + [Result(path="other_2024.txt", organ="云溪市民政局", year=2024, score=90.0)])
    assert list(groups) and len(next(iter(groups.values()))) == 3  # the one-year organ has no page
    rows = persistent_findings(rs)
    assert [(r[3], r[4]) for r in rows] == [("工作有待加强。", [2022, 2023, 2024])]


def _has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_chromium_screenshots_of_overview_and_organ_history_in_chinese(site, tmp_path):
    if not _has_cjk_font():
        pytest.skip("no CJK font installed (.ci/run installs fonts-wqy-zenhei)")
    index, _ = site
    organ = next((index.parent / "reports").glob("organ-*.html"))
    for page, marker in ((index, "机关历年对比"), (organ, "跨年度持续存在的问题")):
        dom = _shot_and_dom(tmp_path, page, "")
        assert marker in dom and 'lang="zh-CN"' in dom


def _shot_and_dom(tmp_path, page, suffix: str) -> str:
    """Screenshot ``page`` (a real picture, not a blank one) and return its rendered DOM."""
    png = tmp_path / f"{page.stem}{suffix}.png"
    proc = _chromium(tmp_path, page.as_uri(), "--window-size=1200,1600", f"--screenshot={png}")
    assert png.exists() and png.stat().st_size > 10_000, proc.stderr[-500:]
    return _chromium(tmp_path, page.as_uri(), "--dump-dom").stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_chromium_english_run_of_the_same_batch(site, tmp_path):
    index, results = site
    en = get_writer("html")(results, tmp_path / "en", None, lang="en")
    organ = next((en.parent / "reports").glob("organ-*.html"))
    for page, marker in ((en, "Organ history"), (organ, "Findings that persist")):
        dom = _shot_and_dom(tmp_path, page, "-en")
        assert marker in dom and 'lang="en"' in dom and "跨年度持续存在的问题" not in dom
