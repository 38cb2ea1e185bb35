"""Peak memory and wall time of `reviewer score` on each hostile input (tests/hostile.py), next to
one good report: every attack must be refused or bounded within the per-file budget.

    python benchmarks/bench_hostile.py

Prints one row per attack: outcome (exit code, the error line), wall seconds and the peak RSS summed
over the process tree (sampled every 20 ms from /proc).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def run(attack: str, jobs: int) -> tuple[int, str, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        shutil.copy(ROOT / "examples" / "qinghe_jiaotong_2024.txt", folder / "good_2024.txt")
        hostile.build(attack, folder)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "score", str(folder), "--format", "jsonl", "-j", str(jobs)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        err = (proc.stderr.read().decode() if proc.stderr else "").strip().splitlines()
        return proc.returncode, (err[-1] if err else ""), wall, peak


def main() -> None:
    print(f"{'attack':18} {'exit':>4} {'wall s':>7} {'peak MB':>8}  error line")
    for attack in sorted(hostile.ATTACKS):
        for jobs in (1, 2):
            code, line, wall, peak = run(attack, jobs)
            name = Path(line.split(": error: ")[0]).name if ": error: " in line else ""
            reason = line.split(": error: ", 1)[-1][:70]
            print(f"{attack + f' -j{jobs}':18} {code:>4} {wall:>7.2f} {peak / 1e6:>8.0f}  {name}: {reason}")


if __name__ == "__main__":
    main()
