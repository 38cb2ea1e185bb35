"""Compose one report in the canonical text layout, recording the truth while writing.

The layout is what ``reviewer.io.read_document`` yields for the written txt file: one paragraph per
line, tables as ``a | b | c`` rows, no blank lines. Every truth span is fixed when its text is
written (line index + offset in line), never searched for afterwards.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from reviewer.generate import pools as P
from reviewer.generate.defects import DefectOptions, change_figures, light_edit, reorder, shift_years
from reviewer.generate.specific import SPECIFIC_ROLES, specific_sentences
from reviewer.generate.tables import (
    Table2,
    Table3,
    Table4,
    gen_legacy,
    gen_table2,
    gen_table3,
    gen_table4,
    legacy_rows,
    outcome_rows,
    table3_rows,
    table4_rows,
)
from reviewer.generate.truth import TruthItem
from reviewer.model import era_of

COPY_KINDS = ["copied-from-own-past", "copied-from-other", "template-text"]
# Roles whose text may be copied between reports (prose not tied to this year's tables).
COPYABLE = {"intro", "active", "manage", "platform", "supervise", "prev", "problems", "measures", "misc",
            "overview", "l_fee", "l_other"}
_PIECE = re.compile(r"[^。；！？]*[。；！？]+|[^。；！？]+$")


# -- organs -----------------------------------------------------------------------------------------
@dataclass
class Organ:
    idx: int
    name: str
    kind: str  # "dept", "gov", "town"
    place: str
    topics: tuple[str, ...]
    scale: float  # expected new requests per year
    unit_kind: str
    level: str
    site: str
    wechat: str
    phone: str
    # cross-organ copying in the batch so far: an organ copied by another is not a source again, nor
    # is an organ that copied (its later reports may carry the text on as own-past copies)
    taken: bool = False
    copier: bool = False


def make_organs(n: int, rng: random.Random) -> list[Organ]:
    """Distinct fictional organs: county departments mostly, some governments and towns."""
    places = [a + b + lv for a in P.PLACE_FIRST for b in P.PLACE_SECOND if a != b for lv in ("",)]
    rng.shuffle(places)
    depts = list(P.DEPARTMENTS)
    organs: list[Organ] = []
    used: set[str] = set()
    i = 0
    while len(organs) < n:
        base = places[i % len(places)]
        level = P.PLACE_LEVEL[(i // len(places) + i) % len(P.PLACE_LEVEL)]
        place = base + level
        i += 1
        r = rng.random()
        if r < 0.1:
            kind, name, topics = "gov", place + "人民政府", tuple(rng.sample(P.GOVERNMENT_TOPICS, 3))
        elif r < 0.2:
            t = rng.choice(P.TOWN_FIRST) + rng.choice(P.TOWN_SECOND)
            kind, topics = "town", tuple(rng.sample(P.TOWN_TOPICS, 3))
            name = place + t + ("镇人民政府" if rng.random() < 0.6 else "街道办事处")
        else:
            dept = rng.choice(depts)
            kind, name, topics = "dept", place + dept, tuple(rng.sample(P.DEPARTMENTS[dept], 3))
        if name in used:
            continue
        used.add(name)
        scale = {"gov": 60.0, "town": 4.0, "dept": 15.0}[kind] * rng.uniform(0.3, 2.5)
        organs.append(Organ(
            idx=len(organs), name=name, kind=kind, place=place, topics=topics, scale=scale,
            unit_kind="处室" if level == "市" else "股室", level=level,
            site=place + "人民政府门户网站", wechat=base + ("发布" if kind != "dept" else name[len(place):len(place) + 2]),
            phone=f"{rng.randint(10000000, 99999999)}",
        ))
    return organs


# -- the builder ------------------------------------------------------------------------------------
@dataclass
class Para:
    role: str
    section: str | None
    line: int
    pieces: list[str]
    vague: list[bool]
    start: int = 0
    end: int = 0


@dataclass
class _Mark:
    kind: str
    line: int
    s: int
    e: int
    section: str | None
    detail: dict[str, Any]
    region: tuple[int, int] | None = None  # (first line, last line) of a wider region


class Builder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.paras: list[Para] = []
        self.marks: list[_Mark] = []
        self.shared_lines: list[int] = []  # paragraphs of pool wording (see GenReport.shared)
        self.shared: list[list[int]] = []

    def line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines) - 1

    def para(self, pieces: list[str], role: str, section: str | None, vague: list[bool] | None = None) -> Para:
        ln = self.line("".join(pieces))
        p = Para(role, section, ln, list(pieces), list(vague or [False] * len(pieces)))
        self.paras.append(p)
        return p

    def mark(self, kind: str, line: int, s: int, e: int, section: str | None, region=None, **detail: Any) -> None:
        self.marks.append(_Mark(kind, line, s, e, section, detail, region))

    def point(self, kind: str, section: str | None, **detail: Any) -> None:
        """An empty span where something is missing: the start of whatever line comes next."""
        self.marks.append(_Mark(kind, len(self.lines), 0, 0, section, detail))

    def piece_span(self, p: Para, i: int) -> tuple[int, int]:
        s = sum(len(x) for x in p.pieces[:i])
        return s, s + len(p.pieces[i])

    def finish(self) -> tuple[str, list[TruthItem]]:
        starts = []
        pos = 0
        for ln in self.lines:
            starts.append(pos)
            pos += len(ln) + 1
        starts.append(pos)  # a point after the last line
        text = "\n".join(self.lines) + "\n"
        for p in self.paras:
            p.start = starts[p.line]
            p.end = p.start + len(self.lines[p.line])
        truth = []
        for m in self.marks:
            if m.line >= len(self.lines):
                s = e = len(text)
            else:
                s, e = starts[m.line] + m.s, starts[m.line] + m.e
            detail = dict(m.detail)
            if m.region:
                detail["region"] = [starts[m.region[0]], starts[m.region[1]] + len(self.lines[m.region[1]])]
            truth.append(TruthItem(m.kind, s, e, m.section, detail))
        truth.sort(key=lambda t: (t.start, t.end, t.kind))
        self.shared = [[starts[ln], starts[ln] + len(self.lines[ln])] for ln in self.shared_lines]
        return text, truth


def cell_span(row: list[str], col: int) -> tuple[int, int]:
    s = sum(len(c) for c in row[:col]) + 3 * col
    return s, s + len(row[col])


def pieces_of(text: str) -> list[str]:
    return [m.group(0) for m in _PIECE.finditer(text) if m.group(0)]


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


_DRAW: dict[str, Any] = {
    "n_active": lambda r, v: r.randint(80, 900), "n_delta": lambda r, v: r.randint(3, 90),
    "updown": lambda r, v: r.choice(("增加", "减少")), "n_topic": lambda r, v: r.randint(10, 200),
    "n_interp": lambda r, v: r.randint(2, 30), "n_graph": lambda r, v: r.randint(1, max(1, v["n_interp"] // 2)),
    "n_video": lambda r, v: r.randint(0, max(1, v["n_interp"] - v["n_graph"])),
    "n_policy": lambda r, v: r.randint(2, 20), "n_notice": lambda r, v: r.randint(5, 80),
    "n_resp": lambda r, v: r.randint(2, 40), "n_check": lambda r, v: r.randint(20, 600),
    "n_cat": lambda r, v: r.randint(2, 12), "n_col_old": lambda r, v: r.randint(12, 24),
    "n_col_new": lambda r, v: r.randint(6, 11), "n_push": lambda r, v: r.randint(50, 900),
    "m": lambda r, v: r.randint(2, 11), "pct": lambda r, v: r.randint(3, 15), "n_train": lambda r, v: r.randint(1, 6),
    "n_people": lambda r, v: r.randint(12, 240), "n_staff": lambda r, v: r.randint(1, 6),
    "n_self": lambda r, v: r.randint(2, 4), "n_fix": lambda r, v: r.randint(2, 30), "n_panel": lambda r, v: r.randint(10, 60),
    "pct2": lambda r, v: r.randint(86, 99), "n_units": lambda r, v: r.randint(8, 40), "k": lambda r, v: r.randint(2, 15),
    "d": lambda r, v: r.randint(3, 20), "office": lambda r, v: r.choice(P.OFFICES),
    "fix_action": lambda r, v: r.choice(P.FIX_ACTIONS), "k1": lambda r, v: r.randint(2, 30),
    "k2": lambda r, v: r.randint(1, 20), "n_norm": lambda r, v: r.randint(0, 12), "n_web": lambda r, v: r.randint(50, 500),
    "n_other": lambda r, v: r.randint(5, 80),
}


class _Slots(dict):
    """Template values: the report's fixed slots, explicit extras, and numbers drawn on first use."""

    def __init__(self, c: Composer, extra: dict[str, Any]) -> None:
        super().__init__(c.slots)
        self.update(extra)
        self.rng = c.rng

    def __missing__(self, key: str) -> Any:
        v = _DRAW[key](self.rng, self)
        self[key] = v
        return v


class Composer:
    """Writes one report; holds the random stream, the builder and the plan."""

    def __init__(self, organ: Organ, year: int, rng: random.Random, opts: DefectOptions, st: OrganState, peers: list[Any]):
        self.o, self.year, self.rng, self.opts, self.st = organ, year, rng, opts, st
        self.era = era_of(year) or "2021"
        self.b = Builder()
        self.plan = plan_defects(rng, opts, self.era, st, peers, organ.name)
        Y = year
        self.slots: dict[str, Any] = {
            "Y": Y, "Y1": Y - 1, "Y2": Y + 1, "organ": organ.name, "org_short": organ.name,
            "t0": organ.topics[0], "t1": organ.topics[1], "t2": organ.topics[2], "site": organ.site,
            "wechat": organ.wechat, "phone": organ.phone, "unit_kind": organ.unit_kind, "place": organ.place,
            "level": {"县": "县", "市": "市", "区": "区"}[organ.level],
        }
        self.syn = [(old, rng.choice(variants)) for old, variants in P.SYNONYMS]
        self.pron = P.PRONOUNS[organ.kind][organ.idx % len(P.PRONOUNS[organ.kind])]

    def vary(self, s: str) -> str:
        names = [x for x in (self.o.name, *self.o.topics) if x in s]  # names and topics never change
        for i, x in enumerate(names):
            s = s.replace(x, f"\x00{i}\x01")
        for old, new in self.syn:
            if old != new and old in s:
                s = s.replace(old, new)
        for i, x in enumerate(names):
            s = s.replace(f"\x00{i}\x01", x)
        return s.replace("我局", self.pron) if self.pron != "我局" else s

    def own(self, s: str) -> str:
        return s.replace("我局", self.pron) if self.pron != "我局" else s

    # -- helpers --------------------------------------------------------------------------------
    def fill(self, tpl: str, **extra: Any) -> str:
        """Format a template, drawing only the numbers it asks for (generation stays fast)."""
        return self.vary(tpl.format_map(_Slots(self, extra)))

    def heading(self, num: str, title: str) -> int:
        return self.b.line(f"{num}、{title}")

    def role_para(self, role: str, section: str | None, fresh) -> Para | None:
        """Write the paragraph for ``role``: copied when the plan says so, else ``fresh()``."""
        plan = self.plan
        src = None
        if role in plan.own:
            src, transform = plan.own[role]
            got = _copy(src, role, transform, self.rng, self.year, self.o)
            kind = "copied-from-own-past"
        elif role in plan.other:
            src = plan.other[role]
            got = _copy(src, role, "name-swapped", self.rng, self.year, self.o)
            kind = "copied-from-other"
        else:
            got = None
        if got is None:
            pieces, vague = fresh()
            p = self.b.para(pieces, role, section, vague)
            self._mark_vague(p)
            if not any(p.vague):
                # fresh text from the shared clause pools: formula-like across the batch by construction
                self.b.shared_lines.append(p.line)
            return p
        pieces, vague, sp, transform = got
        extra: dict[str, Any] = {}
        if transform == "name-swapped+figures":
            transform, extra["figures_changed"] = "name-swapped", True
        if transform == "name-swapped":
            extra["names_swapped"] = [list(x) for x in name_swaps(src, self.o)]
        p = self.b.para(pieces, role, section, vague)
        self.b.mark(kind, p.line, 0, len(self.b.lines[p.line]), section, source_name=src.name, source_organ=src.organ,
                    source_year=src.year, source_start=sp.start, source_end=sp.end, transform=transform,
                    formulaic=bool(vague) and all(vague), **extra)  # formulaic: all from the shared vague pool
        if role == "problems" and kind == "copied-from-own-past":
            self.b.mark("repeated-problem", p.line, 0, len(self.b.lines[p.line]), section, source_name=src.name)
        if transform == "verbatim" and src.year != self.year:
            stale = f"{src.year}年"
            line = self.b.lines[p.line]
            for m in re.finditer(re.escape(stale), line):
                self.b.mark("date-mismatch", p.line, m.start(), m.end() - 1, section, found=src.year, expected=self.year,
                            reason="stale year in copied passage")
        elif transform != "verbatim" and src.year != self.year:
            # the source's own stale body year (「{Y-1}年，…」, see stale_year) shifted with the other
            # years is still one year behind in the copy: the defect travels with the passage
            line, old = self.b.lines[p.line], f"{self.year - 1}年"
            if line.startswith((old + "，", old + "是")) and sp.pieces and sp.pieces[0].startswith(
                    (f"{src.year - 1}年，", f"{src.year - 1}年是")):
                self.b.mark("date-mismatch", p.line, 0, len(old) - 1, section, found=self.year - 1, expected=self.year,
                            reason="stale body year carried over from the copied source")
        self._mark_vague(p)
        return p

    def _mark_vague(self, p: Para) -> None:
        for i, v in enumerate(p.vague):
            if v:
                s, e = self.b.piece_span(p, i)
                self.b.mark("vague-narrative", p.line, s, e, p.section)
                self.b.mark("template-text", p.line, s, e, p.section, benign=True, ignore_kinds=COPY_KINDS,
                            reason="formulaic wording shared by many reports")

    def clauses(self, role: str, **extra: Any) -> tuple[list[str], None]:
        """A fresh paragraph: label + sentences from the role's clause pool, avoiding the clauses this
        organ used in its last two reports (independently written years must not look copied)."""
        rng, st = self.rng, self.st
        pool = P.CLAUSES[role]
        recent = st.template_idx.get(role, ((), ()))
        avoid = set(recent[0]) | set(recent[1])
        lo, hi = P.CLAUSE_COUNT[role]
        k = rng.randint(lo, hi)
        if role in SPECIFIC_ROLES:  # most of the paragraph is the organ's own (added below)
            k = max(2 if role == "overview" else 1, k - 1)
        cand = [i for i in range(len(pool)) if i not in avoid]
        if len(cand) < k:
            cand += rng.sample([i for i in range(len(pool)) if i not in cand], k - len(cand))
        idx = sorted(rng.sample(cand, k))
        st.template_idx[role] = (recent[1], tuple(idx))
        label = rng.choice(P.LABELS[role]) if role in P.LABELS else ""
        if role in ("intro", "overview", "l_active"):  # the opening sentence stays first
            idx = sorted(idx, key=lambda i: (not pool[i].startswith("{Y}年"), i))
        pieces = [label] * bool(label) + [self.fill(pool[i], **extra) for i in idx]
        if role in SPECIFIC_ROLES:  # what only this organ could write this year (see specific.py)
            pieces += specific_sentences(rng, self.slots, 2,
                                         st.template_idx.setdefault("specific", {}))
        return pieces, None

    def stale_year(self, p: Para | None) -> None:
        """The body's opening 「{Y}年，」 written with last year's number (spec C10)."""
        if self.plan.date != "body-year" or p is None:
            return
        line = self.b.lines[p.line]
        cur, old = f"{self.year}年", f"{self.year - 1}年"
        if not (p.pieces and p.pieces[0].startswith(cur)) or any(m.line == p.line and m.kind.startswith("copied")
                                                                 for m in self.b.marks):
            return
        p.pieces[0] = old + p.pieces[0][len(cur):]
        self.b.lines[p.line] = old + line[len(cur):]
        self.b.mark("date-mismatch", p.line, 0, len(old) - 1, p.section, found=self.year - 1, expected=self.year,
                    reason="the body's current year is last year")

    def formula(self, p: Para | None) -> None:
        """Mark a fixed formula sentence (fee statement, 无其他事项) as shared by construction."""
        if p is not None and not any(m.line == p.line and m.kind.startswith("copied") for m in self.b.marks):
            self.b.mark("template-text", p.line, 0, len(self.b.lines[p.line]), p.section, benign=True,
                        ignore_kinds=COPY_KINDS, reason="fixed formula sentence")

    def _repeated(self, p: Para) -> None:
        """Problem sentences identical to the organ's previous report's problems (spec §8 end)."""
        if not self.st.reports or p.role != "problems":
            return
        prev = next((x for x in self.st.reports[-1].paras if x.role == "problems"), None)
        if prev is None:
            return
        old = {x.rstrip("。；") for x in prev.pieces}
        for i, piece in enumerate(p.pieces):
            if piece.rstrip("。；") in old and len(piece) > 8:
                s, e = self.b.piece_span(p, i)
                self.b.mark("repeated-problem", p.line, s, e, p.section, source_name=self.st.reports[-1].name)

    # -- sections -------------------------------------------------------------------------------
    def compose(self):
        o, Y, b = self.o, self.year, self.b
        title = f"{o.name}{Y}年{'度' if self.rng.random() < 0.3 else ''}政府信息公开工作年度报告"
        b.line(title)
        self.preamble()
        if self.era == "legacy":
            self.legacy_body()
        else:
            self.modern_body()
        text, truth = b.finish()
        return text, truth

    def preamble(self) -> None:
        b, Y = self.b, self.year
        head = {"2021": P.PREAMBLE_2021, "trial": P.PREAMBLE_TRIAL}.get(self.era, P.PREAMBLE_LEGACY)
        period_year = Y
        if self.plan.date == "period-year":
            period_year = Y + self.rng.choice((-1, 1))
        period = P.PERIOD_BLANK if self.plan.date == "period-blank" else P.PERIOD.format(Y=period_year)
        pieces = [head, period, self.fill(self.rng.choice(P.DOWNLOAD)), self.fill(self.rng.choice(P.CONTACT))]
        p = b.para(pieces, "preamble", None)
        b.mark("template-text", p.line, 0, len(b.lines[p.line]), None, benign=True, ignore_kinds=COPY_KINDS,
               reason="the shared preamble formula")
        if self.plan.date in ("period-year", "period-blank"):
            s, e = b.piece_span(p, 1)
            b.mark("date-mismatch", p.line, s, e, None, found=None if period_year == Y and self.plan.date == "period-blank" else period_year,
                   expected=Y, reason="statistics period " + ("blank" if self.plan.date == "period-blank" else "of another year"))

    def modern_body(self) -> None:
        o, b, plan, rng = self.o, self.b, self.plan, self.rng
        st = self.st
        t3 = gen_table3(rng, o.scale, st.carry, self.era)
        cross_col = None
        # C6 compares year t with t−1 only: after a gap in the batch's years (2020 → 2022) the
        # carry-over cannot be checked, so it is not a defect there and none is injected
        if plan.cross_year and st.carry is not None and st.reports and st.reports[-1].year == self.year - 1:
            cross_col = rng.randrange(6)
            carry = list(st.carry)
            carry[cross_col] += rng.randint(1, 3)
            t3 = gen_table3(rng, o.scale, carry, self.era)
        t4 = gen_table4(rng, o.scale)
        t2 = gen_table2(rng, o.scale, self.era, o.kind == "gov", st.in_force)
        self.tables = {"t2": t2, "t3": t3, "t4": t4}
        st.carry, st.in_force = t3.next, t2.in_force
        for sid in ("一", "二", "三", "四", "五", "六"):
            if plan.missing_section == sid:
                b.point("missing-section", sid, title=P.HEADINGS[sid][0])
                continue
            title = rng.choice(P.HEADINGS[sid])
            self.heading(sid, title)  # a missing section leaves a gap in the numbering
            getattr(self, f"sec_{'一二三四五六'.index(sid) + 1}")(sid, t2, t3, t4, cross_col)

    def sec_1(self, sid, t2, t3: Table3, t4: Table4, cross_col) -> None:
        o, b, plan = self.o, self.b, self.plan
        self.stale_year(self.role_para("intro", sid, lambda: self.clauses("intro")))
        parts = [("主动公开", "active"), ("依申请公开", "apply"), ("政府信息管理", "manage"),
                 ("平台建设", "platform"), ("监督保障", "supervise")]
        for item, role in parts:
            if plan.missing_item == item:
                b.point("missing-item", sid, item=item)
                continue
            if role == "apply":
                self.apply_para(sid, t3, t4)
                continue
            self.role_para(role, sid, lambda role=role: self.clauses(role))
        if o.kind == "gov":
            b.para([self.fill(P.GOV_ASSESS)], "gov_assess", sid)
        if plan.template:
            self.template_para(sid)

    def template_para(self, sid: str | None) -> None:
        txt = self.rng.choice(P.TEMPLATE_PASSAGES)
        p = self.b.para([txt], "template", sid)
        self.b.mark("template-text", p.line, 0, len(txt), sid, reason="model wording pasted into the report")

    def apply_para(self, sid, t3: Table3, t4: Table4) -> None:
        b, rng, plan = self.b, self.rng, self.plan
        tot = t3.totals()
        vals = {**tot, "rev": t4.review_total(), "lit": t4.litigation_total()}
        keys = {"new": "新收政府信息公开申请", "carry": "上年结转", "done": "办结", "next": "结转下年度",
                "rev": "行政复议", "lit": "行政诉讼"}
        wrong = None
        if plan.text_table and plan.missing_item != "表三" and plan.missing_section != "三":
            wrong = rng.choice(list(keys))
            if wrong in ("rev", "lit") and (plan.missing_item == "表四" or plan.missing_section == "四"):
                wrong = "new"
        shown = dict(vals)
        if wrong:
            v = vals[wrong]
            shown[wrong] = v + rng.randint(1, max(3, v)) if (rng.random() < 0.6 or v == 0) else rng.randint(0, v - 1)
        s1 = rng.choice(P.APPLY).format(**shown)
        s2 = rng.choice(P.REVIEW_SENT).format(**shown)
        p = b.para([s1, s2], "apply", sid)
        if wrong:
            line = b.lines[p.line]
            kw = keys[wrong]
            i = line.find(kw, len(s1) if wrong in ("rev", "lit") else 0)
            m = re.compile(r"\d+件").search(line, i)
            table = "四" if wrong in ("rev", "lit") else "三"
            b.mark("text-table-mismatch", p.line, i, m.end(), sid, quantity=wrong, prose=shown[wrong], table=vals[wrong],
                   table_section=table)

    def _table(self, rows: list[list[str]], sid: str, first_data: int, kind_cells: str) -> tuple[int, int]:
        """Write rows (after cell defects) and return (first line, last line)."""
        b = self.b
        first = len(b.lines)
        for r in rows:
            b.line(" | ".join(r))
        return first, len(b.lines) - 1

    def sec_2(self, sid, t2: Table2, t3, t4, cross_col) -> None:
        b, plan, rng = self.b, self.plan, self.rng
        if plan.missing_item == "表二":
            b.point("missing-item", sid, item="表二")
            return
        blocks = []
        for caption, header, rows in t2.blocks:
            b.line(caption)
            first = len(b.lines)
            b.line(" | ".join(header))
            lines = [b.line(" | ".join(r)) for r in rows]
            blocks.append((first, lines, rows))
        if plan.blank_cell and rng.random() < 0.25:
            cand = [(ln, r, c) for first, lines, rows in blocks for ln, r in zip(lines, rows, strict=True)
                    for c in range(1, len(r)) if r[c] == "0"]
            if cand:
                ln, r, c = rng.choice(cand)
                self._blank(ln, r, c, sid, (blocks[0][0], blocks[-1][1][-1]))
                plan.blank_cell = False

    def _blank(self, ln: int, row: list[str], c: int, sid: str, region) -> None:
        b = self.b
        row = list(row)
        row[c] = self.rng.choice(("", "/", "—", "-", "/"))
        b.lines[ln] = " | ".join(row)
        s, e = cell_span(row, c)
        b.mark("table-missing-value", ln, s, e, sid, region=region, written=row[c], row_label=row[0] or row[1] or row[2])

    def sec_3(self, sid, t2, t3: Table3, t4, cross_col) -> None:
        b, plan, rng = self.b, self.plan, self.rng
        if plan.missing_item == "表三":
            b.point("missing-item", sid, item="表三")
            return
        rows, d0 = table3_rows(t3)
        first = len(b.lines)
        lines = [b.line(" | ".join(r)) for r in rows]
        region = (first, lines[-1])
        if cross_col is not None:
            ln = lines[d0 + 1]
            s, e = cell_span(rows[d0 + 1], 3 + cross_col)
            b.mark("cross-year-mismatch", ln, s, e, sid, region=region, column=cross_col,
                   previous_next=self.st.reports[-1].tables["t3"].next[cross_col] if self.st.reports and "t3" in self.st.reports[-1].tables else None)
        broken_row = -1
        if plan.broken_cell and (rng.random() < 0.7 or plan.missing_item == "表四" or plan.missing_section == "四"):
            # a count inside the outcome rows, or a row total: C2/C3 break
            ri = rng.randrange(d0 + 2, len(rows) - 2)
            row = list(rows[ri])
            c = rng.choice([3, 3, 4, 9])
            v = int(row[c])
            row[c] = str(v + rng.randint(1, 5) if rng.random() < 0.7 or v == 0 else v - 1)
            b.lines[lines[ri]] = " | ".join(row)
            rows[ri] = row
            broken_row = ri
            s, e = cell_span(row, c)
            b.mark("table-arithmetic", lines[ri], s, e, sid, region=region, rule="C3" if c == 9 else "C2/C3",
                   row_label=row[2] or row[1] or row[0], was=v, written=int(row[c]))
            plan.broken_cell = False
        if plan.blank_cell:
            cand = [(i, c) for i in range(d0, len(rows)) for c in range(3, 10) if rows[i][c] == "0" and i != broken_row]
            if cand:
                i, c = rng.choice(cand)
                self._blank(lines[i], rows[i], c, sid, region)
                plan.blank_cell = False

    def sec_4(self, sid, t2, t3, t4: Table4, cross_col) -> None:
        b, plan, rng = self.b, self.plan, self.rng
        if plan.missing_item == "表四":
            b.point("missing-item", sid, item="表四")
            return
        rows, d0 = table4_rows(t4)
        first = len(b.lines)
        lines = [b.line(" | ".join(r)) for r in rows]
        region = (first, lines[-1])
        data = list(rows[d0])
        if plan.broken_cell:  # only reached when table 三 was not written
            c = rng.choice((4, 9, 14))
            v = int(data[c])
            data[c] = str(v + rng.randint(1, 3))
            b.lines[lines[d0]] = " | ".join(data)
            s, e = cell_span(data, c)
            b.mark("table-arithmetic", lines[d0], s, e, sid, region=region, rule="C4", was=v, written=int(data[c]))
            plan.broken_cell = False
        elif plan.blank_cell:
            cand = [c for c in range(15) if data[c] == "0"]
            if cand:
                self._blank(lines[d0], data, rng.choice(cand), sid, region)
                plan.blank_cell = False

    def sec_5(self, sid, *_: Any) -> None:
        self.problems_section(sid, modern=True)

    def problems_section(self, sid: str, modern: bool) -> None:
        rng, st, plan, Y = self.rng, self.st, self.plan, self.year
        if modern:
            def prev_fresh():
                if plan.vague:
                    return [self.own(rng.choice(P.VAGUE_PREV))], [True]
                prob = rng.choice(st.problems) if st.problems else self.vary(rng.choice(P.PROBLEM_SPEC).format(**self._pslots()))
                return [self.fill(rng.choice(P.PREV_FIXED), prev_problem=prob.split("，")[0])], None

            self.role_para("prev", sid, prev_fresh)
        chosen: list[str] = []

        def problems_fresh():
            if plan.vague:
                ps = [self.own(x) for x in rng.sample(P.VAGUE_PROBLEM, rng.randint(2, 3))]
                return ps, [True] * len(ps)
            idx = self._fresh_pair("problem_set", len(P.PROBLEM_SPEC))
            items = [self.vary(P.PROBLEM_SPEC[i].format(**self._pslots())) for i in idx]
            chosen.extend(items)
            opener = self.vary(rng.choice(P.PROBLEM_OPEN).format(Y=Y))
            return [f"{opener}{P.ORDINAL[0]}{items[0]}；", f"{P.ORDINAL[1]}{items[1]}。"], None

        p = self.role_para("problems", sid, problems_fresh)
        if p is not None and "problems" not in plan.own:
            self._repeated(p)
        st.problems = chosen or st.problems

        def measures_fresh():
            if plan.vague:
                ps = [self.own(x) for x in rng.sample(P.VAGUE_MEASURE, rng.randint(2, 3))]
                return ps, [True] * len(ps)
            items = [self.fill(P.MEASURE_SPEC[i]) for i in self._fresh_pair("measure_set", len(P.MEASURE_SPEC))]
            pieces = [f"{self.vary(rng.choice(P.MEASURE_OPEN))}{P.ORDINAL[0]}{items[0]}；", f"{P.ORDINAL[1]}{items[1]}。"]
            flags = [False, False]
            if plan.vague_sentence:
                pieces.append(self.own(rng.choice(P.VAGUE_MEASURE)))
                flags.append(True)
            return pieces, flags

        self.role_para("measures", sid, measures_fresh)

    def _fresh_pair(self, key: str, n: int) -> list[int]:
        """Two template indices this organ did not use in its last two reports (so a specific 五
        is never the same problem or measure as a recent year unless a copy defect says so)."""
        recent = self.st.template_idx.get(key, ((), ()))
        cand = [i for i in range(n) if i not in set(recent[0]) | set(recent[1])]
        if len(cand) < 2:
            cand = [i for i in range(n) if i not in recent[1]]
        idx = self.rng.sample(cand, 2)
        self.st.template_idx[key] = (recent[1], tuple(idx))
        return idx

    def _pslots(self) -> dict[str, Any]:
        r = self.rng
        return {**self.slots, "k": r.randint(2, 15), "d": r.randint(3, 20), "pct": r.randint(10, 40)}

    def sec_6(self, sid, *_: Any) -> None:
        b, rng, plan = self.b, self.rng, self.plan
        if plan.missing_item == "信息处理费":
            b.point("missing-item", sid, item="信息处理费")
        else:
            t3 = _[1] if len(_) > 1 else None
            unpaid = 0
            if self.era == "2021" and isinstance(t3, Table3):
                row = next(i for i, r in enumerate(outcome_rows("2021")) if r[1].startswith("2.申请人逾期未按收费"))
                unpaid = sum(t3.outcomes[row])
            if unpaid:  # fee notices were sent, so fees were charged (spec C9)
                k = unpaid + rng.randint(0, 3)
                b.para([P.FEE_CHARGED.format(fee=k * rng.choice((100, 200, 300)), k=k)], "fee", sid)
            else:
                pool = P.FEE_NONE if self.era == "2021" else P.FEE_TRIAL
                self.formula(b.para([self.fill(rng.choice(pool))], "fee", sid))
        self.role_para("misc", sid, lambda: self.clauses("misc"))

    # -- legacy ---------------------------------------------------------------------------------
    def legacy_body(self) -> None:
        o, b, plan, rng = self.o, self.b, self.plan, self.rng
        stats = gen_legacy(rng, o.scale)
        self.tables = {"legacy": stats}
        num = 0
        titles: dict[str, str] = {}
        for role, options in P.LEGACY_HEADINGS:
            title = rng.choice(options)
            titles[role] = title
            if plan.missing_section == f"l_{role}":
                # spec §6 scores a legacy report against its own outline: only 主动公开, 依申请公开 and
                # 问题和改进 are required there, so a report without a fee, review or 其他 heading is
                # not incomplete (many real pre-2019 reports have none) — recorded, but benign
                optional = role in ("fee", "review", "other")
                b.point("missing-section", title, topic=role, **({"benign": True} if optional else {}))
                continue
            self.heading(P.NUMERALS[num], title)
            num += 1
            if role == "overview":
                self.stale_year(self.role_para("overview", title, lambda: self.clauses("overview")))
                if plan.template:
                    self.template_para(title)
            elif role == "active":
                self.role_para("l_active", title, lambda: self.clauses("l_active", n_active=stats.active, n_norm=stats.norm))
            elif role == "apply":
                self.legacy_apply(title, stats)
            elif role == "fee":
                self.formula(self.role_para("l_fee", title, lambda: ([rng.choice(P.LEGACY_FEE)], None)))
            elif role == "review":
                b.para([P.LEGACY_REVIEW[0].format(rev=stats.review, lit=stats.litigation)], "l_review", title)
            elif role == "problems":
                self.problems_section(title, modern=False)
            elif role == "other":
                self.formula(self.role_para("l_other", title, lambda: ([rng.choice(P.LEGACY_OTHER)], None)))
        b.line(f"附：{self.year}年政府信息公开情况统计表")
        rows, index = legacy_rows(stats)
        first = len(b.lines)
        lines = [b.line(" | ".join(r)) for r in rows]
        sec = titles["other"] if plan.missing_section != "l_other" else None
        if plan.broken_cell:
            ri = index["channels"] + rng.randrange(4)  # channel counts: no prose states them
            row = list(rows[ri])
            v = int(row[2])
            row[2] = str(v + rng.randint(1, 4))
            b.lines[lines[ri]] = " | ".join(row)
            s, e = cell_span(row, 2)
            b.mark("table-arithmetic", lines[ri], s, e, sec, region=(first, lines[-1]), rule="legacy sum", was=v,
                   written=int(row[2]), row_label=row[0])

    def legacy_apply(self, title: str, s) -> None:
        b, rng, plan = self.b, self.rng, self.plan
        done = s.on_time + s.late
        opened = int(done * 0.7)
        refuse = int((done - opened) * 0.3)
        new = s.received
        shown_new = new
        if plan.text_table:
            shown_new = new + rng.randint(1, max(3, new))
        tpl = rng.choice(P.LEGACY_APPLY)
        txt = self.fill(tpl, new=shown_new, open=opened, refuse=refuse, none=done - opened - refuse,
                        open_plus=s.on_time, rest=s.late)
        p = b.para([txt], "l_apply", title)
        if plan.text_table:
            i = txt.find("政府信息公开申请")
            m = re.compile(r"\d+件").search(txt, i)
            b.mark("text-table-mismatch", p.line, i, m.end(), title, quantity="received", prose=shown_new, table=new,
                   table_section="统计表")

