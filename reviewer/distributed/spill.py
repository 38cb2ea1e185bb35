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
from typing import Any

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
