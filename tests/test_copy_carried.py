"""A sentence carried over from the organ's earlier report is one copied passage however its
clauses were labelled (spec §7 内容雷同: figures changed, a short clause added, common wording
inside). All text is fictional."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from reviewer.pipeline import Options, review
from reviewer.similarity.align import UnitMatch
from reviewer.similarity.bounds import carried_sentences
from reviewer.similarity.passages import CARRIED_OWN, OTHER, OWN, SEQ_OWN, TEMPLATE, WEAK_OWN
from tests.test_copy_edges import report as edges_report

PROSE = ("档案室完成了往年纸质公开文件的数字化扫描，建立可检索的电子目录，群众可在窗口终端查阅。"
         "督查组围绕群众反映集中的农村道路养护问题开展暗访，形成整改清单并逐项销号。")


def report(organ: str, year: int, body: str, review_text: str) -> str:
    return edges_report(year, body, review_text, "档案数字化进度偏慢。", organ=organ)


def test_a_carried_sentence_with_an_added_clause_is_one_passage(tmp_path):
    tail = "均由法制股牵头逐件复核答复依据并当面向申请人说明情况。"
    old = "2022年，青禾县粮食局共受理行政复议1起，行政诉讼1起，" + tail
    new = "2023年，青禾县粮食局共受理行政复议0起，行政诉讼3起，行政申诉2起，" + tail
    files = {"a_2022.txt": report("青禾县粮食局", 2022, PROSE, old), "a_2023.txt": report("青禾县粮食局", 2023, PROSE, new)}
    for i, organ in enumerate(["云溪县水利局", "榆坪县林业局", "枫溪县教育局", "岚塘县民政局"]):
        files[f"t{i}_2023.txt"] = report(organ, 2023, f"{organ}全年新设{i + 3}个公开查阅点，由办公室每周核对一次。",
                                         f"2023年，{organ}共受理行政复议{i}起，行政诉讼{i + 1}起，案件均已审结。")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    results, docs = review(sorted(str(tmp_path / n) for n in files), Options(jobs=1))
    res = next(r for r in results if r.path.endswith("a_2023.txt"))
    doc = next(d for d in docs if d.path.endswith("a_2023.txt"))
    at = doc.text.index(new)
    c201 = [f for f in res.findings if f.rule == "C201" and f.start < at + len(new) and f.end > at]
    assert len(c201) == 1, [f.text for f in c201]
    assert c201[0].start <= at + len("2023年，") and c201[0].end >= at + len(new) - 1, c201[0].text


def _carry(label: list[int], src: list[int], cover: list[float], raw: list[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Two sentences of three clauses each ([0, 30) and [40, 70)); one earlier own report."""
    t = SimpleNamespace(bounds=np.array([[0, 40], [30, 70]]), u_start=np.array([0, 10, 20, 40, 50, 60]))
    n = len(label)
    m = UnitMatch(np.array(cover, dtype=float), np.array([0 if c > 0 else -1 for c in cover]),
                  np.arange(n, dtype=np.int64) * 10, np.arange(n, dtype=np.int64) * 10 + 10,
                  raw=None if raw is None else np.array(raw, dtype=float))
    lab, s = np.array(label, dtype=np.int8), np.array(src)
    carried_sentences(t, [(None, m)], lab, s, np.array(cover, dtype=float), np.full(n, 10.0), 0.75,
                      (OWN, WEAK_OWN, SEQ_OWN, CARRIED_OWN), (0, TEMPLATE))
    return lab, s


def test_the_rest_of_a_carried_sentence_joins_it():
    # a copied clause, a short copied one and a common one found in the same report: the short one
    # counts as copied, the common one carries the sentence on; the next sentence is left alone
    lab, src = _carry([OWN, WEAK_OWN, TEMPLATE, OWN, 0, 0], [0, 0, -1, 0, -1, -1],
                      [1.0, 1.0, 0.0, 1.0, 0.0, 0.0], raw=[1.0, 1.0, 0.9, 1.0, 0.1, 0.0])
    assert lab.tolist() == [OWN, SEQ_OWN, CARRIED_OWN, OWN, 0, 0]
    assert src.tolist()[:3] == [0, 0, 0]
    # a clause swapped for a new one of the same length: two thirds found, below the share
    lab, _ = _carry([OWN, 0, OWN, 0, 0, 0], [0, -1, 0, -1, -1, -1], [1.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    assert lab.tolist() == [OWN, 0, OWN, 0, 0, 0]
    # a sentence one clause of which comes from another organ's report is not carried
    lab, _ = _carry([OWN, OTHER, TEMPLATE, 0, 0, 0], [0, 1, -1, -1, -1, -1],
                    [1.0, 1.0, 0.0, 0.0, 0.0, 0.0], raw=[1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
    assert lab.tolist() == [OWN, OTHER, TEMPLATE, 0, 0, 0]
