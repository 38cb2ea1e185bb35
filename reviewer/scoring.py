"""Scoring: a transparent rubric over findings (filled in by the scoring issue)."""

from __future__ import annotations

from typing import Any

from reviewer.model import Document, Result


def score_results(results: list[Result], docs: list[Document], config: dict[str, Any] | None = None) -> None:
    """Set ``score``, ``subscores`` and ``deductions`` on each result. Placeholder: scores stay null."""
    return None
