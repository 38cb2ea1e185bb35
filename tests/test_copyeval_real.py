"""`reviewer eval copying --real` on two small fictional organs with their own standoff gold: passage
and character figures, don't-care frame spans, the own-share tolerance, repeated problems (C204),
raw→normalised offsets, dev/test kept apart; and the shape of the real gold when ../shared is present."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.evaluation.copying_real import (
    GOLD,
    Mapper,
    Span,
    evaluate,
    load_gold,
    matches,
    report,
    run,
    score_pair,
    score_problems,
)
from tests.test_similarity import BODY_A, BODY_B, PROBLEMS_A
from tests.test_similarity import report as make_report

BODY_C = (
    "云溪市水务局组织对全市供水管网信息公开栏进行逐户核查，补齐停水通知张贴位置二十处。"
    "水质检测结果改为每周在门户网站发布一次，并附检测点位示意图。"
)
PROBLEMS_C = "一是停水通知发布渠道仍然偏少；二是水价调整的解读材料篇幅过长，群众不易看懂。"


def _han(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def _indent(text: str) -> str:
    # an indented raw file: gold offsets are into this text, the reviewer's into its normalised form
    return "\n".join(("\u3000\u3000" + ln if ln and "|" not in ln else ln) for ln in text.split("\n"))


def _write(tmp: Path) -> tuple[Path, Path, dict[str, str]]:
    gold, rep = tmp / "gold", tmp / "reports"
    (rep / "fake").mkdir(parents=True)
    gold.mkdir()
    texts = {
        "qinghe_jtj_2022.txt": _indent(make_report("青禾县交通运输局", 2022, BODY_A, PROBLEMS_A)),
        "qinghe_jtj_2023.txt": _indent(make_report("青禾县交通运输局", 2023, BODY_A + BODY_B, PROBLEMS_A)),
        "yunxi_swj_2022.txt": _indent(make_report("云溪市水务局", 2022, BODY_C, PROBLEMS_C)),
        "yunxi_swj_2023.txt": _indent(make_report("云溪市水务局", 2023, BODY_B, PROBLEMS_C)),
    }
    for name, t in texts.items():
        (rep / "fake" / name).write_text(t, encoding="utf-8")

    def at(name: str, s: str) -> tuple[int, int]:
        i = texts[name].index(s)
        return i, i + len(s)

    q22, q23, y22, y23 = sorted(texts)[:2] + sorted(texts)[2:]
    period = "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    period22 = period.replace("2023", "2022")
    rows = [
        ("fake", q23, *at(q23, BODY_A), q22, *at(q22, BODY_A), "substantive", ""),
        ("fake", q23, *at(q23, PROBLEMS_A), q22, *at(q22, PROBLEMS_A), "substantive", ""),
        ("fake", q23, *at(q23, period), q22, *at(q22, period22), "frame", ""),
        ("fake", y23, *at(y23, PROBLEMS_C), y22, *at(y22, PROBLEMS_C), "substantive", ""),
        ("fake", y23, *at(y23, period), y22, *at(y22, period22), "frame", ""),
        # a gold passage the reviewer cannot find: BODY_B is not in the 2022 report of 云溪市水务局
        ("fake", y23, *at(y23, BODY_B), y22, *at(y22, BODY_C), "substantive", ""),
    ]
    head = "collection\tlater_file\tlater_start\tlater_end\tearlier_file\tearlier_start\tearlier_end\tkind\tnote"
    (gold / "passages.tsv").write_text(head + "\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    # the annotated share: characters of substantive prose carried over ÷ substantive prose of the later report
    share_q = _han(BODY_A + PROBLEMS_A) / _han(BODY_A + BODY_B + PROBLEMS_A)
    share_y = _han(PROBLEMS_C) / _han(BODY_B + PROBLEMS_C)
    (gold / "pairs.tsv").write_text(
        "collection\tlater_file\tearlier_file\town_copied_share\tnote\n"
        f"fake\t{q23}\t{q22}\t{share_q:.2f}\t\nfake\t{y23}\t{y22}\t{share_y:.2f}\t\n", encoding="utf-8")
    prob = "解读形式较为单一，图解和视频解读数量偏少"
    prob0 = "部分科室对主动公开范围理解不一致，更新不够及时"
    p23, p22 = at(q23, prob), at(q22, prob)
    p023, p022 = at(q23, prob0), at(q22, prob0)
    yp23, yp22 = at(y23, "停水通知发布渠道仍然偏少"), at(y22, "停水通知发布渠道仍然偏少")
    (gold / "problems.tsv").write_text(
        "later_file\tlater_start\tlater_end\tearlier_file\tearlier_start\tearlier_end\tnote\n"
        f"{q23}\t{p023[0]}\t{p023[1]}\t{q22}\t{p022[0]}\t{p022[1]}\tdisclosure scope\n"
        f"{q23}\t{p23[0]}\t{p23[1]}\t{q22}\t{p22[0]}\t{p22[1]}\tinterpretation form\n"
        f"{y23}\t{yp23[0]}\t{yp23[1]}\t{y22}\t{yp22[0]}\t{yp22[1]}\tnotice channels\n", encoding="utf-8")
    split = "collection\tfile\torgan_key\tpart\n" + "".join(
        f"fake\t{n}\t{n[:-9]}\t{'dev' if n.startswith('qinghe') else 'test'}\n" for n in sorted(texts))
    (gold / "split.tsv").write_text(split, encoding="utf-8")
    return gold, rep, texts


def test_overlap_rule_and_dont_care_spans():
    assert matches(Span(0, 10), Span(5, 100)) and not matches(Span(0, 10), Span(6, 100))
    gold = [(Span(100, 200), "substantive"), (Span(0, 50), "frame")]
    s = score_pair(gold, [Span(120, 180), Span(0, 40), Span(300, 340)])
    # the prediction on the frame span is neither right nor wrong; the one on new text is wrong
    assert (s["pred"], s["pred_right"], s["ignored"], s["gold_found"]) == (2, 1, 1, 1)
    assert s["wrong"] == [Span(300, 340)]
    assert s["chars_gold"] == 100 and s["chars_both"] == 60 and s["chars_pred"] == 100
    # a prediction whose source is an older year is don't-care unless it matches gold
    o = score_pair(gold, [Span(300, 340), Span(120, 180)], unpaired={0, 1})
    assert (o["pred"], o["pred_right"], o["older_unmatched"], o["wrong"]) == (1, 1, 1, [])
    # a prediction shorter than the gold ever annotates is right when it matches, else don't-care
    h = score_pair(gold, [Span(300, 320), Span(150, 170)], short={0, 1})
    assert (h["pred"], h["pred_right"], h["short_unmatched"], h["wrong"]) == (1, 1, 1, [])
    q = score_problems([Span(10, 20), Span(50, 60)], [Span(0, 16), Span(80, 90)])
    assert (q["pred_right"], q["gold_found"], q["wrong"], q["missed"]) == (1, 1, [Span(80, 90)], [Span(50, 60)])


def test_raw_offsets_map_to_the_normalised_text_and_back():
    raw = "\u3000\u3000一、总体情况\n\u3000\u3000本年度公开目录更新三次。"
    text = "一、总体情况\n本年度公开目录更新三次。"
    m = Mapper(raw, text)
    s = raw.index("本年度")
    n = m.to_norm(Span(s, len(raw)))
    assert text[n.start:n.end] == "本年度公开目录更新三次。"
    assert m.to_raw(n.start) == s


def test_fictional_organs_are_scored_with_dev_and_test_apart(tmp_path):
    gold_dir, rep, _ = _write(tmp_path)
    g = load_gold(gold_dir)
    assert len(g.pairs) == 2 and g.part[("fake", "yunxi_swj_2023.txt")] == "test"
    res = evaluate(gold_dir, rep, jobs=1)
    fig = report(res)
    dev, test = fig["dev"], fig["test"]
    assert dev["pairs"] == 1 and test["pairs"] == 1
    # the carried-over body is found, the period formula is don't-care, the repeated problem is found
    assert dev["passages"]["recall"] == 1.0 and dev["passages"]["gold"] == 2
    assert dev["passages"]["precision"] == 1.0
    assert dev["problems"]["recall"] == 1.0 and dev["problems"]["precision"] == 1.0
    assert dev["characters"]["recall"] > 0.9
    assert dev["misplaced"]["frame"] == 0 and dev["misplaced"]["chrome"] == 0
    assert dev["share"] == {"within": 1, "pairs": 1, "no_share": 0, "over": 0, "under": 0,
                            "mean_abs_diff": pytest.approx(0.02, abs=0.06),
                            "source_earlier_within": 1, "any_earlier_within": 1}
    # aggregate diagnostics: copy findings by rule, right C204 findings by the ground of the restatement
    assert dev["misplaced"]["rule:C201"] >= 1 and not [k for k in dev["misplaced"] if k.startswith("frame:")]
    assert sum(v for k, v in dev["problems"]["false_by_reason"].items() if k.startswith("right:")) == dev["problems"]["right"]
    # the test organ's gold passage has no source in the earlier report: recall 0 there
    assert test["passages"]["gold"] == 2 and test["passages"]["recall"] == 0.5
    assert test["problems"]["recall"] == 1.0


def test_errors_are_printed_for_dev_only_and_json_has_both_parts(tmp_path, capsys):
    gold_dir, rep, _ = _write(tmp_path)
    run(errors=True, gold_dir=gold_dir, reports=rep, jobs=1)
    out = capsys.readouterr().out
    assert "## dev" in out and "## test" in out and "left out" in out
    assert "yunxi_swj_2023.txt\t" not in out  # test part sealed: no per-passage lines
    run(errors=True, as_json=True, gold_dir=gold_dir, reports=rep, jobs=1)
    data = json.loads(capsys.readouterr().out)
    assert set(data["parts"]) == {"dev", "test"}
    assert not any("yunxi" in line for line in data["dev_errors"])


def test_cli_flag_and_missing_inputs_skip_cleanly(tmp_path, capsys):
    from reviewer.similarity.evaluate import cli

    assert "--real" in CliRunner().invoke(cli, ["--help"]).output
    empty = tmp_path / "nogold"
    empty.mkdir()
    run(gold_dir=empty, reports=tmp_path)
    run(gold_dir=GOLD, reports=tmp_path / "absent")
    out = capsys.readouterr().out
    assert "pairs.tsv" in out and "skipped" in out


REPORTS_REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "reports"


@pytest.mark.skipif(not REPORTS_REAL.is_dir() or not (GOLD / "pairs.tsv").is_file(), reason="../shared reports not present")
def test_real_gold_is_well_formed():
    g = load_gold()
    assert len(g.pairs) >= 40
    year = re.compile(r"_(\d{4})\.txt$")
    for (c, later), (earlier, share) in g.pairs.items():
        assert 0.0 <= share <= 1.0
        assert later.rsplit("_", 1)[0] == earlier.rsplit("_", 1)[0]
        assert int(year.search(earlier).group(1)) < int(year.search(later).group(1))
        assert (c, later) in g.part
        n = len((REPORTS_REAL / c / later).read_text(encoding="utf-8"))
        for s, kind in g.passages.get((c, later), []):
            assert kind in ("substantive", "frame", "prescribed") and 0 <= s.start < s.end <= n
    for later, spans in g.problems.items():
        c = "hebei" if later.startswith("hebei") else "real"
        n = len((REPORTS_REAL / c / later).read_text(encoding="utf-8"))
        assert all(0 <= s.start < s.end <= n for s in spans)
