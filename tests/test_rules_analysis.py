"""One Analysis per document (reviewer.rules.analysis): every rule reads the same lazily computed
tables and section-五 analysis, what the rules measure goes to the analysis and from there into
Result.metrics, never into the Document."""

from __future__ import annotations

from pathlib import Path

import pytest

import reviewer.tables
import reviewer.vagueness.section
from reviewer.pipeline import Options, review
from reviewer.rules.analysis import Analysis
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules, run_document_rules
from reviewer.tables.sample import doc_from_text
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "qinghe_jiaotong_2024.txt"


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*a: object, **kw: object) -> object:
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_every_rule_shares_one_tables_and_one_vagueness_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = doc_from_text(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
    tables = _counting(monkeypatch, reviewer.tables, "extract_tables")
    five = _counting(monkeypatch, reviewer.vagueness.section, "analyse")
    ctx = Context()
    run_document_rules(doc, ctx)
    assert len(tables) == 1 and len(five) == 1
    assert ctx.analysis is not None and ctx.analysis.doc is doc
    assert ctx.analysis.metrics["vagueness"]["n_sentences"] > 0
    assert "metrics" not in doc.meta or "vagueness" not in doc.meta["metrics"]


def test_a_context_builds_a_new_analysis_for_another_document() -> None:
    a, b = (doc_from_text(EXAMPLE.read_text(encoding="utf-8"), n) for n in ("a.txt", "b.txt"))
    ctx = Context()
    first = ctx.of(a)
    assert ctx.of(a) is first and ctx.of(b) is not first and ctx.of(b).doc is b
    given = Analysis(a)
    assert Context(analysis=given).of(a) is given


def test_the_analysis_metrics_and_rule_errors_reach_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    rules = load_rules()

    def broken(doc: object, ctx: Context) -> list:
        raise RuntimeError("boom")

    monkeypatch.setattr(rules["S003"], "check", broken)
    (r,), (doc,) = review([tmp_path], Options(jobs=1, select={"V301", "S003"}))
    assert r.metrics["vagueness"]["n_sentences"] > 0
    assert r.metrics["rule_errors"]["S003"].startswith("RuntimeError: boom")
