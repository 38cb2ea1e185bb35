"""The batch side of C206 (negation flipped in a carried-over sentence) and C207 (another organ's
residue): which source sentences each report is compared with, and the findings."""

from __future__ import annotations

from typing import Any

from reviewer.messages import msg, sub
from reviewer.model import Document, Finding


def prose_spans(doc: Document) -> list[tuple[int, int]]:
    """Sentences of the body that are prose: outside the tables, the lead around the title, and
    neither a flattened table nor a frame sentence (nil statements are kept: their polarity counts)."""
    import bisect

    from reviewer.similarity.fingerprint import flattened_table, label_debris, lead_spans
    from reviewer.similarity.frame import sentence_function

    tables = sorted((t.start, t.end) for t in doc.tables)
    tstarts = [a for a, _ in tables]
    lead_end = max((b for _, b in lead_spans(doc)), default=0)
    out = []
    for s in doc.sentences:
        if s.start < lead_end:
            continue
        k = bisect.bisect_right(tstarts, s.start) - 1
        if k >= 0 and tables[k][0] <= s.start < tables[k][1]:
            continue
        t = doc.text[s.start : s.end]
        if flattened_table(t) or label_debris(t) or sentence_function(t):
            continue
        out.append((s.start, s.end))
    return out


def prose_signed(doc: Document, spans: list[tuple[int, int]] | None = None) -> Any:
    """``negation.signed`` of the document's prose sentences (``prose_spans``, or ``spans`` when
    already found): what C206 compares, computed where the document is read."""
    from reviewer.similarity.negation import signed
    from reviewer.similarity.organs import mask_names

    return signed(doc.text, prose_spans(doc) if spans is None else spans, mask_names(doc.organ))


def doc_key(d: Any) -> Any:
    """What a per-document cache is keyed by: the file (sha256 and path), which an archived document
    read anew each time it is used keeps (its ``id`` may be another's once it is dropped)."""
    sha = getattr(d, "sha256", None)
    return (sha, d.path) if sha else id(d)


def flipped(docs: list[Document], res: list[Any], prose: list[list[tuple[int, int]]] | None = None,
            signs: list[Any] | None = None) -> dict[int, list[Finding]]:
    """C206; ``prose``: ``prose_spans`` of each document when already computed (aligned with docs),
    ``signs``: their ``prose_signed`` likewise."""
    state = _FlipState(docs, res, prose if prose is not None and len(prose) == len(docs) else None,
                       signs if signs is not None and len(signs) == len(docs) else None)
    out: dict[int, list[Finding]] = {}
    for i, flips in _flips_in(state, range(len(docs))):
        doc, sources = docs[i], _sources(res[i])
        fs = []
        for s0, s1, t0, t1, k in flips:
            src, kind = sources[k]
            sd = src.doc
            fkind = "copied-from-own-past" if kind == "own" else "copied-from-other"
            last = kind == "own" and src.year and doc.year and src.year == doc.year - 1
            who = sub("last-year") if last else sub("report-of", organ=src.organ or src.path, year=src.year or "")
            fs.append(doc.finding("C206", fkind, "warning", s0, s1, msg("C206", "flipped", source=who), {
                "source_path": src.path, "source_organ": src.organ, "source_year": src.year,
                "source_start": t0, "source_end": t1, "source_text": sd.text[t0:t1]}))
        out[i] = fs
    return out


def _sources(a: Any) -> list[tuple[Any, str]]:
    """The reports a batch report's sentences are compared with: its latest earlier own report and
    each other organ's report it verifiably shares a passage with."""
    from reviewer.similarity.passages import unknown_pair

    sources: list[tuple[Any, str]] = []
    if a.own_prev is not None:
        sources.append((a.own_prev, "own"))
    seen = {id(a.own_prev)}
    for p in a.passages:
        if p.kind == "other" and p.verified and p.source is not None and id(p.source) not in seen and not unknown_pair(a.fp, p):
            seen.add(id(p.source))
            sources.append((p.source, "other"))
    return sources


class _FlipState:
    """What C206 reads per report, with per-process caches of prose spans and signed sentences."""

    def __init__(self, docs: list[Document], res: list[Any], prose: list[list[tuple[int, int]]] | None, signs: list[Any] | None) -> None:
        self.docs, self.res = docs, res
        self.spans_by: dict[Any, list[tuple[int, int]]] = {doc_key(d): p for d, p in zip(docs, prose, strict=True)} if prose else {}
        self.signs_by: dict[Any, Any] = {doc_key(d): s for d, s in zip(docs, signs, strict=True)} if signs else {}
        self.items: dict[Any, Any] = {}

    def spans(self, d: Document) -> list[tuple[int, int]]:
        k = doc_key(d)
        if k not in self.spans_by:
            self.spans_by[k] = prose_spans(d)
        return self.spans_by[k]

    def signed_items(self, d: Document) -> Any:
        k = doc_key(d)
        if k not in self.items:
            self.items[k] = (self.signs_by.get(k) or prose_signed(d, self.spans(d))).items()
        return self.items[k]


def _flips_in(st: _FlipState, block: range) -> list[tuple[int, list[tuple[int, int, int, int, int]]]]:
    """(report, its flipped sentences as (start, end, source start, source end, source number in
    ``_sources``)) for the reports of ``block`` that have any."""
    from reviewer.similarity.negation import signed_flips

    out = []
    for i in block:
        doc = st.docs[i]
        flips: list[tuple[int, int, int, int, int]] = []
        done: set[int] = set()
        for k, (src, _kind) in enumerate(_sources(st.res[i])):
            sd = src.doc
            for s0, s1, t0, t1 in signed_flips(st.spans(doc), st.signed_items(doc), st.spans(sd), st.signed_items(sd)):
                if s0 not in done:
                    done.add(s0)
                    flips.append((s0, s1, t0, t1, k))
        if flips:
            out.append((i, flips))
    return out


def batch_places(docs: list[Document]) -> set[str | None]:
    """The places of the batch's organs (what C207 reads as another place)."""
    from reviewer.organs import place_of

    return {place_of(d.organ) for d in docs if d.organ}


def foreign(docs: list[Document], places: set[str | None] | None = None,
            prose: list[list[tuple[int, int]]] | None = None) -> dict[int, list[Finding]]:
    """C207 findings of ``docs``; ``places``: those of the whole batch when ``docs`` is a part of it;
    ``prose`` as for ``flipped``."""
    from reviewer.similarity.residue import known_places

    places = batch_places(docs) if places is None else places
    prose = prose if prose is not None and len(prose) == len(docs) else None
    state = (docs, known_places(places), prose)
    out: dict[int, list[Finding]] = {}
    for i, words in _residue_in(state, range(len(docs))):
        doc = docs[i]
        out[i] = [doc.finding("C207", "copied-from-other", "warning", s, e, msg("C207", "residue", word=word, organ=doc.organ),
                              {"word": word}) for s, e, word in words]
    return out


def _residue_in(state: tuple[list[Document], Any, list[list[tuple[int, int]]] | None], block: range) -> list[tuple[int, list[tuple[int, int, str]]]]:
    """(report, its residue words with their spans) for the reports of ``block`` that have any."""
    from reviewer.similarity.residue import residue_among

    docs, known, prose = state
    out = []
    for i in block:
        doc = docs[i]
        if not doc.organ:
            continue
        spans = prose[i] if prose is not None else prose_spans(doc)
        words = list(residue_among(doc.text, doc.organ, spans, known))
        if words:
            out.append((i, words))
    return out
