"""Per-file resource budget: no single file can stall or exhaust a batch.

Each file is read and checked under a wall-time budget (an interval timer in the process that
reviews it) and a memory budget (the address-space limit raised only by the allowance above what
the process already uses, and restored afterwards). A file that passes either is reported as failed
with the reason, and the batch goes on. Both are no-ops where the platform has no such mechanism
(the timer needs the main thread of a process; the memory limit needs Linux's ``/proc``).
"""

from __future__ import annotations

import contextlib
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
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise BudgetExceeded(f"time budget exceeded ({seconds:g} s per file)")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
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
