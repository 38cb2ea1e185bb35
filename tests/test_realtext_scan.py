"""No real-report wording in the repository (rule: corpus, fixtures and tests are our own fictional
text): ../shared/tools/realtext_scan.py, run from the repository root over every tracked file,
reports no run of organ-specific real-report characters. Skipped when ../shared is absent.

Organ names are metadata, not wording: standoff tables (split, annotations) name a report's organ on
every row, and the scan, which joins a file's Chinese characters across lines, would count a column
of one organ's name repeated as that organ's wording. Those names are removed before the scan; any
other text of the file is scanned as it stands."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

SCAN = SHARED / "tools" / "realtext_scan.py"
SUMMARY = re.compile(r"^(\d+) runs of >= (\d+) ", re.M)
ORGAN_COLUMNS = ("organ", "agency")


def _tracked_files() -> list[str]:
    """The files the scan covers by default: what git tracks in this checkout."""
    try:
        res = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    return res.stdout.split()


def _organ_names(tables: list[Path]) -> list[str]:
    """Every organ named in a column ``organ``/``agency`` of a TSV table, longest first."""
    names: set[str] = set()
    for path in tables:
        try:
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    names.update((row.get(c) or "").strip() for c in ORGAN_COLUMNS)
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
    names.discard("")
    return sorted(names, key=lambda n: (-len(n), n))


def _scan_inputs(files: list[str], names: list[str], tmp: Path) -> list[str]:
    """Paths handed to the scan: the tracked file itself, or a copy without the organ names."""
    out: list[str] = []
    for rel in files:
        try:
            text = (ROOT / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # binary files: the scan skips them too
        stripped = text
        for name in names:
            stripped = stripped.replace(name, "")
        if stripped == text:
            out.append(rel)
            continue
        copy = tmp / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(stripped, encoding="utf-8")
        out.append(str(copy))
    return out


def _run_scan(args: list[str]) -> tuple[int, str]:
    res = subprocess.run([sys.executable, str(SCAN), *args], cwd=ROOT, capture_output=True, text=True)
    return res.returncode, res.stdout + res.stderr


def test_no_real_report_wording_in_tracked_files(tmp_path: Path) -> None:
    if not SCAN.is_file() or not (SHARED / "reports").is_dir():
        pytest.skip("../shared/tools/realtext_scan.py or ../shared/reports not present")
    files = _tracked_files()
    if not files:
        pytest.skip("not a git checkout: no tracked files to scan")
    tables = [ROOT / f for f in files if f.endswith(".tsv")] + sorted((SHARED / "reports").rglob("*.tsv"))
    inputs = _scan_inputs(files, _organ_names(tables), tmp_path)
    assert len(inputs) > 50  # the scan really covers the repository
    code, out = _run_scan(inputs)
    summary = SUMMARY.findall(out)
    assert summary, f"realtext_scan printed no summary line:\n{out}"
    runs, length = map(int, summary[-1])
    assert length >= 26
    assert (runs, code) == (0, 0), out.replace(str(tmp_path) + "/", "")


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
