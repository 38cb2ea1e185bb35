"""Renderers: pure functions from results to text or files. One module per format.

Text renderers (``jsonl``, ``json``, ``table``, ``terminal``, ``csv``, ``csv-findings``) map
results to a string. Writers (``xlsx``, ``html``) need a destination — a file or a folder — and are
looked up with ``get_writer``; they take ``(results, output, docs=None)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reviewer.model import Result

RENDERERS: dict[str, Callable[[list[Result]], str]] = {}
WRITERS: dict[str, Callable[..., Any]] = {}
WRITER_MODULES = {"xlsx": "reviewer.render.xlsx", "html": "reviewer.render.html"}


def renderer(name: str) -> Callable[[Callable[[list[Result]], str]], Callable[[list[Result]], str]]:
    def deco(fn: Callable[[list[Result]], str]) -> Callable[[list[Result]], str]:
        RENDERERS[name] = fn
        return fn

    return deco


def writer(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        WRITERS[name] = fn
        return fn

    return deco


def get(name: str) -> Callable[[list[Result]], str]:
    from reviewer.render import csv, jsonout, table, terminal  # noqa: F401  (registration)

    return RENDERERS[name]


def is_writer(name: str) -> bool:
    return name in WRITER_MODULES


def get_writer(name: str) -> Callable[..., Any]:
    """``fn(results, output, docs=None)`` writing a file (xlsx) or a folder (html)."""
    from importlib import import_module

    import_module(WRITER_MODULES[name])
    return WRITERS[name]
