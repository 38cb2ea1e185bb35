"""Scratch files of a distributed review: the heavy state of a part (documents, results,
fingerprints, copy analysis) is written by the task that makes it and read back by the task that
needs it, so a worker holds one part at a time and dask's memory holds only spans of files.

The files live in one folder under ``--output`` (reachable from every worker, like the output
itself); every file gets a fresh name, so a task run twice never rewrites a file another task
reads. The client removes the folder when the run ends. Pickle serves only this transient state,
written and read by the same run's workers.
"""

from __future__ import annotations

import os
import pickle
import shutil
import uuid
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

SCRATCH = ".reviewer-scratch"
Span = tuple[str, int, int]  # file, start, length of one pickled object


def scratch_dir(out_dir: Path) -> Path:
    return out_dir / SCRATCH


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def write(folder: str, stem: str, objects: list[Any]) -> list[Span | None]:
    """Pickle ``objects`` one after the other into a new file of ``folder``; the span of each
    (``None`` for an empty list or ``None``, which is not written)."""
    path = Path(folder) / f"{stem}-{uuid.uuid4().hex}.pkl"
    tmp = path.with_name("." + path.name + ".tmp")
    spans: list[Span | None] = []
    with tmp.open("wb") as fh:
        for obj in objects:
            if obj is None or (isinstance(obj, list) and not obj):
                spans.append(None)
                continue
            start = fh.tell()
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            spans.append((str(path), start, fh.tell() - start))
    os.replace(tmp, path)
    return spans


def read(span: Span) -> Any:
    path, start, length = span
    with open(path, "rb") as fh:
        fh.seek(start)
        return pickle.loads(fh.read(length))  # noqa: S301 - written by this run's own workers


class Pieces(NamedTuple):
    """The pieces of one task's output for the tasks of the next stage, in one scratch file: the
    piece for task ``k`` starts at ``starts[k]`` and is ``lengths[k]`` bytes (0: none)."""

    path: str
    starts: np.ndarray
    lengths: np.ndarray


def write_pieces(folder: str, stem: str, objects: list[Any]) -> Pieces:
    """``write`` with the spans of one file packed into arrays (what a shuffle sends around)."""
    spans = write(folder, stem, objects)
    path = next((s[0] for s in spans if s is not None), "")
    return Pieces(path, np.array([s[1] if s else 0 for s in spans], dtype=np.int64),
                  np.array([s[2] if s else 0 for s in spans], dtype=np.int64))


def piece(src: Pieces | None, k: int) -> Any:
    """The piece ``k`` of a task's output, ``None`` when it has none."""
    if src is None or not src.path or not src.lengths[k]:
        return None
    return read((src.path, int(src.starts[k]), int(src.lengths[k])))


def column(sources: list[Pieces | None], k: int) -> list[Any]:
    """The pieces ``k`` of every task of a stage that has one, in the order of the tasks."""
    return [x for x in (piece(s, k) for s in sources) if x is not None]


def collect(*sources: Any) -> list[Any]:
    """The outputs of a stage's tasks as one list: the tasks of the next stage depend on this one
    task instead of on each (the scheduler keeps 2 × tasks dependencies, not tasks²)."""
    return list(sources)
