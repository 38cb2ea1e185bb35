"""Scoring a large batch in forked processes gives every result the same score, deductions and
criteria as scoring it in one process."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from reviewer.pipeline import Options, review

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_forked_scoring_equals_serial(monkeypatch) -> None:
    from reviewer.scoring import score

    results, docs = review([EXAMPLES], Options(jobs=1))
    results = [r for r in results if r.sha256 is not None]
    assert len(results) >= 4 and any(r.deductions for r in results)
    docs_by_path = {d.path: d for d in docs}
    docs = [docs_by_path[r.path] for r in results]
    serial = [r.to_dict() for r in results]
    again = copy.deepcopy(results)
    for r in again:
        r.score, r.subscores, r.deductions, r.criteria = None, {}, [], []
    pids: set[int] = set()
    block = score._score_block

    def spy(state, b):
        pids.add(os.getpid())
        return block(state, b)

    monkeypatch.setattr(score, "_score_block", spy)
    monkeypatch.setattr(score, "_BLOCK", 1)
    monkeypatch.setattr(score, "_PARALLEL_MIN", 2)
    score.score_results(again, docs, jobs=2)
    assert [r.to_dict() for r in again] == serial
    assert not pids  # the spy ran in the forked processes only: the parent never scored a block
