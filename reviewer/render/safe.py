"""Values from untrusted input (file names, organ names, report text) made inert for the place
they are written to.

- Spreadsheets (CSV, XLSX): a cell whose text starts with ``= + - @``, a tab or a carriage return
  is read as a formula by Excel, LibreOffice and WPS. Following OWASP's CSV-injection advice the
  cell is prefixed with a single quote in CSV; XLSX stores the text as a string cell with the
  quote-prefix style, so nothing visible is added. Full-width forms (＝＋－＠), which some
  spreadsheet locales also evaluate, are treated the same way.
- Terminals: control characters (C0 except newline and tab, DEL, C1) are removed, so an escape
  sequence in a file name cannot move the cursor, retitle the window or hide output; rich markup
  is never interpreted in such values (renderers pass them as ``rich.text.Text``).
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_formula(text: str) -> bool:
    """True when a spreadsheet could read the text as a formula (also after leading white space)."""
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet evaluates; numbers stay numbers. A bare carriage return
    becomes a line feed: the writer quotes fields holding line feeds, and a lone CR would
    otherwise end the record for some readers."""
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if is_formula(value) else value


def terminal(text: Any) -> str:
    """Text safe to print on a terminal: escape sequences and other control characters removed."""
    return _CONTROL.sub("", str(text))
