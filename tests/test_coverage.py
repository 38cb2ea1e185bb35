"""Scoring by criteria with coverage, the era-aware rubric and the 需人工复核 listing, on fictional
reports (the tables sample, examples/ and reviewer.generate)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.generate.batch import generate_batch, write_batch
from reviewer.model import Finding, Result
from reviewer.pipeline import Options, review
from reviewer.render import get
from reviewer.scoring.criteria import ASSESSED, NEEDS_REVIEW, NOT_APPLICABLE, NOT_ASSESSED, RANKED
from reviewer.scoring.levels import filter_results, organ_level, organ_type
from reviewer.scoring.score import RubricError, load_rubric, score_result
from reviewer.scoring.summary import summarise
from reviewer.tables.sample import sample_report
from tests.conftest import EXAMPLES

FULL = {"era": "2021", "sections": list("一二三四五六"), "headings": 6, "t2": True, "t3": True, "t4": True,
        "legacy_table": False, "readable_share": 1.0, "published": True, "prior_year": True, "earlier": True, "others": True}
COPY = {"copy": {"own_share": 0.0, "other_share": 0.0, "compared_with": 3}, "vagueness": {"share_vague": 0.2}}


def F(rule: str, kind: str, severity: str = "error", section: str | None = None) -> Finding:
    return Finding(rule=rule, kind=kind, severity=severity, section=section, start=0, end=1, line=1, text="某", message="m")


def scored(facts: dict, findings=(), era: str = "2021", metrics: dict | None = None) -> Result:
    r = Result(path="x.txt", sha256="x", era=era, findings=list(findings), metrics={**COPY, **(metrics or {}), "assessable": dict(facts)})
    score_result(r, load_rubric())
    return r


def status(r: Result) -> dict[str, str]:
    return {c["id"]: c["status"] for c in r.criteria}


def test_full_coverage_clean_report_scores_100():
    r = scored(FULL)
    assert r.score == 100 and r.coverage == 1 and r.review_status == RANKED
    st = status(r)
    assert all(st[c] == NOT_APPLICABLE for c in st if c.startswith("L-"))  # the legacy outline
    assert all(st[c] == ASSESSED for c in st if not c.startswith("L-"))
    applicable = [c for c in r.criteria if c["status"] != NOT_APPLICABLE]
    assert sum(c["points"] for c in applicable) == pytest.approx(100, abs=0.05)


def test_unassessed_criteria_earn_nothing_and_lower_coverage():
    facts = {**FULL, "prior_year": False, "earlier": False, "published": False}
    r = scored(facts)
    st = status(r)
    assert st["O-own"] == st["D-cross"] == st["F-published"] == st["P-repeated"] == NOT_ASSESSED
    reasons = {c["id"]: c["reason"] for c in r.criteria}
    assert "上一年度" in reasons["D-cross"] and "往年" in reasons["O-own"] and "发布日期" in reasons["F-published"]
    assert 0.6 < r.coverage < 1
    # a defect costs more when there is less to earn: the score is over the assessed points only
    one = [F("T101", "table-arithmetic")]
    full_cov, part_cov = scored(FULL, one), scored(facts, one)
    assert part_cov.score < full_cov.score < 100
    assert part_cov.score == pytest.approx(100 - sum(d["points"] for d in part_cov.deductions))
    assert all(d["criterion"] not in ("O-own", "D-cross") for d in part_cov.deductions)


def test_nothing_assessable_is_never_full_marks():
    # no section recognised, no table: the report cannot be judged on content
    facts = {**FULL, "sections": [], "headings": 0, "t2": False, "t3": False, "t4": False, "readable_share": None}
    r = scored(facts)
    assert r.review_status == NEEDS_REVIEW and r.coverage < 0.6
    assert r.score is not None and r.score < 100  # the outline criterion failed: nothing to recognise
    assert status(r)["K-sec-三"] == NOT_ASSESSED


def test_missing_section_fails_what_it_should_contain():
    facts = {**FULL, "sections": list("一二三四六")}
    r = scored(facts, [F("S001", "missing-section", section="五")])
    by = {c["id"]: c for c in r.criteria}
    for cid in ("K-sec-五", "K-problems", "P-vague"):
        assert by[cid]["status"] == ASSESSED and by[cid]["lost"] == pytest.approx(by[cid]["points"])
    assert r.subscores["specificity"] < 15
    assert r.score < scored(FULL).score - 10


def test_legacy_report_judged_on_its_own_outline():
    legacy = {"era": "legacy", "sections": ["二", "三", "五"], "headings": 5, "t2": False, "t3": False, "t4": False,
              "legacy_table": False, "readable_share": None, "published": False, "prior_year": False, "earlier": True,
              "others": True, "legacy_items": {"收费": True, "复议诉讼": False, "其他": True}}
    r = scored(legacy, era="legacy")
    st = status(r)
    assert st["K-table-三"] == st["K-sec-四"] == st["K-fee"] == NOT_APPLICABLE
    assert st["D-arith"] == st["D-prose"] == NOT_APPLICABLE  # no 统计表: table checks do not apply
    assert "consistency" not in r.subscores
    assert all(st[c] == ASSESSED for c in ("L-二", "L-三", "L-五", "L-收费", "L-复议诉讼", "L-其他"))
    lost = {c["id"]: c["lost"] for c in r.criteria}
    assert lost["L-复议诉讼"] > 0 and r.subscores["completeness"] < 25  # a share of the legacy outline
    # with a 统计表 the table checks apply again
    assert status(scored({**legacy, "legacy_table": True}, era="legacy"))["D-arith"] == ASSESSED


def test_consistency_separates_careful_from_careless():
    base = scored(FULL).subscores["consistency"]
    blanks = scored(FULL, [F("T105", "table-missing-value", "warning") for _ in range(4)]).subscores["consistency"]
    unreadable = scored({**FULL, "readable_share": 0.7}).subscores["consistency"]
    contradiction = scored(FULL, [F("T108", "text-table-mismatch"), F("T101", "table-arithmetic")]).subscores["consistency"]
    cross = scored(FULL, [F("T111", "cross-year-mismatch", "warning")]).subscores["consistency"]
    values = {base, blanks, unreadable, contradiction, cross}
    assert base == 25 and len(values) == 5 and max(values - {base}) < 25
    assert contradiction < blanks  # a published number contradicted outweighs a few blanks


def test_threshold_is_configurable_and_rubric_validated():
    facts = {**FULL, "prior_year": False, "earlier": False, "published": False}
    r = Result(path="x.txt", sha256="x", era="2021", metrics={**COPY, "assessable": facts})
    score_result(r, load_rubric({"scoring": {"coverage": {"threshold": 0.99}}}))
    assert r.review_status == NEEDS_REVIEW
    with pytest.raises(RubricError):
        load_rubric({"scoring": {"criteria": {"K-fee": {"needs": ["no-such-fact"]}}}})
    with pytest.raises(RubricError):
        load_rubric({"scoring": {"coverage": {"threshold": 1.5}}})


def test_result_fields_round_trip():
    r = scored(FULL)
    d = r.to_dict()
    assert d["schema_version"] == "1.1"
    assert {"coverage", "criteria", "review_status"} <= set(d)
    assert {"id", "subscore", "points", "status", "reason"} <= set(d["criteria"][0])
    back = Result.from_dict(json.loads(json.dumps(d)))
    assert back.coverage == r.coverage and back.criteria == r.criteria and back.review_status == r.review_status
    old = Result.from_dict({k: v for k, v in d.items() if k not in ("coverage", "criteria", "review_status")})
    assert old.coverage is None and old.criteria == [] and old.review_status is None


def test_needs_review_is_listed_apart_in_every_summary():
    good = scored(FULL)
    good.path = "good.txt"
    weak = scored({**FULL, "sections": [], "t2": False, "t3": False, "t4": False, "readable_share": None})
    weak.path, weak.organ = "weak.txt", "云溪市青禾县测试局"
    summ = summarise([weak, good])
    assert summ.rank_of(good) == 1 and summ.rank_of(weak) is None
    assert summ.needs_review == [weak] and summ.ranking == [good, weak]
    table = get("table")([weak, good])
    assert "需人工复核" in table and "weak.txt" in table.split("需人工复核")[1]
    assert "分项得分分布" in table
    rows = list(csv.DictReader(io.StringIO(get("csv")([weak, good]))))
    by = {r["path"]: r for r in rows}
    assert by["weak.txt"]["review_status"] == "需人工复核" and by["weak.txt"]["rank"] == ""
    assert by["good.txt"]["rank"] == "1" and float(by["good.txt"]["coverage"]) == 1
    assert "需人工复核" in get("terminal")([weak, good])


@pytest.mark.parametrize(("name", "level", "kind"), [
    ("河北省教育厅", "province", "department"),
    ("上海市人民政府办公厅", "province", "government"),
    ("广西壮族自治区民政厅", "province", "department"),
    ("云溪市人民政府", "city", "government"),
    ("云溪市市场监督管理局", "city", "department"),
    ("云溪市青禾县人民政府", "county", "government"),
    ("青禾县住房和城乡建设局", "county", "department"),
    ("淮安市洪泽区交通运输局", "county", "department"),
    ("青禾县石桥镇人民政府", "town", "government"),
    ("云溪市东湖街道办事处", "town", "government"),
    ("国家统计局", None, "department"),
    (None, None, None),
])
def test_level_and_type_from_the_organ_name(name, level, kind):
    assert organ_level(name) == level
    assert organ_type(name) == kind


def test_filter_by_era_level_and_type():
    rs = [Result(path="a", organ="云溪市人民政府", era="2021"), Result(path="b", organ="青禾县财政局", era="legacy"),
          Result(path="c", organ="青禾县人民政府", era="2021")]
    assert [r.path for r in filter_results(rs, era="2021")] == ["a", "c"]
    assert [r.path for r in filter_results(rs, level="county")] == ["b", "c"]
    assert [r.path for r in filter_results(rs, level="county", kind="government")] == ["c"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Four fictional organs, 2017 (legacy outline) and 2023 (2021 format), clean."""
    out = tmp_path_factory.mktemp("gen")
    write_batch(generate_batch(4, [2017, 2023], seed=11), out)
    return out


def test_cli_era_filter_on_generated_batch(generated):
    res = CliRunner().invoke(main, ["score", "-j", "1", "--format", "jsonl", "--era", "legacy", str(generated)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert rows and all(r["era"] == "legacy" for r in rows)
    assert all(r["coverage"] is not None and r["criteria"] for r in rows)


def test_generated_batch_is_assessed_against_each_era(generated):
    results, _ = review([generated], Options(jobs=1))
    for r in results:
        assert r.error is None and r.coverage is not None
        st = status(r)
        if r.era == "legacy":
            assert st["K-sec-四"] == NOT_APPLICABLE and st["L-二"] == ASSESSED
        else:
            assert st["L-二"] == NOT_APPLICABLE and st["K-table-三"] == ASSESSED and st["D-arith"] == ASSESSED
            assert st["O-own"] == ASSESSED  # the organ's 2017 report is in the batch


def test_report_without_sections_never_tops_a_batch_of_complete_reports(tmp_path):
    for i, organ in enumerate(("青禾县交通运输局", "白石县水务局", "云溪市统计局", "石桥县财政局")):
        (tmp_path / f"r{i}_2024.txt").write_text(sample_report().replace("示例县测试局", organ), encoding="utf-8")
    # the same facts run together without any heading, numbering or table
    flat = "".join(line for line in sample_report().replace("示例县测试局", "青山县档案局").splitlines()
                   if "|" not in line and not line.startswith(("一、", "二、", "三、", "四、", "五、", "六、", "第二十条")))
    (tmp_path / "flat_2024.txt").write_text(flat * 3, encoding="utf-8")
    results, _ = review([tmp_path], Options(jobs=1))
    by = {r.path.rsplit("/", 1)[-1]: r for r in results}
    flat_r = by["flat_2024.txt"]
    assert flat_r.error is None
    assert flat_r.score is None or flat_r.score < 100
    summ = summarise(results)
    rank = summ.rank_of(flat_r)
    ranked = [r for r in results if summ.rank_of(r) is not None]
    assert rank is None or rank > len(ranked) / 2
    assert all(by[f"r{i}_2024.txt"].review_status == RANKED for i in range(4))


def test_examples_carry_coverage():
    results, _ = review([EXAMPLES / "qinghe_jiaotong_2023.txt", EXAMPLES / "qinghe_jiaotong_2024.txt"], Options(jobs=1))
    r24 = next(r for r in results if r.path.endswith("2024.txt"))
    assert r24.metrics["assessable"]["prior_year"] is True
    assert status(r24)["D-cross"] == ASSESSED and 0 < r24.coverage <= 1


def test_html_overview_lists_review_and_distributions(tmp_path):
    from reviewer.render import get_writer

    good = scored(FULL)
    good.path = "good.txt"
    weak = scored({**FULL, "sections": [], "t2": False, "t3": False, "t4": False, "readable_share": None})
    weak.path = "weak.txt"
    site = get_writer("html")([weak, good], tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "需人工复核" in index and "分项得分分布" in index and "覆盖" in index
    pages = list((tmp_path / "site" / "reports").glob("*.html"))
    assert pages and all("评估覆盖" in p.read_text(encoding="utf-8") for p in pages)
    assert site
