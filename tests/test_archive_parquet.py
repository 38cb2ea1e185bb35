"""`reviewer archive export --parquet DIR` and `reviewer archive import DIR`: the same records, and
the same analysis, after a round trip SQLite -> Parquet -> SQLite."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

pytest.importorskip("pyarrow")

from reviewer.cli import main  # noqa: E402
from reviewer.io import read_document  # noqa: E402
from reviewer.similarity.analyse import analyse_fingerprints  # noqa: E402
from reviewer.similarity.archive import Archive  # noqa: E402
from reviewer.similarity.fingerprint import fingerprint  # noqa: E402
from tests.test_archive_store import _analysis, _archive, corpus  # noqa: E402,F401


def _rows(db) -> dict[str, list]:
    con = sqlite3.connect(db)
    out = {
        "reports": con.execute("SELECT sha256, path, organ, organ_key, year, doc FROM reports ORDER BY rowid").fetchall(),
        "arrays": con.execute("SELECT r.sha256, a.name, a.dtype, a.shape, a.codec, a.data FROM fp_arrays a JOIN reports r ON r.rowid = a.rid ORDER BY r.rowid, a.name").fetchall(),
        "index": con.execute("SELECT sha256, organ_key, year, sample, keys FROM fp_index ORDER BY rid").fetchall(),
        "organs": con.execute("SELECT organ_key, buckets FROM organ_template ORDER BY organ_key").fetchall(),
        "counts": con.execute("SELECT key, value FROM archive_meta WHERE key LIKE 'template%' ORDER BY key").fetchall(),
    }
    con.close()
    return out


def test_parquet_round_trip(corpus, tmp_path):  # noqa: F811
    db = _archive(tmp_path, corpus[2021] + corpus[2022])
    ds = tmp_path / "ds"
    r = CliRunner().invoke(main, ["archive", "export", "--archive", str(db), "--parquet", str(ds)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in ds.iterdir()) == ["arrays.parquet", "index.parquet", "organs.parquet", "reports.parquet"]
    back = tmp_path / "back.sqlite"
    r = CliRunner().invoke(main, ["archive", "import", str(ds), "--archive", str(back)])
    assert r.exit_code == 0 and "added 20" in r.output, r.output
    assert _rows(back) == _rows(db)
    r = CliRunner().invoke(main, ["archive", "import", str(ds), "--archive", str(back)])
    assert "already stored 20" in r.output
    batch = [fingerprint(read_document(str(f))) for f in corpus[2023]]
    with Archive(db, create=False) as a, Archive(back, create=False) as b:
        assert _analysis(analyse_fingerprints(batch, a.view())) == _analysis(analyse_fingerprints(batch, b.view()))


def test_import_of_a_folder_that_is_no_dataset(tmp_path):
    (tmp_path / "ds").mkdir()
    r = CliRunner().invoke(main, ["archive", "import", str(tmp_path / "ds"), "--archive", str(tmp_path / "a.sqlite")])
    assert r.exit_code == 2 and "reports.parquet" in r.output
    assert not (tmp_path / "a.sqlite").exists()
