"""`reviewer score --scheduler` on a LocalCluster: throughput, memory of the workers, the client and
the scheduler, and the measured cost of every stage (for the projection in docs/benchmarks.md).

    python benchmarks/bench_dask.py --sizes 2000,10000            # (a) growing batches, 2 workers
    python benchmarks/bench_dask.py --sizes 2000 --workers 1,2 --embedded   # (c) 1 vs 2 workers

For each size a batch of generated txt/html reports (5 years per organ, the generator's default
defects: own and cross-organ copies) is written once (the largest; smaller batches are the first
files of it, hard-linked). For each worker count a fresh LocalCluster (single-threaded worker
processes) is started in this process, which so also holds the scheduler; the client is
``reviewer score DIR --scheduler ADDRESS -o OUT`` in a child process, its peak memory and CPU time
read from ``wait4`` (CPU) and its ``VmHWM`` sampled every 0.5 s (memory). The workers report their own peak RSS and CPU time (``client.run``); the
scheduler's task stream gives compute seconds and output bytes per stage; the size of the scratch
folder (``OUT/.reviewer-scratch``) is sampled every 0.5 s. ``--embedded`` also
times the embedded default (``reviewer score -j N --format jsonl``) on the same files.

CPU seconds per report are the figure to compare: the cores are shared with other work.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _generate(n: int, out: Path, seed: int) -> None:
    from reviewer.generate import DefectOptions, generate_batch, write_batch

    years = [2019, 2020, 2021, 2022, 2023]
    batch = generate_batch(max(1, -(-n // len(years))), years, seed, formats=("txt", "html"), defects=DefectOptions())
    batch.reports = batch.reports[:n]
    write_batch(batch, out)


def _subset(src: Path, n: int, dst: Path) -> Path:
    files = sorted(p for p in src.rglob("*") if p.suffix in (".txt", ".html"))[:n]
    for f in files:
        t = dst / f.relative_to(src)
        t.parent.mkdir(parents=True, exist_ok=True)
        os.link(f, t)
    return dst


def _child(cmd: list[str], watch: _Watch | None = None) -> dict[str, float]:
    """Run ``cmd``; its wall time, CPU seconds and peak RSS (MB) from ``wait4``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if watch is not None:
        watch.pids["client"] = proc.pid
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 2):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err[-2000:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024, "exit": code}


def _hwm_mb(pid: int) -> float:
    """A live process's peak RSS so far (``VmHWM``), 0 when gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class _Watch(threading.Event):
    def __init__(self) -> None:
        super().__init__()
        self.mb = 0.0
        self.pids: dict[str, int] = {}
        self.peaks: dict[str, float] = {}


def _watch_scratch(folder: Path, every: float = 0.5, label: str = "", report: float = 60.0) -> _Watch:
    """Sample the size of the run's scratch folder (``reviewer.distributed.spill``) and the peak
    RSS of the processes in ``pids`` until set; every ``report`` seconds print them to stderr, so
    a run stopped early still shows how far it got and its peaks."""
    w = _Watch()
    t0 = time.perf_counter()

    def loop() -> None:
        last = t0
        while not w.wait(every):
            try:
                w.mb = max(w.mb, sum(f.stat().st_size for f in folder.iterdir()) / 1e6)
            except OSError:
                pass
            for name, pid in list(w.pids.items()):
                w.peaks[name] = max(w.peaks.get(name, 0.0), _hwm_mb(pid))
            if time.perf_counter() - last >= report:
                last = time.perf_counter()
                print(json.dumps({"progress": label, "s": round(last - t0), "scratch_peak_mb": round(w.mb),
                                  "peak_mb": {k: round(v) for k, v in w.peaks.items()}, "load": round(os.getloadavg()[0], 1),
                                  "parts_written": len(list(folder.parent.glob("part-*.jsonl")))}), file=sys.stderr, flush=True)

    threading.Thread(target=loop, daemon=True).start()
    return w


def _worker_stats() -> dict[str, float]:
    import resource as r

    ru = r.getrusage(r.RUSAGE_SELF)
    return {"cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024}


STAGES = ("read_chunk", "make_part", "add_counts", "template_model", "add_facts", "band_task", "select_task", "serve", "align",
          "find_holders", "finish", "pick", "collect", "read_archive", "overlap")


def _stages(stream: list[dict]) -> dict[str, dict[str, float]]:
    from dask.utils import key_split

    out: dict[str, dict[str, float]] = defaultdict(lambda: {"tasks": 0, "compute_s": 0.0, "transfer_s": 0.0, "out_mb": 0.0})
    for t in stream:
        name = key_split(t["key"])
        e = out[name]
        e["tasks"] += 1
        for s in t.get("startstops", ()):
            action, start, stop = (s["action"], s["start"], s["stop"]) if isinstance(s, dict) else s
            if action == "compute":
                e["compute_s"] += stop - start
            elif action == "transfer":
                e["transfer_s"] += stop - start
        e["out_mb"] += t.get("nbytes", 0) / 1e6 if isinstance(t.get("nbytes"), int | float) else 0.0
    return dict(out)


def run_one(files: Path, n: int, workers: int, work: Path) -> dict:
    import logging

    from distributed import Client, LocalCluster, get_task_stream

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        load0 = os.getloadavg()[0]
        out = work / f"out-{n}-{workers}"
        peak = _watch_scratch(out / ".reviewer-scratch", label=f"{n} reports, {workers} workers")
        for k, pid in enumerate(sorted(client.run(os.getpid).values())):
            peak.pids[f"worker{k}"] = pid
        with get_task_stream(client) as ts:
            child = _child([sys.executable, "-m", "reviewer.cli", "score", str(files), "--scheduler", cluster.scheduler_address,
                            "-o", str(out)], peak)
        peak.set()
        stats = client.run(_worker_stats)
        load1 = os.getloadavg()[0]
        stages = _stages(ts.data)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    wcpu = sum(s["cpu"] for s in stats.values())
    return {
        "n": n, "workers": workers, "reports": summary["reports"], "wall_s": round(child["wall"], 1),
        "reports_per_s": round(n / child["wall"], 1), "worker_cpu_s": round(wcpu, 1),
        "cpu_s_per_report": round((wcpu + child["cpu"]) / n, 4),
        "worker_peak_mb": sorted(round(s["rss_mb"]) for s in stats.values()),
        "worker_hwm_mb": sorted(round(v) for k, v in peak.peaks.items() if k != "client"),
        # VmHWM of the client's own address space; wait4's ru_maxrss also counts this process's
        # RSS at the fork (Linux keeps the larger across execve)
        "client_peak_mb": round(peak.peaks.get("client", 0.0)), "client_rusage_mb": round(child["rss_mb"]),
        "client_cpu_s": round(child["cpu"], 1),
        "scheduler_process_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load": [round(load0, 1), round(load1, 1)], "output_mb": round(sum(f.stat().st_size for f in out.glob("part-*")) / 1e6, 1),
        "scratch_peak_mb": round(peak.mb, 1),
        "stages": {k: {kk: round(vv, 2) for kk, vv in v.items()} for k, v in sorted(stages.items())},
    }


def item_bytes(files: Path, sample: int = 40) -> dict[str, float]:
    """Pickled size per report of what the read → part exchange moves (document, result,
    fingerprint, table rows) and of a fingerprint with its document (what a candidate fetch moves)."""
    import pickle

    from reviewer.distributed.stages import read_chunk
    from reviewer.pipeline import require_models

    require_models()
    paths = sorted(p for p in files.rglob("*") if p.suffix in (".txt", ".html"))[:sample]
    items = [it for piece in read_chunk(list(enumerate(map(str, paths))), None, {}, 1) for it in piece]
    whole = sum(len(pickle.dumps(it, protocol=5)) for it in items) / len(items)
    fp = sum(len(pickle.dumps(it.prepared["fingerprints"], protocol=5)) for it in items) / len(items)
    return {"item_kb": round(whole / 1024, 1), "fingerprint_with_doc_kb": round(fp / 1024, 1)}


def run_embedded(files: Path, n: int, jobs: int, work: Path) -> dict:
    child = _child([sys.executable, "-m", "reviewer.cli", "score", str(files), "-j", str(jobs), "--format", "jsonl",
                    "-o", str(work / f"embedded-{n}.jsonl")])
    return {"n": n, "jobs": jobs, "wall_s": round(child["wall"], 1), "reports_per_s": round(n / child["wall"], 1),
            "cpu_s_per_report": round(child["cpu"] / n, 4), "peak_mb_largest_process": round(child["rss_mb"])}


def _differ(embedded: Path, parts: Path) -> int:
    """Reports whose result differs between the embedded output and the distributed parts."""
    def lines(files: list[Path]) -> dict[str, str]:
        return {json.loads(x)["path"]: x for f in files for x in f.read_text(encoding="utf-8").splitlines()}

    a, b = lines([embedded]), lines(sorted(parts.glob("part-*.jsonl")))
    return sum(a.get(k) != b.get(k) for k in a.keys() | b.keys())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000", help="comma-separated batch sizes")
    ap.add_argument("--workers", default="2", help="comma-separated worker counts")
    ap.add_argument("--embedded", action="store_true", help="also time the embedded default at each size")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--json", type=Path, help="append the measurements to this JSON-lines file")
    ap.add_argument("--batch", type=Path, help="the generated batch's folder: kept, and reused when it already holds one")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        work = Path(tmp)
        batch = a.batch or work / "all"
        if not (batch / "done").exists():
            t = time.perf_counter()
            gen = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.bench_dask import _generate; "
                                  f"from pathlib import Path; _generate({max(sizes)}, Path({str(batch)!r}), {a.seed})"], check=True)
            (batch / "done").write_text(str(max(sizes)), encoding="utf-8")
            print(f"generated {max(sizes)} reports in {time.perf_counter() - t:.0f} s ({gen.returncode})", flush=True)
        print(json.dumps({"pickled_per_report": item_bytes(batch)}), flush=True)
        for n in sizes:
            files = _subset(batch, n, work / f"n{n}")
            rows = [run_one(files, n, int(w), work) for w in a.workers.split(",")]
            if a.embedded:
                emb = run_embedded(files, n, max(int(w) for w in a.workers.split(",")), work)
                emb["differ"] = {w: _differ(work / f"embedded-{n}.jsonl", work / f"out-{n}-{w}") for w in a.workers.split(",")}
                rows.append({"embedded": emb})
                (work / f"embedded-{n}.jsonl").unlink(missing_ok=True)
            for w in a.workers.split(","):  # the parts of this size (up to ~70 KB per report)
                shutil.rmtree(work / f"out-{n}-{w}", ignore_errors=True)
            for row in rows:
                line = json.dumps(row, ensure_ascii=False)
                print(line, flush=True)
                if a.json:
                    with a.json.open("a", encoding="utf-8") as fh:
                        fh.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
