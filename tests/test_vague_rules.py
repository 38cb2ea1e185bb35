"""Rules V3xx on whole (mini) reports: findings with spans from doc.sentences, section measures in
the document's analysis (``Analysis.metrics``, copied into Result.metrics by the pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.io import read_document
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules

HEAD = "2024年度政府信息公开工作年度报告\n一、总体情况\n2024年，我局认真做好政务公开工作。\n"


def _doc(tmp_path: Path, body: str, name: str = "r.txt", head: str = HEAD):
    p = tmp_path / name
    p.write_text(head + body, encoding="utf-8")
    return read_document(p)


def _run(doc, code: str, ctx: Context | None = None):
    rules = load_rules()
    return list(rules[code].check(doc, ctx or Context()) or ())


def _metrics(doc) -> dict:
    """What V301 measured on ``doc`` (the analysis's metrics)."""
    ctx = Context()
    _run(doc, "V301", ctx)
    return ctx.of(doc).metrics


def test_findings_carry_sentence_spans_and_metrics(tmp_path: Path) -> None:
    doc = _doc(tmp_path, load_rules()["V301"].must_flag[0], head="")
    ctx = Context()
    found = _run(doc, "V301", ctx)
    spans = {(s.start, s.end) for s in doc.sentences}
    assert found
    for f in found:
        assert (f.start, f.end) in spans
        assert f.text == doc.text[f.start : f.end]
        assert f.section == "五" and f.kind == "vague-narrative"
        assert 0.5 <= f.evidence["probability"] <= 1.0 and f.evidence["cues"]
    m = ctx.of(doc).metrics["vagueness"]
    assert m["n_sentences"] >= len(found)
    assert m["states_problems"] and m["states_measures"] and not m["reviews_last_year"]
    assert 0 < m["share_vague"] <= 1


def test_specific_section_scores_higher_specificity(tmp_path: Path) -> None:
    r = load_rules()["V302"]
    vague = _doc(tmp_path, r.must_flag[0], "v.txt", head="")
    spec = _doc(tmp_path, r.must_pass[0], "s.txt", head="")
    mv, ms = _metrics(vague)["vagueness"], _metrics(spec)["vagueness"]
    assert ms["specificity_per_100"] > mv["specificity_per_100"]
    assert ms["share_vague"] < mv["share_vague"]
    assert ms["reviews_last_year"] and not mv["reviews_last_year"]


def test_no_problems_section_no_findings(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "二、主动公开政府信息情况\n本年新制发规范性文件3件。\n")
    ctx = Context()
    for code in ("V301", "V302", "V303", "V304", "V305"):
        assert _run(doc, code, ctx) == []
    assert "vagueness" not in ctx.of(doc).metrics


def test_real_reports_get_metrics(real_dir: Path) -> None:
    for name in ("suqian_shi_2024.txt", "pingtan_zhsyq_2012.txt", "shanghai_szfbgt_2025.txt"):
        doc = read_document(real_dir / name)
        ctx = Context()
        found = _run(doc, "V301", ctx)
        m = ctx.of(doc).metrics["vagueness"]
        assert m["n_sentences"] >= 3, name
        assert all(f.text == doc.text[f.start : f.end] for f in found)


# Last year's problems followed up with the problem quoted at length (generated-batch V305 false
# positives): the report and the outcome sit far from the year, beyond a fixed-distance pattern.
_FOLLOWED_UP = (
    "2023年年报提出的“便民服务专栏办事指南有六处与窗口实际要求不一致、群众反映较多”问题，"
    "我局于2024年5月逐项核对并重新发布，已整改完成。",
    "针对2023年度报告反映的“公开指南未随机构调整及时修订”问题，2024年3月修订完毕，整改已全部完成。",
    "针对上一年度报告中指出的“部分栏目维护责任不清”问题，已明确由办公室统一维护并落实到人。",
)


@pytest.mark.parametrize("lead", _FOLLOWED_UP)
def test_followed_up_last_year_problem_is_a_review(tmp_path: Path, lead: str) -> None:
    five = ("五、存在的主要问题及改进情况\n" + lead + "\n本年度主要问题：一是解读材料以文字为主；二是栏目更新不及时。"
            "\n下一步，我局将于2025年6月底前完成栏目巡检。\n六、其他需要报告的事项\n无。\n")
    assert _run(_doc(tmp_path, five), "V305") == []
    # the same section without the follow-up sentence is still flagged
    assert len(_run(_doc(tmp_path, five.replace(lead + "\n", ""), "n.txt"), "V305")) == 1


def test_other_years_report_mention_without_outcome_is_not_a_review(tmp_path: Path) -> None:
    five = ("五、存在的主要问题及改进情况\n与2020年相比，本年度主要问题：一是解读材料以文字为主；二是栏目更新不及时。"
            "\n下一步，我局将于2025年6月底前完成栏目巡检。\n六、其他需要报告的事项\n无。\n")
    assert len(_run(_doc(tmp_path, five), "V305")) == 1


def test_enumerated_heading_followed_by_its_content_is_not_flagged(tmp_path: Path) -> None:
    # 「二是进一步加强政策解读。」 heads the sentences that say how; a bare item followed by the next
    # item, by a line break or by the turn to the remedies is judged like any sentence
    heading = "二是进一步加强政策解读。"
    body = ("五、存在的主要问题及改进情况\n"
            f"一是进一步加强队伍建设。{heading}由办公室牵头，于6月底前对12份规范性文件逐件配发图解，在门户网站“政策解读”专栏集中发布。\n"
            "六、其他需要报告的事项\n本年度未收取信息处理费。\n")
    doc = _doc(tmp_path, body)
    flagged = {f.text for f in _run(doc, "V301")}
    assert "一是进一步加强队伍建设。" in flagged  # the next sentence is another item
    assert heading not in flagged
    for tail in ("三是进一步加强监督考核。", "针对上述问题，我局将进一步加强管理。", "\n下一段落另起一行。"):
        d = _doc(tmp_path, body.replace("由办公室牵头，于6月底前对12份规范性文件逐件配发图解，在门户网站“政策解读”专栏集中发布。", tail), "t.txt")
        assert heading in {f.text for f in _run(d, "V301")}, tail


def test_problem_stated_as_heading_is_still_flagged(tmp_path: Path) -> None:
    body = ("五、存在的主要问题及改进情况\n"
            "一是信息发布渠道有待拓宽。部分乡镇仍只在公告栏张贴通知，网上发布的内容较少。\n"
            "六、其他需要报告的事项\n本年度未收取信息处理费。\n")
    assert "一是信息发布渠道有待拓宽。" in {f.text for f in _run(_doc(tmp_path, body), "V301")}
