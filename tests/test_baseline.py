"""Accepted findings: fingerprints survive moved lines, filtered findings stop deducting, stale
entries are reported."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from reviewer.baseline import apply_baseline, baseline_cmd, build_baseline, fingerprint
from reviewer.model import Finding, Result
from reviewer.scoring.score import score_results
from tests.scoring_fixtures import make_batch


def test_fingerprint_ignores_position_and_whitespace_but_not_rule_section_or_text():
    f = Finding("V301", "vague-narrative", "warning", "五", 100, 110, 12, "有待进一步 加强", "m")
    moved = replace(f, start=900, end=910, line=40, text="有待进一步加强\n")
    assert fingerprint(f) == fingerprint(moved)
    assert fingerprint(f) != fingerprint(replace(f, rule="V302"))
    assert fingerprint(f) != fingerprint(replace(f, section="一"))
    assert fingerprint(f) != fingerprint(replace(f, text="有待进一步提高"))
    # full-width and half-width forms of the same passage match (NFKC)
    assert fingerprint(replace(f, text="ＡＢＣ１")) == fingerprint(replace(f, text="ABC1"))


def test_accepted_findings_stop_deducting_and_are_counted(tmp_path):
    results, docs = make_batch(tmp_path)
    bad = results[1]
    before = bad.score
    base = build_baseline(results, rules={"T101", "S020"})
    assert {e["rule"] for e in base["entries"]} == {"T101", "S020"}
    assert all(e["report"] == "qinghe_jiaotong_2024.txt" for e in base["entries"])
    stale = apply_baseline(results, base)
    score_results(results, docs, None)
    assert stale == []
    assert {f.rule for f in bad.findings} == {"C201", "V301", "S011"}
    assert bad.metrics["baseline"] == {"accepted": 2}
    assert bad.score > before  # the table-arithmetic and statistics-period points are back
    assert bad.score == pytest.approx(100 - sum(d["points"] for d in bad.deductions))
    assert not any(d.get("criterion") in ("D-arith", "F-period") for d in bad.deductions)


def test_entries_are_scoped_to_their_report_unless_global(tmp_path):
    results, _ = make_batch(tmp_path)
    bad = results[1]
    other = Result(path=str(tmp_path / "another.txt"), sha256="z", findings=[replace(f) for f in bad.findings])
    local = build_baseline([bad], rules={"V301"})
    apply_baseline([other], local)
    assert "V301" in {f.rule for f in other.findings}
    glob = build_baseline([bad], rules={"V301"}, scope_global=True)
    apply_baseline([other], glob)
    assert "V301" not in {f.rule for f in other.findings}


def test_stale_entries_are_reported_only_for_reports_in_the_batch(tmp_path):
    results, _ = make_batch(tmp_path)
    base = build_baseline(results)
    base["entries"].append({**base["entries"][0], "fingerprint": "0" * 16})  # no such finding any more
    base["entries"].append({**base["entries"][0], "fingerprint": "1" * 16, "report": "not-in-batch.txt"})
    stale = apply_baseline(results, base)
    assert [e["fingerprint"] for e in stale] == ["0" * 16]
    assert all(not r.findings for r in results)


def test_cli_accept_merges_and_prune_drops_stale(tmp_path):
    results, _ = make_batch(tmp_path)
    jl = tmp_path / "r.jsonl"
    jl.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    out = tmp_path / "baseline.json"
    run = CliRunner().invoke
    res = run(baseline_cmd, ["accept", str(jl), "--rule", "t101", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert [e["rule"] for e in json.loads(out.read_text())["entries"]] == ["T101"]
    res = run(baseline_cmd, ["accept", str(jl), "--kind", "vague-narrative", "--path", "qinghe_jiaotong_2024.txt", "-o", str(out)])
    assert res.exit_code == 0
    assert sorted(e["rule"] for e in json.loads(out.read_text())["entries"]) == ["T101", "V301"]
    # the T101 finding disappears from a later run: prune drops its entry
    for r in results:
        r.findings = [f for f in r.findings if f.rule != "T101"]
    jl.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    res = run(baseline_cmd, ["prune", str(out), str(jl)])
    assert res.exit_code == 0
    assert [e["rule"] for e in json.loads(out.read_text())["entries"]] == ["V301"]
