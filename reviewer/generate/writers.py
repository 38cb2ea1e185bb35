"""Writers: the same composed report as txt, html, docx or pdf.

The txt layout is chosen so the project's reader gives back exactly the composed text: a blank
line between paragraphs (so hard-wrap joining never merges two), table rows written with outer
pipes (``| a | b |``) so leading and trailing empty cells survive, no blank line inside a table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _blocks(text: str) -> list[tuple[str, Any]]:
    """Split canonical text into ("p", line) and ("t", rows) blocks."""
    out: list[tuple[str, Any]] = []
    for line in text.rstrip("\n").split("\n"):
        if " | " in line:
            cells = line.split(" | ")
            if out and out[-1][0] == "t":
                out[-1][1].append(cells)
            else:
                out.append(("t", [cells]))
        else:
            out.append(("p", line))
    return out


def to_txt(text: str) -> str:
    parts: list[str] = []
    for kind, val in _blocks(text):
        if kind == "p":
            parts.append(val + "\n\n")
        else:
            parts.append("".join("| " + " | ".join(r) + " |\n" for r in val) + "\n")
    return "".join(parts)


def write_report(report: Any, path: Path) -> None:
    fmt = report.format
    if fmt == "txt":
        path.write_text(to_txt(report.text), encoding="utf-8")
    elif fmt == "html":
        path.write_text(to_html(report.text, report.name), encoding="utf-8")
    elif fmt == "docx":
        write_docx(report.text, path)
    elif fmt == "pdf":
        write_pdf(report.text, path)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def to_html(text: str, title: str = "") -> str:
    raise NotImplementedError


def write_docx(text: str, path: Path) -> None:
    raise NotImplementedError


def write_pdf(text: str, path: Path) -> None:
    raise NotImplementedError
