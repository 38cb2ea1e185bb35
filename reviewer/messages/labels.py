"""Fixed labels of the renderers and the command line (column headers, titles, summary lines):
id → {"zh": …, "en": …}, ``str.format`` templates read from ``labels.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

UI: dict[str, dict[str, str]] = tomllib.loads(Path(__file__).with_name("labels.toml").read_text(encoding="utf-8"))
