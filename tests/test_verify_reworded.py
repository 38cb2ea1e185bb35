"""Copy verification of an own-past passage restated with a few words swapped (spec §7 内容雷同):
reviewer.similarity.verify.reworded, on fictional reports."""

from __future__ import annotations

from types import SimpleNamespace

from reviewer.pipeline import Options, review
from reviewer.similarity.verify import verify

OLD = "县档案馆会同各乡镇政务服务中心，对历年形成的纸质公开文件开展集中清点，按年度编制了统一的查阅索引。"
NEW = "县档案馆联合各乡镇便民服务中心，对往年形成的纸质公开文件进行集中清点，按年份编制了规范的查阅索引。"
TOPIC = "今年起纸质档案改由各乡镇自行保管，县里只负责抽查，索引工作暂缓到明年再统一安排人员推进落实。"
SLOT_OLD = "对建设项目审批相关文件开展清理，3件已失效文件在网站标注。"
SLOT_NEW = "对低保救助发放相关文件开展清理，5件已失效文件在网站标注。"


def _report(year: int, body: str) -> str:
    return "\n".join([f"青禾县档案局{year}年政府信息公开工作年度报告", "一、总体情况",
                      "本局全年围绕窗口查阅服务开展工作。", body, "二、主动公开政府信息情况", "| 规章 | 0 | 0 | 0 |",
                      "五、存在的主要问题及改进情况", "查阅终端数量偏少。"]) + "\n"


def _docs(tmp_path, old: str, new: str):
    (tmp_path / "q_2022.txt").write_text(_report(2022, old), encoding="utf-8")
    (tmp_path / "q_2023.txt").write_text(_report(2023, new), encoding="utf-8")
    _, docs = review([str(tmp_path / "q_2022.txt"), str(tmp_path / "q_2023.txt")], Options(jobs=1))
    return docs[0], docs[1]


def _passage(doc, src, text: str, kind: str = "own") -> SimpleNamespace:
    at = doc.text.index(text)
    return SimpleNamespace(kind=kind, start=at, end=at + len(text), source=SimpleNamespace(doc=src),
                           src_start=0, src_end=0, similarity=0.6)


def test_a_sentence_restated_with_words_swapped_is_verified_against_its_source_sentence(tmp_path):
    src, doc = _docs(tmp_path, OLD, NEW)
    p = _passage(doc, src, NEW)
    assert verify(p, doc)
    at = src.text.index(OLD)
    assert at <= p.src_start < p.src_end <= at + len(OLD) and p.src_end - p.src_start > len(OLD) // 2
    assert p.similarity >= 0.75
    # between two organs the running-text check alone decides
    assert not verify(_passage(doc, src, NEW, kind="other"), doc)


def test_the_same_topic_in_other_words_and_a_refilled_short_formula_are_not_verified(tmp_path):
    src, doc = _docs(tmp_path, OLD, TOPIC)
    assert not verify(_passage(doc, src, TOPIC), doc)
    src, doc = _docs(tmp_path, SLOT_OLD, SLOT_NEW)
    assert not verify(_passage(doc, src, SLOT_NEW), doc)
