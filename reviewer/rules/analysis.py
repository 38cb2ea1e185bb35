"""The per-document analyses the rules share, built once per document and passed to every rule.

The pipeline builds one ``Analysis`` per document (``reviewer.rules.registry.Context.analysis``) and
the rules read from it instead of recomputing or caching on their own: the statistics tables
(spec §3, C1–C9), the broken table-三 equations (C1–C3, shared by T101–T103), the section-五
vagueness analysis (spec §8, V3xx), the copy fingerprint (spec §7, C2xx) and the issues structure
detection found (spec §2, §5–§6, S0xx). Each is computed on first use. Rules never write into the
Document: what they measure for the result (``Result.metrics``) goes into ``Analysis.metrics``,
which the pipeline copies into the result next to the reader's own metrics.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from reviewer.model import Document

if TYPE_CHECKING:
    from reviewer.similarity.fingerprint import Fingerprint
    from reviewer.tables import ReportTables
    from reviewer.vagueness.section import SectionAnalysis


class Analysis:
    """Lazily computed analyses of one document; ``metrics`` collects what rules measure."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.metrics: dict[str, Any] = {}

    @cached_property
    def tables(self) -> ReportTables:
        from reviewer.tables import extract_tables

        return extract_tables(self.doc)

    @cached_property
    def t3_broken(self) -> list[tuple[Any, tuple[int, int, bool]]]:
        """The table-三 equations (C1–C3) that fail, with (left, right, unknown) of each."""
        from reviewer.rules.table_equations import broken_equations

        return broken_equations(self.tables)

    @cached_property
    def vagueness(self) -> SectionAnalysis | None:
        """Section 五 scored sentence by sentence; its measures go to ``metrics["vagueness"]``. A
        missing model (``ModelMissing``) stops the review; another fault is reported for the rule that
        asked (``reviewer.rules.runner.run_document_rules``) while the other rules run on."""
        from reviewer.vagueness.section import analyse

        a = analyse(self.doc)
        if a is not None:
            self.metrics["vagueness"] = a.metrics
        return a

    @cached_property
    def fingerprint(self) -> Fingerprint:
        from reviewer.similarity.fingerprint import fingerprint

        return fingerprint(self.doc)

    @property
    def structure_issues(self) -> list[dict[str, Any]]:
        """What section detection left for the format rules (``reviewer.structure.detect``)."""
        return self.doc.meta.get("structure_issues", [])
