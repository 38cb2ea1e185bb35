"""Renderers: pure functions from results to text or files. One module per format.

Text renderers (``jsonl``, ``json``, ``table``, ``terminal``, ``csv``, ``csv-findings``) map
results to a string. Writers (``xlsx``, ``html``) need a destination — a file or a folder — and are
looked up with ``get_writer``; they take ``(results, output, docs=None)``. Every renderer and writer
takes ``lang="zh"|"en"``: the language of finding messages and of its own labels
(``reviewer.messages``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

RENDERERS: dict[str, Callable[..., str]] = {}
WRITERS: dict[str, Callable[..., Any]] = {}
WRITER_MODULES = {"xlsx": "reviewer.render.xlsx", "html": "reviewer.render.html"}


def renderer(name: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    def deco(fn: Callable[..., str]) -> Callable[..., str]:
        RENDERERS[name] = fn
        return fn

    return deco


def writer(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        WRITERS[name] = fn
        return fn

    return deco


def get(name: str) -> Callable[..., str]:
    from reviewer.render import csv, jsonout, table, terminal  # noqa: F401  (registration)

    return RENDERERS[name]


def is_writer(name: str) -> bool:
    return name in WRITER_MODULES


def get_writer(name: str) -> Callable[..., Any]:
    """``fn(results, output, docs=None)`` writing a file (xlsx) or a folder (html)."""
    from importlib import import_module

    import_module(WRITER_MODULES[name])
    return WRITERS[name]
