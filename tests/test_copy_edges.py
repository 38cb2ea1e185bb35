"""Where copy findings begin and end, and what a repeated problem is (spec §7 内容雷同, §2 五): frame
sentences by function, the overview's political opening, headings and sections as passage bounds,
passages that only share a topic, listed problem items, and the things a problem is wanting in.
All text is fictional."""

from __future__ import annotations

import pytest

from reviewer.pipeline import Options, review
from reviewer.similarity.frame import opening_length, sentence_function
from reviewer.similarity.problems import basis, problems, same_problem

PROSE_A = ("本局持续完善公开目录编制流程，信息中心定期梳理政策解读材料并逐条标注适用范围。法制股严格落实保密审查制度，"
           "对拟公开文件逐件登记并留存审查意见。")
PROSE_B = ("督查组围绕群众反映集中的农村道路养护问题开展暗访，形成整改清单并逐项销号。档案室完成了往年纸质公开文件的"
           "数字化扫描，建立可检索的电子目录，群众可在窗口终端查阅。")
OPENING = ("2023年，本局以习近平新时代中国特色社会主义思想为指导，认真落实上级决策部署，紧紧围绕粮食安全中心工作，"
           "秉持便民公开理念，以标准化建设为抓手，新建粮食储备动态专栏。")


def report(year: int, body: str, extra: str, problems_text: str, organ: str = "青禾县粮食局") -> str:
    lines = [f"{organ}{year}年政府信息公开工作年度报告",
             f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
             "一、总体情况", body, "二、主动公开政府信息情况", "| 规章 | 0 | 0 | 0 |",
             "三、收到和处理政府信息公开申请情况", "本年未收到申请。",
             "四、政府信息公开行政复议、行政诉讼情况", extra, "五、存在的主要问题及改进情况", problems_text,
             "六、其他需要报告的事项", "本年度未收取任何费用。"]
    return "\n".join(lines) + "\n"


def run(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results, docs = review(sorted(str(tmp_path / n) for n in files), Options(jobs=1))
    return ({r.path.rsplit("/", 1)[-1]: r for r in results}, {d.path.rsplit("/", 1)[-1]: d for d in docs})


@pytest.mark.parametrize("sentence, function", [
    ("（三）本年度无向申请人进行收费的情况。", "fee"),
    ("我局认真落实《政府信息公开信息处理费管理办法》要求，按规定办理收费事项。", "fee"),
    ("按照县政府办公室的要求，本年度未收取任何费用。", "fee"),
    ("报告内容包括总体情况、主动公开情况、依申请公开情况等部分组成。", "structure"),
    ("依申请公开情况、收费及减免情况等几个方面。", "structure"),
    ("2024年1月20日", "signature"),
    ("部分单位收费标准不统一。", None),
    # the stock lead-in to the problems of 五, standing alone, names no problem
    ("2023年，本县政务公开工作取得了一定成绩，但离群众期望还存在一定差距和不足。", "lead_in"),
    ("对照新形势新要求，本局公开工作还存在一些不足，主要表现在：", "lead_in"),
    ("本局工作虽然取得一定成效，但与上级要求相比也存在一些问题。", "lead_in"),
    ("工作取得一定成效，但政策解读形式单一的问题依然存在。", None),
    ("与群众期待相比，政策解读材料还不够丰富。", None),
    ("工作取得一定成效，但在政策解读方面还存在一些不足。", None),
    ("本局落实《青禾县档案管理办法》要求，完成了三批档案移交。", None),
])
def test_more_frame_sentences_by_function(sentence, function):
    assert sentence_function(sentence) == function


def test_stance_clauses_carry_the_political_opening():
    k = opening_length(OPENING)
    assert OPENING[k:] == "新建粮食储备动态专栏。"
    # a stance clause opens no lead-in of its own
    s = "秉持便民公开理念，新建粮食储备动态专栏。"
    assert opening_length(s) == 0


def _copies(res, name: str, rules=("C201",)):
    return [f for f in res[name].findings if f.rule in rules]


def test_own_passages_end_at_headings_and_stay_out_of_the_opening(tmp_path):
    body = OPENING + PROSE_A
    res, docs = run(tmp_path, {
        "a_2022.txt": report(2022, body.replace("2023年", "2022年"), PROSE_B, PROSE_A),
        "a_2023.txt": report(2023, body, PROSE_B, PROSE_A),
    })
    doc = docs["a_2023.txt"]
    c201 = _copies(res, "a_2023.txt")
    assert c201
    opening_end = doc.text.index(OPENING) + len(OPENING)
    for f in c201:
        assert doc.section_at(f.start).id == doc.section_at(f.end - 1).id, f.text  # one section each
        assert f.start >= opening_end or f.end <= doc.text.index(OPENING), f.text  # not in the opening
    # the prose of 四 and the problems of 五 copied one after the other are two passages
    secs = {doc.section_at(f.start).id for f in c201}
    assert {"四", "五"} <= secs


def test_a_passage_below_the_own_similarity_floor_is_not_reported(tmp_path):
    from reviewer.io import read_document
    from reviewer.similarity.analyse import Params, analyse

    def doc(year: int, body: str):
        p = tmp_path / f"a_{year}.txt"
        p.write_text(report(year, body, "本年无行政复议。", "档案数字化进度偏慢。"), encoding="utf-8")
        return read_document(p)

    old = doc(2022, "全年组织专题培训12场次，覆盖乡镇和部门公开专员300人次，培训后组织闭卷测试并通报成绩。")
    new = doc(2023, "全年组织专题培训15场次，覆盖乡镇和部门公开专员320人次，培训后组织闭卷测试并通报成绩。")
    own = [p for p in analyse([old, new])[1].passages if p.kind == "own" and p.verified]
    assert own and all(p.similarity < 1 for p in own)  # the figures changed
    strict = analyse([old, new], p=Params(min_own_similarity=0.99))[1].passages
    assert not [p for p in strict if p.kind == "own" and p.verified]


def test_a_listed_problem_runs_on_over_its_sentences():
    t = "一是专职人员不足。人员调动频繁，业务衔接不畅。二是政策解读形式单一。"
    ps = problems(t, 0, len(t))
    assert [t[p.start:p.end] for p in ps] == ["专职人员不足", "人员调动频繁", "业务衔接不畅", "政策解读形式单一"]
    first, second, _, third = ps
    assert first.item == second.item and t[slice(*first.item)] == "专职人员不足。人员调动频繁，业务衔接不畅"
    assert third.item != first.item


def test_a_problem_is_wanting_in_the_same_things(one_problem) -> None:
    one = one_problem
    interp_form = one("政策解读形式较为单一。")
    open_form = one("公开形式不够多样。")
    interp = one("政策解读方式不够多元。")
    assert not same_problem(interp_form, open_form) and not same_problem(open_form, interp_form)
    assert basis(interp, interp_form) == "aspect"
    assert basis(one("门户网站发布的内容不够充实。"), one("主动公开内容有待丰富。")) == "aspect"  # where aside
    assert basis(one("档案扫描件清晰度偏低。"), one("档案扫描件清晰度不足。")) == "core"


def test_a_sentence_copied_up_to_a_common_tail_is_an_own_passage(tmp_path):
    # 五 of one organ, carried over a year: a fixed problem named in its own words, then a measure
    # clause four organs share and a closing clause every organ writes (no own wording in it)
    towns = ["青禾县", "云溪县", "榆坪县", "枫溪县", "岚塘县", "杉陂县", "菱源县", "荷禾县"]
    measure, tail = "本局已建立每月抽查通报制度，", "目前已经全部整改完成。"
    fixed = "针对上年报告提到的“乡镇公交站牌时刻信息更新不及时”问题，"
    own = "针对上年报告提到的“{}”问题，"
    topics = ["农田水利档案查阅不便", "菜市场摊位价格公示缺漏", "校车线路调整通知偏晚", "养老补贴名单公示不全",
              "河道保洁责任牌信息过时", "林地流转合同公开滞后", "集市消防检查结果未公开"]
    files = {}
    for year, body in ((2022, PROSE_A), (2023, PROSE_B)):
        files[f"a_{year}.txt"] = report(year, body, "本年无行政复议。", fixed + measure + tail)
    for i, (town, topic) in enumerate(zip(towns[1:], topics, strict=True)):
        text = (own.format(topic) + (measure if i < 3 else "本局已安排专人逐月复核，") + tail)
        files[f"t{i}_2023.txt"] = report(2023, f"{town}粮食局全年新设{i + 3}个公开查阅点，由办公室每周核对一次。",
                                         "本年无行政复议。", text).replace("青禾县粮食局", f"{town}粮食局")
    res, docs = run(tmp_path, files)
    doc = docs["a_2023.txt"]
    c201 = _copies(res, "a_2023.txt")
    at = doc.text.index(fixed)
    assert any(f.start <= at + 5 and f.end >= at + len(fixed) for f in c201), [f.text for f in c201]


def test_a_passage_does_not_begin_or_end_on_stock_clauses_of_a_cut_sentence(tmp_path):
    import numpy as np

    from reviewer.io import read_document
    from reviewer.similarity.analyse import Passage
    from reviewer.similarity.bounds import trim_stock_edges
    from reviewer.similarity.fingerprint import fingerprint

    before, after = "往年问题已经基本整改，但仍有提升空间。", "下一步，本局将继续提高认识，高度重视公开工作。"
    path = tmp_path / "a_2023.txt"
    path.write_text(report(2023, before + PROSE_B + after, "本年无行政复议。", "档案数字化进度偏慢。"), encoding="utf-8")
    doc = read_document(path)
    fp = fingerprint(doc)
    text = doc.text
    units = [u for u in range(len(fp.u_start)) if text[fp.u_start[u]:fp.u_end[u]].strip() in
             ("但仍有提升空间。", "下一步，", "本局将继续提高认识，")
             or text.index(PROSE_B) <= fp.u_start[u] < text.index(PROSE_B) + len(PROSE_B)]
    stock = {"往年问题已经基本整改，", "但仍有提升空间。", "下一步，", "本局将继续提高认识，", "高度重视公开工作。"}
    free = np.array([0 if text[a:b].strip() in stock else 10 for a, b in zip(fp.u_start, fp.u_end, strict=True)])
    starts, ends = fp.sentence_bounds()

    def passage(us: list[int]) -> Passage:
        return Passage("other", int(fp.u_start[us[0]]), int(fp.u_end[us[-1]]), 0, 0.0, list(us))

    cur = passage(units)
    assert trim_stock_edges(cur, fp, free, starts, ends, [])
    assert text[cur.start:cur.end] == PROSE_B  # the stock clauses of the cut sentences are left out
    # a cut clause with some wording of its own stays an edge
    free[units[-1]] = 5
    cur = passage(units)
    assert trim_stock_edges(cur, fp, free, starts, ends, []) and text[cur.start:cur.end].endswith("本局将继续提高认识，")
    # nothing but stock clauses: no passage
    assert not trim_stock_edges(passage(units[-2:-1]), fp, free, starts, ends, [])
