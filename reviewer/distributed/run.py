"""The client side of a distributed review: connect, submit the stages as one task graph, keep only
the parts' counts, write ``summary.json``."""

from __future__ import annotations

import json
import math
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from reviewer.distributed import spill
from reviewer.errors import OperationalError

CONNECT_TIMEOUT_S = float(os.environ.get("REVIEWER_DASK_TIMEOUT", "10"))
SUMMARY = "summary.json"


def connect(scheduler: str, workers: int = 0, processes: bool = True) -> tuple[Any, Any]:
    """(client, local cluster or None). ``local``: a LocalCluster of ``workers`` single-threaded
    worker processes (0: one per core); otherwise the address of a running scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise OperationalError("--scheduler 需要 dask[distributed] (pip install 'reviewer[dist]'); needs dask.distributed") from None
    import logging

    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=processes,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S), None
    except (OSError, TimeoutError, ValueError, TypeError) as e:
        msg = " ".join(str(e).split())[:200]
        raise OperationalError(f"无法连接 Dask 调度器 {scheduler} (cannot reach the Dask scheduler): {msg}") from None


def prepare_output(out_dir: str | None) -> Path:
    """The output folder (checked, not yet created)."""
    if not out_dir:
        raise OperationalError("--scheduler 把结果分片写入文件夹: 请给出 --output DIR (writes partitioned results: give --output DIR)")
    path = Path(out_dir)
    if path.exists() and not path.is_dir():
        raise OperationalError(f"{out_dir}: --output 须为文件夹 (with --scheduler, --output is a folder)")
    return path


def clean_output(path: Path) -> None:
    """Create the folder; remove the parts and summary of an earlier run in it."""
    path.mkdir(parents=True, exist_ok=True)
    for old in [*path.glob("part-*.jsonl"), path / SUMMARY]:
        old.unlink(missing_ok=True)
    spill.remove(spill.scratch_dir(path))
    spill.scratch_dir(path).mkdir()


def _tree(client: Any, fn: Callable[..., Any], futures: list[Any], fan: int = 8) -> Any:
    """Reduce ``futures`` with ``fn`` (applied at least once) in a tree of ``fan``-way tasks."""
    while True:
        futures = [client.submit(fn, *futures[i : i + fan], pure=False) for i in range(0, len(futures), fan)]
        if len(futures) == 1:
            return futures[0]


PART = 500  # reports of an organ part, and of a read task at most: what a task holds at a time
MAX_PARTS = 256


def sizes(n: int, workers: int) -> tuple[int, int]:
    """(files per read task, organ parts) for a batch of ``n`` files on ``workers`` workers: read
    tasks of at most ``PART // 2`` files, parts of about ``PART`` reports (at least 2 per worker,
    at most ``MAX_PARTS``); so the number of tasks grows with the batch and their inputs do not."""
    chunk = max(1, min(PART // 2, math.ceil(n / (8 * workers))))
    parts = max(2, min(MAX_PARTS, max(math.ceil(n / PART), 2 * workers)))
    return chunk, parts


def submit_review(client: Any, files: list[Any], n: int, options: Any, env: Any, parts: int,
                  archive: tuple[str, int] | None = None) -> list[Any]:
    """Submit every stage (see the package docstring) for the ``n`` files listed by ``files`` (the
    read tasks' ``listing.Chunk``), against ``archive`` (its Parquet dataset and size: ``archived``);
    the futures of the parts' counts."""
    from reviewer.distributed import archived, bands, finish, holders, stages
    from reviewer.similarity.passages import Params

    sub = client.submit
    opts = {"select": options.select, "time_budget": options.time_budget, "memory_budget": options.memory_budget, **options.config}
    manifest = client.scatter([options.manifest])[0] if options.manifest else None
    analysis = stages.wants_analysis(options.select)
    scratch = env.scratch

    def every(futures: list[Any]) -> Any:
        return sub(spill.collect, *futures, pure=False)

    archive = archive if analysis else None
    reads = every([sub(stages.read_chunk, c, manifest, opts, parts, scratch, archive is not None, pure=False) for c in files])
    p = Params()
    stored = overlaps = None
    if archive is not None:
        ds, m = archive
        stored = every([sub(archived.read_archive, ds, a, min(archived.SLICE, m - a), n, parts, p.sample, scratch, pure=False)
                        for a in range(0, m, archived.SLICE)])
        overlaps = every([sub(archived.overlap, d, parts, scratch, reads, stored, pure=False) for d in range(parts)])
    made = [sub(stages.make_part, g, analysis, p, parts, scratch, reads, stored, overlaps, pure=False) for g in range(parts)]
    part = [sub(bands.pick, m, 0, pure=False) for m in made]
    facts = _tree(client, stages.add_facts, [sub(bands.pick, m, 1, pure=False) for m in made])
    if not analysis:
        return [sub(finish.finish, part[g], None, facts, env, [], pure=False) for g in range(parts)]
    counts = _tree(client, partial(stages.add_counts, scratch), [sub(bands.pick, m, 2, pure=False) for m in made])
    tm = sub(stages.template_model, p, counts, pure=False)
    cut = every([sub(bands.pick, m, 3, pure=False) for m in made])
    del reads, made
    queries = n if archive is not None else None
    pairs = every([sub(bands.band_task, b, p.max_df, parts, scratch, cut, queries, pure=False) for b in range(parts)])
    sel = [sub(bands.select_task, p.min_shared, p.top_k, parts, g, scratch, pairs, pure=False) for g in range(parts)]
    fetch = every(sel)
    served = every([sub(stages.serve, part[h], scratch, fetch, pure=False) for h in range(parts)])
    aligned = [sub(stages.align, part[g], tm, p, sel[g], scratch, served, queries, pure=False) for g in range(parts)]
    del cut, pairs, sel, fetch, served
    chosen = sub(archived.chosen_sources, *[sub(_sources, a, pure=False) for a in aligned], pure=False) if archive else None
    out = []
    for block in holders.holder_blocks(parts, n):
        held = every([sub(holders.find_holders, x, scratch, chosen, *[aligned[q] for q in block], pure=False) for x in part])
        out += [sub(finish.finish, part[g], aligned[g], facts, env, held, g - block.start, pure=False) for g in block]
    return out


def _sources(a: Any) -> list[tuple[int, int, int, str]]:
    return a.sources


def summarise(counts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The batch summary from the parts' counts (``finish.counts``)."""
    from reviewer.scoring.summary import BINS, _bin, bin_label

    scores: Counter = Counter()
    kinds: Counter = Counter()
    rules: Counter = Counter()
    sev: Counter = Counter()
    out: dict[str, Any] = {"reports": 0, "attachments": 0, "errors": [], "below": [], "rule_errors": {}, "parts": []}
    for c in counts:
        out["parts"].append(c["part"])
        out["reports"] += c["reports"]
        out["attachments"] += c["attachments"]
        out["errors"] += c["errors"]
        out["below"] += c["below"]
        scores.update(c["scores"])
        kinds.update(c["kinds"])
        rules.update(c["rules"])
        sev.update(c["severities"])
        for code, (n, path, err) in c["rule_errors"].items():
            e = out["rule_errors"].setdefault(code, [0, path, err])
            e[0] += n
    n = sum(scores.values())
    ordered = sorted(scores.elements()) if n <= 1_000_000 else []
    median = None
    if ordered:
        m = n // 2
        median = ordered[m] if n % 2 else (ordered[m - 1] + ordered[m]) / 2
    dist = {bin_label(b): 0 for b in BINS}
    for s, k in scores.items():
        dist[bin_label(_bin(s))] += k
    out.update({
        "scored": n, "mean": round(sum(s * k for s, k in scores.items()) / n, 2) if n else None, "median": median,
        "distribution": dist, "kinds": dict(kinds.most_common()), "rules": dict(sorted(rules.items())),
        "severities": dict(sev.most_common()),
    })
    out["errors"].sort()
    out["below"].sort()
    out["parts"].sort()
    return out


def run_distributed(paths: Iterable[str | Path], options: Any, out_dir: str, scheduler: str, *, lang: str = "zh",
                    fail_under: float | None = None, filters: tuple[str | None, str | None, str | None] = (None, None, None),
                    workers: int = 0, processes: bool = True, parts: int | None = None, chunk: int | None = None) -> dict[str, Any]:
    """Review ``paths`` on the cluster at ``scheduler`` (``local``: a LocalCluster of ``workers``);
    the results go to ``out_dir/part-*.jsonl``, the returned summary to ``out_dir/summary.json``."""
    from dataclasses import replace

    from reviewer.distributed import archived, listing, stages
    from reviewer.distributed.finish import Env
    from reviewer.pipeline import require_models

    require_models(options.select)
    out = prepare_output(out_dir)
    paths = list(paths)
    client, cluster = connect(scheduler, workers, processes)
    started = time.perf_counter()
    try:
        clean_output(out)
        scratch = spill.scratch_dir(out.resolve())
        # the file list goes to the scratch folder: the client keeps a descriptor per read task
        listed, n, errors = listing.write_list(paths, scratch)
        if not n and not errors:
            raise OperationalError("no report files (.txt .md .html .htm .shtml .docx .pdf) under " + ", ".join(map(str, paths)))
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        archive = archived.dataset(options.archive, scratch) if options.archive and stages.wants_analysis(options.select) else None
        c, g = sizes(n + (archive[1] if archive else 0), n_workers)
        env = Env(replace(options, manifest=None, archive=None), {}, str(out.resolve()), lang, fail_under, filters, errors)
        env.scratch = str(scratch)
        env.opts = {"select": options.select, "time_budget": options.time_budget, "memory_budget": options.memory_budget, **options.config}
        futures = submit_review(client, listing.chunks(listed, chunk or c), n, options, env, parts or g, archive)
        summary = summarise(client.gather(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        spill.remove(spill.scratch_dir(out))
    summary.update({"scheduler": scheduler, "workers": n_workers, "seconds": round(time.perf_counter() - started, 2)})
    tmp = out / ("." + SUMMARY + ".tmp")
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out / SUMMARY)
    return summary
