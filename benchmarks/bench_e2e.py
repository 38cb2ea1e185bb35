"""End-to-end throughput of `reviewer` on generated reports, against bare jieba on the same texts.

    python benchmarks/bench_e2e.py                 # 1,000 txt/html reports, 2 workers
    python benchmarks/bench_e2e.py --n 10000       # the national-scale run (once, for the docs)
    python benchmarks/bench_e2e.py --n 300 --no-write --stages   # where the time goes

Measures, in one run: wall time of ``reviewer.pipeline.review`` (read + document rules in a pool of
``--jobs`` workers, batch rules, scoring) on the written files; wall time of plain ``jieba.lcut``
over the same report texts in a pool of the same size (each worker loads jieba, as review's do);
CPU seconds of both (self + children), which stay meaningful when other work shares the cores;
peak memory as the largest sum of proportional set sizes (PSS, /proc/PID/smaps_rollup; RSS too)
of this process and its children, sampled every 0.5 s during the review, and the kernel's
high-water marks (``ru_maxrss``). ``--stages`` times
reading and each rule sequentially on a sample and prints a cProfile summary, so a missed target
names its cause. Results go to docs/benchmarks.md between markers for this ``--n``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"rps": 150.0, "ratio": 3.0, "peak_mb": 2048.0}


def _pss_kb(pid: int) -> int | None:
    """Proportional set size: shared (copy-on-write) pages split between the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            m = re.search(r"^Pss:\s+(\d+)", fh.read(), re.M)
        return int(m.group(1)) if m else None
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's list: a pool's workers are forked from threads)."""
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            m = re.search(r"^VmRSS:\s+(\d+)", fh.read(), re.M)
        return int(m.group(1)) if m else 0
    except OSError:
        return 0


def _tree_mem_mb() -> tuple[float, float, float]:
    """(PSS sum, RSS sum, PSS of this process) over this process and all its descendants, walking
    the tree from /proc/PID/task/*/children (cheap: the sampler shares the parent's interpreter).
    RSS counts pages a forked worker shares with its parent twice; PSS splits them."""
    me = os.getpid()
    pss = rss = own = 0
    stack = [me]
    while stack:
        p = stack.pop()
        r = _rss_kb(p)
        v = _pss_kb(p)
        v = v if v is not None else r
        pss, rss = pss + v, rss + r
        if p == me:
            own = v
        stack.extend(_children(p))
    return pss / 1024, rss / 1024, own / 1024


class PeakSampler:
    def __init__(self, every: float = 0.5) -> None:  # a PSS sample of a GB process costs ~15 ms of a core
        self.every, self.peak, self.peak_rss, self._stop = every, 0.0, 0.0, threading.Event()
        self.peak_self = 0.0  # the parent alone; the rest of ``peak`` is its workers
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def _sample(self) -> None:
        pss, rss, own = _tree_mem_mb()
        self.peak, self.peak_rss, self.peak_self = max(self.peak, pss), max(self.peak_rss, rss), max(self.peak_self, own)

    def __enter__(self) -> PeakSampler:
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()
        self._sample()


def _cpu_split() -> tuple[float, float]:
    """CPU seconds of this process and of its (waited-for) children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


def _cpu() -> float:
    return sum(_cpu_split())


def _jieba_chunk(texts: list[str]) -> int:
    """Plain jieba.lcut (no domain dictionary), built the project's way so its cache is per user."""
    from reviewer.segmentation.segmenter import get_segmenter

    cut = get_segmenter("jieba-plain")
    return sum(len(cut(t)) for t in texts)


def bare_jieba(texts: list[str], jobs: int) -> tuple[float, float, int]:
    """Wall and CPU seconds of plain jieba.lcut (reviewer.segmentation.segmenter's "jieba-plain") over ``texts``."""
    t0, c0 = time.perf_counter(), _cpu()
    if jobs <= 1:
        n = _jieba_chunk(texts)
    else:
        size = max(1, min(32, len(texts) // (jobs * 4) or 1))
        chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            n = sum(ex.map(_jieba_chunk, chunks))
    return time.perf_counter() - t0, _cpu() - c0, n


def help_seconds(runs: int = 7) -> tuple[float, float]:
    """Median wall and CPU seconds of ``python -m reviewer.cli --help`` as a whole process (the
    start-up cost); the CPU figure holds when other work shares the cores and the wall one does not."""
    import statistics
    import subprocess

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    wall, cpu = [], []
    for _ in range(runs + 1):  # the first run warms the file cache and is not counted
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reviewer.cli", "--help"], env=env, check=True, capture_output=True)
        wall.append(time.perf_counter() - t)
        d = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(d.ru_utime + d.ru_stime - c.ru_utime - c.ru_stime)
    return statistics.median(wall[1:]), statistics.median(cpu[1:])


def stages(files: list[Path], sample: int) -> str:
    """Sequential time per stage and per rule on a sample, plus the top functions by own time."""
    from reviewer.io import read_document
    from reviewer.rules.registry import Context
    from reviewer.rules.runner import load_rules
    from reviewer.scoring.score import score_results  # noqa: F401  (import cost outside the timings)

    files = files[:sample]
    out = []
    prof = cProfile.Profile()
    prof.enable()
    t = time.perf_counter()
    docs = [read_document(f) for f in files]
    read_s = time.perf_counter() - t
    timings: list[tuple[float, str]] = [(read_s, "read + build + sections (all docs)")]
    rules = sorted(load_rules().items())
    spent: dict[str, float] = {code: 0.0 for code, _ in rules}
    for d in docs:  # as run_document_rules does: one Context per document, shared by its rules
        dctx = Context(options={})
        for code, r in rules:
            if r.scope == "document":
                t = time.perf_counter()
                r.check(d, dctx)
                spent[code] += time.perf_counter() - t
    ctx = Context(options={})
    for code, r in rules:
        if r.scope == "batch":
            t = time.perf_counter()
            r.check(docs, ctx)
            spent[code] += time.perf_counter() - t
    for code, r in rules:  # a rule listed first in its family pays for the family's shared analysis
        timings.append((spent[code], f"{code} {r.name} ({r.scope})"))
    prof.disable()
    t = time.perf_counter()
    for d in docs:
        _jieba_chunk([d.text])
    j = time.perf_counter() - t
    total = sum(x for x, _ in timings)
    out.append(f"Sequential stages on {len(docs)} reports (1 process): total {total:.1f}s "
               f"= {total / len(docs) * 1000:.0f} ms/report; bare jieba {j:.1f}s = {j / len(docs) * 1000:.0f} ms/report\n")
    out.append("| stage | seconds | share |\n|---|---:|---:|")
    for sec, name in sorted(timings, reverse=True):
        if sec >= 0.005 * total:
            out.append(f"| {name} | {sec:.2f} | {100 * sec / total:.0f}% |")
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(15)
    text = s.getvalue().replace(str(ROOT) + "/", "")  # repository paths relative, library paths by module
    for lib in sorted({str(Path(p)) for p in sys.path if p and "python3" in p}, key=len, reverse=True):
        text = text.replace(lib + "/", "")
    lines = [x for x in text.splitlines() if x.strip()]
    start = next((i for i, x in enumerate(lines) if "ncalls" in x), 0)
    out.append("\ncProfile, top functions by own time:\n```\n" + "\n".join(x[:150] for x in lines[start : start + 16]) + "\n```")
    return "\n".join(out)


def _generate(n: int, formats: tuple[str, ...], seed: int, out: Path) -> tuple[float, float, int]:
    """Generate and write the batch (in a child process, so the generator's objects are not part of
    the review's memory); the report texts go to ``texts.json`` for the jieba baseline."""
    import json

    from reviewer.generate import DefectOptions, generate_batch, write_batch

    years = [2020, 2021, 2022, 2023, 2024]
    organs = max(1, -(-n // len(years)))
    t = time.perf_counter()
    batch = generate_batch(organs, years, seed, formats=formats, defects=DefectOptions())
    batch.reports = batch.reports[:n]
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    write_batch(batch, out)
    write_s = time.perf_counter() - t
    texts = [r.text for r in batch.reports]
    (out / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return gen_s, write_s, sum(map(len, texts))


def run(n: int, jobs: int, formats: tuple[str, ...], seed: int, keep: Path | None) -> dict:
    import json
    import multiprocessing as mp

    from reviewer.pipeline import Options, review

    tmp = Path(tempfile.mkdtemp(prefix="bench-e2e-")) if keep is None else keep
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as ex:
            gen_s, write_s, chars = ex.submit(_generate, n, formats, seed, tmp).result()
        files = sorted(p for p in tmp.iterdir() if p.suffix in (".txt", ".html"))
        load0 = os.getloadavg()[0]
        with PeakSampler() as peak:
            t0, (p0, w0) = time.perf_counter(), _cpu_split()
            results, docs = review(files, Options(jobs=jobs))
            (p1, w1) = _cpu_split()
            rev_s, rev_cpu, parent_cpu = time.perf_counter() - t0, (p1 - p0) + (w1 - w0), p1 - p0
        del docs
        errors = sum(1 for r in results if r.error)
        findings = sum(len(r.findings) for r in results)
        texts = json.loads((tmp / "texts.json").read_text(encoding="utf-8"))
        j_s, j_cpu, tokens = bare_jieba(texts, jobs)
        load1 = os.getloadavg()[0]
        help_s, help_cpu = help_seconds()
        return {
            "n": len(files), "jobs": jobs, "formats": ",".join(formats), "chars": chars, "gen_s": gen_s, "write_s": write_s,
            "review_s": rev_s, "review_cpu": rev_cpu, "parent_cpu": parent_cpu, "rps": len(files) / rev_s, "rps_cpu": len(files) / rev_cpu * jobs,
            "jieba_s": j_s, "jieba_cpu": j_cpu, "tokens": tokens, "ratio": rev_s / j_s, "ratio_cpu": rev_cpu / j_cpu,
            "peak_mb": peak.peak, "peak_rss_mb": peak.peak_rss, "peak_self_mb": peak.peak_self,
            "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "maxrss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "errors": errors, "findings": findings, "load": (load0, load1), "files": files, "help_s": help_s, "help_cpu": help_cpu,
        }
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


def render(r: dict, cmd: str, stage_text: str | None) -> str:
    ok = lambda b: "yes" if b else "**no**"  # noqa: E731
    lines = [
        f"### {r['n']:,} generated reports ({r['formats']}), {r['jobs']} workers",
        "",
        f"Command: `{cmd}`  ",
        f"Machine: {os.cpu_count()} cores; load average {r['load'][0]:.1f} before / {r['load'][1]:.1f} after the review "
        "(other work shared the cores, so CPU-time figures are given beside wall-clock ones).",
        "",
        "| measure | value | target | met |",
        "|---|---:|---:|---|",
        f"| `reviewer --help`, whole process (median of 7) | {r['help_s']:.3f} s wall, {r['help_cpu']:.3f} CPU-s | < 0.3 s | {ok(min(r['help_s'], r['help_cpu']) < 0.3)} |",
        f"| review wall time | {r['review_s']:.1f} s | | |",
        f"| CPU time per report (review, all processes) | {1000 * r['review_cpu'] / r['n']:.1f} ms | | |",
        f"| of which the parent (start-up, collecting, batch rules, scoring) / the worker processes | "
        f"{1000 * r['parent_cpu'] / r['n']:.1f} ms / {1000 * (r['review_cpu'] - r['parent_cpu']) / r['n']:.1f} ms | | |",
        f"| throughput (wall) | {r['rps']:.1f} reports/s | ≥ {TARGETS['rps']:.0f} | {ok(r['rps'] >= TARGETS['rps'])} |",
        f"| throughput from CPU time (reports per CPU-second × {r['jobs']}) | {r['rps_cpu']:.1f} reports/s | ≥ {TARGETS['rps']:.0f} | {ok(r['rps_cpu'] >= TARGETS['rps'])} |",
        f"| bare jieba.lcut, same texts, {r['jobs']} workers | {r['jieba_s']:.1f} s wall, {r['jieba_cpu']:.1f} CPU-s | | |",
        f"| review / bare jieba (wall) | {r['ratio']:.2f}× | ≤ {TARGETS['ratio']:.0f}× | {ok(r['ratio'] <= TARGETS['ratio'])} |",
        f"| review / bare jieba (CPU time) | {r['ratio_cpu']:.2f}× | ≤ {TARGETS['ratio']:.0f}× | {ok(r['ratio_cpu'] <= TARGETS['ratio'])} |",
        f"| peak memory, whole process tree (sampled PSS sum) | {r['peak_mb']:.0f} MB | ≤ {TARGETS['peak_mb']:.0f} MB | {ok(r['peak_mb'] <= TARGETS['peak_mb'])} |",
        f"| peak PSS of the parent alone (documents and results of the batch) | {r.get('peak_self_mb', 0):.0f} MB | | |",
        f"| peak RSS sum (counts pages shared with forked workers twice) | {r.get('peak_rss_mb', 0):.0f} MB | | |",
        f"| ru_maxrss self / largest child (the generator is a child too) | {r['maxrss_self_mb']:.0f} MB / {r['maxrss_child_mb']:.0f} MB | | |",
        f"| text | {r['chars'] / 1e6:.1f} M chars, {r['tokens'] / 1e6:.2f} M jieba tokens | | |",
        f"| findings / unreadable files | {r['findings']:,} / {r['errors']} | | |",
        f"| generating / writing the batch (not in review time) | {r['gen_s']:.1f} s / {r['write_s']:.1f} s | | |",
    ]
    if stage_text:
        lines += ["", stage_text]
    return "\n".join(lines) + "\n"


def update_doc(doc: Path, n: int, body: str) -> None:
    start, end = f"<!-- bench_e2e n={n} -->", f"<!-- /bench_e2e n={n} -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        if "## End-to-end" not in text:
            text = text.rstrip("\n") + "\n\n## End-to-end (benchmarks/bench_e2e.py)\n"
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="reports (default 1000)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--formats", default="txt,html")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stages", action="store_true", help="also time each stage/rule sequentially and profile")
    ap.add_argument("--stage-sample", type=int, default=200)
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    a = ap.parse_args(argv)
    cmd = "python benchmarks/bench_e2e.py " + " ".join(argv if argv is not None else sys.argv[1:])
    keep = Path(tempfile.mkdtemp(prefix="bench-e2e-keep-")) if a.stages else None
    try:
        r = run(a.n, a.jobs, tuple(a.formats.split(",")), a.seed, keep)
        stage_text = stages(r["files"], a.stage_sample) if a.stages else None
    finally:
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
    body = render(r, cmd.strip(), stage_text)
    print(body)
    if not a.no_write:
        update_doc(a.doc, a.n, body)
        print(f"written to {a.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
