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
    across them, or the report tables in one row group each without the export's layout mark
    (and without the organs' stored template buckets)."""
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


def _run_counting(paths: list[str], archive: Path, out: Path, cluster, monkeypatch) -> tuple[dict[str, dict], set[str], list[str]]:
    """(results by path, archived documents read, paths of archived reports whose template n-grams
    were rebuilt) of a cluster run against ``archive``."""
    from reviewer.distributed import archived, run_distributed
    from reviewer.pipeline import Options
    from reviewer.similarity.fingerprint import Fingerprint

    docs: set[str] = set()
    rebuilt: list[str] = []
    load, thashes = archived.load_document, Fingerprint.thashes

    def counting_load(ds: str, sha256: str, group: int = -1):
        docs.add(sha256)
        return load(ds, sha256, group)

    def counting_thashes(self):
        if isinstance(self.doc, archived.ParquetDocument):
            rebuilt.append(self.path)
        return thashes.fget(self)

    monkeypatch.setattr(archived, "_DOCS", {})
    monkeypatch.setattr(archived, "load_document", counting_load)
    monkeypatch.setattr(Fingerprint, "thashes", property(counting_thashes))
    run_distributed(paths, Options(archive=str(archive)), str(out), cluster.scheduler_address, parts=3, chunk=4)
    got = {}
    for f in sorted(out.glob("part-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            got[d["path"]] = d
    return got, docs, rebuilt


def _archived(db: Path) -> dict[str, tuple[str, str, int]]:
    """sha256 -> (path, organ key, year) of every archived report."""
    import sqlite3

    with sqlite3.connect(db) as c:
        return {s: (p, k, y) for s, p, k, y in c.execute("SELECT sha256, path, organ_key, year FROM reports")}


def _embedded_reads(paths: list[str], db: Path, monkeypatch) -> set[str]:
    """The archived documents (paths) the embedded review against ``db`` reads."""
    from reviewer.archive import view

    read: set[str] = set()
    load = view._document

    def counting(path: str, rid: int):
        doc = load(path, rid)
        read.add(doc.path)
        return doc

    monkeypatch.setattr(view, "_document", counting)
    _embedded(paths, db)
    monkeypatch.setattr(view, "_document", load)
    return read


def test_cluster_reads_stored_records_and_needed_documents(corpus, tmp_path: Path, cluster, monkeypatch) -> None:
    """Against the Parquet dataset: the archived organs' template buckets are the stored ones (only
    the organ of the batch file also archived has its other reports' n-grams rebuilt, as the
    embedded view does); an archived document is read only where its text is compared or shown
    (the source of a passage verified or shown, a batch report's own latest earlier report for
    C204 and C207): the same documents the embedded review reads, not every archived one. Without
    the stored organ buckets (a dataset of the report tables alone) they are rebuilt."""
    from reviewer.io import read_document

    paths, db, ds = corpus
    arc = _archived(db)
    got, docs, rebuilt = _run_counting(paths, ds, tmp_path / "out", cluster, monkeypatch)
    assert got == _embedded(paths, db)
    batch = [read_document(str(f)) for f in sorted(Path(paths[0]).iterdir())]
    again = next(d for d in batch if d.sha256 in arc)
    dropped = {p for p, k, _ in arc.values() if k == arc[again.sha256][1] and p != arc[again.sha256][0]}
    assert dropped and set(rebuilt) <= dropped

    read = {arc[s][0] for s in docs}
    shown = {f["evidence"].get("source_path") for d in got.values() for f in d["findings"]}
    assert shown & set(read)
    assert read == _embedded_reads(paths, db, monkeypatch)
    top = max(y for s, (_, _, y) in arc.items() if s not in {d.sha256 for d in batch})
    older = {p for p, _, y in arc.values() if y < top}  # no batch report's latest earlier year
    assert read & older and older - read, (len(read), len(older), len(arc))

    plain = _dataset("plain", db, ds, tmp_path, monkeypatch)
    got, _, rebuilt = _run_counting(paths, plain, tmp_path / "out2", cluster, monkeypatch)
    assert got == _embedded(paths, db)
    assert set(rebuilt) - dropped


def test_overlap_tells_batch_files_and_paths(corpus, tmp_path: Path) -> None:
    """``archived.overlap`` by digest part: an archived report whose file the batch holds is left
    out, one whose path a batch report has may join no group, every other one stays."""
    import sqlite3
    from types import SimpleNamespace as NS

    from reviewer.distributed import archived, spill
    from reviewer.distributed.stages import part_of

    _, db, ds = corpus
    with sqlite3.connect(db) as c:
        order = c.execute("SELECT sha256, path, organ_key FROM reports ORDER BY rowid").fetchall()
    (sha_a, path_a, _), (sha_b, path_b, _) = order[3], order[7]
    items = [NS(doc=NS(sha256=sha_a, path="/elsewhere/a.txt")), NS(doc=NS(sha256="0" * 64, path=path_b)), NS(doc=None)]
    parts, n, scratch = 3, 100, str(tmp_path)
    reads = [spill.write_pieces(scratch, "read", [None] * parts + archived.batch_digests(items, parts))]
    stored = [archived.read_archive(str(ds), a, min(10, len(order) - a), n, parts, 4, scratch) for a in range(0, len(order), 10)]
    ov = [archived.overlap(d, parts, scratch, reads, stored) for d in range(parts)]
    left = {j for q in range(parts) for a, _ in spill.column(ov, q) for j in a}
    nogroup = {j for q in range(parts) for _, b in spill.column(ov, q) for j in b}
    assert left == {n + 3} and nogroup == {n + 7}
    assert path_a != "/elsewhere/a.txt" and sha_b != "0" * 64
    placed = {s.fidx: (q, s.fp.key) for q in range(parts) for sl in spill.column(stored, q) for s in sl.stored}
    assert sorted(placed) == [n + k for k in range(len(order))]
    assert all(q == part_of(order[j - n][2], parts) and key == order[j - n][2] for j, (q, key) in placed.items())


def test_document_caches_key_archived_documents_by_file() -> None:
    """An archived document is read anew each time it is used, and freed after: its ``id`` is then
    another document's, so the C204/C206 per-document caches key it by its file (``doc_key``);
    keyed by ``id``, a report of 1,000 scored against 1,000 archived took another report's problems."""
    from reviewer.archive.view import StoredDocument
    from reviewer.similarity.flipcheck import doc_key

    ids, keys = [], []
    for k in range(50):
        d = StoredDocument("arc.sqlite", k, f"{k:064x}", f"/old/{k}.txt", None, 2022)
        ids.append(id(d))
        keys.append(doc_key(d))
        del d
    assert len(set(ids)) < len(ids)  # freed objects' ids are given again
    assert len(set(keys)) == len(keys)
    assert doc_key(StoredDocument("arc.sqlite", 1, "ab" * 32, "/old/a.txt", None, 2022)) == ("ab" * 32, "/old/a.txt")
