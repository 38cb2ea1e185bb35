"""Benchmark: a batch of new generated reports scored against an archive of N earlier ones (the copy
analysis, §7 内容雷同, C201–C206), embedded (``reviewer score --archive A``) and on a local Dask
cluster (``reviewer score --scheduler local --archive A``, against the SQLite archive and against its
Parquet export). Each command runs in a process of its own; for each: wall seconds, CPU seconds of
the command and every process it started (dask workers included), per new report, the peak RSS of
its largest process, and whether its findings equal the embedded review's.

    python benchmarks/bench_archive_cluster.py --organs 1000 --batch 300 --work /tmp/bench-arc-cluster
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = 2015, 2016


def _measured(cmd: list[str]) -> dict:
    """Run ``cmd`` in a fresh wrapper process: its rusage over all descendants."""
    code = ("import json,resource,subprocess,sys,time;t=time.perf_counter();r=subprocess.run(sys.argv[1:]);"
            "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
            "print(json.dumps({'rc':r.returncode,'wall_s':round(time.perf_counter()-t,2),"
            "'cpu_s':round(u.ru_utime+u.ru_stime,2),'peak_rss_mb':round(u.ru_maxrss/1024,1)}))")
    r = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, cwd=ROOT, check=False)
    out = json.loads(r.stdout.strip().splitlines()[-1])
    if out["rc"]:
        raise SystemExit(r.stderr[-2000:])
    return out


def _reviewer(*args: str) -> list[str]:
    return [sys.executable, "-m", "reviewer.cli", *args]


def _findings(lines: list[str]) -> dict[str, object]:
    out = {}
    for line in lines:
        d = json.loads(line)
        out[d["path"]] = (d.get("score"), d.get("findings"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--organs", type=int, default=1000, help="archived reports (one per organ, one earlier year)")
    ap.add_argument("--batch", type=int, default=300, help="new reports scored (the next year of the first organs)")
    ap.add_argument("--work", default="/tmp/bench-arc-cluster")
    a = ap.parse_args()
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions

    work = Path(a.work)
    gen = work / f"gen-{a.organs}"
    if not gen.is_dir():
        write_batch(generate_batch(a.organs, [OLD, NEW], 11, ("txt", "html"), DefectOptions()), gen)
    old, new = work / "old", work / "new"
    for d in (old, new):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    files = sorted(p for p in gen.iterdir() if p.suffix in (".txt", ".html"))
    for f in files:
        if f.stem.endswith(str(OLD)):
            shutil.copy(f, old / f.name)
    for f in [f for f in files if f.stem.endswith(str(NEW))][: a.batch]:
        shutil.copy(f, new / f.name)
    db, ds = work / "arc.sqlite", work / "arc.parquet"
    if not db.exists():
        t0 = time.perf_counter()
        subprocess.run(_reviewer("archive", "add", str(old), "--archive", str(db)), cwd=ROOT, check=True, capture_output=True)
        print(f"archive add: {time.perf_counter() - t0:.0f}s", flush=True)
    if not ds.exists():
        subprocess.run(_reviewer("archive", "export", "--archive", str(db), "--parquet", str(ds)), cwd=ROOT, check=True, capture_output=True)
    n = len(list(new.iterdir()))
    rows = {}
    emb = work / "embedded.jsonl"
    rows["embedded"] = _measured(_reviewer("score", str(new), "--archive", str(db), "--format", "jsonl", "-o", str(emb)))
    want = _findings(emb.read_text(encoding="utf-8").splitlines())
    for name, arc in (("cluster-sqlite", db), ("cluster-parquet", ds)):
        out = work / name
        rows[name] = _measured(_reviewer("score", str(new), "--scheduler", "local", "--archive", str(arc), "-o", str(out)))
        got = _findings([line for f in sorted(out.glob("part-*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()])
        rows[name]["differ"] = sum(got.get(p) != v for p, v in want.items()) + len(set(got) - set(want))
    for r in rows.values():
        r["cpu_s_per_report"] = round(r["cpu_s"] / n, 3)
    print(json.dumps({"archived": a.organs, "batch": n, **rows}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
