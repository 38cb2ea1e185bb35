"""Generalising signals of specific writing (spec §8) on our own fictional sentences: counts in every
written form, names without quotes, actions on objects, discourse roles, and the spurious cues that
must not make a sentence specific. Each pattern has a must-flag (vague) and a must-pass (specific)
example for the trained model."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.vagueness import model as vmodel
from reviewer.vagueness.features import evidence, explain
from reviewer.vagueness.section import cue_list, is_uncertain
from reviewer.vagueness.signals import signal_hits

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "vagueness.json"
CORPUS = ROOT / "corpus"


def _cues(sentence: str) -> set[str]:
    return {e.cue for e in evidence(sentence)}


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("全年开展业务培训200余场。", "200余场"),
        ("更新政策问答300多条。", "300多条"),
        ("补录历史文件近百篇。", "近百篇"),
        ("约20家单位完成自查。", "约20家"),
        ("聚焦三个重点领域细化公开事项。", "三个"),
        ("涉及十余家单位。", "十余家"),
        ("推送惠企政策上百条。", "上百条"),
    ],
)
def test_counts_in_every_written_form(sentence: str, text: str) -> None:
    assert any(e.cue in ("count", "cn_count") and e.text.endswith(text[-2:]) and text[0] in e.text for e in evidence(sentence))


@pytest.mark.parametrize("sentence", ["确保每一条信息都经过审核。", "牵头抓好政务公开各项工作。", "从以下三个方面加以改进。"])
def test_spurious_cues_are_not_specific_evidence(sentence: str) -> None:
    assert not any(e.polarity > 0 for e in evidence(sentence)), explain(sentence)


def test_owner_needs_who_leads() -> None:
    assert "owner" in _cues("由办公室牵头修订公开指南。")
    assert "owner" not in _cues("牵头抓好政务公开工作。")


def test_last_years_report_is_not_a_bare_year() -> None:
    cues = _cues("针对2023年年度报告提出的问题，已完成整改。")
    assert "last_year" in cues and "year_only" not in cues
    assert "year_only" in _cues("2025年，我局将继续做好政务公开工作。")


def test_named_channels_without_quotes() -> None:
    assert any(h.name == "named_channel" and h.text == "厅长信箱" for h in signal_hits("依托厅长信箱受理咨询。"))
    assert any(h.name == "named_channel" and "云溪" in h.text for h in signal_hits("在云溪政务服务网开通网上申请。"))
    assert not any(h.name == "named_channel" for h in signal_hits("充分利用政府网站和政务新媒体平台。"))


def test_action_on_object_against_stock_action() -> None:
    hits = signal_hits("开通网上申请通道，升级门户网站检索功能。")
    assert [h.text for h in hits if h.name == "action_object"][:1] == ["开通网上申请通道"]
    assert any(h.name == "action_object" and h.text == "专栏改版" for h in signal_hits("专栏改版后访问量上升。"))
    stock = signal_hits("进一步加强政务公开工作，提升服务水平。")
    assert {h.name for h in stock} >= {"stock_action"} and not any(h.name == "action_object" for h in stock)


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("（二）改进措施", "role_heading"),
        ("针对上述问题，我们将采取以下措施：", "role_lead_in"),
        ("一是政策解读的针对性还有待增强；", "role_problem"),
        ("下一步，我局将重点做好三方面工作。", "role_measure"),
        ("青禾县交通运输局2025年1月18日", "role_signature"),
        ("进一步加强组织领导，切实", "role_fragment"),
    ],
)
def test_discourse_roles(sentence: str, role: str) -> None:
    assert role in {h.name for h in signal_hits(sentence)}


def test_evidence_carries_name_and_span() -> None:
    s = "由办公室牵头，全年开展培训30余场。"
    for e in evidence(s):
        assert s[e.start : e.end] == e.text and e.cue and e.label


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        # sentences not in the training corpus
        ("下一步，我们将进一步加强组织领导，不断提升政务公开工作水平。", "vague"),
        ("一是思想认识还不够到位；", "vague"),
        ("2026年，我局将继续加大政务公开力度，推动工作再上新台阶。", "vague"),
        ("由法规科牵头，于2026年4月底前修订《行政处罚信息公开工作细则》。", "specific"),
        ("全年共收到政府信息公开申请57件，同比下降8.1%。", "specific"),
        ("因负责网站的两名同志年内轮岗调出，栏目更新中断了两个月。", "specific"),
        # approximate counts (must pass) / gap formula (must flag)
        ("本年度开展政策解读培训40余场，覆盖经办人员五百多人次。", "specific"),
        ("政策解读培训的覆盖面还不够广，有待进一步加强。", "vague"),
        # counts in words
        ("云溪市在两个试点领域编制了标准目录，细化事项六十余项。", "specific"),
        # named platform without quotes
        ("依托局长信箱办理群众留言，均在5个工作日内答复。", "specific"),
        ("充分利用政府网站、政务新媒体等平台发布信息。", "vague"),
        # discrete action on an object
        ("开通依申请公开网上申请功能，申请人可在线查询办理进度。", "specific"),
        ("加强门户网站建设，提升网站服务水平。", "vague"),
        # named cause of a problem
        ("栏目更新滞后，主要原因是人手少、兼职多，经办人员年内两次调整。", "specific"),
        ("由于多种原因，公开工作还存在一些不足。", "vague"),
        # reference to last year's report
        ("针对2023年年度报告中提出的解读形式单一问题，本年新增图解和短视频解读。", "specific"),
        ("2025年，我局将继续推动政务公开工作再上新台阶。", "vague"),
        # spurious cues
        ("确保每一条信息都及时准确发布，不断提升公开质量。", "vague"),
        ("牵头抓好政务公开各项工作，形成工作合力。", "vague"),
        # signature line
        ("云溪市水利局2024年1月22日", "vague"),
    ],
)
def test_model_on_each_pattern(sentence: str, label: str) -> None:
    m = vmodel.default_model(MODEL)
    assert m.predict([sentence]) == [label], (m.predict_proba([sentence]), explain(sentence))


def test_specific_verdict_cites_evidence() -> None:
    m = vmodel.default_model(MODEL)
    for s in ("开通依申请公开网上申请功能，申请人可在线查询办理进度。", "全年开展培训40余场。"):
        p = float(m.predict_proba([s])[0])
        cues = cue_list(s, "specific", m, p)
        assert cues and all("@" in c or "模型权重" in c for c in cues if "不确定" not in c)


def test_sentence_without_cues_reports_uncertainty() -> None:
    m = vmodel.default_model(MODEL)
    s = "做到公开、公正、便民。"
    assert not any(e.polarity for e in evidence(s))
    p = float(m.predict_proba([s])[0])
    assert any("不确定" in c for c in cue_list(s, "vague" if p >= 0.5 else "specific", m, p))
    assert is_uncertain(s, 0.5) and not is_uncertain("由办公室牵头修订指南。", 0.5)
