"""Hostile inputs are refused or bounded, one line each on stderr, and the rest of the batch is
reviewed (exit 2). Peak memory and time per attack are measured by benchmarks/bench_hostile.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.model import Finding
from reviewer.pipeline import cap_findings
from tests import hostile
from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "qinghe_jiaotong_2024.txt"
REASONS = {
    "docx-core-bomb": "core.xml inflates",
    "docx-huge-body": "document.xml inflates",
    "docx-lying-size": "",  # refused as corrupt or bounded: either way one line
    "pdf-stream-bomb": "decompression bomb",
    "text-huge": "too large for an annual report",
    "title-only": "not a report",
    "hello": "not a report",
}


@pytest.mark.parametrize("attack", sorted(hostile.ATTACKS))
def test_attack_is_refused_and_the_batch_goes_on(tmp_path: Path, attack: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good_2024.txt")
    bad = hostile.build(attack, folder)
    res = CliRunner().invoke(main, ["score", str(folder), "--format", "jsonl", "-j", "1", "--lang", "en"])
    assert res.exit_code == 2, res.output
    rows = {Path(r["path"]).name: r for r in map(json.loads, res.stdout.splitlines())}
    assert rows["good_2024.txt"]["score"] is not None
    assert rows[bad.name]["score"] is None and rows[bad.name]["error"]
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{bad}: error: ")
    assert REASONS[attack] in lines[0]
    assert "Traceback" not in res.output


def test_findings_are_capped_per_rule_with_a_summary() -> None:
    fs = [Finding("V301", "vague-narrative", "warning", "五", i, i + 1, 1, "x", "m") for i in range(250)]
    fs.append(Finding("S001", "missing-section", "error", None, 0, 0, 1, "", "m"))
    out = cap_findings(fs, 200)
    v = [f for f in out if f.rule == "V301"]
    assert len(v) == 201 and v[-1].severity == "info" and v[-1].evidence["omitted"] == 50
    assert [f.rule for f in out].count("S001") == 1
    assert cap_findings(fs[:10], 200) == fs[:10]


def test_time_budget_fails_one_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reviewer import pipeline

    def stall(path, manifest):
        while True:
            pass

    monkeypatch.setattr(pipeline, "read_document", stall)
    doc, findings, err = pipeline._review_one(str(GOOD), None, {"time_budget": 0.5})
    assert doc is None and "time budget exceeded" in (err or "")


def test_memory_budget_fails_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer import pipeline

    def hog(path, manifest):
        held = []
        while True:
            held.append(bytearray(32 * 1024 * 1024))

    monkeypatch.setattr(pipeline, "read_document", hog)
    doc, findings, err = pipeline._review_one(str(GOOD), None, {"memory_budget": 256})
    if err and "memory budget" not in err:
        pytest.fail(err)
    assert doc is None and "memory budget exceeded" in (err or "")
    # the limit is lifted again: the next file is reviewed normally
    monkeypatch.undo()
    assert pipeline._review_one(str(GOOD), None, {})[2] is None
