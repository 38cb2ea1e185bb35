"""`reviewer eval real`: precision per rule on the real reports against the audit verdicts.

Thresholds come from the audit (corpus/real_findings/verdicts.tsv, docs/precision.md): every judged
table finding (T1xx) was right, and the structure/date findings (S0xx) were right once S005 stopped
repeating one restarted numbering at every later heading. With under a dozen judged S0xx findings,
0.9 tolerates no new false positive there — a regression fails. Copying (C201/C202) was 0.64 before
the running-text check and 0.70 after; 0.68 keeps that gain.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reviewer.evaluation import real as realeval


@pytest.fixture(scope="module")
def result():
    if not realeval.REAL.is_dir():
        pytest.skip("../shared/reports/real not present")
    return realeval.evaluate(realeval.REAL)


def test_cli_prints_the_per_rule_table(real_dir):
    out = CliRunner().invoke(realeval.cli, ["--real", str(real_dir)])
    assert out.exit_code == 0, out.output
    assert "| rule | findings | judged tp | judged fp | precision |" in out.output
    assert "| T104 |" in out.output
    assert out.output.startswith("dev precision (audited real reports, used while developing)")


def test_cli_skips_cleanly_without_the_reports(tmp_path):
    out = CliRunner().invoke(realeval.cli, ["--real", str(tmp_path / "absent")])
    assert out.exit_code == 0 and "skipped" in out.output


def test_verdicts_match_the_current_documents(result):
    assert result["errors"] == []
    assert result["part"] == realeval.PART  # the audited reports were used while developing
    assert result["stale"] == []  # a changed report would make its verdicts meaningless


def test_table_section_and_date_rules_are_precise(result):
    t = realeval.precision(result, ("T1",))
    s = realeval.precision(result, ("S0",))
    assert t is not None and t >= 0.9, realeval.format_table(result)
    assert s is not None and s >= 0.9, realeval.format_table(result)
    # the judged table findings are still found (a rule that went silent is no success)
    assert sum(v["tp"] for k, v in result["rules"].items() if k.startswith("T1")) >= 20


def test_copying_precision_holds(result):
    c = realeval.precision(result, ("C201", "C202"))
    assert c is not None and c >= 0.68, realeval.format_table(result)
    assert result["rules"]["C201"]["tp"] >= 100


def test_matching_is_by_rule_and_overlapping_span():
    v = realeval.Verdict("a.txt", "ab", "T104", "table-arithmetic", 10, 12, "tp", "")
    assert realeval._overlaps(11, 15, v.start, v.end)
    assert not realeval._overlaps(12, 15, v.start, v.end)
    assert realeval._overlaps(20, 20, 20, 20)  # zero-width (missing section at a position)
