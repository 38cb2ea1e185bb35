"""Kill `reviewer score -o` (jsonl, html, xlsx) and `reviewer archive add` at random points, many
times, and check that no partial output and no corrupt database is ever left, and that a rerun
loses nothing.

    python benchmarks/kill_loop.py --runs 50

After each SIGKILL: a jsonl output is absent or complete (every line parses, one per report); an
HTML site is absent or every page its index links exists; an xlsx opens; the archive passes
``PRAGMA integrity_check`` and, after a rerun of ``archive add``, holds every report. Temporary
siblings of the output left by the kill are counted (the next run removes them).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "reviewer.cli", *args]


def _check(kind: str, out: Path, n: int) -> str | None:
    if kind == "jsonl":
        if not out.exists():
            return None
        lines = out.read_text(encoding="utf-8").splitlines()
        [json.loads(x) for x in lines]
        return None if len(lines) == n else f"jsonl has {len(lines)} of {n} lines"
    if kind == "html":
        index = out / "index.html"
        if not out.exists():
            return None
        if not index.exists():
            return "site folder without index.html"
        links = set(re.findall(r'href="(reports/[^"#]+)"', index.read_text(encoding="utf-8")))
        missing = [x for x in links if not (out / x).exists()]
        return f"{len(missing)} linked pages missing" if missing else None
    if kind == "xlsx":
        if not out.exists():
            return None
        import openpyxl

        openpyxl.load_workbook(out).close()
        return None
    with sqlite3.connect(out) as con:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    return None if ok == "ok" else f"integrity_check: {ok}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--reports", type=int, default=40)
    ap.add_argument("--seed", type=int, default=3)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        batch = t / "batch"
        subprocess.run(_cmd("generate", str(batch), "--organs", str(a.reports // 2), "--years", "2022,2023", "--seed", str(a.seed)),
                       check=True, cwd=ROOT, capture_output=True)
        n = len(list(batch.glob("*.txt")))
        # how long a full run takes, to spread the kills over it
        t0 = time.perf_counter()
        subprocess.run(_cmd("score", str(batch), "--format", "jsonl", "-o", str(t / "full.jsonl"), "-j", "2"), cwd=ROOT, capture_output=True)
        full = time.perf_counter() - t0
        problems, killed, leftovers = [], 0, 0
        for i in range(a.runs):
            kind = ("jsonl", "html", "xlsx", "archive")[i % 4]
            out = t / "out" / {"jsonl": "r.jsonl", "html": "site", "xlsx": "r.xlsx", "archive": "a.sqlite"}[kind]
            out.parent.mkdir(exist_ok=True)
            args = (("archive", "add", str(batch), "--archive", str(out)) if kind == "archive"
                    else ("score", str(batch), "--format", kind, "-o", str(out), "-j", "2"))
            proc = subprocess.Popen(_cmd(*args), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(rng.uniform(0.2, full * 1.1))
            if proc.poll() is None:
                import os

                os.killpg(proc.pid, signal.SIGKILL)
                killed += 1
            proc.wait()
            leftovers += len([q for q in out.parent.glob(f".{out.name}.*")])
            try:
                err = _check(kind, out, n)
            except Exception as e:  # noqa: BLE001 - any failure to read the output is a finding
                err = f"{type(e).__name__}: {e}"
            if err:
                problems.append(f"run {i} ({kind}): {err}")
            if kind == "archive":  # a rerun completes the archive
                subprocess.run(_cmd(*args), cwd=ROOT, capture_output=True)
                with sqlite3.connect(out) as con:
                    stored = con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
                if stored != n:
                    problems.append(f"run {i} (archive rerun): {stored} of {n} reports stored")
        print(f"{a.runs} runs ({killed} killed mid-run; full run {full:.1f} s, {n} reports): "
              f"{len(problems)} problems; {leftovers} temporary siblings seen after kills (removed by the next run)")
        for p in problems:
            print("  " + p)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
