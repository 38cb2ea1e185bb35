"""Rule messages: (rule code, message id) → {"zh": …, "en": …}, ``str.format`` templates with
named parameters, read from ``rules.toml`` (``[CODE.message-id]`` tables). Code ``"*"`` holds
sub-messages and messages shared by several rules. The Chinese text is the default
(``reviewer.messages``)."""

from __future__ import annotations

import tomllib
from pathlib import Path


def _load() -> dict[tuple[str, str], dict[str, str]]:
    data = tomllib.loads(Path(__file__).with_name("rules.toml").read_text(encoding="utf-8"))
    return {(code, mid): entry for code, entries in data.items() for mid, entry in entries.items()}


RULE_MESSAGES: dict[tuple[str, str], dict[str, str]] = _load()
