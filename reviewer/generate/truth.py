"""Ground truth of a generated report: what is wrong, where, and (for copies) where it came from.

Offsets are 0-based code points into the report's canonical text. Missing things have an empty
span at the point where they would have been. Items with ``detail["benign"]`` are not defects but
"don't care" regions: text shared by construction (the preamble formula, formulaic sentences from
the vague pool); an evaluator ignores predictions of ``detail["ignore_kinds"]`` that overlap them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class TruthItem:
    kind: str  # one of reviewer.model.KINDS
    start: int
    end: int
    section: str | None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TruthItem:
        return cls(d["kind"], d["start"], d["end"], d.get("section"), d.get("detail") or {})

    @property
    def benign(self) -> bool:
        return bool(self.detail.get("benign"))
