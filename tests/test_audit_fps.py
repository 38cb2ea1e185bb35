"""False-positive patterns found by the real-report audit (corpus/real_findings/verdicts.tsv),
each reproduced with our own text so the fix cannot regress silently."""

from __future__ import annotations

from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.rules.sections import mini_report
from reviewer.tables.sample import doc_from_text as doc_of


def run(doc, code: str):
    return load_rules()[code].check(doc, Context())


def review_later(tmp_path, files: dict[str, str]):
    """Write the reports, review them all: the result and the Document of the last one named."""
    from reviewer.pipeline import Options, review

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results, docs = review([tmp_path], Options(jobs=1))
    last = list(files)[-1]
    return next(x for x in results if x.path.endswith(last)), next(x for x in docs if x.path.endswith(last))


def _shifted(five: tuple[str, str] = ("五、存在的主要问题", "四、存在的主要问题")) -> str:
    """The mini report with sections 二…六 printed one numeral low (``five``: what becomes of 五)."""
    return mini_report(replace={"二、主动公开政府信息情况": "一、主动公开政府信息情况", "三、收到和处理": "二、收到和处理",
                                "四、政府信息公开行政复议": "三、政府信息公开行政复议", five[0]: five[1],
                                "六、其他需要报告的事项": "五、其他需要报告的事项"})


def test_s005_shifted_numbering_reported_once_at_the_restart():
    # sections 二…六 all printed one numeral low (the outline restarts): one fault, one finding
    fs = run(doc_of(_shifted()), "S005")
    assert len(fs) == 1, [f.message for f in fs]
    assert fs[0].text.startswith("一、主动公开")


def test_s005_two_independent_misnumberings_both_reported():
    # different shifts are different faults: both stay flagged
    text = mini_report(replace={"三、收到和处理": "四、收到和处理", "五、存在的主要问题": "三、存在的主要问题"})
    fs = run(doc_of(text), "S005")
    assert len(fs) >= 2, [f.message for f in fs]


def test_s005_same_shift_with_a_correct_heading_between_is_two_faults():
    text = mini_report(replace={"三、收到和处理": "二、收到和处理", "六、其他需要报告的事项": "五、其他需要报告的事项"})
    fs = run(doc_of(text), "S005")
    assert len(fs) >= 2, [f.message for f in fs]


def test_v305_not_applied_to_legacy_outline():
    from reviewer.rules.vague import _LEGACY_FIVE

    assert run(doc_of(_LEGACY_FIVE), "V305") == []
    # the same section in a 2021-format year is still flagged: the rule did not go blind
    assert len(run(doc_of(_LEGACY_FIVE.replace("2017年", "2022年")), "V305")) == 1


def _passage(doc, start: int, end: int, src_doc):
    from types import SimpleNamespace

    return SimpleNamespace(start=start, end=end, source=SimpleNamespace(doc=src_doc))


def test_copy_passage_must_be_found_in_its_source_as_running_text():
    from reviewer.similarity.verify import verify

    src = doc_of("甲局2022年报告\n一是组织全局干部参加保密审查专题培训三次，覆盖业务科室十二个。\n要求各科室严格按照清单公开。\n", "a_2022.txt")
    copied = "一是组织全局干部参加保密审查专题培训五次，覆盖业务科室十四个。"  # figures updated only
    unrelated = "在各科室工作人员的共同努力下，栏目更新更及时。"  # shares a few words, not the sentence
    doc = doc_of(f"甲局2023年报告\n{copied}\n{unrelated}\n", "a_2023.txt")
    i, j = doc.text.index(copied), doc.text.index(unrelated)
    assert verify(_passage(doc, i, i + len(copied), src), doc)
    assert not verify(_passage(doc, j, j + len(unrelated), src), doc)
    # a heading-length set phrase found verbatim is still too short to be a copied passage
    short = doc_of("甲局2023年报告\n要求各科室严格按照清单公开。\n", "b_2023.txt")
    k = short.text.index("要求")
    assert not verify(_passage(short, k, k + 14, src), short)


def test_s005_section_without_heading_does_not_split_a_shifted_sequence():
    # 五's heading lost (content recovered by the classifier), the rest one numeral low: still one fault
    doc = doc_of(_shifted(("五、存在的主要问题及改进情况\n", "")))
    fs = run(doc, "S005")
    assert len(fs) == 1, ([f.message for f in fs], [(s.id, s.recovered, s.number) for s in doc.sections])


def _verified_again(organ: str, text: str, name: str) -> bool:
    """Whether ``text``, standing in an organ's 2022 and 2023 reports, is found as copied text."""
    from reviewer.similarity.verify import verify

    src = doc_of(f"{organ}2022年报告\n{text}\n", f"{name}_2022.txt")
    doc = doc_of(f"{organ}2023年报告\n{text}\n", f"{name}_2023.txt")
    i = doc.text.index(text)
    return verify(_passage(doc, i, i + len(text), src), doc)


def test_contact_lines_do_not_make_a_copy():
    contact = "如对本报告有疑问，请与乙局办公室联系（地址：北湖路18号；邮编：100000；电话：01012345678；电子邮箱：yiju@example.cn）。"
    assert not _verified_again("乙局", contact, "y")
    # a real paragraph that happens to end in the contact line is still a copy
    body = "本局全年组织政务公开专题培训三次，修订依申请公开办理规程并在局网站公布。"
    assert _verified_again("乙局", body + contact, "z")


def test_v301_skips_list_lead_ins_and_bracketed_subheadings():
    from reviewer.rules.vague import _no_claim

    assert _no_claim("为此，我们将从以下几个方面加以改进：")
    assert _no_claim("（二）进一步丰富公开形式。")
    assert not _no_claim("一是公开内容还不够全面；")
    assert not _no_claim("（二）进一步丰富公开形式，加强培训，不断提升工作水平。")  # a full measure is judged
    lead = (
        "五、存在的主要问题及改进情况\n我局政府信息公开工作仍存在一些不足，公开内容还不够全面，工作人员业务能力有待提升。"
        "为此，我们将从以下几个方面加以改进：\n（一）进一步丰富公开形式。\n进一步加强组织领导，不断提升政务公开工作水平。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    doc = doc_of("丙局2023年政府信息公开工作年度报告\n一、总体情况\n2023年，丙局认真做好政务公开工作。\n" + lead)
    texts = [f.text for f in run(doc, "V301")]
    assert texts, "the formulaic sentences are still flagged"
    assert not any(t.rstrip().endswith("：") or t.startswith("（一）") for t in texts), texts


def test_table_two_row_labels_are_prescribed_wording():
    # table 二's row labels (spec §3.1) are printed by every organ: not template text of the report
    from reviewer.similarity.fingerprint import fingerprint
    from reviewer.similarity.template import prescribed_chars

    t = "某局2023年报告\n二、主动公开政府信息情况\n第二十条第（五）项\n行政许可33\n第二十条第（六）项\n行政处罚13\n行政强制2\n（七）总计9\n"
    f = fingerprint(doc_of(t))
    covered = "".join(c for c, p in zip(f.masked, prescribed_chars(f.masked), strict=True) if p)
    for label in ("行政许可", "行政处罚", "行政强制"):
        assert label in covered, covered


def test_c204_span_stays_inside_section_five(tmp_path):
    five = "一是栏目更新不够及时，部分专栏长期未维护；二是依申请公开答复文书格式不统一，个别答复未写明救济途径。下一步将建立栏目巡检制度。"
    six = "本局严格执行信息处理费管理办法，全年未收取信息处理费，也未发生减免情况。"

    def rep(year: int) -> str:
        return (f"丁县文化广电和旅游局{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年共发布信息{year - 1900}条。\n"
                f"五、存在的主要问题及改进情况\n{five}\n六、其他需要报告的事项\n{six}\n")

    r, d = review_later(tmp_path, {"d_2022.txt": rep(2022), "d_2023.txt": rep(2023)})
    c204 = [f for f in r.findings if f.rule == "C204"]
    assert c204, [f.rule for f in r.findings]
    five_sec = d.section("五")
    assert all(five_sec.start <= f.start and f.end <= five_sec.end for f in c204)
    assert all("六、" not in f.text for f in c204)


def test_web_page_chrome_around_the_title_is_not_compared(tmp_path):
    # an archived web page: metadata lines, a separator and a breadcrumb above the body, the same
    # every year; only the body after the title is compared, so the chrome makes no copy finding
    from reviewer.similarity.fingerprint import clause_units

    def page(year: int, body: str) -> str:
        title = f"戊市交通运输局{year}年政府信息公开工作年度报告"
        return (f"标题: {title}\n发布时间: {year + 1}-01-20 09:30\n文号: \n栏目: 政府信息公开年报\n"
                f"原文链接: https://jt.example.cn/xxgk/nb/{year}.htm\n==================== 正文 ====================\n"
                f"当前位置： 首页 政务公开 信息公开年报 {title} 来源：戊市交通运输局办公室 时间：{year + 1}-01-20 "
                f"微信 微博 全真版 文字版 相关链接： --> {title} {body}\n一、总体情况\n{body}\n")

    new = ["本局今年重点推进客运班线调整信息公开，逐条公布线路停靠站点和票价变化。",
           "全年开展道路运输执法检查公开试点，在局网站按月公示检查结果和整改要求。"]
    r, d = review_later(tmp_path, {"w_2022.txt": page(2022, new[0]), "w_2023.txt": page(2023, new[1])})
    units = "".join(d.text[a:b] for a, b in clause_units(d))
    assert "发布时间" not in units and "当前位置" not in units and "原文链接" not in units
    assert "戊市交通运输局2023年政府信息公开工作年度报告" in units  # the title itself stays
    assert new[1] in units
    assert not [f for f in r.findings if f.rule in ("C201", "C202", "C203")], [(f.rule, f.text) for f in r.findings]
    # the same body copied a year later is still found
    r, _ = review_later(tmp_path, {"w_2024.txt": page(2024, new[1])})
    assert any(f.rule == "C201" and new[1][:20] in f.text for f in r.findings), [(f.rule, f.text) for f in r.findings]


def test_flattened_statistics_table_is_not_copied_text(tmp_path):
    # a pre-2019 统计表 flattened into one run-on line: the form's labels with new figures each year
    # are not copied prose; a prose sentence with figures is still a clause that can be copied
    from reviewer.similarity.fingerprint import clause_units, flattened_table

    def rep(year: int, a: int, b: int) -> str:
        table = (f"己县{year}年政府信息公开情况统计表项目名称单位本年度累计主动公开信息总数条{a} {a + 300}其中：1、门户网站发布条{a} {a + 290}"
                 f"2、公报刊登条{b} {b + 4}受理申请总数件{b} {b + 9}其中：1、窗口申请件0 0 2、网络申请件{b} {b + 2}答复总数件{b} {b + 9}")
        return (f"己县民政局{year}年政府信息公开工作年度报告\n一、概述\n本局{year}年新设便民查询终端{a % 7 + 2}台，群众可就近查询低保审批结果。\n"
                f"二、统计表\n{table}\n")

    assert flattened_table("主动公开信息总数条12 40其中：1、门户网站发布条10 30 2、公报刊登条2 10受理申请总数件3 5答复总数件3 5")
    assert not flattened_table("全年公开信息120条，受理申请35件，均按期答复，办结率100%。")
    r, d = review_later(tmp_path, {"j_2016.txt": rep(2016, 812, 5), "j_2017.txt": rep(2017, 947, 8)})
    units = "".join(d.text[a:b] for a, b in clause_units(d))
    assert "便民查询终端" in units and "门户网站发布" not in units
    t0 = d.text.index("项目名称")
    assert not [f for f in r.findings if f.rule in ("C201", "C203") and f.end > t0], [(f.rule, f.text) for f in r.findings]
    # the prose sentence with only its figures changed is still a copy (spec §7 defect 5)
    assert any(f.rule == "C201" and "便民查询终端" in f.text for f in r.findings)


def test_headings_with_nil_statements_are_not_a_copy(tmp_path):
    # legacy outline: each year the same headings, each followed by "nothing happened" — not a copy;
    # a real paragraph carried over is still found
    from reviewer.similarity.fingerprint import nil_statement

    kept = "本局在办事大厅设置信息查阅台，配备专人指导群众检索林权登记和采伐审批信息，并按季度更新纸质目录。"

    two = {2016: "今年首次把退耕还林补助资金按村公示，群众可在村务栏和局网站两处核对到户金额。",
           2017: "新建的森林资源一张图上线运行，公益林界线与管护责任人可按乡镇查询和下载。"}
    six = {2016: "群众对补助到户时间询问较多，下一步将在公示中写明拨付日期。",
           2017: "一张图的图层说明过于专业，明年将配发通俗的图例和操作指引。"}

    def rep(year: int) -> str:
        return (f"庚县林业局{year}年政府信息公开工作年度报告\n一、概述\n{kept}\n"
                f"二、主动公开政府信息情况\n{two[year]}\n"
                f"三、依申请公开政府信息情况\n{year}年我局未收到政府信息公开申请。\n"
                f"四、政府信息公开的收费及减免情况\n{year}年我局未收取任何费用，未发生减免。\n"
                f"五、因政府信息公开申请行政复议、提起行政诉讼的情况\n{year}年未发生因政府信息公开引起的行政复议和行政诉讼。\n"
                f"六、存在的主要问题和改进措施\n{six[year]}\n")

    assert nil_statement("2016年我局未收到政府信息公开申请。")
    assert nil_statement("2016年我局未收取任何费用，未发生减免。")
    assert not nil_statement("2016年我局未收到申请，但开展了三次现场咨询活动。")
    r, d = review_later(tmp_path, {"g_2016.txt": rep(2016), "g_2017.txt": rep(2017)})
    c201 = [f for f in r.findings if f.rule == "C201"]
    assert any(kept[:20] in f.text for f in c201), [f.text for f in c201]
    s3 = d.text.index("三、依申请")
    s6 = d.text.index("六、存在")
    assert not [f for f in c201 if f.start < s6 and f.end > s3], [f.text for f in c201]


def test_download_line_with_bracketed_url_is_contact():
    line = "本报告的电子版和历年政府信息公开工作年度报告均可在辛县人民政府门户网站（www.xinxian.example.cn）的“政府信息公开年报”栏目中下载。"
    assert not _verified_again("辛县", line, "x")
    # bracketed text that is not contact data stays part of a real copy
    body = "本局编制《辛县政务公开事项标准目录（试行）》，逐项列明公开主体、公开时限和公开渠道，并在乡镇便民服务中心张贴。"
    assert _verified_again("辛县", body, "y")


def test_copy_must_come_from_one_place_of_the_source_and_evidence_points_there():
    from types import SimpleNamespace

    from reviewer.similarity.verify import verify

    s1 = "一是组织召开全县政务公开业务培训会，邀请省里专家现场授课。"
    s2 = "二是开通网上咨询信箱，安排专人每周答复群众留言并按月汇总。"
    s3 = "三是在乡镇便民服务中心设立查阅点，配备触摸屏和纸质目录。"
    filler = "".join(f"第{k}项工作按计划推进，年底前完成验收。" for k in range(1, 40))
    src = doc_of(f"壬县2022年报告\n{s1}\n{filler}\n{s2}\n{filler}\n{s3}\n", "r_2022.txt")
    # a sentence made of runs found in three distant places of the source: not a copy
    scattered = "组织召开全县政务公开业务开通网上咨询信箱，安排专人便民服务中心设立查阅点。"
    copied = "在乡镇便民服务中心设立查阅点，配备触摸屏和纸质目录，方便群众查询。"
    doc = doc_of(f"壬县2023年报告\n{scattered}\n{copied}\n", "r_2023.txt")
    i, j = doc.text.index(scattered), doc.text.index(copied)

    def passage(a: int, b: int):
        return SimpleNamespace(start=a, end=b, source=SimpleNamespace(doc=src), src_start=0, src_end=10)

    assert not verify(passage(i, i + len(scattered)), doc)
    p = passage(j, j + len(copied))
    assert verify(p, doc)
    # the evidence now cites the source sentence the text comes from, not the span first given
    k = src.text.index(s3)
    assert k <= p.src_start < k + 5 and p.src_end <= k + len(s3) + 1, src.text[p.src_start : p.src_end]


def test_broken_table_header_cells_are_not_copied_text():
    from reviewer.similarity.fingerprint import clause_units, label_debris

    header = "申请人情况\n自然人法人或其他\n商业科研社会公益法律\n企业机构组织服务机构\n总计"
    assert label_debris(header)
    assert label_debris("尚未结果结果其他\n维持纠正审结")
    assert not label_debris("本局对行政许可和行政处罚结果一律在七日内公开。")
    assert not label_debris("予以公开120件、不予公开3件、作其他处理(含申请人撤回)5件、转下年度办理2件。")
    doc = doc_of(f"癸区2023年报告\n三、收到和处理政府信息公开申请情况\n{header}\n本年度共受理申请12件。\n", "k_2023.txt")
    units = "".join(doc.text[a:b] for a, b in clause_units(doc))
    assert "商业科研" not in units and "共受理申请" in units
    # header cells run into a note in one sentence: the header clause goes, the note stays; a prose
    # clause restating the table (figures) stays
    run = "尚未审结其他结果总计结果纠正结果维持尚未审结其他结果注：本表数据由业务科室逐项核对后填报。"
    prose = "全年共办理行政复议案件3件，其中结果维持2件，结果纠正1件。"
    doc = doc_of(f"癸区2023年报告\n四、政府信息公开行政复议、行政诉讼情况\n{run}\n{prose}\n", "k_2023.txt")
    units = [doc.text[a:b] for a, b in clause_units(doc)]
    assert not any("总计结果纠正" in u for u in units) and any("业务科室逐项核对" in u for u in units)
    assert any("结果维持2件" in u for u in units)


def test_preamble_formula_is_not_copied_from_another_organ():
    from types import SimpleNamespace

    from reviewer.similarity.verify import verify

    def pre(organ: str) -> str:
        return (f"本报告由{organ}办公室依据《中华人民共和国政府信息公开条例》（国务院令第711号）和上级有关通知要求编制。"
                "本报告所列数据的统计期限为2023年1月1日至2023年12月31日，全部数据均经本机关业务科室逐项核对。")

    src = doc_of(f"子县2023年报告\n{pre('子县交通局')}\n", "zi_2023.txt")
    doc = doc_of(f"丑县2023年报告\n{pre('丑县交通局')}\n", "chou_2023.txt")
    i = doc.text.index("本报告由")
    j = doc.text.index("核对。") + 3

    def passage(kind: str):
        return SimpleNamespace(kind=kind, start=i, end=j, source=SimpleNamespace(doc=src), src_start=0, src_end=0)

    assert not verify(passage("other"), doc)
    # the organ's own preamble carried over from last year is still compared as text
    assert verify(passage("own"), doc)
