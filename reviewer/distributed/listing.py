"""The file list of a distributed review, kept in the scratch folder rather than in the client.

The client walks the paths with ``pipeline.iter_files``, as ``pipeline.collect`` does (folders
recursively, each folder's files sorted, unsupported files inside folders skipped, each file once in
first-seen order), and writes each path to one file, NUL-separated (no path holds a NUL); a read task gets the byte range of its
chunk of files. So the client keeps one descriptor per read task, not a string per file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
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


def write_list(paths: Iterable[str | Path], folder: Path) -> tuple[str, int, list[Result]]:
    """Write the files of ``paths`` to ``folder/files.lst``: (its path, how many, listing errors)."""
    from reviewer.pipeline import iter_files

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
