"""Renderers: pure functions from results to text or files. One module per format."""

from __future__ import annotations

from collections.abc import Callable

from reviewer.model import Result

RENDERERS: dict[str, Callable[[list[Result]], str]] = {}


def renderer(name: str) -> Callable[[Callable[[list[Result]], str]], Callable[[list[Result]], str]]:
    def deco(fn: Callable[[list[Result]], str]) -> Callable[[list[Result]], str]:
        RENDERERS[name] = fn
        return fn

    return deco


def get(name: str) -> Callable[[list[Result]], str]:
    from reviewer.render import jsonout, table  # noqa: F401  (registration)

    return RENDERERS[name]
