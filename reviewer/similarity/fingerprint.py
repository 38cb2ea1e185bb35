"""A report reduced to what copy detection compares: clause units of the body (tables excluded; they
are compared cell by cell) and the hashed n-grams of the masked text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from reviewer.model import Document
from reviewer.similarity.mask import NUM, mask
from reviewer.similarity.organs import mask_names, organ_key
from reviewer.similarity.shingle import N_TEMPLATE, N, fold32, shingles

_CLAUSE_END = re.compile(r"[，,；;：:]")


@dataclass
class Fingerprint:
    path: str
    organ: str | None
    key: str
    year: int | None
    masked: str
    hashes: np.ndarray  # n-gram hash (uint32) at each masked position
    u_start: np.ndarray  # clause units: offsets in doc.text
    u_end: np.ndarray
    u_m0: np.ndarray  # clause units: masked index range
    u_m1: np.ndarray
    u_section: list[str | None]
    doc: Document
    _sorted: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _bounds: tuple[set[int], set[int]] | None = field(default=None, repr=False)
    _offsets: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    # Kept lean: a batch plus archive may hold tens of thousands of fingerprints, so what is only
    # needed when a report serves as a source (offsets) or once (template n-grams) is recomputed.
    @property
    def thashes(self) -> np.ndarray:
        """The longer n-grams template text is learnt on."""
        return shingles(self.masked, N_TEMPLATE)

    def _offs(self) -> tuple[np.ndarray, np.ndarray]:
        if self._offsets is None:
            _, ms, me = mask(self.doc.text, mask_names(self.doc.organ))
            self._offsets = (ms, me)
        return self._offsets

    @property
    def mstart(self) -> np.ndarray:
        """Masked position -> start offset in ``doc.text``."""
        return self._offs()[0]

    @property
    def mend(self) -> np.ndarray:
        return self._offs()[1]

    def figures(self) -> np.ndarray:
        """Masked characters that stand for a number: neither copied nor new."""
        return np.frombuffer(self.masked.encode("utf-32-le"), dtype=np.uint32) == ord(NUM)

    @property
    def n_masked(self) -> int:
        return len(self.masked)

    def sentence_bounds(self) -> tuple[set[int], set[int]]:
        if self._bounds is None:
            self._bounds = ({s.start for s in self.doc.sentences}, {s.end for s in self.doc.sentences})
        return self._bounds

    def sorted_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted hashes, their masked positions), computed once: a report is a source many times."""
        if self._sorted is None:
            order = np.argsort(self.hashes, kind="stable")
            self._sorted = (self.hashes[order], order)
        return self._sorted


def _in_tables(doc: Document) -> list[tuple[int, int]]:
    return sorted((t.start, t.end) for t in doc.tables)


def clause_units(doc: Document) -> list[tuple[int, int]]:
    """Sentences split at commas, semicolons and colons: copying is often partial within a sentence."""
    tables = _in_tables(doc)
    out: list[tuple[int, int]] = []
    ti = 0
    text = doc.text
    for s in doc.sentences:
        while ti < len(tables) and tables[ti][1] <= s.start:
            ti += 1
        if ti < len(tables) and tables[ti][0] <= s.start < tables[ti][1]:
            continue
        a = s.start
        for m in _CLAUSE_END.finditer(text, s.start, s.end):
            if m.end() - a >= 2:
                out.append((a, m.end()))
                a = m.end()
        if s.end > a:
            out.append((a, s.end))
    return out


def fingerprint(doc: Document, n: int = N) -> Fingerprint:
    masked, ms, me = mask(doc.text, mask_names(doc.organ))
    units = clause_units(doc)
    us = np.fromiter((u[0] for u in units), dtype=np.int32, count=len(units))
    ue = np.fromiter((u[1] for u in units), dtype=np.int32, count=len(units))
    m0 = np.searchsorted(ms, us, side="left").astype(np.int32)
    m1 = np.searchsorted(ms, ue, side="left").astype(np.int32)
    # legacy outlines carry heading texts as ids: report them under the 2021 section they map to
    lmap = doc.meta.get("legacy_map") or {}
    secs = []
    for a in us.tolist():
        sec = doc.section_at(a)
        secs.append(lmap.get(sec.id, sec.id) if sec else None)
    return Fingerprint(
        path=doc.path, organ=doc.organ, key=organ_key(doc.organ, doc.path), year=doc.year, masked=masked,
        hashes=fold32(shingles(masked, n)), u_start=us, u_end=ue, u_m0=m0, u_m1=m1,
        u_section=secs, doc=doc,
    )
