"""Repeated problems (C204, spec §8 end) judged on what is wrong and in what, not on the wording:
fictional problems of one organ restated year after year in other words are found; a different
defect in the same object, the same defect in another object, stock lead-ins and measures are not."""

from __future__ import annotations

import pytest

from reviewer.similarity.problems import normalise, problems, restated, same_problem


def restates(after: str, before: str) -> bool:
    """Whether a problem of ``after`` restates one of ``before`` (each must name one)."""
    a, b = problems(after, 0, len(after)), problems(before, 0, len(before))
    assert a and b
    return any(same_problem(x, y) for x in a for y in b)


# (earlier year, later year): the same defect in the same thing, in new words
RESTATED = [
    ("公开内容不够丰富", "主动公开的信息量偏少"),
    ("政务公开内容还不够全面", "公开信息的广度和深度有待拓展"),
    ("信息更新不及时", "部分栏目信息更新滞后"),
    ("信息发布时效性不强", "个别信息发布不够及时"),
    ("政策解读形式单一", "解读方式不够多样化"),
    ("政策解读形式较为单一", "解读材料以文字为主，形式不够多元"),
    ("依申请公开答复不规范", "政府信息公开申请办理还不够规范"),
    ("依申请答复文书格式不统一", "依申请公开答复书格式不一致"),
    ("政务公开平台建设滞后", "政府网站建设有待加强"),
    ("政务新媒体建设相对滞后", "公众号平台建设有待加强"),
    ("专职人员不足", "工作力量薄弱，人员多为兼职"),
    ("信息联络员人员变动频繁", "信息员队伍不稳定，流动性大"),
    ("部分干部公开意识不强", "个别单位对政务公开重视不够"),
    ("专栏链接失效较多", "栏目部分链接无法打开"),
    ("兼职联络员以内勤人员为主", "兼职信息员以内勤人员为主"),
    ("统计数据仅公开年度汇总数", "统计数据仅发布年度汇总数"),
    ("部分栏目内容陈旧", "个别栏目信息更新不及时"),
    ("存在重发布轻解读现象", "政策文件重公开轻解读"),
]

# (earlier, later): not the same problem
NEW = [
    ("公开内容不够丰富", "公开内容更新不及时"),  # another defect of the same thing
    ("政策解读形式单一", "政策解读不够及时"),  # another defect of interpretation
    ("信息更新不及时", "政策解读不够及时"),  # the same defect in another thing
    ("政务公开平台建设滞后", "网站信息更新滞后"),  # the building of the platform, the updating of its content
    ("公开内容不够丰富", "政策解读内容不够丰富"),  # the richness of interpretation, not of what is disclosed
    ("依申请公开答复不规范", "政策解读不够规范"),
    ("部分干部公开意识不强", "工作人员业务培训不足"),
    ("乡镇公开栏信息更新滞后", "网站栏目信息更新滞后"),  # two different places
    ("公开内容不够丰富", "信息公开工作人员较少"),  # too few people, not too little content
    ("公开内容不够丰富", "信息公开工作机制还不够完善"),
    ("政务公开平台建设滞后", "发挥政务公开服务功能的作用有待加强"),
    ("政府网站建设滞后", "标准化规范化建设有待加强"),  # building standards, not a platform
    ("网站栏目建设水平不高", "政务公开工作水平有待提升"),  # a level of any work is no place's problem
]


@pytest.mark.parametrize(("before", "after"), RESTATED)
def test_a_problem_restated_in_new_words_is_the_same_problem(before, after):
    assert restates(after, before)


@pytest.mark.parametrize(("before", "after"), NEW)
def test_another_defect_or_another_thing_is_a_new_problem(before, after):
    assert not restates(after, before)


def test_synonyms_are_written_as_one_word():
    assert normalise("联络员") == normalise("信息联络员") == "信息员"
    assert normalise("版块") == normalise("专栏") == "栏目"


def test_a_multi_year_list_is_matched_item_by_item():
    y1 = "一是公开内容不够丰富；二是政策解读形式单一；三是依申请公开答复不规范。"
    y2 = ("政务公开工作取得一定成效，但与群众期待相比还有差距。一是主动公开信息量偏少；"
          "二是部分栏目信息更新滞后；三是政府信息公开申请办理还不够规范。"
          "下一步，我局将从以下几个方面改进：一是丰富公开内容；二是创新解读形式。")
    y3 = "主要问题：解读方式不够多样化，网站建设有待加强，专职人员不足。"
    p1, p2, p3 = (problems(t, 0, len(t)) for t in (y1, y2, y3))
    found2 = {y2[a.start:a.end]: y1[b.start:b.end] for a, _, b in restated(p2, [p1])}
    assert found2 == {"主动公开信息量偏少": "公开内容不够丰富", "政府信息公开申请办理还不够规范": "依申请公开答复不规范"}
    # the third year's interpretation restates the first year's (two years back); the rest is new
    found3 = {y3[a.start:a.end]: (k, y) for a, k, b in restated(p3, [p2, p1]) for y in [(y2, y1)[k][b.start:b.end]]}
    assert found3 == {"解读方式不够多样化": (1, "政策解读形式单一")}


def test_lead_ins_measures_and_unremarkable_facts_are_no_problems():
    t = ("政务公开工作取得了一定成效，但也存在一些不足。与上级要求相比还存在一定差距。"
         "下一步，将进一步丰富公开内容，提高信息发布的及时性。本年度未发生因政府信息公开引起的行政复议。")
    assert problems(t, 0, len(t)) == []
