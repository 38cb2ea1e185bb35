"""Parse throughput, peak memory and segmentation speed.

    python benchmarks/bench_parse.py                 # ~30-60 s on 2 cores
    python benchmarks/bench_parse.py --copies 40 --jobs 2 --real   # also the real reports in ../shared

Each measurement runs in a fresh subprocess so its peak RSS (parent + pool workers, from
getrusage) belongs to that measurement alone. Inputs are the bundled examples copied N times
(identical bytes are still parsed N times: there is no cache), optionally plus ../shared reports.
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
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLES = ROOT / "examples"
REAL = ROOT.parent / "shared" / "reports" / "real"


def _parse(path: str) -> int:
    from reviewer.io import ReadError, read_document

    try:
        return len(read_document(path).text)
    except ReadError:
        return -1


def _worker(kind: str, folder: str, jobs: int) -> None:
    files = sorted(str(p) for p in Path(folder).iterdir())
    size = sum(os.path.getsize(f) for f in files)
    t0 = time.perf_counter()
    if kind == "score":
        from reviewer.pipeline import Options, review

        results, _ = review(files, Options(jobs=jobs))
        failed = sum(1 for r in results if r.error)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            failed = sum(1 for n in ex.map(_parse, files, chunksize=4) if n < 0)
    dt = time.perf_counter() - t0
    cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for f in ("ru_utime", "ru_stime"))
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"files": len(files), "bytes": size, "seconds": dt, "cpu": cpu, "failed": failed, "peak_mb": peak_kb / 1024}))


def _prepare(tmp: Path, name: str, sources: list[Path], copies: int) -> Path:
    d = tmp / name
    d.mkdir()
    for i in range(copies):
        for s in sources:
            shutil.copy(s, d / f"{s.stem}_{i:03d}{s.suffix}")
    return d


def _run(kind: str, folder: Path, jobs: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(folder), "--jobs", str(jobs)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _segment_speed(seconds: float) -> list[tuple[str, float, float]]:
    import jieba

    from reviewer.segmentation.evaluate import speed_text
    from reviewer.segmentation.segmenter import _cache_dir, get_segmenter

    # plain jieba.lcut, as users call it — but with its cache out of the shared /tmp
    jieba.dt.tmp_dir = _cache_dir()
    jieba.dt.cache_file = os.path.join(jieba.dt.tmp_dir, "jieba.cache")
    text = speed_text()
    rows = []
    for name, cut in (
        ("jieba.lcut (plain)", jieba.lcut),
        ("jieba + domain dict", get_segmenter("jieba")),
        ("pkuseg domain model", get_segmenter("pkuseg")),
    ):
        cut(text[:100])
        n_tok = n_char = 0
        t0 = time.perf_counter()
        while (dt := time.perf_counter() - t0) < seconds:
            n_tok += len(cut(text))
            n_char += len(text)
        rows.append((name, n_char / dt, n_tok / dt))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=25, help="copies of each example per set")
    ap.add_argument("--pdf-copies", type=int, default=6)
    ap.add_argument("--score-copies", type=int, default=5, help="copies per example for the full-pipeline row")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--real", action="store_true", help="add ../shared/reports/real (txt+raw) to the sets")
    ap.add_argument("--seconds", type=float, default=1.0, help="timing per segmenter")
    ap.add_argument("--worker", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        _worker(a.worker[0], a.worker[1], a.jobs)
        return
    stem = "qinghe_jiaotong_2024"
    text_sources = [EXAMPLES / f"{stem}.txt", EXAMPLES / f"{stem}.html", EXAMPLES / f"{stem}_gbk.html"]
    pdf_sources = [EXAMPLES / f"{stem}.pdf"]
    if a.real and REAL.is_dir():
        text_sources += sorted(REAL.glob("*.txt")) + sorted((REAL / "raw").glob("*.html"))
        pdf_sources += sorted((REAL / "raw").glob("*.pdf"))
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        t = Path(tmp)
        txt = _prepare(t, "txt_html", text_sources, a.copies)
        pdf = _prepare(t, "pdf", pdf_sources, a.pdf_copies)
        score = _prepare(t, "score", text_sources, a.score_copies)
        rows = [
            ("parse txt/html", _run("parse", txt, a.jobs)),
            ("parse pdf", _run("parse", pdf, a.jobs)),
            ("score txt/html (full pipeline)", _run("score", score, a.jobs)),
        ]
    print(f"jobs={a.jobs} cores={os.cpu_count()}")
    print("reports/s and MB/s are wall-clock with --jobs workers; cpu ms/report includes process start-up")
    print(f"{'set':32} {'files':>6} {'MB':>7} {'s':>7} {'reports/s':>10} {'MB/s':>7} {'cpu ms/rep':>10} {'peak MB':>8} {'failed':>6}")
    for name, r in rows:
        mb = r["bytes"] / 1e6
        print(
            f"{name:32} {r['files']:6d} {mb:7.2f} {r['seconds']:7.2f} {r['files'] / r['seconds']:10.1f} "
            f"{mb / r['seconds']:7.2f} {1000 * r['cpu'] / r['files']:10.1f} {r['peak_mb']:8.0f} {r['failed']:6d}"
        )
    print()
    print(f"{'segmenter':24} {'chars/s':>10} {'tokens/s':>10}")
    for name, cps, tps in _segment_speed(a.seconds):
        print(f"{name:24} {cps:10.0f} {tps:10.0f}")


if __name__ == "__main__":
    main()
