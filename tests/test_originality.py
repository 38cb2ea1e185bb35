"""Originality (spec §7 defects 5-6): frame sentences, circulated texts, tables, negation flips,
another organ's residue. All texts are fictional."""

from __future__ import annotations

import glob

import pytest

from reviewer.io import read_document
from reviewer.pipeline import Options, review
from reviewer.similarity.frame import opening_length, sentence_function
from reviewer.similarity.negation import flips, sentences
from reviewer.similarity.residue import residue

PROSE_A = ("本局持续完善公开目录编制流程，信息中心定期梳理政策解读材料。法制股严格落实保密审查制度，对拟公开文件逐件登记。"
           "网站编辑部重新设计了办事指南栏目，逐项核对了服务事项说明。")
PROSE_B = ("督查组围绕群众反映集中的农村道路养护问题开展暗访，形成整改清单并逐项销号。宣传股新开设政策问答小程序，"
           "档案室完成了往年纸质公开文件的数字化扫描，建立可检索的电子目录。")
PROSE_C = ("本年度重点围绕粮食储备轮换开展公开，新设储备动态专栏。仓储股对库点安全检查结果按月公示，"
           "财务股细化了收购资金使用说明，群众可在窗口查阅原始凭证。")


def report(organ: str, year: int, body: str, frame: bool = True, table: str = "| 规章 | 0 | 0 | 0 |",
           extra: str = "本年度未因政府信息公开引起行政复议。", problems: str = "档案数字化进度偏慢，部分扫描件清晰度不足。") -> str:
    lines = [f"{organ}{year}年政府信息公开工作年度报告"]
    if frame:
        lines += [
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。",
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
            f"本报告电子版可在{organ}门户网站“政府信息公开”专栏下载。",
            f"如对本报告有任何疑问，请与{organ}办公室联系（地址：和平路1号；邮编：100000；电话：0000-1234567）。",
        ]
    lines += ["一、总体情况", body, "二、主动公开政府信息情况", table, "三、收到和处理政府信息公开申请情况", "本年未收到申请。",
              "四、政府信息公开行政复议、行政诉讼情况", extra, "五、存在的主要问题及改进情况",
              problems, "六、其他需要报告的事项", "本年度未收取任何费用。"]
    return "\n".join(lines) + "\n"


def run(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = sorted(str(tmp_path / n) for n in files)
    results, _ = review(paths, Options(jobs=1))
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


@pytest.mark.parametrize("sentence, function", [
    ("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", "period"),
    ("如对本报告有疑问，请与青禾县粮食局办公室联系（电话：0000-7654321）。", "contact"),
    ("本报告电子版可在青禾县人民政府门户网站（www.qinghe.gov.cn）查阅或下载。", "website"),
    ("本年度未收取任何费用。", "fee"),
    ("本报告根据《中华人民共和国政府信息公开条例》要求编制。", "preamble"),
    ("欢迎社会各界批评指正。", "greeting"),
    ("2023年，本局以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。", "opening"),
    ("全文包括总体情况、主动公开、依申请公开、其他需要报告的事项等四部分。", "structure"),
    ("青禾县粮食局2024年1月20日", "signature"),
    ("更多信息请关注官方微信“青禾粮食”。", "greeting"),
    ("本年度有2件申请收取信息处理费150元。", "fee"),
    ("全年共开通咨询电话3部，接听群众来电1200个。", None),
    ("部分单位收费标准不统一。", None),
    ("按照县政府办公室的要求，我局组织开展了专项检查。", None),
])
def test_frame_sentences_are_recognised_by_their_function(sentence, function):
    assert sentence_function(sentence) == function


def test_political_lead_in_is_cut_from_a_longer_sentence():
    s = "2023年，本局以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神，围绕粮食安全新设储备专栏。"
    k = opening_length(s)
    assert s[k:] == "围绕粮食安全新设储备专栏。"
    assert sentence_function(s) is None


def test_frame_sentences_repeated_every_year_are_not_copying(tmp_path):
    out = run(tmp_path, {"a_2022.txt": report("青禾县粮食局", 2022, PROSE_A),
                         "a_2023.txt": report("青禾县粮食局", 2023, PROSE_B, problems="库点公示栏更新不及时，个别公示内容缺少日期。")})
    r = out["a_2023.txt"]
    assert not [f for f in r.findings if f.rule in ("C201", "C202", "C203", "C206")]


def test_table_copied_with_new_figures_is_no_prose_copy(tmp_path):
    t22 = "| 规章 | 3 | 1 | 12 |\n| 行政规范性文件 | 5 | 2 | 40 |"
    t23 = "| 规章 | 4 | 0 | 16 |\n| 行政规范性文件 | 7 | 1 | 46 |"
    out = run(tmp_path, {"a_2022.txt": report("青禾县粮食局", 2022, PROSE_A, table=t22),
                         "a_2023.txt": report("青禾县粮食局", 2023, PROSE_B, table=t23, problems="库点公示栏更新不及时。")})
    assert not [f for f in out["a_2023.txt"].findings if f.rule in ("C201", "C202", "C205")]


def test_flipped_negation_is_its_own_finding(tmp_path):
    out = run(tmp_path, {
        "a_2022.txt": report("青禾县粮食局", 2022, PROSE_A),
        "a_2023.txt": report("青禾县粮食局", 2023, PROSE_B, extra="本年度因政府信息公开引起行政复议。", problems="库点公示栏更新不及时。"),
    })
    fs = [f for f in out["a_2023.txt"].findings if f.rule == "C206"]
    assert len(fs) == 1 and fs[0].kind == "copied-from-own-past"
    assert "否定意义相反" in fs[0].message and "未因" in fs[0].evidence["source_text"]


def test_negation_flip_needs_the_same_sentence_and_not_an_update():
    a = "本年度未因政府信息公开引起行政复议。"
    for b, n in (("本年度因政府信息公开引起行政复议。", 1), ("本年度因政府信息公开引起行政复议2件。", 0),
                 ("本年度没有因政府信息公开引起行政复议。", 0), ("本年度不断完善公开制度。", 0)):
        assert len(flips(b, sentences(b), a, sentences(a))) == n, b


def test_circulated_text_is_copied_from_other_for_every_organ_with_the_group(tmp_path):
    towns = ["青禾县石口镇人民政府", "青禾县柳集镇人民政府", "青禾县龙湾镇人民政府", "青禾县白营镇人民政府",
             "青禾县金庄镇人民政府"]
    files = {f"t{i}_2023.txt": report(t, 2023, PROSE_C.replace("本年度", f"本年度{t[3:6]}")) for i, t in enumerate(towns)}
    files["x_2023.txt"] = report("云岚市教育局", 2023, PROSE_A, problems="校务公开栏目分类不清，家长查找不便。")
    out = run(tmp_path, files)
    for i, t in enumerate(towns):
        r = out[f"t{i}_2023.txt"]
        c202 = [f for f in r.findings if f.rule == "C202"]
        assert c202, t
        g = c202[0].evidence["group"]
        assert g["organs"] == len(towns) and t in g["members"] and g["earliest_year"] == 2023
        assert r.metrics["copy"]["other_share"] > 0.8
        assert r.subscores["originality"] <= 5
    assert not [f for f in out["x_2023.txt"].findings if f.rule == "C202"]
    from reviewer.scoring.summary import summarise

    clusters = summarise(list(out.values())).copy_clusters
    assert clusters and clusters[0]["organs"] == len(towns)


def test_generated_county_scenario_truth_and_detection():
    from reviewer.generate import DefectOptions, generate_batch

    b = generate_batch(3, [2023], 5, defects=DefectOptions.only(county=1.0))
    towns = [r for r in b.reports if r.organ_obj.kind == "town" and r.organ_obj.taken and "青禾县" in r.organ or r.organ_obj.copier]
    grouped = [r for r in b.reports if any("group" in t.detail for t in r.truth)]
    assert 8 <= len(grouped) <= 15 and len(towns) >= len(grouped)
    for r in grouped:
        items = [t for t in r.truth if t.kind == "copied-from-other" and not t.benign]
        assert items and all(t.detail["group"]["organs"] == len(grouped) for t in items)
    assert DefectOptions().county == 0 and DefectOptions.realistic().county == 0


def test_residue_of_another_organ():
    organ = "青禾县粮食局"
    text = ("全省共主动公开政府信息120条。按照全省统一部署，本局开展了专项检查。省政府办公厅印发的通知已转发。"
            "云岚市交通运输局全年办理申请5件。本局指导青禾县石口镇开展村务公开。")
    spans = sentences(text)
    found = [w for _, _, w in residue(text, organ, spans, {"云岚市", "青禾县石口镇"})]
    assert found == ["全省", "云岚市"]
    assert residue(text, "云溪省粮食局", spans, set()) == [] or "全省" not in [w for _, _, w in residue(text, "云溪省粮食局", spans, set())]


def test_residue_rule_in_a_batch(tmp_path):
    out = run(tmp_path, {"a_2023.txt": report("青禾县粮食局", 2023, PROSE_A + "全省共主动公开政府信息120条。"),
                         "b_2023.txt": report("云岚市教育局", 2023, PROSE_B)})
    fs = [f for f in out["a_2023.txt"].findings if f.rule == "C207"]
    assert len(fs) == 1 and fs[0].kind == "copied-from-other" and "全省" in fs[0].message


def test_unknown_organ_is_same_text_not_charged(tmp_path):
    body = PROSE_C
    (tmp_path / "u1.txt").write_text("\n".join(report("", 2023, body).splitlines()[1:]) + "\n", encoding="utf-8")
    (tmp_path / "u2.txt").write_text("\n".join(report("", 2023, body).splitlines()[1:]) + "\n", encoding="utf-8")
    docs = [read_document(tmp_path / "u1.txt"), read_document(tmp_path / "u2.txt")]
    for d in docs:
        d.organ = None
    from reviewer.similarity.analyse import analyse

    res = analyse(docs)
    assert all(r.metrics["other_share"] == 0 for r in res)
    assert any(r.metrics["unknown_share"] > 0.5 for r in res)


def test_check_without_others_says_copying_was_not_assessed(tmp_path):
    from click.testing import CliRunner

    from reviewer.cli import main

    p = tmp_path / "a_2023.txt"
    p.write_text(report("青禾县粮食局", 2023, PROSE_A), encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(p)])
    assert "未评估雷同" in out.output


def test_generated_batch_directory_reads(tmp_path):
    from reviewer.generate import DefectOptions, generate_batch, write_batch

    write_batch(generate_batch(2, [2023], 2, defects=DefectOptions.only(county=1.0)), tmp_path)
    assert len(glob.glob(str(tmp_path / "*.txt"))) >= 10


def test_similarity_of_a_passage_reflects_changed_figures(tmp_path):
    body = ("本局全年主动公开粮食储备信息{a}条，其中政策解读{b}篇，图解{c}幅。仓储股对{d}个库点的安全检查结果按月公示，"
            "财务股细化了收购资金使用说明，群众可在窗口查阅原始凭证。")
    (tmp_path / "x").mkdir()
    same = run(tmp_path / "x", {
        "a_2022.txt": report("青禾县粮食局", 2022, body.format(a=120, b=14, c=9, d=31)),
        "a_2023.txt": report("青禾县粮食局", 2023, body.format(a=120, b=14, c=9, d=31), problems="库点公示栏更新不及时。")})
    (tmp_path / "y").mkdir()
    changed = run(tmp_path / "y", {
        "a_2022.txt": report("青禾县粮食局", 2022, body.format(a=120, b=14, c=9, d=31)),
        "a_2023.txt": report("青禾县粮食局", 2023, body.format(a=164, b=22, c=17, d=35), problems="库点公示栏更新不及时。")})
    sim = [f.evidence["similarity"] for f in same["a_2023.txt"].findings if f.rule == "C201"]
    sim2 = [f.evidence["similarity"] for f in changed["a_2023.txt"].findings if f.rule == "C201"]
    assert sim and sim2 and max(sim2) < max(sim) and max(sim) >= 0.95


def test_problem_restated_in_new_words_is_a_repeated_problem(tmp_path):
    out = run(tmp_path, {
        "a_2022.txt": report("青禾县粮食局", 2022, PROSE_A, problems="二是档案数字化扫描件清晰度不够，部分文件无法辨认。"),
        "a_2023.txt": report("青禾县粮食局", 2023, PROSE_B,
                             problems="政务公开工作取得一定成效，但也存在一些不足。档案扫描件清晰度偏低的问题仍未解决。下一步将加强培训。"),
    })
    fs = [f for f in out["a_2023.txt"].findings if f.rule == "C204"]
    assert len(fs) == 1 and "清晰度偏低" in fs[0].text and "换了说法" in fs[0].message


def test_stock_lead_ins_and_measures_are_not_problems():
    from reviewer.similarity.problems import problem_sentences

    t = "政务公开工作取得一定成效，但也存在一些不足。下一步将进一步加强培训，解决人员不足问题。"
    assert problem_sentences(t, 0, len(t)) == []


def test_problems_are_judged_on_what_is_wrong_in_what():
    from reviewer.similarity.problems import problems, restated

    def probs(t: str):
        return problems(t, 0, len(t))

    old = probs("一是信息公开内容有待进一步完善；二是政策解读形式较为单一；三是信息发布不够及时。")
    new = probs("工作取得一定成效，但也存在一些不足，与群众期待相比还有差距：公开内容不够充实、解读方式不够多样，"
                "政策解读不够及时。下一步，我局将从以下几个方面改进：一是丰富公开内容；二是信息发布不够及时的加快处理。")
    text = "工作取得一定成效，但也存在一些不足，与群众期待相比还有差距：公开内容不够充实、解读方式不够多样，政策解读不够及时。"
    # the lead-in and the gap formula are no problems; the list splits into its problems; the measures are left out
    assert [text[p.start:p.end] for p in new] == ["公开内容不够充实", "解读方式不够多样", "政策解读不够及时"]
    found = {text[a.start:a.end]: b for a, _, b in restated(new, [old])}
    # content that is not rich restates content to be completed; forms not diverse restate a single form;
    # the timeliness of interpretation is a new aspect after the timeliness of release
    assert set(found) == {"公开内容不够充实", "解读方式不够多样"}


def test_a_problem_with_this_years_figures_is_compared_on_its_words(one_problem) -> None:
    from reviewer.similarity.problems import same_problem

    one = one_problem
    generic = one("信息发布的及时性有待提高。")
    counted = one("林木采伐信息更新滞后，年内有7条信息超过10个工作日才公开。")
    again = one("林木采伐信息更新滞后，全年有3条信息超过5个工作日才公开。")
    assert not same_problem(counted, generic) and same_problem(again, counted)


def test_a_problem_is_found_against_the_latest_year_that_stated_it(tmp_path):
    probs = {2021: "一是档案扫描件清晰度偏低，部分文件无法辨认。", 2022: "一是依申请公开答复文书格式不统一。",
             2023: "一是扫描档案清晰度不够，个别文件难以辨认。"}
    out = run(tmp_path, {f"a_{y}.txt": report("青禾县粮食局", y, body, problems=p)
                         for (y, p), body in zip(probs.items(), (PROSE_A, PROSE_B, PROSE_C), strict=True)})
    fs = [f for f in out["a_2023.txt"].findings if f.rule == "C204"]
    assert len(fs) == 1 and fs[0].evidence["source_year"] == 2021 and "清晰度" in fs[0].evidence["source_text"]


def test_copy_findings_never_start_or_end_inside_frame_sentences_tables_or_chrome(tmp_path):
    body = (PROSE_A + "\n如对本报告有疑问，请与青禾县粮食局办公室联系（电话：0000-7654321）。\n" + PROSE_B
            + "\n本报告电子版可在青禾县粮食局门户网站查阅。\n" + PROSE_C)
    files = {f"a_{y}.txt": report("青禾县粮食局", y, body, table="| 规章 | 3 | 5 | 7 |", problems=PROSE_C)
             + f"发布时间：{y + 1}-01-20 浏览次数：120\n青禾县粮食局{y + 1}年1月20日\n" for y in (2022, 2023)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results, docs = review(sorted(str(tmp_path / n) for n in files), Options(jobs=1))
    doc = next(d for d in docs if d.path.endswith("a_2023.txt"))
    res = next(r for r in results if r.path.endswith("a_2023.txt"))
    frames = [(s.start, s.end) for s in doc.sentences if sentence_function(doc.text[s.start:s.end])]
    fenced = frames + [(t.start, t.end) for t in doc.tables] + [(c.start, c.end) for c in doc.chrome]
    copies = [f for f in res.findings if f.rule in ("C201", "C202", "C203", "C204")]
    assert copies and frames
    for f in copies:
        for a, b in fenced:
            assert not (a < f.start < b or a < f.end < b), (f.rule, doc.text[f.start:f.end], doc.text[a:b])
        assert not f.text.endswith("事项")  # nor ends on a heading


def test_an_earlier_problem_reported_fixed_is_not_restated():
    from reviewer.similarity.problems import problems

    t = "2023年年报提出的“公示栏更新滞后”问题，本局于2024年3月建立每月抽查制度，已整改完成。二是公示栏更新滞后，有5处未按时更换。"
    assert [t[p.start:p.end] for p in problems(t, 0, len(t))] == ["公示栏更新滞后", "有5处未按时更换"]
    assert all(p.start > t.index("二是") for p in problems(t, 0, len(t)))


def test_a_year_with_a_second_version_still_states_its_problems(tmp_path):
    # the organ's 2022 report and a second 2022 document without section 五 (a version of its tables):
    # the 2023 restatement is found against the report, whichever of the two is read last
    tables = "\n".join(["青禾县粮食局2022年政府信息公开工作年度报告", "一、总体情况", PROSE_C,
                        "二、主动公开政府信息情况", "| 规章 | 3 | 5 | 7 |"]) + "\n"
    out = run(tmp_path, {
        "a_2022.txt": report("青禾县粮食局", 2022, PROSE_A, problems="一是库点公示栏信息更新不及时；二是政策解读形式单一。"),
        "a_2022_z.txt": tables,
        "a_2023.txt": report("青禾县粮食局", 2023, PROSE_B, problems="一是解读方式不够多样化；二是窗口服务指引不够清晰。"),
    })
    fs = [f for f in out["a_2023.txt"].findings if f.rule == "C204"]
    assert [f.text for f in fs] == ["解读方式不够多样化"] and fs[0].evidence["source_year"] == 2022
