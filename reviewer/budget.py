"""Per-file resource budget: no single file can stall or exhaust a batch.

Each file is read and checked under a wall-time budget and a memory budget (the address-space
limit raised only by the allowance above what the process already uses, and restored afterwards).
A file that passes either is reported as failed with the reason, and the batch goes on.

The time budget is an interval timer in the main thread of a process (the embedded review's
workers). An interval timer reaches only the main thread, so in any other thread (a Dask worker
runs its tasks in threads) a timer thread raises ``BudgetExceeded`` in the reviewing thread
instead (``PyThreadState_SetAsyncExc``): like a signal handler, it takes effect between two
Python bytecodes. The memory limit is process-wide and needs Linux's ``/proc``; where a mechanism
is missing the budget is a no-op.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
from collections.abc import Iterator

DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY_MB = 1024


class BudgetExceeded(Exception):
    """A file used more time or memory than its budget allows."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``BudgetExceeded`` in this thread once ``seconds`` have passed (0: no budget)."""
    if seconds <= 0:
        yield
        return
    message = f"time budget exceeded ({seconds:g} s per file)"
    if threading.current_thread() is not threading.main_thread():
        with _thread_timer(seconds, message):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise BudgetExceeded(message)

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def _thread_timer(seconds: float, message: str) -> Iterator[None]:
    """``time_budget`` outside the main thread: a timer thread raises the error in this one."""

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


_STATM: dict[int, int] = {}  # pid -> open descriptor of its /proc/PID/statm


def _address_space() -> int | None:
    """The process's address space in bytes (/proc/PID/statm's first field). The file stays open
    and is read again from offset 0 for each file reviewed (a fresh open and text wrapper cost
    several times the read); a forked child opens its own."""
    pid = os.getpid()
    try:
        fd = _STATM.get(pid)
        if fd is None:
            for inherited in _STATM.values():  # the parent's, copied by fork
                with contextlib.suppress(OSError):
                    os.close(inherited)
            _STATM.clear()
            fd = _STATM[pid] = os.open(f"/proc/{pid}/statm", os.O_RDONLY)
        return int(os.pread(fd, 128, 0).split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):  # no /proc, no pread
        return None


@contextlib.contextmanager
def memory_budget(megabytes: float) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    used = _address_space()
    if megabytes <= 0 or used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + int(megabytes * 1024 * 1024)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft < limit:
        limit = soft  # a stricter limit set by the user stays
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    except MemoryError:
        raise BudgetExceeded(f"memory budget exceeded ({megabytes:g} MB per file)") from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def file_budget(seconds: float = DEFAULT_SECONDS, megabytes: float = DEFAULT_MEMORY_MB) -> Iterator[None]:
    with memory_budget(megabytes), time_budget(seconds):
        yield
