"""Bad input never stops a batch: each bad file gets one line naming it and the reason, the good
files are still reviewed, and `reviewer score` exits 2 when some file failed, 0 when all were read."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.io import MAX_BYTES, ReadError, read_document
from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "qinghe_jiaotong_2024.txt"


def _score(*paths):
    # the readers' reasons in English (--lang en); tests/test_language.py checks them in Chinese
    res = CliRunner().invoke(main, ["score", "--format", "jsonl", "--jobs", "1", "--lang", "en", *map(str, paths)])
    results = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    return res, results


def _truncated_docx(path):
    shutil.copy(EXAMPLES / "qinghe_jiaotong_2024.docx", path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    shutil.copy(GOOD, d / "good.txt")
    (d / "empty.txt").write_bytes(b"")
    (d / "junk.pdf").write_bytes(os.urandom(4096))
    _truncated_docx(d / "truncated.docx")
    (d / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    with open(d / "huge.txt", "wb") as fh:  # sparse: refused by size before any byte is read
        fh.truncate(50 * 1024 * 1024)
    (d / "dangling.html").symlink_to(d / "does-not-exist.html")
    return d


REASONS = {
    "empty.txt": "empty file",
    "junk.pdf": "not a PDF file",
    "truncated.docx": "corrupt or truncated DOCX",
    "undecodable.txt": "undecodable bytes",
    "huge.txt": "file too large",
    "dangling.html": "cannot read file",
}


def test_bad_files_get_one_line_each_and_the_rest_is_reviewed(batch):
    res, results = _score(batch)
    assert res.exit_code == 2
    by_name = {os.path.basename(r["path"]): r for r in results}
    assert set(by_name) == {"good.txt", *REASONS}
    good = by_name["good.txt"]
    assert good["error"] is None and good["organ"] == "青禾县交通运输局" and len(good["sections"]) == 6
    err_lines = [x for x in res.stderr.splitlines() if ": error: " in x]
    assert len(err_lines) == len(REASONS)
    for name, reason in REASONS.items():
        assert reason in by_name[name]["error"], (name, by_name[name]["error"])
        line = next(x for x in err_lines if x.startswith(str(batch / name) + ":"))
        assert reason in line


def test_all_readable_exits_zero(tmp_path):
    for name in ("qinghe_jiaotong_2024.txt", "qinghe_jiaotong_2024.html", "qinghe_jiaotong_2024.docx"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    res, results = _score(tmp_path)
    assert res.exit_code == 0, res.stderr
    assert len(results) == 3 and all(r["error"] is None for r in results)


def test_unreadable_file_in_a_folder(tmp_path):
    shutil.copy(GOOD, tmp_path / "good.txt")
    locked = tmp_path / "locked.txt"
    shutil.copy(GOOD, locked)
    locked.chmod(0)
    (tmp_path / "sub.txt").mkdir()  # a folder named like a report is searched, not read
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    try:
        res, results = _score(tmp_path, fifo)
        by_name = {os.path.basename(r["path"]): r for r in results}
        assert by_name["good.txt"]["error"] is None
        assert "not a regular file" in by_name["pipe.txt"]["error"]  # never blocks on the pipe
        if os.geteuid() == 0:  # root reads mode-000 files
            assert by_name["locked.txt"]["error"] is None
        else:
            assert "cannot read file" in by_name["locked.txt"]["error"]
        assert res.exit_code == 2
    finally:
        locked.chmod(0o644)


def test_reasons_are_one_line(tmp_path):
    p = tmp_path / "bad.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(ReadError) as e:
        read_document(p)
    assert "\n" not in str(e.value) and str(e.value)
    assert MAX_BYTES < 50 * 1024 * 1024
