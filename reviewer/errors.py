"""Errors that stop a run with one line on stderr and exit status 2 (``reviewer.cli``)."""

from __future__ import annotations

from pathlib import Path


class ModelMissing(FileNotFoundError):
    """A shipped model file is absent. Reviewing without it would let a rule pass every report
    (no V3xx finding without the vagueness model, no recovered section without the section
    classifier), so the review stops instead."""


def model_missing(path: str | Path, part: str) -> ModelMissing:
    """The error for model file ``path``, built by ``reviewer train --only part``."""
    return ModelMissing(f"模型文件缺失: {path}; run `reviewer train --only {part}`")
