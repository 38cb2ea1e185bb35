"""Scoring (docs/scoring.md): the rubric over findings and metrics, criteria with coverage,
levels, batch distributions and the batch summary."""
