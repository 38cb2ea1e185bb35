"""Operational failures end in one line on stderr and exit 2 (1 stays reserved for --fail-under),
checked before the batch wherever they can be; outputs are replaced atomically."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from tests.conftest import EXAMPLES

REPORT = EXAMPLES / "qinghe_jiaotong_2024.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "qinghe_2024.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    return d


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _one_line_error(res) -> str:
    assert res.exit_code == 2, (res.exit_code, res.output)
    assert "Traceback" not in res.output
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_bad_output_path_fails_before_the_batch(folder: Path, tmp_path: Path) -> None:
    line = _one_line_error(run("score", str(folder), "--format", "csv", "-o", str(tmp_path / "no" / "r.csv")))
    assert "does not exist" in line


def test_html_output_never_replaces_a_foreign_folder(folder: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    line = _one_line_error(run("score", str(folder), "--format", "html", "-o", str(mine), "-j", "1"))
    assert "did not write" in line
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_html_rerun_drops_stale_pages(folder: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("score", str(folder), "--format", "html", "-o", str(site), "-j", "1").exit_code == 0
    stale = site / "reports" / "stale.html"
    stale.write_text("old", encoding="utf-8")
    assert run("score", str(folder), "--format", "html", "-o", str(site), "-j", "1").exit_code == 0
    assert (site / "index.html").exists() and not stale.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_manifest_in_excel_encodings(folder: Path, tmp_path: Path, encoding: str) -> None:
    man = tmp_path / "m.csv"
    man.write_bytes("path,organ,year\nqinghe_2024.txt,青禾县测试局,2024\n".encode(encoding))
    res = run("score", str(folder), "--format", "jsonl", "--manifest", str(man), "-j", "1")
    assert res.exit_code == 0, res.output
    assert '"organ": "青禾县测试局"' in res.stdout


@pytest.mark.parametrize("body", ["file,organ\nx.txt,甲\n", "path,organ,year\nx.txt,甲,二〇二三\n"])
def test_bad_manifest_is_one_line(folder: Path, tmp_path: Path, body: str) -> None:
    man = tmp_path / "m.csv"
    man.write_text(body, encoding="utf-8")
    assert "manifest" in _one_line_error(run("score", str(folder), "--manifest", str(man)))


def test_not_an_archive(folder: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "a.sqlite"
    bogus.write_bytes(b"this is not a database" * 100)
    assert "not a reviewer archive" in _one_line_error(run("score", str(folder), "--archive", str(bogus)))
    assert "not a reviewer archive" in _one_line_error(run("archive", "add", str(folder), "--archive", str(bogus)))
    assert "does not exist" in _one_line_error(run("score", str(folder), "--archive", str(tmp_path / "typo.sqlite")))


def test_bad_config_is_one_line(folder: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[scoring.subscores]\nformat = 'many'\n", encoding="utf-8")
    assert str(cfg) in _one_line_error(run("score", str(folder), "--config", str(cfg)))


@pytest.mark.parametrize("args", [("--select", "X999"), ("--fail-under", "nan")])
def test_typos_fail_instead_of_passing(folder: Path, args: tuple[str, str]) -> None:
    _one_line_error(run("score", str(folder), *args))


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    assert "no report files" in _one_line_error(run("score", str(tmp_path)))


def test_unreadable_subfolder_is_named(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = folder / "locked"
    sub.mkdir()
    real_scandir = os.scandir

    def scandir(path="."):  # root can read any folder; simulate the permission error
        if Path(path) == sub:
            raise PermissionError(13, "Permission denied", str(sub))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    res = run("score", str(folder), "--format", "jsonl", "-j", "1")
    assert res.exit_code == 2
    assert f"{sub}: 错误: 无法列出文件夹" in res.stderr
    assert "qinghe_2024.txt" in res.stdout  # the rest is reviewed


def test_failed_writer_keeps_previous_output(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    from reviewer import atomic

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    line = _one_line_error(run("score", str(folder), "--format", "jsonl", "-o", str(out), "-j", "1"))
    assert "No space left" in line
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.jsonl")] == []


def test_concurrent_archive_adds_lose_nothing(tmp_path: Path) -> None:
    """Two ``archive add`` processes on one file at once: both finish, every report is stored."""
    dirs = []
    for k in range(2):
        d = tmp_path / f"b{k}"
        d.mkdir()
        base = REPORT.read_text(encoding="utf-8")
        for i in range(6):
            (d / f"r{k}_{i}.txt").write_text(base + f"\n附记{k}-{i}。\n", encoding="utf-8")
        dirs.append(d)
    db = tmp_path / "a.sqlite"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [subprocess.Popen([sys.executable, "-m", "reviewer.cli", "archive", "add", str(d), "--archive", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for d in dirs]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 12


def test_fail_under_names_the_reports_below(folder: Path) -> None:
    res = run("score", str(folder), "--format", "jsonl", "--fail-under", "100.5", "-j", "1")
    assert res.exit_code == 1
    assert "qinghe_2024.txt: 低于 --fail-under 100.5" in res.stderr


def test_check_a_folder_checks_every_report(folder: Path) -> None:
    (folder / "second_2024.txt").write_text(REPORT.read_text(encoding="utf-8").replace("青禾", "云溪"), encoding="utf-8")
    res = run("check", str(folder))
    assert res.exit_code == 0, res.output
    assert res.stdout.count("条问题（") == 2


def test_baseline_typos_are_refused(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    assert run("score", str(folder), "--format", "jsonl", "-o", str(out), "-j", "1").exit_code == 0
    res = run("baseline", "accept", str(out), "--kind", "vague-narative", "-o", str(tmp_path / "b.json"))
    assert res.exit_code == 2 and not (tmp_path / "b.json").exists()
    res = run("baseline", "accept", str(out), "--rule", "X999", "-o", str(tmp_path / "b.json"))
    assert "unknown rule" in _one_line_error(res) and not (tmp_path / "b.json").exists()


def test_interrupt_exits_130_without_output(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer import pipeline

    def interrupted(path, manifest):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "read_document", interrupted)
    out = tmp_path / "r.jsonl"
    res = run("score", str(folder), "--format", "jsonl", "-o", str(out), "-j", "1")
    assert res.exit_code == 130 and "已中断" in res.stderr
    assert not out.exists() and not list(tmp_path.glob(".r.jsonl.*"))


def test_another_sqlite_database_is_refused_and_left_as_it_was(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (t TEXT)")
    before = other.read_bytes()
    assert "not a reviewer archive" in _one_line_error(run("score", str(folder), "--archive", str(other)))
    assert "not a reviewer archive" in _one_line_error(run("archive", "add", str(folder), "--archive", str(other)))
    with sqlite3.connect(other) as con:
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["notes"]
    assert other.read_bytes() == before
