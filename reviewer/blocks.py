"""What a reader hands to the document builder: paragraphs of lines and tables of cell strings.

Readers know their format (HTML elements, DOCX paragraphs, PDF lines); the builder knows the
document model. Keeping this seam small is what makes the same report read the same in any format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TextBlock:
    """One or more source lines. ``wrapped`` lines were broken by layout (PDF, hard-wrapped txt)
    and may be joined by the builder; otherwise each line is its own paragraph."""

    lines: list[str]
    wrapped: bool = False
    indented: bool = False  # empty lines mark first-line indents (PDF): only they start paragraphs


@dataclass(slots=True)
class TableBlock:
    rows: list[list[str]]
    source: str = ""


@dataclass(slots=True)
class RawDocument:
    blocks: list[TextBlock | TableBlock]
    format: str
    meta: dict[str, str] = field(default_factory=dict)  # e.g. title, published date from HTML
