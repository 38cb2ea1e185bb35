"""The rule contract, one test over the whole registry (``reviewer rules`` lists the same codes):
every registered rule — document rules and batch rules (C2xx copying, T11x across years) — is
declared with its kind, severity, spec clause and explanation, has must-flag and must-pass examples
(declared with the rule or as fixtures, tests/rule_examples.py), flags every must-flag example and
none of its must-pass ones when reviewed through the pipeline, and gives the findings stored in its
snapshot. The rules never change the documents they read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.io import read_document
from reviewer.model import KINDS, SEVERITIES, Document
from reviewer.pipeline import Options, review
from reviewer.rules.registry import Context
from reviewer.rules.runner import load_rules, run_document_rules
from tests.rule_examples import (
    FIXTURES,
    UPDATE,
    Case,
    cases,
    load_snapshot,
    save_snapshot,
    snapshot_rows,
    write_case,
)

RULES = load_rules()
CODES = sorted(RULES)


def _review(case: Case, code: str, folder: Path) -> tuple[dict, dict]:
    """The case's reports reviewed with only rule ``code``: results and documents by file name."""
    write_case(case, folder)
    results, docs = review([folder], Options(jobs=1, select={code}))
    return {Path(r.path).name: r for r in results}, {Path(d.path).name: d for d in docs}


@pytest.mark.parametrize("code", CODES)
def test_rule_is_declared_with_explanation_and_examples(code: str) -> None:
    r = RULES[code]
    assert r.kind in KINDS and r.severity in SEVERITIES and r.scope in ("document", "batch")
    assert r.spec.startswith("§"), f"{code}: spec clause"
    assert len(r.doc) > 80, f"{code}: docstring"
    expects = {c.expect for c in cases(r)}
    assert expects == {"flag", "pass"}, f"{code} needs must-flag and must-pass examples (declared or fixtures)"


@pytest.mark.parametrize("code", CODES)
def test_examples_behave_as_declared_and_match_the_snapshot(code: str, tmp_path: Path) -> None:
    r = RULES[code]
    # the declaration is part of the snapshot: a changed kind, severity, scope or clause shows too
    snap: dict[str, list] = {"declared": [[r.kind, r.severity, r.scope, r.spec]]}
    for i, case in enumerate(cases(r)):
        results, docs = _review(case, code, tmp_path / f"case{i}")
        assert all(x.error is None for x in results.values()), (code, case.name, [x.error for x in results.values()])
        found = [(name, f) for name, res in results.items() for f in res.findings if f.rule == code]
        if case.expect == "flag":
            assert found, f"{code} did not flag its example {case.name!r}"
        else:
            assert not found, f"{code} flagged its must-pass example {case.name!r}: {[f.text for _, f in found]}"
        for name, f in found:
            assert f.kind == r.kind and f.severity in SEVERITIES and f.message, (code, case.name)
            assert f.text == docs[name].text[f.start : f.end], (code, case.name)
        snap[case.name] = snapshot_rows(found)
    if UPDATE:
        save_snapshot(code, snap)
    assert snap == load_snapshot(code), f"{code}: findings differ from {FIXTURES / code / 'snapshot.json'} (REVIEWER_UPDATE_SNAPSHOTS=1 to rewrite)"


def test_snapshots_and_fixtures_belong_to_registered_rules() -> None:
    stored = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert stored == set(CODES), f"unknown: {sorted(stored - set(CODES))}, without snapshot: {sorted(set(CODES) - stored)}"
    # the registry this test covers is the one `reviewer rules` lists
    from click.testing import CliRunner

    from reviewer.cli import main

    listed = [line.split()[0] for line in CliRunner().invoke(main, ["rules"]).output.splitlines() if line.strip()]
    assert listed == CODES


def _dump(doc: Document) -> str:
    """Everything a Document holds, canonically (the private line-start cache aside)."""
    return json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True, default=repr)


def test_rules_never_change_the_documents(tmp_path: Path) -> None:
    """Every document rule on every example report, every batch rule on every example batch: each
    Document's canonical dump is the same before and after."""
    seen = 0
    for code in CODES:
        r = RULES[code]
        for i, case in enumerate(cases(r)):
            docs = [read_document(p) for p in write_case(case, tmp_path / code / str(i))]
            before = [_dump(d) for d in docs]
            if r.scope == "batch":
                for b in (x for x in RULES.values() if x.scope == "batch"):
                    b.check(docs, Context())
            else:
                for d in docs:
                    run_document_rules(d, Context())
            assert [_dump(d) for d in docs] == before, (code, case.name)
            seen += len(docs)
    assert seen > len(CODES)
