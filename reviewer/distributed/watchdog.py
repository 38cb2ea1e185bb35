"""The per-file time budget (``reviewer.budget``) in a worker's task thread.

``budget.time_budget`` uses an interval timer, which only the main thread of a process receives;
a Dask worker runs its tasks in other threads. Here a timer thread raises ``BudgetExceeded`` in
the task's thread instead (``PyThreadState_SetAsyncExc``): like a signal handler, it takes
effect between two Python bytecodes. A file over its budget gets the same one-line error as in
the embedded review and the batch goes on (the memory budget applies in any thread).
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator
from typing import Any

from reviewer.budget import BudgetExceeded


@contextlib.contextmanager
def thread_budget(seconds: float) -> Iterator[None]:
    """Raise ``BudgetExceeded`` in this thread once ``seconds`` have passed (0: no budget)."""
    if seconds <= 0 or threading.current_thread() is threading.main_thread():
        yield  # the main thread has the interval timer of ``budget.time_budget``
        return
    message = f"time budget exceeded ({seconds:g} s per file)"  # as ``budget.time_budget`` says it

    class Expired(BudgetExceeded):
        def __init__(self, *args: object) -> None:
            super().__init__(message)

    tid = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # not raised yet: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


def review_within_budget(path: str, manifest: dict | None, opts: dict[str, Any]) -> tuple[Any, list[Any], str | None, dict[str, Any]]:
    """``pipeline._review_prepare`` of one file under its time budget in any thread."""
    from reviewer.budget import DEFAULT_SECONDS
    from reviewer.pipeline import _review_prepare

    seconds = float(opts.get("time_budget", DEFAULT_SECONDS) or 0)
    try:
        with thread_budget(seconds):
            return _review_prepare(path, manifest, opts)
    except BudgetExceeded as e:
        return None, [], str(e), {}
