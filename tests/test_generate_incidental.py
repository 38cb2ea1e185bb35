"""Sentences repeated by accident of the clause pools become don't-care regions (own text)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.generate.incidental import mark_incidental
from reviewer.generate.truth import TruthItem


@dataclass
class R:
    organ: str
    year: int
    text: str
    truth: list[TruthItem] = field(default_factory=list)


STAT = "{o}全年受理政府信息公开申请{n}件，均在法定期限内答复完毕。"
OWN = "{o}在社区服务中心增设了政策查询终端，方便老年人现场查阅文件。"


def test_repeat_with_figures_changed_is_dont_care_for_the_copy_kinds():
    a1 = R("青禾县水利局", 2022, STAT.format(o="青禾县水利局", n=12) + "河长制公示牌全部更新到位。")
    a2 = R("青禾县水利局", 2023, STAT.format(o="青禾县水利局", n=30) + OWN.format(o="本局"))
    b2 = R("白石县水利局", 2023, OWN.format(o="本局") + "今年新增了三处水文信息公示点。")
    reps = [a1, a2, b2]
    mark_incidental(reps)
    first = a2.text.index("。") + 1
    own = [t for t in a2.truth if t.benign and "copied-from-own-past" in t.detail["ignore_kinds"]]
    assert [(t.start, t.end) for t in own] == [(0, first)]  # the statistics sentence, figures changed
    other = [t for t in a2.truth if "copied-from-other" in t.detail["ignore_kinds"]]
    assert [(t.start, t.end) for t in other] == [(first, len(a2.text))]  # the same sentence as 白石县
    assert not a1.truth  # nothing earlier to repeat; the other organ's sentence is different
    assert [t.detail["ignore_kinds"] for t in b2.truth] == [["copied-from-other"]]


def test_injected_copies_and_short_phrases_are_left_alone():
    text = STAT.format(o="东坪区教育局", n=5) + "工作有序推进。"
    a1 = R("东坪区教育局", 2022, text)
    a2 = R("东坪区教育局", 2023, text, [TruthItem("copied-from-own-past", 0, text.index("。") + 1, "一", {})])
    mark_incidental([a1, a2])
    assert [t.kind for t in a2.truth] == ["copied-from-own-past"]  # no benign item over the real copy
    assert not a1.truth


def test_a_clause_repeated_inside_a_new_sentence_is_dont_care_for_own_copies():
    clause = "组织召开全县政务公开专题会议3次"
    a1 = R("青禾县水利局", 2022, f"{clause}，研究部署河湖信息公开工作。")
    a2 = R("青禾县水利局", 2023, f"{clause.replace('3', '5')}，研究解决水资源公报发布中的具体问题。")
    mark_incidental([a1, a2])
    own = [(t.start, t.end) for t in a2.truth if t.benign and "copied-from-own-past" in t.detail["ignore_kinds"]]
    assert own == [(0, len(clause) + 1)]  # the clause (with its comma), not the new rest of the sentence
    assert not a1.truth  # nothing earlier to repeat


def test_a_repeat_with_another_wording_variant_is_dont_care_too():
    # each report picks one variant per wording group (开展/组织/进行, 逐件/逐一/逐份)
    a1 = R("青禾县水利局", 2022, "本年度对12个下属单位开展公开工作考核，逐件核对整改台账。")
    a2 = R("青禾县水利局", 2023, "本年度对15个下属单位进行公开工作考核，逐份核对整改台账。")
    a3 = R("青禾县水利局", 2024, "本年度对16个下属单位进行公开工作督查，逐份核对整改台账。")
    mark_incidental([a1, a2, a3])
    own = [t for t in a2.truth if t.benign and "copied-from-own-past" in t.detail["ignore_kinds"]]
    assert [(t.start, t.end) for t in own][:1] == [(0, len(a2.text))]
    # another word (督查 for 考核, in no wording group) makes a different sentence
    assert not [t for t in a3.truth if "copied-from-own-past" in t.detail["ignore_kinds"]]
