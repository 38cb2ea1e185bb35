"""What one report carries: the defect plan drawn per report, the organ's state across years, and
the copy transforms that take a paragraph from an earlier report."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from reviewer.generate.defects import DefectOptions, change_figures, light_edit, reorder, shift_years
from reviewer.generate.organs import Organ

COPY_KINDS = ["copied-from-own-past", "copied-from-other", "template-text"]
# Roles whose text may be copied between reports (prose not tied to this year's tables).
COPYABLE = {"intro", "active", "manage", "platform", "supervise", "prev", "problems", "measures", "misc",
            "overview", "l_fee", "l_other"}


# -- per-organ state across years -------------------------------------------------------------------
@dataclass
class OrganState:
    carry: list[int] | None = None  # 结转下年度 of the last generated year (C6)
    in_force: dict[str, int] | None = None  # 现行有效件数 (C7)
    problems: list[str] = field(default_factory=list)  # last year's specific problems
    template_idx: dict[str, int] = field(default_factory=dict)  # avoid re-using last year's wording
    reports: list[Any] = field(default_factory=list)  # earlier GenReports of this organ in the batch


def _pick(rng: random.Random, pool: tuple[str, ...], role: str, st: OrganState) -> str:
    last = st.template_idx.get(role)
    choices = [i for i in range(len(pool)) if i != last] or [0]
    i = rng.choice(choices)
    st.template_idx[role] = i
    return pool[i]


# -- copying ----------------------------------------------------------------------------------------
def name_swaps(src: Any, organ: Organ) -> list[tuple[str, str]]:
    """What a copier replaces in another organ's text: its full name, its 政务微信 name and its place
    (longest first), so no trace of the source organ's name is left."""
    so = src.organ_obj
    pairs = [(so.name, organ.name), (so.wechat, organ.wechat), (so.place, organ.place)]
    return [(a, b) for a, b in pairs if a and a != b]


def swap_names(s: str, pairs: list[tuple[str, str]]) -> str:
    for i, (old, _) in enumerate(pairs):  # placeholders: a new name never gets replaced again
        s = s.replace(old, f"\x00{i}\x01")
    for i, (_, new) in enumerate(pairs):
        s = s.replace(f"\x00{i}\x01", new)
    return s


def _copy(src: Any, role: str, transform: str, rng: random.Random, year: int, organ: Organ):
    """Pieces and vague flags of ``src``'s paragraph ``role`` after ``transform``, with its source."""
    para = next((p for p in src.paras if p.role == role), None)
    if para is None:
        return None
    pieces, vague = list(para.pieces), list(para.vague)
    delta = year - src.year
    if transform == "name-swapped":
        swapped = [swap_names(x, name_swaps(src, organ)) for x in pieces]
        shifted = [shift_years(x, delta) for x in swapped]
        transform = "name-swapped" if swapped != pieces else "year-changed" if shifted != pieces else "verbatim"
        if transform == "name-swapped" and rng.random() < 0.3:  # a few figures made to look like one's own
            i = rng.randrange(len(shifted))
            changed = change_figures(shifted[i], rng)
            if changed != shifted[i]:
                shifted[i] = changed
                transform = "name-swapped+figures"
        pieces = shifted
    elif transform == "year-changed":
        pieces = [shift_years(x, delta) for x in pieces]
    elif transform == "figures-changed":
        pieces = [change_figures(shift_years(x, delta), rng) for x in pieces]
    elif transform == "reordered":
        moved = reorder([shift_years(x, delta) for x in pieces], rng)
        if moved is None:
            transform = "light-edit"
        else:
            # vague flags follow their pieces only loosely after a shuffle; keep only all-or-none
            pieces, vague = moved, [all(vague)] * len(moved)
    if transform == "light-edit":
        pieces = light_edit([shift_years(x, delta) for x in pieces], rng)
    if pieces == para.pieces:  # nothing the transform could change (no years, no edit points)
        transform = "verbatim"
    return pieces, vague, para, transform


# -- the report -------------------------------------------------------------------------------------
@dataclass
class Plan:
    own: dict[str, tuple[Any, str]] = field(default_factory=dict)  # role -> (source report, transform)
    other: dict[str, Any] = field(default_factory=dict)  # role -> source report
    vague: bool = False
    vague_sentence: bool = False
    template: bool = False
    missing_section: str | None = None
    missing_item: str | None = None
    broken_cell: bool = False
    blank_cell: bool = False
    text_table: bool = False
    cross_year: bool = False
    date: str | None = None


_MODERN_ROLES = ["intro", "active", "manage", "platform", "supervise", "prev", "problems", "measures", "misc"]
# l_active is not copied: its count is tied to the 统计表 (a stale copy would contradict it)
_LEGACY_ROLES = ["overview", "problems", "measures", "l_fee", "l_other"]
_MODERN_BLOCKS = (("intro", "active"), ("manage", "platform", "supervise"), ("prev", "problems", "measures"), ("misc",))
_LEGACY_BLOCKS = (("overview",), ("problems", "measures"), ("l_fee", "l_other"))
# cross-organ copies take organ-specific prose (spec §7 内容雷同): 一 and the legacy 概述, not the
# pool-built 五 or the formula sentences of 六, which two organs can share without copying
# (the one-sentence opening of 一 is pool wording with nothing of its own, so it is not taken)
_OTHER_BLOCKS = (("active",), ("manage", "platform", "supervise"), ("active", "manage", "platform", "supervise"))
_OTHER_BLOCKS_LEGACY = (("overview",),)


def plan_defects(rng: random.Random, o: DefectOptions, era: str, st: OrganState, peers: list[Any], st_organ: str = "") -> Plan:
    p = Plan()
    r = rng.random
    legacy = era == "legacy"
    roles = _LEGACY_ROLES if legacy else _MODERN_ROLES
    same_kind = [x for x in st.reports if (x.era == "legacy") == legacy]
    if same_kind and r() < o.lazy:
        src = same_kind[-1]
        for role in roles:
            p.own[role] = (src, "year-changed")
    elif same_kind and r() < o.own_copy:
        # a copier takes a run of consecutive paragraphs from one earlier report, with one habit
        blocks = _LEGACY_BLOCKS if legacy else _MODERN_BLOCKS
        block = rng.choice(blocks)
        k = min(len(block), rng.randint(1, max(1, o.own_copy_max)))
        first = rng.randrange(len(block) - k + 1)
        src = same_kind[-1] if r() < 0.8 else rng.choice(same_kind)
        transform = rng.choice(o.transforms)
        for role in block[first : first + k]:
            p.own[role] = (src, transform)
    # one copier per source organ, and no copy of a copy: a passage in three organs' reports is
    # shared wording of the batch (template text by document frequency), not one organ copying another
    cands = None
    if peers and r() < o.other_copy:  # (filtered only when needed: a batch has thousands of peers)
        cands = [x for x in peers if (x.era == "legacy") == legacy and not x.organ_obj.taken and not x.organ_obj.copier
                 and x.organ != st_organ]
    if cands:
        # another organ's organ-specific paragraphs taken whole, often all of 一 (its parts other than
        # 依申请公开, which is tied to the tables) or the legacy 概述; the name is swapped by the copier
        block = rng.choice(_OTHER_BLOCKS_LEGACY if legacy else _OTHER_BLOCKS)
        if r() < 0.5:
            run = block
        else:
            k = rng.randint(1, len(block))
            first = rng.randrange(len(block) - k + 1)
            run = block[first : first + k]
        src = rng.choice(cands)
        for role in run:
            if role not in p.own:
                p.other[role] = src
        src.organ_obj.taken = bool(p.other)
    p.vague = r() < o.vague
    p.vague_sentence = not p.vague and r() < o.vague_sentence
    p.template = r() < o.template
    if r() < o.missing_section:
        p.missing_section = rng.choice(["l_fee", "l_review", "l_other", "l_problems"] if legacy else
                                       ["一", "二", "三", "四", "五", "五", "六", "六"])
    if r() < o.missing_item:
        items = ["主动公开", "政府信息管理", "平台建设", "监督保障", "表二", "表三", "表四"]
        if era == "2021":
            items += ["信息处理费"] * 3
        p.missing_item = None if legacy else rng.choice(items)
    p.broken_cell = r() < o.broken_cell
    p.blank_cell = not legacy and r() < o.blank_cell
    p.text_table = r() < o.text_table
    p.cross_year = not legacy and st.carry is not None and r() < o.cross_year
    if r() < o.date:
        p.date = rng.choice(["period-year", "period-blank", "body-year"])
    return p
