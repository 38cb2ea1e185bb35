"""Outputs written atomically: an interrupted or failed run leaves the previous output or none,
never a half-written file or a site whose index links pages that do not exist.

A file is written to a temporary sibling and renamed over the target (``os.replace`` is atomic on
one file system). A folder (the HTML site) is built in a temporary sibling folder and swapped in at
the end; the previous folder is removed only after the swap, so stale pages of an earlier run go
with it. A folder is only replaced when it is empty or was written by this tool (``index.html`` and
``reports/`` and nothing else): a user's own folder given by mistake is never deleted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reviewer.errors import OperationalError

SITE_ENTRIES = {"index.html", "reports"}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class OutputError(OperationalError):
    """The output cannot be written where it was asked for; the message says why."""


def _check_parent(p: Path) -> None:
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{p}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{p}: folder {parent} is not writable")


def check_file_target(path: str | Path) -> None:
    """Fail before a long run when ``path`` cannot be written (missing or read-only folder)."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a folder, expected a file name")
    _check_parent(p)


def check_site_target(path: str | Path) -> None:
    """The HTML site's folder: absent, empty or written by this tool, in a writable folder."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(f"{p}: exists and is not a folder")
    if p.is_dir():
        entries = {e.name for e in p.iterdir()}
        if entries - SITE_ENTRIES:
            raise OutputError(f"{p}: folder holds files this tool did not write; give an empty or new folder")
    _check_parent(p)


def _sweep(p: Path) -> None:
    """Remove the temporary siblings a killed earlier run left behind (``.NAME.*.tmp``/``.old``)."""
    parent = p.parent if str(p.parent) else Path(".")
    for q in parent.glob(f".{p.name}.*"):
        if q.suffix in (".tmp", ".old"):
            if q.is_dir() and not q.is_symlink():
                shutil.rmtree(q, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    q.unlink()


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary file name next to ``path``; on success it replaces ``path``."""
    p = Path(path)
    _sweep(p)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would make the output private
    try:
        yield Path(tmp)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | Path, text: str) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Yield an empty temporary folder next to ``path``; on success it takes the place of ``path``."""
    p = Path(path)
    _sweep(p)
    parent = p.parent if str(p.parent) else Path(".")
    tmp = Path(tempfile.mkdtemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent))
    os.chmod(tmp, 0o777 & ~_umask())
    try:
        yield tmp
        old = None
        if p.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{p.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(p, old)
        os.replace(tmp, p)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
