"""Table rules against the report generator's ground truth (reviewer.generate): a clean batch in
all three eras yields no table finding, and every injected table / prose-vs-table defect is found."""

from __future__ import annotations

import pytest

from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules
from reviewer.tables.sample import doc_from_text

generate = pytest.importorskip("reviewer.generate")

RULES = [r for r in load_rules().values() if r.family in ("tables", "text_table")]
KINDS = {"table-arithmetic", "table-missing-value", "text-table-mismatch"}


def _table_truth(rep):
    return [t for t in rep.truth if t.kind in KINDS or (t.kind == "missing-item" and str(t.detail.get("item", "")).startswith("表"))]


def _findings(rep):
    doc = doc_from_text(rep.text, rep.name + ".txt")
    return [f for r in RULES for f in r.check(doc, Context()) if f.kind in KINDS or f.rule == "T106"]


def test_clean_generated_reports_have_no_table_findings():
    batch = generate.generate_batch(n_organs=12, years=[2017, 2020, 2023, 2024], seed=21, formats=("txt",), defects=None)
    assert len(batch.reports) == 48
    for rep in batch.reports:
        assert _findings(rep) == [], rep.name


def test_every_injected_table_defect_is_found():
    batch = generate.generate_batch(
        n_organs=12, years=[2017, 2020, 2023, 2024], seed=22, formats=("txt",), defects=generate.DefectOptions()
    )
    injected = 0
    for rep in batch.reports:
        found = _findings(rep)
        for t in _table_truth(rep):
            injected += 1
            if t.kind == "missing-item":
                assert any(f.rule == "T106" and f.section == t.section for f in found), (rep.name, t.detail)
                continue
            region = t.detail.get("region") or [t.start, t.end]
            assert any(
                f.kind == t.kind and (f.start <= t.end and t.start <= f.end or region[0] <= f.start <= region[1])
                for f in found
            ), (rep.name, t.kind, rep.text[t.start : t.end], t.detail)
    assert injected >= 10
