"""The stored archive (fingerprints, candidate index and template counts kept when a report is
archived) gives the same copy analysis, findings and scores as comparing with every archived
report's fingerprint rebuilt from its document; old archives are refused until upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from reviewer.io import read_document
from reviewer.similarity.analyse import Params, analyse_fingerprints
from reviewer.similarity.archive import REPORTS, Archive, ArchiveError, OldArchive, doc_blob
from reviewer.similarity.fingerprint import fingerprint


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[Path]]:
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions

    out = tmp_path_factory.mktemp("gen")
    write_batch(generate_batch(10, [2021, 2022, 2023], 7, ("txt", "html"), DefectOptions()), out)
    files = sorted(p for p in out.iterdir() if p.suffix in (".txt", ".html"))
    by_year: dict[int, list[Path]] = {}
    for p in files:
        by_year.setdefault(int(p.stem.rsplit("-", 1)[1]), []).append(p)
    return by_year


def _analysis(res) -> list[tuple]:
    return [
        (a.fp.path, a.compared, a.own_prev.path if a.own_prev else None, sorted(a.metrics.items()),
         [(p.kind, p.start, p.end, p.chars, p.similarity, p.units, p.source.path if p.source else None, p.src_start,
           p.src_end, p.shared, p.verified) for p in a.passages],
         [(ti, s.path, si) for ti, s, si in a.tables])
        for a in res
    ]


def _archive(tmp_path: Path, files: list[Path]) -> Path:
    db = tmp_path / "arc.sqlite"
    with Archive(db) as arc:
        for f in files:
            assert arc.add(read_document(str(f)))
    return db


def test_stored_fingerprints_equal_rebuilt(corpus, tmp_path):
    db = _archive(tmp_path, corpus[2021][:3])
    with Archive(db, create=False) as arc:
        stored = arc.fingerprints()
        rebuilt = [fingerprint(d) for d in arc.documents()]
    for s, r in zip(stored, rebuilt, strict=True):
        assert (s.path, s.organ, s.key, s.year, s.masked, s.u_section, s.tables) == (r.path, r.organ, r.key, r.year, r.masked, r.u_section, r.tables)
        for name in ("hashes", "u_start", "u_end", "u_m0", "u_m1", "order", "bounds", "prescribed", "mstart", "mend"):
            a, b = getattr(s, name), getattr(r, name)
            assert a.dtype == b.dtype and np.array_equal(a, b), name
        assert s.doc.text == r.doc.text and s.doc.sha256 == r.doc.sha256


@pytest.mark.parametrize("jobs", [1, 2])
def test_analysis_against_stored_archive_equals_rebuilt(corpus, tmp_path, jobs):
    db = _archive(tmp_path, corpus[2021] + corpus[2022])
    # the batch: next year's reports, plus one archived file (compared as the batch's own)
    batch = [fingerprint(read_document(str(f))) for f in corpus[2023] + corpus[2022][:1]]
    p = Params(jobs=jobs, parallel_min=1)
    with Archive(db, create=False) as arc:
        old = analyse_fingerprints(batch, [fingerprint(d) for d in arc.documents()], p)
        view = arc.view()
    new = analyse_fingerprints(batch, view, p)
    assert _analysis(new) == _analysis(old)
    assert any(ps.kind == "own" and ps.verified for a in new for ps in a.passages)
    assert any(ps.kind == "other" for a in new for ps in a.passages)


def test_only_same_organ_history_and_candidates_are_read(corpus, tmp_path, monkeypatch):
    from reviewer.archive.view import ArchiveView

    db = _archive(tmp_path, corpus[2021] + corpus[2022])
    batch = [fingerprint(read_document(str(f))) for f in corpus[2023][:2]]
    read: list[int] = []
    load = ArchiveView._load

    def counting(self, positions):
        read.extend(positions)
        return load(self, positions)

    monkeypatch.setattr(ArchiveView, "_load", counting)
    monkeypatch.setattr(ArchiveView, "CACHE", 3)  # fingerprints read where first needed, evicted, read again
    with Archive(db, create=False) as arc:
        old = analyse_fingerprints(batch, [fingerprint(d) for d in arc.documents()])
        view = arc.view()
    assert _analysis(analyse_fingerprints(batch, view)) == _analysis(old)
    keys = {f.key for f in batch}
    own = {i for i, k in enumerate(view.keys) if k in keys}
    assert own <= set(read) and len(set(read)) < len(view)
    assert len(view._cache) <= 3


def test_score_against_archive_equals_rebuilt_path(corpus, tmp_path, monkeypatch):
    from reviewer.pipeline import Options, review

    db = _archive(tmp_path, corpus[2021] + corpus[2022])
    batch = [str(f) for f in corpus[2023]]
    new, _ = review(batch, Options(jobs=1, archive=str(db)))

    def rebuilt(self):  # every archived report's fingerprint from its document
        return [fingerprint(d) for d in self.documents()]

    monkeypatch.setattr(Archive, "view", rebuilt)
    old, _ = review(batch, Options(jobs=1, archive=str(db)))
    assert [r.to_dict() for r in new] == [r.to_dict() for r in old]
    assert any(f.kind == "copied-from-own-past" for r in new for f in r.findings)


def _old_archive(tmp_path: Path, files: list[Path]) -> Path:
    """An archive as a release that kept only documents wrote it."""
    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.executescript(REPORTS)
    for f in files:
        d = read_document(str(f))
        con.execute("INSERT INTO reports VALUES (?,?,?,?,?,?,?)", (d.sha256, d.path, d.organ, "k", d.year, doc_blob(d), b"x"))
    con.commit()
    con.close()
    return db


def test_old_archive_is_refused_then_upgraded(corpus, tmp_path):
    from reviewer.cli import main

    files = corpus[2021][:4]
    db = _old_archive(tmp_path, files)
    with pytest.raises(OldArchive, match="reviewer archive upgrade"):
        Archive(db, create=False)
    r = CliRunner().invoke(main, ["score", str(files[0]), "--archive", str(db)])
    assert r.exit_code == 2 and "reviewer archive upgrade" in r.output
    r = CliRunner().invoke(main, ["archive", "upgrade", "--archive", str(db)])
    assert r.exit_code == 0, r.output
    with Archive(db, create=False) as arc:
        assert len(arc) == 4 and len(arc.fingerprints()) == 4
    r = CliRunner().invoke(main, ["archive", "upgrade", "--archive", str(db)])
    assert r.exit_code == 0 and "0" in r.output


def test_upgrade_of_a_file_that_is_no_archive(tmp_path):
    with pytest.raises(ArchiveError):
        Archive(tmp_path / "missing.sqlite", create=False, upgrade=True)
