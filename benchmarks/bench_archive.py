"""Benchmark (b) of the scalable archive: an archive of Y years x N generated reports, then N new
reports scored against it (the copy analysis, C201–C205). For each archive size: the time to build
it, its size on disk, and — in a fresh process each, so peak memory is the phase's own — the time
and peak RSS of scoring the new batch against it, with what is read from the archive (the candidate
index, the same-organ history and candidates; the template counts are fixed-size). ``--old`` also
times the full-read path (every archived fingerprint rebuilt from its document) and checks that both
give the same analysis.

    python benchmarks/bench_archive.py --organs 1000 --years 1 2 4 --old --work /tmp/bench-archive
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_YEAR = 2015


def _files(gen: Path, years: list[int]) -> list[str]:
    return sorted(str(p) for p in gen.iterdir() if p.suffix in (".txt", ".html") and int(p.stem.rsplit("-", 1)[1]) in years)


def _stats(t0: float, c0: float, **extra) -> dict:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)  # the forked alignment workers
    return {"wall_s": round(time.perf_counter() - t0, 2), "cpu_s": round(time.process_time() - c0, 2),
            "workers_cpu_s": round(ch.ru_utime + ch.ru_stime, 2), "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
            "workers_peak_rss_mb": round(ch.ru_maxrss / 1024, 1), **extra}


def phase_build(db: str, gen: str, years: list[int]) -> dict:
    from reviewer.io import read_document
    from reviewer.similarity.archive import Archive

    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    with Archive(db) as arc:
        for f in _files(Path(gen), years):
            n += arc.add(read_document(f))
    return _stats(t0, c0, added=n, disk_mb=round(Path(db).stat().st_size / 2**20, 1))


def _batch(gen: str, year: int, share: float) -> list:
    from reviewer.io import read_document
    from reviewer.similarity.fingerprint import fingerprint

    files = _files(Path(gen), [year])
    return [fingerprint(read_document(f)) for f in files[: max(1, round(share * len(files)))]]


def _summary(res) -> list:
    return [(a.fp.path, sorted(a.metrics.items()), [(p.kind, p.start, p.end, p.source.path if p.source else None, p.verified)
                                                   for p in a.passages]) for a in res]


def phase_score(db: str, gen: str, year: int, old: bool, share: float) -> dict:
    from reviewer.archive.view import ArchiveView
    from reviewer.similarity.analyse import analyse_fingerprints
    from reviewer.similarity.archive import Archive
    from reviewer.similarity.fingerprint import fingerprint

    batch = _batch(gen, year, share)
    t0, c0 = time.perf_counter(), time.process_time()
    import multiprocessing as mp

    read = mp.Value("q", 0)  # fingerprints read from the file, the forked alignment workers' included
    if old:
        with Archive(db, create=False) as arc:
            archive = [fingerprint(d) for d in arc.documents()]
        t_open = time.perf_counter() - t0
    else:
        load = ArchiveView._load

        def counting(self, positions):
            with read.get_lock():
                read.value += len(positions)
            return load(self, positions)

        ArchiveView._load = counting
        with Archive(db, create=False) as arc:
            archive = arc.view()
        t_open = time.perf_counter() - t0
    res = analyse_fingerprints(batch, archive)
    out = _stats(t0, c0, batch=len(batch), open_s=round(t_open, 2), fingerprints_read=read.value if not old else len(archive))
    if not old:
        out["index_mb"] = round((archive.flat.nbytes + archive.offsets.nbytes) / 2**20, 1)
    out["digest"] = zlib.crc32(json.dumps(_summary(res), default=str).encode())
    return out


def _run(*args: str) -> dict:
    r = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if r.returncode:
        raise SystemExit(r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--organs", type=int, default=1000, help="N: reports per year (one per organ)")
    ap.add_argument("--years", type=int, nargs="+", default=[1, 2, 4], help="archive sizes in years, growing")
    ap.add_argument("--old", action="store_true", help="also time the full-read path and compare the analyses")
    ap.add_argument("--work", default="/tmp/bench-archive")
    ap.add_argument("--share", type=float, default=1.0, help="the new batch: this share of the organs (1: all N)")
    ap.add_argument("--score-only", action="store_true", help="score against the archive left by the last run (its largest size)")
    ap.add_argument("--phase", choices=["build", "score"], help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--gen", help=argparse.SUPPRESS)
    ap.add_argument("--year-list", type=int, nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--old-path", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.phase == "build":
        print(json.dumps(phase_build(a.db, a.gen, a.year_list)))
        return
    if a.phase == "score":
        print(json.dumps(phase_score(a.db, a.gen, a.year_list[0], a.old_path, a.share)))
        return
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions

    work = Path(a.work)
    ymax = max(a.years)
    gen = work / f"gen-{a.organs}x{ymax + 1}"
    if not gen.is_dir():
        t0 = time.perf_counter()
        write_batch(generate_batch(a.organs, range(FIRST_YEAR, FIRST_YEAR + ymax + 1), 11, ("txt", "html"), DefectOptions()), gen)
        print(f"generated {a.organs} x {ymax + 1} years in {time.perf_counter() - t0:.0f}s", flush=True)
    new_year = FIRST_YEAR + ymax
    db = work / f"arc-{a.organs}.sqlite"
    if a.score_only:
        s = _run("--phase", "score", "--db", str(db), "--gen", str(gen), "--year-list", str(new_year), "--share", str(a.share))
        print(json.dumps({"years": ymax, "archived": ymax * a.organs, "score": s}), flush=True)
        return
    for f in work.glob(f"arc-{a.organs}.sqlite*"):
        f.unlink()
    done = 0
    for y in sorted(a.years):
        b = _run("--phase", "build", "--db", str(db), "--gen", str(gen), "--year-list", *map(str, range(FIRST_YEAR + done, FIRST_YEAR + y)))
        done = y
        s = _run("--phase", "score", "--db", str(db), "--gen", str(gen), "--year-list", str(new_year), "--share", str(a.share))
        row = {"years": y, "archived": y * a.organs, "build_added": b["added"], "build_cpu_s": b["cpu_s"], "disk_mb": b["disk_mb"],
               "score": s}
        if a.old:
            o = _run("--phase", "score", "--db", str(db), "--gen", str(gen), "--year-list", str(new_year), "--share", str(a.share), "--old-path")
            row["score_old"] = o
            row["same_analysis"] = o["digest"] == s["digest"]
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
