"""Per-item work of the batch stage spread over forked worker processes that share the parent's
data copy-on-write: the batch's fingerprints and documents are never pickled to them, only each
item's (small) answer comes back."""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_STATE: tuple[Callable[[Any, Any], Any], Any] | None = None  # set in the parent before forking
_LIMIT = 0  # the review's worker count (``-j``) while its batch stage runs (``limit``); 0: all cores


@contextmanager
def limit(jobs: int) -> Iterator[None]:
    """Within the block, ``fork_map`` with ``jobs`` 0 uses at most ``jobs`` processes (the review's
    ``-j``: a user who asked for one process gets no forked workers in the batch stage either)."""
    global _LIMIT
    before, _LIMIT = _LIMIT, max(0, jobs)
    try:
        yield
    finally:
        _LIMIT = before


def default_jobs() -> int:
    """The worker count ``fork_map`` uses when given 0: ``limit``'s, else the number of cores."""
    return _LIMIT or os.cpu_count() or 1


def fork_map(fn: Callable[[S, T], R], items: Sequence[T], state: S, jobs: int = 0, min_items: int = 2, chunksize: int = 1) -> list[R]:
    """``[fn(state, x) for x in items]``, in ``jobs`` forked processes (0: ``default_jobs()``)
    when there are at least ``min_items`` items and the process may fork; in this process
    otherwise. The answers come back in the order of ``items``. A worker that dies (killed for memory, say) raises
    ``concurrent.futures.process.BrokenProcessPool`` here instead of leaving the batch waiting."""
    global _STATE
    jobs = jobs or default_jobs()
    if (jobs <= 1 or len(items) < max(2, min_items) or "fork" not in mp.get_all_start_methods()
            or mp.current_process().daemon):  # a daemonic process (a Dask worker's) may not fork children
        return [fn(state, x) for x in items]
    _STATE = (fn, state)
    # the parent's objects are frozen out of the collector first: a collection in a worker would
    # otherwise walk (and so copy) every page of the batch it shares with the parent
    gc.freeze()
    workers = ProcessPoolExecutor(min(jobs, len(items)), mp_context=mp.get_context("fork"), initializer=_ignore_interrupt)
    try:
        out = list(workers.map(_call, items, chunksize=chunksize))
    except BaseException:
        # an interrupt (or a failure) drops the queued items instead of computing them all first
        workers.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        _STATE = None
        gc.unfreeze()
    workers.shutdown(wait=True)
    return out


def _ignore_interrupt() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once


def _call(x: Any) -> Any:
    assert _STATE is not None
    fn, state = _STATE
    return fn(state, x)


def blocks(n: int, step: int) -> list[range]:
    """``range(n)`` cut into consecutive blocks of ``step`` (the last may be shorter): the items of
    a ``fork_map`` over positions, so that one task carries many small answers."""
    return [range(k, min(k + step, n)) for k in range(0, n, step)]
