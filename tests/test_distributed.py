"""``reviewer score --scheduler``: the distributed review gives the embedded review's results.

One small in-process LocalCluster (2 workers) serves every test; the batches are cut into several
organ parts and read chunks so every shuffle crosses parts."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, REAL

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as c:
        yield c


def _embedded(paths: list[str]) -> dict[str, dict]:
    from reviewer.messages import localise
    from reviewer.pipeline import Options, review

    results, _ = review(paths, Options(jobs=2))
    results = localise(results)  # as the jsonl writer renders them (errors in the output language)
    return {r.path: json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in results}


def _distributed(paths: list[str], out: Path, address: str, **kw) -> tuple[dict[str, dict], dict]:
    from reviewer.distributed import run_distributed
    from reviewer.pipeline import Options

    summary = run_distributed(paths, Options(), str(out), address, **{"parts": 3, "chunk": 4, **kw})
    got: dict[str, dict] = {}
    for f in sorted(out.glob("part-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            assert d["path"] not in got, "a report written by two parts"
            got[d["path"]] = d
    return got, summary


def _generated(tmp: Path) -> str:
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions

    batch = generate_batch(9, [2021, 2022, 2023], 11, ("txt", "html"), DefectOptions(other_copy=0.5, county=0.3))
    write_batch(batch, tmp / "generated")
    return str(tmp / "generated")


def test_examples_and_generated_batch_identical(tmp_path: Path, cluster) -> None:
    paths = [_generated(tmp_path), str(shutil.copytree(EXAMPLES, tmp_path / "examples")), str(tmp_path / "no-such-file.txt")]
    want = _embedded(paths)
    got, summary = _distributed(paths, tmp_path / "out", cluster.scheduler_address)
    assert set(got) == set(want)
    differ = sorted(p for p in want if want[p] != got[p])
    assert not differ, differ[:3]
    # the batch exercises the cross-part stages: copies between organs, groups, own-past copies
    rules = {f["rule"] for d in want.values() for f in d["findings"]}
    assert {"C201", "C202", "C203"} <= rules
    assert any("group" in f["evidence"] for d in want.values() for f in d["findings"] if f["rule"] == "C202")
    scored = [d["score"] for d in want.values() if d["score"] is not None]
    assert summary["reports"] == len(want) and summary["scored"] == len(scored)
    assert summary["mean"] == round(sum(scored) / len(scored), 2)
    assert summary["errors"] == [(str(tmp_path / "no-such-file.txt"), "no such file or folder")]
    assert len(summary["parts"]) == 3


def test_selected_rules_identical(tmp_path: Path, cluster) -> None:
    """Without the copy rules the analysis stages are left out; the rest is unchanged."""
    from reviewer.distributed import run_distributed
    from reviewer.pipeline import Options, review

    paths = [str(shutil.copytree(EXAMPLES, tmp_path / "examples"))]
    select = {"T111", "T112", "C207", "S001"}
    results, _ = review(paths, Options(jobs=1, select=select))
    run_distributed(paths, Options(select=select), str(tmp_path / "out"), cluster.scheduler_address, parts=2, chunk=3)
    got = {json.loads(line)["path"]: json.loads(line) for f in (tmp_path / "out").glob("part-*.jsonl")
           for line in f.read_text(encoding="utf-8").splitlines()}
    assert got == {r.path: json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in results}


def test_real_reports_identical(tmp_path: Path, cluster) -> None:
    """The real reports of ../shared (skips when absent): only the number of differing reports is shown."""
    if not REAL.is_dir():
        pytest.skip("../shared/reports/real not present")
    paths = [str(shutil.copytree(REAL, tmp_path / "real"))]
    want = _embedded(paths)
    got, _ = _distributed(paths, tmp_path / "out", cluster.scheduler_address)
    differ = sum(want[p] != got.get(p) for p in want)
    assert differ == 0 and len(got) == len(want), f"{differ} of {len(want)} real reports differ"


def test_candidates_in_the_embedded_order() -> None:
    """The band shuffle keeps the candidates ``index.candidates`` keeps, ties included."""
    from reviewer.distributed.bands import band_pairs, cut_bands, pick, select
    from reviewer.similarity.index import candidates

    rng = np.random.default_rng(3)
    n = 120
    rows = [rng.integers(0, 400, rng.integers(5, 60)).astype(np.int32) for _ in range(n)]  # repeats and ties
    keys = [f"organ{rng.integers(0, 40)}" for _ in range(n)]
    years = [int(y) if y else None for y in rng.choice([0, 2021, 2022, 2023], n)]
    want = candidates(rows, keys, years, min_shared=3, max_df=12, top_k=4)
    parts, owner = 3, rng.integers(0, 3, n)
    cut = [cut_bands([rows[i] for i in range(n) if owner[i] == g], [i for i in range(n) if owner[i] == g],
                     [years[i] for i in range(n) if owner[i] == g], [keys[i] for i in range(n) if owner[i] == g], g, parts)
           for g in range(parts)]
    bands = [band_pairs(12, parts, *[pick(c, b) for c in cut]) for b in range(parts)]
    got: dict[int, list[tuple[int, int]]] = {}
    for g in range(parts):
        cands, fetch = select(3, 4, parts, g, *[pick(b, g) for b in bands])
        got.update(cands)
        assert all(owner[j] == h for h in range(parts) for j in fetch[h]) and not fetch[g]
    assert [got.get(i, []) for i in range(n)] == want
    assert sum(len(c) for c in want) > n  # enough candidates that ties and the top_k cut matter


def test_unreachable_scheduler_is_one_line_exit_2(monkeypatch, tmp_path: Path) -> None:
    from reviewer.cli import main
    from reviewer.distributed import run

    monkeypatch.setattr(run, "CONNECT_TIMEOUT_S", 1.0)
    res = CliRunner().invoke(main, ["score", str(EXAMPLES), "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "o")])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "无法连接 Dask 调度器 tcp://127.0.0.1:9" in lines[0]


@pytest.mark.parametrize("extra", [["--baseline", "b.jsonl"], ["--format", "csv"], []])
def test_refused_options(tmp_path: Path, extra: list[str]) -> None:
    from reviewer.cli import main

    out = [] if not extra else ["-o", str(tmp_path / "o")]
    res = CliRunner().invoke(main, ["score", str(EXAMPLES), "--scheduler", "local", *out, *extra])
    assert res.exit_code == 2
    assert ("--output" if not extra else extra[0]) in res.output


def test_cli_writes_parts_and_summary(tmp_path: Path, cluster) -> None:
    from reviewer.app import exit_code
    from reviewer.cli import main
    from reviewer.pipeline import Options, review

    results, _ = review([str(EXAMPLES)], Options(jobs=1))
    res = CliRunner().invoke(main, ["score", str(EXAMPLES), "--scheduler", cluster.scheduler_address, "-o", str(tmp_path / "o"),
                                    "--fail-under", "95"])
    assert res.exit_code == exit_code(results, 95.0)
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == len(results)
    below = sorted((r.path, r.score) for r in results if r.score is not None and r.score < 95)
    assert [tuple(x) for x in summary["below"]] == below
    assert sum(1 for f in (tmp_path / "o").glob("part-*.jsonl") for _ in f.read_text(encoding="utf-8").splitlines()) == len(results)
    assert not (tmp_path / "o" / ".reviewer-scratch").exists()  # the parts' scratch files are removed


def test_time_budget_on_the_workers(monkeypatch, tmp_path: Path, cluster) -> None:
    """A file over its time budget fails with the embedded review's one-line reason (the worker
    runs it in a task thread, not under the main thread's timer); the other files are reviewed."""
    from reviewer import pipeline

    files = sorted(str(f) for f in EXAMPLES.glob("*.txt"))
    read = pipeline.read_document

    def stall(path, manifest=None):
        until = time.monotonic() + 30  # without the budget the file is reviewed after this
        while path == files[0] and time.monotonic() < until:
            pass
        return read(path, manifest)

    monkeypatch.setattr(pipeline, "read_document", stall)
    from reviewer.distributed import run_distributed
    from reviewer.pipeline import Options

    summary = run_distributed(files, Options(time_budget=0.5), str(tmp_path / "out"), cluster.scheduler_address, parts=2, chunk=2)
    assert summary["errors"] == [(files[0], "time budget exceeded (0.5 s per file)")]
    assert summary["scored"] == len(files) - 1


def test_holders_as_counted_one_by_one() -> None:
    """The prefix-filtered holder search (``groups.holders``: the embedded review's and the holder
    stage's) finds the reports holding ``SHARE`` of a passage's n-grams, counted one by one."""
    from reviewer.similarity.groups import SHARE, holders

    rng = np.random.default_rng(7)
    common = np.arange(30, dtype=np.uint32)  # phrases nearly every report and many passages share
    texts = [rng.integers(0, 3000, 400).astype(np.uint32) for _ in range(12)]
    pool = []
    for _ in range(150):
        t = texts[rng.integers(0, len(texts))]
        keep = rng.random(len(t)) < rng.choice([0.3, 0.55, 0.6, 0.62, 0.9])
        pool.append(np.unique(np.concatenate([t[keep], common[rng.random(30) < 0.9], rng.integers(0, 5000, 50).astype(np.uint32)])))
    pool += [np.zeros(0, np.uint32), (np.arange(40, dtype=np.uint32) << 24) + 7]  # empty; n-grams sharing low bits
    wanted = []
    for _ in range(60):
        t = texts[rng.integers(0, len(texts))]
        a = int(rng.integers(0, 300))
        wanted.append(np.unique(np.concatenate([t[a : a + int(rng.integers(1, 90))], common[: int(rng.integers(0, 12))]])))
    wanted += [np.unique(rng.integers(5000, 9000, 40).astype(np.uint32)) for _ in range(8)] + [np.zeros(0, np.uint32)]
    wanted.append((np.arange(0, 40, 2, dtype=np.uint32) << 24) + 7)
    want = [[k for k, h in enumerate(pool) if len(w) and len(np.intersect1d(w, h)) >= SHARE * len(w)] for w in wanted]
    assert holders(wanted, pool) == want
    assert sum(0 < len(fs) < len(pool) for fs in want) > 30 and sum(not fs for fs in want) > 5  # some held, some not
    assert want[-1] == [len(pool) - 1]


def test_large_groups_bounded_identical(monkeypatch, tmp_path: Path, cluster) -> None:
    """Groups larger than the evidence lists (``groups.GROUP_LIST``, made small here) are described
    part by part on the cluster as the embedded review describes them whole."""
    from reviewer.similarity import groups

    monkeypatch.setattr(groups, "GROUP_LIST", 2)
    paths = [_generated(tmp_path)]
    want = _embedded(paths)
    got, _ = _distributed(paths, tmp_path / "out", cluster.scheduler_address)
    assert got == want
    bounded = [f["evidence"]["group"] for d in want.values() for f in d["findings"] if f["rule"] == "C202" and "group" in f["evidence"]]
    assert any(g.get("reports_total", 0) > 2 == len(g["reports"]) for g in bounded)
