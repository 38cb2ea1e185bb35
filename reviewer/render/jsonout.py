"""JSON and JSON Lines: the stable result schema (docs/result-schema.md)."""

from __future__ import annotations

import json

from reviewer.messages import DEFAULT_LANG, localise
from reviewer.model import SCHEMA_VERSION, Result
from reviewer.render import renderer


@renderer("jsonl")
def render_jsonl(results: list[Result], lang: str = DEFAULT_LANG) -> str:
    results = localise(results, lang)
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)


@renderer("json")
def render_json(results: list[Result], lang: str = DEFAULT_LANG) -> str:
    results = localise(results, lang)
    return json.dumps(
        {"schema_version": SCHEMA_VERSION, "results": [r.to_dict() for r in results]}, ensure_ascii=False, indent=2
    ) + "\n"
