"""Sections whose heading is missing, recovered from their content (spec §2: a report covering a
section under its own heading, or whose heading was lost in extraction, is not missing it).

Each run of missing sections is looked for where it would stand: at the tail of the preceding
present section (or in the preamble when no earlier section exists), by segmenting that region's
paragraphs monotonically into the preceding section followed by the missing ones in the spec's
order (``reviewer.structure.classifier._segment``). A section is only claimed from content with some
substance and one paragraph the classifier is fairly sure of. The sections 二 三 四 hold a table,
not prose, so prose right after one of their headings may start a lost section (「四、…行政诉讼情况」
followed directly by the problems of 五); any other section keeps at least its first paragraph.
"""

from __future__ import annotations

import bisect

from reviewer.model import SECTION_IDS, Document, Section
from reviewer.normalise import normalise_line, tighten
from reviewer.structure import classifier as sectionclf
from reviewer.structure.outline import CANONICAL_TITLES

_TABLE_SECTIONS = frozenset("二三四")
_ORDER = {sid: i for i, sid in enumerate(SECTION_IDS)}


def _positions(doc: Document, paras: list[tuple[int, int]]) -> list[float | None]:
    n = max(1, len(doc.text))
    return [(s + e) / 2 / n for s, e in paras]


_HINT_PROBA = 0.25  # a unit this likely to be a missing section is mentioned in its finding
_LONG = 200  # a paragraph this long may be several run together (a crawled one-line body)


def body_paragraphs(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Text paragraphs (not table rows) within [start, end), clipped to it; a long paragraph is
    taken sentence by sentence, and so is a region's only paragraph, since a lost heading may leave
    two sections' text in one."""
    out = []
    in_table = [(t.start, t.end) for t in doc.tables]
    spans = [(max(p.start, start), min(p.end, end)) for p in doc.paragraphs]
    spans = [(s, e) for s, e in spans if e - s >= 2 and not any(ts <= s < te for ts, te in in_table)]
    starts = [x.start for x in doc.sentences]
    for s, e in spans:
        if e - s > _LONG or len(spans) == 1:
            i = bisect.bisect_left(starts, s)
            if i and doc.sentences[i - 1].end > s:
                i -= 1
            sents = []
            while i < len(doc.sentences) and doc.sentences[i].start < e:
                sents.append((max(doc.sentences[i].start, s), min(doc.sentences[i].end, e)))
                i += 1
            if len(sents) > 1:
                out.extend(sents)
                continue
        out.append((s, e))
    return out


def _texts(doc: Document, paras: list[tuple[int, int]]) -> list[str]:
    return [tighten(normalise_line(doc.text[s:e])) for s, e in paras]


def _whole_body(doc: Document, model) -> list[Section]:
    """No heading found at all: segment the whole body in the spec's order."""
    paras = body_paragraphs(doc, 0, len(doc.text))
    if not paras:
        return []
    proba = model.proba(_texts(doc, paras), _positions(doc, paras))
    path = sectionclf._segment(proba, model.labels, list(sectionclf._DOC_STATES))
    out: list[Section] = []
    conf: list[float] = []
    for (s, e), lab, pr in zip(paras, path, proba, strict=True):
        if lab == "other":
            continue
        p_lab = float(pr[model.labels.index(lab)])
        if out and out[-1].id == lab:
            out[-1].end = e
            conf[-1] = max(conf[-1], p_lab)
        else:
            out.append(Section(lab, CANONICAL_TITLES[lab], s, e, s, recovered=True))
            conf.append(p_lab)
    return [
        sec
        for sec, c in zip(out, conf, strict=True)
        if sec.end - sec.start >= sectionclf._MIN_CHARS and c >= sectionclf._MIN_PROBA
    ]


def _trim(doc: Document, start: int, end: int) -> int:
    while end > start and doc.text[end - 1] in "\n ":
        end -= 1
    return end


def _recover_gap(doc: Document, model, prev: Section | None, group: list[str], region: tuple[int, int]) -> list[Section]:
    """The sections of ``group`` (missing, consecutive in the spec's order) found in ``region``:
    the body of ``prev``, or the preamble when ``prev`` is None."""
    paras = body_paragraphs(doc, *region)
    table_prev = prev is not None and prev.id in _TABLE_SECTIONS
    if not paras or (len(paras) < 2 and not table_prev):
        return []
    states = ["other" if prev is None else prev.id, *group]
    proba = model.proba(_texts(doc, paras), _positions(doc, paras))
    path = sectionclf._segment(proba, model.labels, states)
    if path[0] != states[0] and not table_prev:
        path[0] = states[0]  # the preceding part keeps at least its first paragraph
    found: list[Section] = []
    for sid in group:
        k = model.labels.index(sid)
        tail = [(p, float(pr[k])) for p, lab, pr in zip(paras, path, proba, strict=True) if lab == sid]
        if not tail:
            continue
        if sum(e - s for (s, e), _ in tail) < sectionclf._MIN_CHARS or max(c for _, c in tail) < sectionclf._MIN_PROBA:
            # too little or too unsure to claim the section, but when some of it reads as the
            # section the missing-section finding must not say that nothing of it is there
            if max(c for _, c in tail) >= _HINT_PROBA:
                doc.meta.setdefault("section_hints", {})[sid] = tail[0][0][0]
            continue
        start = tail[0][0][0]
        found.append(Section(sid, CANONICAL_TITLES[sid], start, tail[-1][0][1], start, recovered=True))
    # each recovered section runs to the next one, the last to the end of the region
    for i, a in enumerate(found):
        a.end = _trim(doc, a.start, found[i + 1].start if i + 1 < len(found) else region[1])
    if found and prev is not None:
        prev.end = _trim(doc, prev.heading_end, found[0].start)
    return found


def recover_sections(doc: Document, sections: list[Section]) -> list[Section]:
    """``sections`` plus a ``recovered`` Section (canonical title, ``heading_end == start``) for
    each missing section whose content is found where it would stand."""
    model = sectionclf.load_model()
    if model is None:
        return sections
    missing = [sid for sid in SECTION_IDS if sid not in {s.id for s in sections}]
    if not missing:
        return sections
    if not sections:
        return _whole_body(doc, model)
    result = list(sections)
    groups: dict[str, list[str]] = {}  # id of the preceding present section ("" = none) → missing
    for sid in missing:
        prev = max((s for s in sections if _ORDER.get(s.id, 99) < _ORDER[sid]), key=lambda s: _ORDER[s.id], default=None)
        groups.setdefault("" if prev is None else prev.id, []).append(sid)
    for key, group in groups.items():
        prev = next((s for s in sections if s.id == key), None) if key else None
        if prev is None:
            region = (0, min(s.start for s in sections))
        else:
            region = (prev.heading_end, prev.end)
        result.extend(_recover_gap(doc, model, prev, group, region))
    result.sort(key=lambda s: s.start)
    return result



