"""`reviewer eval cross-organ --real`: the matching rule on fictional spans, two fictional organs sharing
a passage with their own standoff gold (raw→normalised offsets, don't-care frame spans, dev/test kept
apart, an undated page left out), and the shape of the real gold when ../shared is present."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.evaluation.copying_real import Span
from reviewer.evaluation.cross_organ import (
    GOLD,
    LABELS,
    cli,
    evaluate,
    load_gold,
    merge,
    report,
    score_report,
)
from tests.test_similarity import BODY_A, BODY_B, PROBLEMS_A
from tests.test_similarity import report as make_report

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "reports"
BODY_C = (
    "云溪市水务局组织对全市供水管网信息公开栏进行逐户核查，补齐停水通知张贴位置二十处。"
    "水质检测结果改为每周在门户网站发布一次，并附检测点位示意图。"
)
PROBLEMS_C = "一是停水通知发布渠道仍然偏少；二是水价调整的解读材料篇幅过长，群众不易看懂。"


def test_matching_rule_dont_care_labels_and_characters():
    gold = [Span(100, 200)]
    dont = [(Span(0, 50), "frame"), (Span(300, 320), "table"), (Span(320, 330), "prescribed")]
    preds = [Span(150, 400), Span(120, 180), Span(0, 40), Span(300, 330), Span(500, 540)]
    s = score_report(gold, dont, preds)
    # 150-400 overlaps the gold passage by 50 = half of the shorter (100): right; 300-330 lies on
    # don't-care spans, most of it table; 500-540 on unlabelled text is wrong
    assert (s["pred"], s["pred_right"], s["gold_found"]) == (3, 2, 1)
    assert s["dont_care"] == {"frame": 1, "prescribed": 0, "table": 1, "carried": 0}
    assert s["wrong"] == [Span(500, 540)] and s["missed"] == []
    # characters: the findings' don't-care characters are removed before comparing
    assert s["chars_gold"] == 100 and s["chars_both"] == 80  # 120-200
    assert s["chars_pred"] == len(set(range(120, 300)) | set(range(330, 400)) | set(range(500, 540)))
    # less than half of the shorter: no match, and a finding half on nothing labelled is wrong
    t = score_report(gold, dont, [Span(151, 400)])
    assert (t["pred_right"], t["gold_found"], len(t["wrong"])) == (0, 0, 1)


def test_overlapping_gold_rows_merge_into_one_passage():
    rows = [(Span(10, 60), "b.txt"), (Span(40, 90), "c.txt"), (Span(90, 120), "d.txt"), (Span(200, 240), "b.txt")]
    m = merge(rows)
    # touching spans stay apart (no overlap), overlapping ones join and keep both sources
    assert [(p.span.start, p.span.end) for p in m] == [(10, 90), (90, 120), (200, 240)]
    assert m[0].others == {"b.txt", "c.txt"}


def _indent(text: str) -> str:
    return "\n".join(("\u3000\u3000" + ln if ln and "|" not in ln else ln) for ln in text.split("\n"))


def _write(tmp: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    rep = tmp / "reports" / "fake"
    rep.mkdir(parents=True)
    texts = {
        "qinghe_jtj_2023.txt": _indent(make_report("青禾县交通运输局", 2023, BODY_A + BODY_B, PROBLEMS_A)),
        "yunxi_swj_2023.txt": _indent(make_report("云溪市水务局", 2023, BODY_C + BODY_A, PROBLEMS_C)),
        "lanshan_wjw_2023.txt": _indent(make_report("岚山县卫生健康委员会", 2023, BODY_C, PROBLEMS_A)),
        "yunxi_swj_tongjibiao.txt": _indent(make_report("云溪市水务局", 2023, BODY_A, PROBLEMS_C)),
    }
    for name, t in texts.items():
        (rep / name).write_text(t, encoding="utf-8")

    def at(name: str, s: str) -> tuple[int, int]:
        i = texts[name].index(s)
        return i, i + len(s)

    q, y, lan = "qinghe_jtj_2023.txt", "yunxi_swj_2023.txt", "lanshan_wjw_2023.txt"
    period = "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    rows = [
        (q, *at(q, BODY_A), y, *at(y, BODY_A), "copied"),
        (y, *at(y, BODY_A), q, *at(q, BODY_A), "copied"),
        (q, *at(q, period), y, *at(y, period), "frame"),
        (y, *at(y, period), q, *at(q, period), "frame"),
        (lan, *at(lan, BODY_C), y, *at(y, BODY_C), "copied"),
        (y, *at(y, BODY_C), lan, *at(lan, BODY_C), "copied"),
        (lan, *at(lan, PROBLEMS_A), q, *at(q, PROBLEMS_A), "copied"),
        (q, *at(q, PROBLEMS_A), lan, *at(lan, PROBLEMS_A), "copied"),
        # a gold passage the reviewer cannot find: nothing of it stands in the other report
        (y, *at(y, PROBLEMS_C), lan, *at(lan, PROBLEMS_A), "copied"),
    ]
    gold = tmp / "cross.tsv"
    head = "collection\tfile\tstart\tend\tother_file\tother_start\tother_end\tlabel\tnote\n"
    gold.write_text(head + "".join("fake\t" + "\t".join(map(str, r)) + "\t\n" for r in rows), encoding="utf-8")
    split = tmp / "split.tsv"
    split.write_text("collection\tfile\torgan_key\tpart\n" + "".join(
        f"fake\t{n}\t{n[:-9]}\t{'dev' if n.startswith('qinghe') else 'test'}\n" for n in sorted(texts)), encoding="utf-8")
    return gold, rep.parent, split, texts


def test_fictional_organs_are_scored_with_dev_and_test_apart(tmp_path):
    gold, reports, split, _ = _write(tmp_path)
    g = load_gold(gold, split)
    assert g.part[("fake", "yunxi_swj_2023.txt")] == "test" and len(g.copied[("fake", "qinghe_jtj_2023.txt")]) == 2
    res = evaluate(gold, reports, split, jobs=1)
    fig = report(res)
    dev, test = fig["dev"]["shared"], fig["test"]["shared"]
    # every stretch here is shared within one year and no own-past gold names it: both readings agree
    assert fig["dev"]["entered"]["passages"] == dev["passages"] and fig["test"]["entered"]["passages"] == test["passages"]
    assert dev["reports"] == 1 and test["reports"] == 2
    # each shared passage is found on both sides, each side counted in its own part
    assert dev["passages"] | {"precision": 1.0, "recall": 1.0} == dev["passages"] and dev["passages"]["gold"] == 2
    assert dev["characters"]["recall"] > 0.9
    assert (test["passages"]["gold"], test["passages"]["found"], test["passages"]["precision"]) == (5, 4, 1.0)
    assert dev["dont_care"] == {"frame": 0, "prescribed": 0, "table": 0, "carried": 0}
    # the undated page is left out of the scores, with the findings it carries
    assert res["left_out"]["undated"] == ["fake/yunxi_swj_tongjibiao.txt"]
    # it shares the body with 青禾县's report: its C202 findings are listed, not scored
    assert [x.split(":")[0] for x in res["left_out"]["findings_outside_gold"]] == ["fake/yunxi_swj_tongjibiao.txt"]


def test_entered_reading_leaves_out_later_sources_and_own_repeats(tmp_path):
    """Under the *entered* reading a stretch counts where the text came into the organ's reports:
    not where the other organ's report is of a later year (this report is its source), nor where the
    organ's own earlier report already held it (the own-past gold: C201's)."""
    from reviewer.evaluation.cross_organ import entered_here

    own = [Span(100, 200)]
    assert entered_here("qinghe_jtj_2023.txt", Span(300, 400), "yunxi_swj_2022.txt", own)
    assert entered_here("qinghe_jtj_2023.txt", Span(300, 400), "yunxi_swj_2023.txt", own)
    assert not entered_here("qinghe_jtj_2023.txt", Span(300, 400), "yunxi_swj_2024.txt", own)
    assert not entered_here("qinghe_jtj_2023.txt", Span(120, 210), "yunxi_swj_2022.txt", own)
    gold = tmp_path / "cross.tsv"
    head = "collection\tfile\tstart\tend\tother_file\tother_start\tother_end\tlabel\tnote\n"
    gold.write_text(head + "fake\tqinghe_jtj_2023.txt\t300\t400\tyunxi_swj_2024.txt\t0\t100\tcopied\t\n"
                    "fake\tqinghe_jtj_2023.txt\t500\t600\tyunxi_swj_2022.txt\t0\t100\tcopied\t\n", encoding="utf-8")
    own_gold = tmp_path / "passages.tsv"
    own_gold.write_text("collection\tlater_file\tlater_start\tlater_end\tearlier_file\tearlier_start\tearlier_end\tkind\tnote\n",
                        encoding="utf-8")
    g = load_gold(gold, tmp_path / "none.tsv", own_gold)
    key = ("fake", "qinghe_jtj_2023.txt")
    assert [p.span for p in g.copied[key]] == [Span(300, 400), Span(500, 600)]
    assert [p.span for p in g.entered[key]] == [Span(500, 600)] and g.carried[key] == [Span(300, 400)]


def test_cli_needs_real_and_skips_without_reports():
    out = CliRunner().invoke(cli, [])
    assert out.exit_code == 0 and "--real" in out.output


# -- the real gold -------------------------------------------------------------------------------
@pytest.mark.skipif(not SHARED.is_dir() or not GOLD.is_file(), reason="../shared or the cross-organ gold is absent")
def test_real_gold_rows_point_into_the_reports_and_pair_different_organs():
    year = re.compile(r"_\d{4}$")
    with GOLD.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows
    texts: dict[str, str] = {}
    for r in rows:
        assert r["label"] in LABELS
        for f, s, e in ((r["file"], r["start"], r["end"]), (r["other_file"], r["other_start"], r["other_end"])):
            if f not in texts:
                texts[f] = (SHARED / r["collection"] / f).open(encoding="utf-8").read() if (SHARED / r["collection"] / f).is_file() \
                    else next((SHARED / c / f).open(encoding="utf-8").read() for c in ("real", "hebei") if (SHARED / c / f).is_file())
            assert 0 <= int(s) < int(e) <= len(texts[f])
        assert year.sub("", Path(r["file"]).stem) != year.sub("", Path(r["other_file"]).stem)
        if r["label"] == "copied":
            t = texts[r["file"]][int(r["start"]):int(r["end"])]
            assert sum("\u4e00" <= ch <= "\u9fff" for ch in t) >= 30
            assert "|" not in t
