"""``reviewer score --scheduler --archive A``: on the cluster, against a SQLite archive or its
Parquet export, the findings are those of the embedded ``reviewer score --archive A``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path, Path]:
    """(the batch, a SQLite archive of earlier years and one batch file, its Parquet export)."""
    from reviewer.archive.parquet import export_parquet
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions
    from reviewer.io import read_document
    from reviewer.similarity.archive import Archive

    tmp = tmp_path_factory.mktemp("arc")
    write_batch(generate_batch(9, [2021, 2022, 2023], 13, ("txt", "html"), DefectOptions(other_copy=0.5, county=0.3)), tmp / "gen")
    files = sorted(p for p in (tmp / "gen").iterdir() if p.suffix in (".txt", ".html"))
    old = [f for f in files if f.stem.endswith(("2021", "2022"))]
    batch = [f for f in files if f not in old]
    (tmp / "batch").mkdir()
    for f in batch:
        shutil.copy(f, tmp / "batch" / f.name)
    db = tmp / "arc.sqlite"
    with Archive(db) as arc:
        for f in [*old, batch[0]]:  # a batch file also archived: compared as the batch's
            assert arc.add(read_document(str(f)))
        export_parquet(arc.db, tmp / "arc.parquet")
    return [str(tmp / "batch")], db, tmp / "arc.parquet"


def _embedded(paths: list[str], archive: Path) -> dict[str, dict]:
    from reviewer.messages import localise
    from reviewer.pipeline import Options, review

    results, _ = review(paths, Options(jobs=2, archive=str(archive)))
    return {r.path: json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in localise(results)}


def _dataset(form: str, db: Path, ds: Path, tmp: Path, monkeypatch) -> Path:
    """The archive as given: SQLite, its export, an export of small row groups read in slices
    across them, or the same tables in one row group each without the export's layout mark."""
    import pyarrow.parquet as pq

    from reviewer.archive import parquet
    from reviewer.distributed import archived
    from reviewer.similarity.archive import Archive

    if form == "sqlite":
        return db
    if form == "groups":
        monkeypatch.setattr(parquet, "GROUP", 4)
        monkeypatch.setattr(archived, "SLICE", 5)
        with Archive(db, create=False) as arc:
            parquet.export_parquet(arc.db, tmp / "small")
        assert pq.ParquetFile(tmp / "small" / "arrays.parquet").metadata.num_row_groups > 3
        return tmp / "small"
    if form == "plain":
        (tmp / "plain").mkdir()
        for t in parquet.TABLES:
            table = pq.read_table(ds / f"{t}.parquet")
            pq.write_table(table.replace_schema_metadata(None), tmp / "plain" / f"{t}.parquet")
        monkeypatch.setattr(archived, "SLICE", 7)
        return tmp / "plain"
    return ds


@pytest.mark.parametrize("form", ["sqlite", "parquet", "groups", "plain"])
def test_archive_on_the_cluster_identical(corpus, tmp_path: Path, cluster, form: str, monkeypatch) -> None:
    from reviewer.distributed import run_distributed
    from reviewer.pipeline import Options

    paths, db, ds = corpus
    want = _embedded(paths, db)
    out = tmp_path / "out"
    archive = _dataset(form, db, ds, tmp_path, monkeypatch)
    summary = run_distributed(paths, Options(archive=str(archive)), str(out), cluster.scheduler_address, parts=3, chunk=4)
    got = {}
    for f in sorted(out.glob("part-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            got[d["path"]] = d
    assert set(got) == set(want) and summary["reports"] == len(want)
    differ = sorted(p for p in want if want[p] != got[p])
    assert not differ, differ[:3]
    # the archive is what these findings compare with: own-past copies of archived years, groups with archived members
    within = {r: d for r, d in _embedded_without(paths).items()}
    assert within != want
    sources = {f["evidence"].get("source_path") for d in want.values() for f in d["findings"] if f["rule"] in ("C201", "C202")}
    assert any(s and "/gen/" in s for s in sources)


def _embedded_without(paths: list[str]) -> dict[str, dict]:
    from reviewer.messages import localise
    from reviewer.pipeline import Options, review

    results, _ = review(paths, Options(jobs=2))
    return {r.path: json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in localise(results)}


def test_cli_archive_on_the_cluster(corpus, tmp_path: Path, cluster) -> None:
    from click.testing import CliRunner

    from reviewer.cli import main

    paths, _, ds = corpus
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["score", *paths, "--scheduler", cluster.scheduler_address, "--archive", str(ds), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["reports"] == len(_embedded(paths, corpus[1]))
    bad = CliRunner().invoke(main, ["score", *paths, "--scheduler", cluster.scheduler_address, "--archive", str(tmp_path), "-o", str(out)])
    assert bad.exit_code == 2 and "Parquet" in bad.output


def test_groups_hold_archived_sources(corpus) -> None:
    """The batch exercises archived group members (``archived.chosen_sources``)."""
    paths, db, _ = corpus
    groups = [f["evidence"]["group"] for d in _embedded(paths, db).values() for f in d["findings"] if "group" in f["evidence"]]
    assert any("/gen/" in r for g in groups for r in g["reports"])
