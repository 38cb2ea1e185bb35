"""The review pipeline: collect files → read + document rules (parallel) → batch rules → score.

A file that cannot be read becomes a Result with ``error`` set; it never stops the batch.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.io import SUFFIXES, ReadError, read_document
from reviewer.model import Document, Finding, Result
from reviewer.rules.registry import Context, load_rules, run_document_rules


@dataclass
class Options:
    jobs: int = 0  # 0 = all cores
    manifest: dict[str, tuple[str | None, int | None]] | None = None
    archive: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    select: set[str] | None = None
    baseline: str | None = None


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[Result]]:
    """Expand folders recursively. Unsupported files named explicitly are errors; inside folders
    they are skipped (folders hold indexes, images, manifests)."""
    files: list[Path] = []
    errors: list[Result] = []
    for p in map(Path, paths):
        if p.is_dir():
            try:
                found = sorted(x for x in p.rglob("*") if (x.is_file() or x.is_symlink()) and x.suffix.lower() in SUFFIXES)
            except OSError as e:
                errors.append(Result(path=str(p), error=f"cannot list folder: {e.strerror or e}"))
                continue
            files.extend(found)
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            errors.append(Result(path=str(p), error="no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, errors


def _review_one(path: str, manifest: dict | None, options: dict[str, Any]) -> tuple[Document | None, list[Finding], str | None]:
    try:
        doc = read_document(path, manifest)
    except ReadError as e:
        return None, [], str(e)
    except Exception as e:  # pragma: no cover - defensive: a reader bug must not stop the batch
        return None, [], f"internal error while reading: {type(e).__name__}: {e}"
    try:
        findings = run_document_rules(doc, Context(options=options), options.get("select"))
    except Exception as e:  # pragma: no cover
        return doc, [], f"internal error while checking: {type(e).__name__}: {e}"
    return doc, findings, None


# Lazily built per-process state (imports, segmenter, models) that every document needs.
# (module, function); each is optional: a model that is not trained simply is not preloaded.
_WARM = (
    ("reviewer.rules.registry", "load_rules"),
    ("reviewer.segment", "tokenize"),
    ("reviewer.vagueness.model", "default_model"),
    ("reviewer.sectionclf", "load_model"),
    ("reviewer.normalise", "_char_map"),
    ("reviewer.io.html", None),
    ("reviewer.similarity.fingerprint", None),
)


def warm_up() -> None:
    """Load everything the document rules need once, before the worker pool starts: forked workers
    inherit it (copy-on-write) instead of each paying seconds of imports and model loading; under
    spawn/forkserver it runs as the pool initializer, once per worker rather than mid-batch."""
    from importlib import import_module

    for mod, fn in _WARM:
        try:
            m = import_module(mod)
            if fn == "tokenize":
                m.tokenize("预热")
            elif fn:
                getattr(m, fn)()
        except Exception:  # noqa: S112 - a missing model or optional dependency shows up later, per file
            continue


# Per-document inputs of batch rules, computed in the workers next to the document rules so the
# parent's serial batch stage is shorter: ctx.cache[key] = [function(doc) for doc in docs]; only
# when a rule of the family (code prefix) is selected.
_PREPARE = (("fingerprints", "reviewer.similarity.fingerprint", "fingerprint", "C2"),
            ("carry_rows", "reviewer.rules.cross_year", "carry_rows", "T111"))


def _review_prepare(path: str, manifest: dict | None, options: dict[str, Any]) -> tuple[Document | None, list[Finding], str | None, dict[str, Any]]:
    """``_review_one`` plus the ``_PREPARE`` inputs (pickled with the document, so they keep
    pointing at the same Document object in the parent)."""
    from importlib import import_module

    doc, findings, err = _review_one(path, manifest, options)
    prepared: dict[str, Any] = {}
    if doc is not None:
        select = options.get("select")
        for key, mod, fn, family in _PREPARE:
            if select and not any(code.startswith(family) for code in select):
                continue
            try:
                prepared[key] = getattr(import_module(mod), fn)(doc)
            except Exception:  # noqa: S112 - the batch rule computes it again and reports its own error
                continue
        doc.drop_caches()
    return doc, findings, err, prepared


def _jobs(n: int) -> int:
    return n if n and n > 0 else (os.cpu_count() or 1)


# A report allocates ~10^5 objects but leaves only ~150 in reference cycles, while the default
# thresholds (700, 10, 10) run the collector thousands of times per batch, each pass walking the
# documents kept for the batch stage: ~15% of review CPU on 1,000 reports. Cycles are still
# collected, only less often.
_GC_THRESHOLD = (50_000, 20, 20)


def _init_worker(threshold: tuple[int, int, int]) -> None:
    gc.set_threshold(*threshold)
    warm_up()


def review(
    paths: Iterable[str | Path],
    options: Options | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Result], list[Document]]:
    old = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(old, _GC_THRESHOLD, strict=True)))
    try:
        return _review(paths, options, progress)
    finally:
        gc.set_threshold(*old)


def _review(
    paths: Iterable[str | Path],
    options: Options | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Result], list[Document]]:
    options = options or Options()
    files, errors = collect(paths)
    opts = {"select": options.select, **options.config}
    jobs = min(_jobs(options.jobs), max(1, len(files)))
    outcomes: list[tuple[Document | None, list[Finding], str | None]] = []
    prepared: list[dict[str, Any]] = []
    total = len(files)
    if jobs <= 1 or total < 4:
        for i, f in enumerate(files):
            outcomes.append(_review_one(str(f), options.manifest, opts))
            prepared.append({})
            if progress:
                progress(i + 1, total)
    else:
        warm_up()
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(gc.get_threshold(),)) as ex:
            chunk = max(1, min(32, total // (jobs * 4) or 1))
            it: Iterator = ex.map(_review_prepare, map(str, files), [options.manifest] * total, [opts] * total, chunksize=chunk)
            for i, (doc, findings, err, prep) in enumerate(it):
                outcomes.append((doc, findings, err))
                prepared.append(prep)
                if progress:
                    progress(i + 1, total)
    docs: list[Document] = []
    results: list[Result] = []
    batch_inputs: dict[str, list[Any]] = {key: [] for key, *_ in _PREPARE}
    for f, (doc, findings, err), prep in zip(files, outcomes, prepared, strict=True):
        if doc is None:
            results.append(Result(path=str(f), error=err))
            continue
        for key, values in batch_inputs.items():
            values.append(prep.get(key))
        r = Result(
            path=doc.path,
            sha256=doc.sha256,
            organ=doc.organ,
            year=doc.year,
            era=doc.era,
            format=doc.format,
            sections=[{"id": s.id, "title": s.title, "start": s.start, "end": s.end} for s in doc.sections],
            findings=findings,
            error=err,
            metrics=dict(doc.meta.get("metrics", {})),  # document rules leave section metrics here
        )
        results.append(r)
        docs.append(doc)
    doc_results = [r for r in results if r.sha256 is not None]  # aligned with ``docs``
    ready = {k: v for k, v in batch_inputs.items() if v and all(x is not None for x in v)}
    _run_batch_rules(docs, doc_results, options, opts, ready)
    from reviewer.attachment import link_attachments
    from reviewer.scoring import score_results

    link_attachments(docs, doc_results, opts)  # attachments: unscored, linked to their report

    score_results(doc_results, docs, options.config)
    results.extend(errors)
    results.sort(key=lambda r: r.path)
    return results, docs


def _run_batch_rules(docs: list[Document], results: list[Result], options: Options, opts: dict[str, Any], ready: dict[str, list[Any]] | None = None) -> None:
    ctx = Context(options={**opts, "archive": options.archive})
    ctx.cache.update(ready or {})
    for r in load_rules().values():
        if r.scope != "batch" or (options.select and r.code not in options.select):
            continue
        per_doc = r.check(docs, ctx) or {}
        for i, fs in per_doc.items():
            results[i].findings.extend(fs)
    # batch analyzers may leave per-document metrics (copied shares, ...) in ctx.cache["metrics"]
    for i, m in ctx.cache.get("metrics", {}).items():
        results[i].metrics.update(m)
    for res in results:
        res.findings.sort(key=lambda f: (f.start, f.end, f.rule))
