"""The file list of a distributed review, kept in the scratch folder rather than in the client.

The client walks the paths as ``pipeline.collect`` does (folders recursively, each folder's files
sorted, unsupported files inside folders skipped, each file once in first-seen order) and writes
each path to one file, NUL-separated (no path holds a NUL); a read task gets the byte range of its
chunk of files. So the client keeps one descriptor per read task, not a string per file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from reviewer.model import Result

LIST = "files.lst"


class Chunk(NamedTuple):
    """The files ``first .. first + count - 1`` of the batch: bytes ``start .. end`` of the list."""

    path: str
    first: int
    start: int
    end: int


def iter_files(paths: Iterable[str | Path], errors: list[Result]) -> Iterator[str]:
    """The files ``pipeline.collect`` lists for ``paths``, in its order, one at a time; what it
    reports as errors is appended to ``errors``. Files are told apart by a digest of their path
    (only when several paths are given, which may hold a file twice)."""
    from reviewer.pipeline import SUFFIXES

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


def write_list(paths: Iterable[str | Path], folder: Path) -> tuple[str, int, list[Result]]:
    """Write the files of ``paths`` to ``folder/files.lst``: (its path, how many, listing errors)."""
    errors: list[Result] = []
    out = folder / LIST
    n = 0
    with out.open("wb") as fh:
        for f in iter_files(paths, errors):
            fh.write(os.fsencode(f) + b"\0")
            n += 1
    return str(out), n, errors


def chunks(path: str, chunk: int) -> list[Chunk]:
    """The list cut into chunks of ``chunk`` files (read once, in blocks)."""
    out: list[Chunk] = []
    first = start = pos = count = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            at = -1
            while (at := block.find(b"\0", at + 1)) >= 0:
                count += 1
                if count == chunk:
                    out.append(Chunk(path, first, start, pos + at + 1))
                    first, start, count = first + chunk, pos + at + 1, 0
            pos += len(block)
    if count:
        out.append(Chunk(path, first, start, pos))
    return out


def read(c: Chunk) -> list[tuple[int, str]]:
    """The files of a chunk with their places in the batch."""
    with open(c.path, "rb") as fh:
        fh.seek(c.start)
        names = fh.read(c.end - c.start).split(b"\0")[:-1]
    return [(c.first + k, os.fsdecode(b)) for k, b in enumerate(names)]
