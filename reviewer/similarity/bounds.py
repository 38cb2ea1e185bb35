"""Where a copied passage may begin and end (spec §7 内容雷同): not on the format's headings and
labels, and not inside the overview's political opening sentence (frame text, ``frame``); and which
earlier report a run of clauses is credited to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reviewer.similarity.fingerprint import Fingerprint

if TYPE_CHECKING:
    from reviewer.similarity.align import UnitMatch
    from reviewer.similarity.passages import Passage


def trim_headings(cur: Passage, t: Fingerprint, heading: np.ndarray, matches: list[tuple[Fingerprint, UnitMatch]]) -> None:
    """A passage neither starts nor ends on the format's headings or labels (units mostly of
    prescribed wording): a heading belongs to the text below it, and the frame sentences that
    follow a heading are no unit, so a passage ending on the heading would end inside them."""
    units = cur.units
    a, b = 0, len(units)
    while a < b - 1 and heading[units[a]]:
        a += 1
    while b - 1 > a and heading[units[b - 1]]:
        b -= 1
    if (a, b) == (0, len(units)):
        return
    _narrow(cur, t, matches, units[a:b])


def trim_stock_edges(cur: Passage, t: Fingerprint, free: np.ndarray, starts: set[int], ends: set[int],
                     matches: list[tuple[Fingerprint, UnitMatch]]) -> bool:
    """A passage that begins or ends inside a sentence does so on a clause of the organ's own wording,
    not on stock clauses (``free`` 0: common wording and figures only) — 「…但仍有提升空间。」 before it
    or 「下一步，本局将进一步提高认识，」 after it belong to the formula sentence they open or close, not
    to the passage; False when nothing is left."""
    units = cur.units
    a, b = 0, len(units)
    while a < b and int(t.u_start[units[a]]) not in starts and free[units[a]] <= 0:
        a += 1
    while b > a and int(t.u_end[units[b - 1]]) not in ends and free[units[b - 1]] <= 0:
        b -= 1
    return _keep(cur, t, matches, a, b)


def ends_sentence(t: Fingerprint, v: int, own: np.ndarray | None, ends: set[int]) -> bool:
    """Clause ``v`` ends its sentence, or no clause after it up to the sentence end has a character
    of the organ's own wording (``own``: per clause; 「…问题，已纠正完成。」 ends with nothing to copy)."""
    for w in range(v, len(t.u_end)):
        if w > v and own is not None and own[w] > 0:
            return False
        if int(t.u_end[w]) in ends:
            return True
    return True


def _keep(cur: Passage, t: Fingerprint, matches: list[tuple[Fingerprint, UnitMatch]], a: int, b: int) -> bool:
    """Keep units ``a:b`` of ``cur`` (all of them: unchanged); False when none is left."""
    if (a, b) == (0, len(cur.units)):
        return True
    if a >= b:
        return False
    _narrow(cur, t, matches, cur.units[a:b])
    return True


def _narrow(cur: Passage, t: Fingerprint, matches: list[tuple[Fingerprint, UnitMatch]], keep: list[int]) -> None:
    """Restrict ``cur`` to the units ``keep``: its span, its character count and its source span."""
    cur.units = keep
    cur.start, cur.end = int(t.u_start[keep[0]]), int(t.u_end[keep[-1]])
    cur.chars = int((t.u_m1[keep] - t.u_m0[keep]).sum())
    m = next((mm for ff, mm in matches if ff is cur.source), None) if cur.source is not None else None
    if m is not None:
        got = [u for u in keep if m.src_unit[u] >= 0]
        if got:
            cur.src_start, cur.src_end = int(min(m.src_start[u] for u in got)), int(max(m.src_end[u] for u in got))


def _opening_sentence(t: Fingerprint, pos: int) -> tuple[int, int] | None:
    """The sentence of the overview (section 一) holding ``pos`` when it opens with a political
    lead-in (``frame.opening_length``): the stock opening the overview starts with (spec §2 一),
    frame text however far its stance clauses run."""
    from reviewer.similarity.frame import POLITICAL, opening_length

    k = int(np.searchsorted(t.bounds[1], pos, side="right"))
    if k >= t.bounds.shape[1] or t.bounds[0][k] > pos:
        return None
    a, b = int(t.bounds[0][k]), int(t.bounds[1][k])
    sec = t.doc.section_at(a)
    lmap = t.doc.meta.get("legacy_map") or {}
    if sec is None or lmap.get(sec.id, sec.id) != "一":
        return None
    text = t.doc.text[a:b]
    k = opening_length(text)  # a political opening, not a mere 「按照…要求，」
    return (a, b) if k and POLITICAL.search(text, 0, k) else None


def trim_opening(cur: Passage, t: Fingerprint, matches: list[tuple[Fingerprint, UnitMatch]]) -> bool:
    """An own-past passage neither starts nor ends inside the overview's political opening sentence
    (its clauses there are dropped); False when nothing is left."""
    units = cur.units
    a, b = 0, len(units)
    first = _opening_sentence(t, int(t.u_start[units[0]]))
    if first is not None:
        while a < b and int(t.u_start[units[a]]) < first[1]:
            a += 1
    last = _opening_sentence(t, int(t.u_end[units[-1]]) - 1)
    if last is not None:
        while b > a and int(t.u_end[units[b - 1]]) > last[0]:
            b -= 1
    return _keep(cur, t, matches, a, b)


def carried_sentences(t: Fingerprint, own: list[tuple[Fingerprint, UnitMatch]], label: np.ndarray, src: np.ndarray,
                      cover: np.ndarray, weight: np.ndarray, share: float, labels: tuple[int, int, int, int],
                      unlabelled: tuple[int, ...]) -> None:
    """A sentence carried over from one earlier report of the organ is copied whole (spec §7 内容雷同:
    years and figures changed, a word or a short clause swapped). ``labels``: (copied, copied too
    short alone, copied in sequence, carried). When a clause of the sentence is copied from that
    report, every other clause is new or common wording (``unlabelled``) or copied from that same
    report, and ``share`` of its wording (``weight``: characters beyond the figures) stands in that
    report, common wording included (``raw`` cover), its short clauses become copied in sequence
    and its new or common ones carried (they extend the passage and count in the share, and are
    not themselves copied text), with that source and that cover."""
    strong, weak, seq, carried = labels
    if not own or not len(label) or not t.bounds.shape[1]:
        return
    starts, ends = t.bounds[0], t.bounds[1]
    k = np.minimum(np.searchsorted(ends, t.u_start, side="right"), len(ends) - 1)
    sent = np.where((starts[k] <= t.u_start) & (t.u_start < ends[-1]), k, -1)
    inside = np.flatnonzero(sent >= 0)
    order = sent[inside]  # the units of one sentence follow each other
    for k in np.unique(sent[(label == strong) & (sent >= 0)]).tolist():
        us = inside[np.searchsorted(order, k):np.searchsorted(order, k, side="right")]
        if len(us) < 2:
            continue
        labs = label[us]
        anchors = us[labs == strong]
        s = int(src[anchors[0]])
        copied = np.isin(labs, (strong, weak, seq))
        if not (copied | np.isin(labs, unlabelled)).all() or (src[us[copied]] != s).any():
            continue
        m = own[s][1]
        c = m.cover[us] if m.raw is None else np.maximum(m.cover[us], m.raw[us])
        w = weight[us]
        if w.sum() <= 0 or float(np.dot(w, c)) < share * float(w.sum()):
            continue
        sel = ((labs == weak) | np.isin(labs, unlabelled)) & (w > 0)
        take = us[sel]
        if not len(take):
            continue
        label[take] = np.where(labs[sel] == weak, seq, carried)
        src[take], cover[take] = s, c[sel]
        m.cover[take] = c[sel]  # the report's share counts the sentence whole
        # a clause found only as common wording has no source clause of its own: the nearest copied one's
        for u in take[m.src_unit[take] < 0].tolist():
            a = anchors[np.argmin(np.abs(anchors - u))]
            m.src_start[u], m.src_end[u] = m.src_start[a], m.src_end[a]


def steady_sources(c: np.ndarray, best: np.ndarray) -> np.ndarray:
    """The source of each clause among those covering it best: a clause found as well in the source
    of its neighbour keeps that source (a run carried from one report is not split between years
    that share a short clause)."""
    best = best.copy()
    top = c[best, np.arange(c.shape[1])]
    for order in (range(1, c.shape[1]), range(c.shape[1] - 2, -1, -1)):
        for u in order:
            v = u - 1 if order.step == 1 else u + 1
            k = best[v]
            if k != best[u] and top[u] > 0 and c[k, u] >= top[u] - 1e-9:
                best[u] = k
    return best
