"""No real-report wording in the repository (rule: corpus, fixtures and tests are our own fictional
text): ../shared/tools/realtext_scan.py, run from the repository root over every tracked file, as it
stands, reports no run of organ-specific real-report characters. Skipped when ../shared is absent."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

SCAN = SHARED / "tools" / "realtext_scan.py"
SUMMARY = re.compile(r"^(\d+) runs of >= (\d+) ", re.M)


def _tracked_files() -> list[str]:
    try:
        res = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return res.stdout.split()


def _run_scan(args: list[str]) -> tuple[int, str]:
    res = subprocess.run([sys.executable, str(SCAN), *args], cwd=ROOT, capture_output=True, text=True)
    return res.returncode, res.stdout + res.stderr


def test_no_real_report_wording_in_tracked_files() -> None:
    if not SCAN.is_file() or not (SHARED / "reports").is_dir():
        pytest.skip("../shared/tools/realtext_scan.py or ../shared/reports not present")
    files = _tracked_files()
    if not files:
        pytest.skip("not a git checkout: no tracked files to scan")
    assert len(files) > 50  # the scan really covers the repository
    code, out = _run_scan(files)
    summary = SUMMARY.findall(out)
    assert summary, f"realtext_scan printed no summary line:\n{out}"
    runs, length = map(int, summary[-1])
    assert length >= 26
    assert (runs, code) == (0, 0), out


def test_scan_reports_planted_real_wording(tmp_path: Path) -> None:
    """The scan and the summary parsing above do catch real wording: the longest stretch of Chinese
    characters of each real report, written to a scratch file outside the repository, is reported."""
    real = SHARED / "reports" / "real"
    if not SCAN.is_file() or not real.is_dir():
        pytest.skip("../shared/tools/realtext_scan.py or ../shared/reports/real not present")
    han = re.compile(r"[\u4e00-\u9fff]+")
    stretches = [max(han.findall(p.read_text(encoding="utf-8", errors="replace")) or [""], key=len)
                 for p in sorted(real.glob("*.txt"))]
    planted = tmp_path / "planted.txt"  # scratch file, removed with tmp_path
    planted.write_text("\n".join(stretches), encoding="utf-8")
    code, out = _run_scan([str(planted)])
    runs, _ = map(int, SUMMARY.findall(out)[-1])
    assert runs >= 1 and code == 1, out
