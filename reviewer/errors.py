"""Errors that stop a command with one line on stderr and exit status 2 (``reviewer.cli``): what the
user asked for cannot be done (an output that cannot be written, an archive that is not one, a
manifest that cannot be read) or the installation lacks something the command needs. The library
never prints a traceback for these."""

from __future__ import annotations

from pathlib import Path


class OperationalError(Exception):
    """Base of every error whose message is meant for the user as it is."""


class SetupError(OperationalError):
    """The installation lacks something the command needs, so no partial result would be honest."""


class ModelMissing(SetupError, FileNotFoundError):
    """A shipped model file is absent. Reviewing without it would let a rule pass every report
    (no V3xx finding without the vagueness model, no recovered section without the section
    classifier), so the review stops instead."""


class MissingExtra(SetupError, ImportError):
    """An optional dependency (a ``pyproject.toml`` extra) the command needs is not installed."""


def model_missing(path: str | Path, part: str) -> ModelMissing:
    """The error for model file ``path``, built by ``reviewer train --only part``."""
    return ModelMissing(f"模型文件缺失: {path}; run `reviewer train --only {part}`")


def missing_extra(module: str, extra: str, purpose: str) -> MissingExtra:
    return MissingExtra(f"缺少可选依赖 {module}（{purpose}）: pip install \"reviewer[{extra}]\"")
