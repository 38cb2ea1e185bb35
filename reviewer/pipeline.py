"""The review pipeline: collect files → read + document rules (parallel) → batch rules → score.

A file that cannot be read becomes a Result with ``error`` set; it never stops the batch. A rule
that crashes (on one document, or a batch rule on the batch) is reported on stderr with its code
and recorded in ``Result.metrics["rule_errors"][code]``; the other rules still run. A missing
model file (``reviewer.errors.ModelMissing``) stops the review before any file is read.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.budget import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, BudgetExceeded, file_budget
from reviewer.chrome import findings_off_chrome
from reviewer.errors import ModelMissing
from reviewer.io import SUFFIXES, ReadError, not_a_report, read_document
from reviewer.messages import render
from reviewer.model import Document, Finding, Result
from reviewer.rules.analysis import Analysis
from reviewer.rules.registry import Context, rule_error
from reviewer.rules.runner import load_rules, run_document_rules


@dataclass
class Options:
    jobs: int = 0  # 0 = all cores
    manifest: dict[str, tuple[str | None, int | None]] | None = None
    archive: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    select: set[str] | None = None
    baseline: str | None = None
    time_budget: float = DEFAULT_SECONDS  # per file, seconds (0: none)
    memory_budget: float = DEFAULT_MEMORY_MB  # per file, MB above what the worker already uses (0: none)


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[Result]]:
    """Expand folders recursively. Unsupported files named explicitly are errors; inside folders
    they are skipped (folders hold indexes, images, manifests)."""
    errors: list[Result] = []
    return [Path(f) for f in iter_files(paths, errors)], errors


def iter_files(paths: Iterable[str | Path], errors: list[Result]) -> Iterator[str]:
    """The files of ``paths``, one at a time: folders recursively (unsupported files inside skipped), each file once; what it
    reports as errors is appended to ``errors``. Files are told apart by a digest of their path
    (only when several paths are given, which may hold a file twice)."""
    paths = list(paths)
    seen: set[bytes] | None = set() if len(paths) > 1 else None

    def new(f: Path) -> bool:
        if seen is None:
            return True
        d = hashlib.blake2b(os.fsencode(str(f)), digest_size=16).digest()
        return not (d in seen or seen.add(d))

    for p in map(Path, paths):
        if p.is_dir():
            def unreadable(e: OSError, top: Path = p) -> None:
                errors.append(Result(path=str(e.filename or top), error=f"cannot list folder: {e.strerror or e}"))

            yield from (str(f) for f in _walk_sorted(str(p), SUFFIXES, unreadable) if new(f))
        elif p.exists() or p.is_symlink():
            if new(p):
                yield str(p)
        else:
            errors.append(Result(path=str(p), error="no such file or folder"))


def _walk_sorted(top: str, suffixes: Iterable[str], onerror: Callable[[OSError], None]) -> Iterator[Path]:
    """The files of ``top`` that ``os.walk`` (links to folders not followed) lists with a suffix of
    ``suffixes``, in ``sorted(Path)`` order: each folder's entries by name, a sub-folder's files
    where its name falls, so only the folders on the way down are held, not the tree."""
    entries: list[tuple[str, bool | None]] = []  # (name, walk into) of a folder, (name, None) of a file
    try:
        with os.scandir(top) as it:
            for e in it:
                try:
                    folder = e.is_dir()
                except OSError:
                    folder = False
                if folder:
                    try:
                        link = e.is_symlink()
                    except OSError:
                        link = False
                    entries.append((e.name, not link))
                elif Path(e.name).suffix.lower() in suffixes:
                    entries.append((e.name, None))
    except OSError as e:
        onerror(e)
        return
    entries.sort()
    for name, walk in entries:
        if walk:
            yield from _walk_sorted(os.path.join(top, name), suffixes, onerror)
        elif walk is None:
            yield Path(top, name)


def _review_one(path: str, manifest: dict | None, options: dict[str, Any]) -> tuple[Document | None, list[Finding], str | None]:
    """Read and check one file within its time and memory budget (reviewer.budget)."""
    return _review_analysed(path, manifest, options)[:3]


def _review_analysed(path: str, manifest: dict | None, options: dict[str, Any]) -> tuple[Document | None, list[Finding], str | None, Analysis | None]:
    """``_review_one`` and the document's ``Analysis`` the rules shared (None when unread)."""
    try:
        with file_budget(options.get("time_budget", DEFAULT_SECONDS), options.get("memory_budget", DEFAULT_MEMORY_MB)):
            return _review_unbounded(path, manifest, options)
    except BudgetExceeded as e:
        return None, [], str(e), None


def _review_unbounded(path: str, manifest: dict | None, options: dict[str, Any]) -> tuple[Document | None, list[Finding], str | None, Analysis | None]:
    try:
        doc = read_document(path, manifest)
        reason = not_a_report(doc)
        if reason:
            return None, [], reason, None
    except ReadError as e:
        return None, [], str(e), None
    except (BudgetExceeded, MemoryError, ModelMissing):
        raise
    except Exception as e:  # pragma: no cover - defensive: a reader bug must not stop the batch
        return None, [], f"internal error while reading: {type(e).__name__}: {e}", None
    an = Analysis(doc)
    try:
        findings = run_document_rules(doc, Context(options=options, analysis=an), options.get("select"))
    except (BudgetExceeded, MemoryError, ModelMissing):
        raise
    except Exception as e:  # pragma: no cover
        return doc, [], f"internal error while checking: {type(e).__name__}: {e}", an
    if an.metrics:  # what the rules measured travels with the document into its Result
        doc.meta.setdefault("metrics", {}).update(an.metrics)
    return doc, cap_findings(findings, options.get("max_findings_per_rule", MAX_FINDINGS_PER_RULE)), None, an


MAX_FINDINGS_PER_RULE = 200


def cap_findings(findings: list[Finding], cap: int) -> list[Finding]:
    """At most ``cap`` findings of one rule per report; the rest become one info finding at the
    first one left out, saying how many more there were (a 40 MB text must not yield 600,000)."""
    if cap <= 0 or len(findings) <= cap:
        return findings
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    out: list[Finding] = []
    for rule_code, fs in by_rule.items():
        out.extend(fs[:cap])
        if len(fs) > cap:
            first = fs[cap]
            n = len(fs) - cap
            out.append(Finding(rule_code, first.kind, "info", first.section, first.start, first.start, first.line, "",
                               render("*", "omitted", {"n": n}), {"omitted": n}, "omitted", {"n": n}))
    return out


# Lazily built per-process state (imports, segmenter, models) that every document needs.
# (module, function); each is optional: a model that is not trained simply is not preloaded.
_WARM = (
    ("reviewer.rules.runner", "load_rules"),
    ("reviewer.segmentation.segmenter", "tokenize"),
    ("reviewer.vagueness.model", "default_model"),
    ("reviewer.vagueness.signals", "load_tagger"),
    ("reviewer.structure.classifier", "load_model"),
    ("reviewer.normalise", "_char_map"),
    ("reviewer.io.html", None),
    ("reviewer.similarity.fingerprint", None),
)


def warm_up() -> None:
    """Load everything the document rules need once, before the worker pool starts: forked workers
    inherit it (copy-on-write) instead of each paying seconds of imports and model loading; under
    spawn/forkserver it runs as the pool initializer, once per worker rather than mid-batch."""
    global _WARMED
    from importlib import import_module

    for mod, fn in _WARM:
        try:
            m = import_module(mod)
            if fn == "tokenize":
                m.tokenize("预热")
            elif fn:
                getattr(m, fn)()
        except Exception:  # noqa: S112 - a missing model stops the review in require_models; a missing
            # optional dependency shows up per file
            continue
    if not _WARMED:
        _WARMED = True
        try:
            _warm_document()
        except Exception:  # noqa: S110 - warming is an optimisation; the review reports real faults per file
            pass


_WARMED = False  # inherited by forked workers: the parent's warm-up document serves them all
# A fictional report (spec §2 outline, a table, section 五): reviewing it once builds what the first
# real document would otherwise build in each worker (late imports, compiled patterns, the prescribed
# wording's pattern, place names), about 0.2 CPU-s per process.
_WARM_LINES = (
    "云溪市青禾县政务服务局2023年政府信息公开工作年度报告",
    "一、总体情况",
    "2023年，本局主动公开政府信息42条，办理依申请公开3件。",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "一是公开内容还不够全面，下一步将进一步加强培训。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
)


def _warm_document() -> None:
    from reviewer.blocks import RawDocument, TableBlock, TextBlock
    from reviewer.build import build_document

    raw = RawDocument([TextBlock(list(_WARM_LINES)), TableBlock([["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "2"]])], format="txt")
    doc = build_document(raw, "warm-up.txt")
    an = Analysis(doc)
    run_document_rules(doc, Context(options={}, analysis=an))
    prepared: dict[str, Any] = {}
    for key, value, _family in _PREPARE:
        prepared[key] = value(an, prepared)


# Per-document inputs of batch rules, computed in the workers next to the document rules (from the
# analysis they shared) so the parent's serial batch stage is shorter: ctx.cache[key] =
# [value(analysis, the values before it) for each document]; only when a rule of the family (code
# prefix) is selected.
def _fingerprint(an: Analysis, prepared: dict[str, Any]) -> Any:
    return an.fingerprint


def _copy_inputs(an: Analysis, prepared: dict[str, Any]) -> Any:
    from reviewer.similarity.analyse import report_inputs

    return report_inputs(an.fingerprint)


def _carry_rows(an: Analysis, prepared: dict[str, Any]) -> Any:
    from reviewer.rules.cross_year import carry_rows

    return carry_rows(an.doc, an.tables)


def _prose_spans(an: Analysis, prepared: dict[str, Any]) -> Any:
    from reviewer.similarity.flipcheck import prose_spans

    return prose_spans(an.doc)


def _prose_signed(an: Analysis, prepared: dict[str, Any]) -> Any:
    from reviewer.similarity.flipcheck import prose_signed

    return prose_signed(an.doc, prepared.get("prose_spans"))


def _problems(an: Analysis, prepared: dict[str, Any]) -> Any:
    from reviewer.rules.copying import section_problems

    return section_problems(an.doc)


def _document_facts(an: Analysis, prepared: dict[str, Any]) -> Any:
    from reviewer.coverage import document_facts

    return document_facts(an.doc, an.tables)


_PREPARE: tuple[tuple[str, Callable[[Analysis, dict[str, Any]], Any], str], ...] = (
    ("fingerprints", _fingerprint, "C2"), ("copy_inputs", _copy_inputs, "C2"), ("carry_rows", _carry_rows, "T111"),
    ("prose_spans", _prose_spans, "C20"), ("prose_signed", _prose_signed, "C206"), ("problems", _problems, "C204"),
    ("document_facts", _document_facts, ""))  # the last: scoring's
# read only by the copy analysis of a whole batch in one process (``_review`` asks for them with
# the option ``WHOLE_BATCH``); a distributed run fits its template model part by part
_WHOLE_BATCH_ONLY = frozenset({"copy_inputs"})
WHOLE_BATCH = "_whole_batch"


def _review_prepare(path: str, manifest: dict | None, options: dict[str, Any]) -> tuple[Document | None, list[Finding], str | None, dict[str, Any]]:
    """``_review_one`` plus the ``_PREPARE`` inputs (pickled with the document, so they keep
    pointing at the same Document object in the parent)."""
    doc, findings, err, an = _review_analysed(path, manifest, options)
    prepared: dict[str, Any] = {}
    if doc is not None and an is not None:
        select = options.get("select")
        for key, value, family in _PREPARE:
            if (select and not any(code.startswith(family) for code in select)) or (key in _WHOLE_BATCH_ONLY and not options.get(WHOLE_BATCH)):
                continue
            try:
                prepared[key] = value(an, prepared)
            except Exception:  # noqa: S112 - the batch rule computes it again and reports its own error
                continue
        doc.drop_caches()
    return doc, findings, err, prepared


def require_models(select: set[str] | None = None) -> None:
    """Load the shipped models the review needs (cached per process); ``ModelMissing`` when one
    is absent: the section classifier (structure recovery, every report) and, when a V3xx rule
    runs, the vagueness model."""
    from reviewer.structure.classifier import load_model

    load_model()
    if not select or any(code.startswith("V3") for code in select):
        from reviewer.vagueness.model import default_model

        default_model()


def _report_rule_errors(results: list[Result]) -> None:
    """One stderr line per crashed rule: its code, how many reports, the first error."""
    by_rule: dict[str, list[tuple[str, str]]] = {}
    for r in results:
        for code, err in sorted((r.metrics.get("rule_errors") or {}).items()):
            by_rule.setdefault(code, []).append((r.path, err))
    for code, hits in sorted(by_rule.items()):
        path, err = hits[0]
        more = f"（共 {len(hits)} 份报告）" if len(hits) > 1 else ""
        print(f"规则 {code} 运行出错{more}: {path}: {err}; 其他规则照常运行", file=sys.stderr)


def _jobs(n: int) -> int:
    return n if n and n > 0 else (os.cpu_count() or 1)


# A report allocates ~10^5 objects but leaves only ~150 in reference cycles, while the default
# thresholds (700, 10, 10) run the collector thousands of times per batch, each pass walking the
# documents kept for the batch stage: ~15% of review CPU on 1,000 reports. Cycles are still
# collected, only less often.
_GC_THRESHOLD = (50_000, 20, 20)


def _init_worker(threshold: tuple[int, int, int]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
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
    require_models(options.select)
    files, errors = collect(paths)
    opts = {"select": options.select, "time_budget": options.time_budget, "memory_budget": options.memory_budget, **options.config}
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
        ex = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(gc.get_threshold(),))
        try:
            chunk = max(1, min(32, total // (jobs * 4) or 1))
            wopts = {**opts, WHOLE_BATCH: True}
            it: Iterator = ex.map(_review_prepare, map(str, files), [options.manifest] * total, [wopts] * total, chunksize=chunk)
            for i, (doc, findings, err, prep) in enumerate(it):
                outcomes.append((doc, findings, err))
                prepared.append(prep)
                if progress:
                    progress(i + 1, total)
        except BaseException:
            # an interrupt (or a failure) drops the queued files instead of reviewing them all first
            ex.shutdown(wait=False, cancel_futures=True)
            raise
        ex.shutdown(wait=True)
    docs: list[Document] = []
    results: list[Result] = []
    batch_inputs: dict[str, list[Any]] = {key: [] for key, *_ in _PREPARE}
    for f, (doc, findings, err), prep in zip(files, outcomes, prepared, strict=True):
        if doc is None:
            results.append(Result(path=str(f), error=err))
            continue
        for key, values in batch_inputs.items():
            values.append(prep.get(key))
        results.append(doc_result(doc, findings, err, prep.get("document_facts")))
        docs.append(doc)
    doc_results = [r for r in results if r.sha256 is not None]  # aligned with ``docs``
    ready = {k: v for k, v in batch_inputs.items() if v and all(x is not None for x in v)}
    from reviewer.forkmap import limit

    with limit(jobs):  # the batch stage's forked workers follow -j too
        _run_batch_rules(docs, doc_results, options, opts, ready)
    from reviewer.scoring.score import score_results
    from reviewer.structure.attachment import link_attachments

    link_attachments(docs, doc_results, opts)  # attachments: unscored, linked to their report

    score_results(doc_results, docs, options.config)
    _report_rule_errors(doc_results)
    results.extend(errors)
    results.sort(key=lambda r: r.path)
    return results, docs


def doc_result(doc: Document, findings: list[Finding], err: str | None, facts: dict[str, Any] | None = None) -> Result:
    """The result of a reviewed document before the batch rules and scoring; ``facts``: scoring's
    per-document facts when the worker computed them (taken up by ``coverage.batch_facts``)."""
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
        metrics=dict(doc.meta.get("metrics", {})),  # the reader's and the document rules' measures
    )
    if facts is not None:
        r.metrics["assessable"] = facts
    return r


def _run_batch_rules(docs: list[Document], results: list[Result], options: Options, opts: dict[str, Any], ready: dict[str, list[Any]] | None = None) -> None:
    ctx = Context(options={**opts, "archive": options.archive})
    ctx.cache.update(ready or {})
    for r in load_rules().values():
        if r.scope != "batch" or (options.select and r.code not in options.select):
            continue
        try:
            per_doc = r.check(docs, ctx) or {}
        except ModelMissing:
            raise
        except Exception as e:  # a crashed batch rule is reported for every report; the others run
            for res in results:
                res.metrics.setdefault("rule_errors", {})[r.code] = rule_error(e)
            continue
        for i, fs in per_doc.items():
            results[i].findings.extend(findings_off_chrome(docs[i], fs))
    # batch analyzers may leave per-document metrics (copied shares, ...) in ctx.cache["metrics"]
    for i, m in ctx.cache.get("metrics", {}).items():
        results[i].metrics.update(m)
    for res in results:
        res.findings.sort(key=lambda f: (f.start, f.end, f.rule))
