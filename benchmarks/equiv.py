"""Output-equivalence check for behaviour-preserving changes (speed work, reshaping).

Reviews a fixed set — a seeded generated batch, the bundled examples and, when ``../shared`` is
present, the real and crawled reports — and writes every result (findings with spans, score,
subscores, deductions, metrics) as canonical JSON lines. ``--save`` stores the baseline, a plain run
compares against it and prints each report whose output differs, field by field.

    python benchmarks/equiv.py --save            # before the change
    python benchmarks/equiv.py                   # after: "0 differ" or the differences; exit 1 on any
    python benchmarks/equiv.py --ignore-messages # the same, with the findings' message text left out

The baseline lives outside the repository by default (``$REVIEWER_EQUIV_DIR`` or
``~/.cache/reviewer/equiv``): it is a property of one commit, not of the project.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reports"


def _inputs(work: Path, n: int, seed: int) -> list[str]:
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions

    gen = work / "generated"
    batch = generate_batch(max(1, n // 4), [2018, 2020, 2022, 2023], seed, ("txt", "html"), DefectOptions())
    write_batch(batch, gen)
    # every input is copied under one temporary root, so the order of paths inside the output (sorted
    # absolute paths) does not depend on where the checkout or ../shared lie
    import shutil

    paths = [str(gen), str(shutil.copytree(ROOT / "examples", work / "examples"))]
    for coll in ("real", "hebei"):
        d = SHARED / coll
        if d.is_dir():
            paths.append(str(shutil.copytree(d, work / coll)))
    return paths


def _canonical(value: Any, roots: list[str]) -> Any:
    """The result with every absolute input path made relative to its input root (the generated
    batch lives in a fresh temporary folder on each run)."""
    if isinstance(value, dict):
        return {k: _canonical(v, roots) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v, roots) for v in value]
    if isinstance(value, str):
        for r in roots:
            if value.startswith(r):
                return Path(r).name + value[len(r):]
    return value


def run(n: int, seed: int) -> dict[str, str]:
    from reviewer.pipeline import Options, review

    with tempfile.TemporaryDirectory() as tmp:
        paths = _inputs(Path(tmp), n, seed)
        results, _docs = review(paths, Options(jobs=2))
        roots = sorted(paths, key=len, reverse=True)
        out = {}
        for r in results:
            d = _canonical(r.to_dict(), roots)
            out[d["path"]] = json.dumps(d, ensure_ascii=False, sort_keys=True)
        return out


MESSAGE_FIELDS = ("message", "message_id", "params", "reason", "quantity")
# the machine-readable part of an evidence cue: id and span, model term and weight, probability
_CUE_KEYS = (re.compile(r"\[\w+@\d+-\d+\]$"), re.compile(r"^.*[（(]\D*([+-]\d+\.\d+)[）)]$", re.S),
             re.compile(r"^\D*(\d\.\d+)\D*$"))


def _cue_key(cue: Any) -> Any:
    if not isinstance(cue, str):
        return cue
    m = _CUE_KEYS[0].search(cue)
    if m:
        return m.group(0)
    m = _CUE_KEYS[1].match(cue)
    if m:
        return cue[: cue.rfind("（" if "（" in cue[-20:] else "(")].rstrip() + "|" + m.group(1)
    m = _CUE_KEYS[2].match(cue)
    return "p=" + m.group(1) if m else cue


def _cue_ids(cues: list[Any]) -> list[Any]:
    """Evidence cues reduced to what is not wording: a cue's id and span, a model term and its
    weight, an uncertain verdict's probability."""
    return [_cue_key(c) for c in cues]


def _without_messages(value: Any) -> Any:
    """The result with every message text, message id and parameters, the reasons of criteria,
    deductions and tables, T108's quantity name and the cue labels removed: what a change of
    wording (reviewer.messages) may change and nothing else may."""
    if isinstance(value, dict):
        return {k: _cue_ids(v) if k == "cues" and isinstance(v, list) else _without_messages(v)
                for k, v in value.items() if k not in MESSAGE_FIELDS}
    if isinstance(value, list):
        return [_without_messages(v) for v in value]
    return value


def _diff(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--save", action="store_true", help="store the baseline instead of comparing")
    ap.add_argument("--n", type=int, default=120, help="generated reports (default 120)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ignore-messages", action="store_true", help="compare without message text, message_id, params, reasons and cue labels")
    ap.add_argument("--dir", type=Path, default=Path(os.environ.get("REVIEWER_EQUIV_DIR", Path.home() / ".cache/reviewer/equiv")))
    a = ap.parse_args()
    current = run(a.n, a.seed)
    base_file = a.dir / "baseline.jsonl"
    if a.save:
        a.dir.mkdir(parents=True, exist_ok=True)
        tmp = base_file.with_suffix(".tmp")
        tmp.write_text("".join(current[k] + "\n" for k in sorted(current)), encoding="utf-8")
        tmp.replace(base_file)
        print(f"saved {len(current)} results to {base_file}")
        return 0
    if not base_file.exists():
        print(f"no baseline at {base_file}: run with --save on the commit before the change", file=sys.stderr)
        return 2
    baseline = {json.loads(line)["path"]: line.rstrip("\n") for line in base_file.read_text(encoding="utf-8").splitlines()}
    differ = 0
    for key in sorted(set(baseline) | set(current)):
        if key not in current or key not in baseline:
            print(f"{key}: only in {'baseline' if key in baseline else 'current run'}")
            differ += 1
        elif baseline[key] != current[key]:
            old, new = json.loads(baseline[key]), json.loads(current[key])
            if a.ignore_messages:
                old, new = _without_messages(old), _without_messages(new)
                if old == new:
                    continue
            print(f"{key}: differs in {', '.join(_diff(old, new))}")
            differ += 1
    print(f"{len(current)} results, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
