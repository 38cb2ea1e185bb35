"""Compose one report in the canonical text layout, recording the truth while writing.

The layout is what ``reviewer.io.read_document`` yields for the written txt file: one paragraph per
line, tables as ``a | b | c`` rows, no blank lines. Every truth span is fixed when its text is
written (line index + offset in line), never searched for afterwards.
"""

from __future__ import annotations

import random
import re
from typing import Any

from reviewer.generate import pools as P
from reviewer.generate.builder import Builder, Para, cell_span, pieces_of
from reviewer.generate.defects import DefectOptions
from reviewer.generate.organs import Organ, make_organs
from reviewer.generate.plan import COPY_KINDS, OrganState, Plan, _copy, name_swaps, plan_defects
from reviewer.generate.sections import Sections
from reviewer.generate.specific import SPECIFIC_ROLES, specific_sentences
from reviewer.model import era_of

__all__ = ["Builder", "Composer", "Organ", "OrganState", "Para", "Plan", "cell_span", "make_organs", "pieces_of"]


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


_ORDINAL = re.compile("[一二三四五]是")
_FOLD = re.compile(r"[0-9年；。，]")


def item_span(piece: str) -> tuple[int, int]:
    """The problem item of a piece of 五: after its opener and ordinal (「…主要问题：一是」), without
    the closing punctuation."""
    m = _ORDINAL.search(piece)
    return (m.end() if m else 0), len(piece.rstrip("。；"))


def carried_topics(src: Para, pieces: list[str]) -> list[tuple[str, ...]]:
    """The topics of a copied problems paragraph: each piece keeps the topics of the source piece it
    came from (found by its text with figures and years folded, as a reorder moves pieces; by position
    after a light edit)."""
    ts = src.topics or [()] * len(src.pieces)
    keys = [_FOLD.sub("", x) for x in src.pieces]
    out = []
    for i, x in enumerate(pieces):
        hits = [j for j, k in enumerate(keys) if k == _FOLD.sub("", x)]
        out.append(ts[hits[0]] if len(hits) == 1 else ts[i] if i < len(ts) else ())
    return out


# paragraphs that are frame sentences (spec §7: the fee statement, 无其他需要报告的事项)
FRAME_ROLES = ("l_fee", "l_other")


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


class Composer(Sections):
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
        ln = self.b.line(f"{num}、{title}")
        self.b.heads.append((ln, num, title))
        return ln

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
        if role == "problems":
            p.topics = carried_topics(sp, pieces)
        if role in FRAME_ROLES:  # a frame sentence written again is never copying (see ``formula``)
            return p
        if vague and all(vague):
            # sentences all from the shared vague pool of 五 written again: formula use, never copying
            # (spec §7), a don't-care region for the copy kinds
            self.b.mark("template-text", p.line, 0, len(self.b.lines[p.line]), section, benign=True,
                        ignore_kinds=COPY_KINDS, reason="shared pool sentences written again")
            self._mark_vague(p)
            return p
        self.b.mark(kind, p.line, 0, len(self.b.lines[p.line]), section, source_name=src.name, source_organ=src.organ,
                    source_year=src.year, source_start=sp.start, source_end=sp.end, transform=transform,
                    formulaic=False, **extra)
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
        """One ``repeated-problem`` item per problem item of 五 that restates a problem of any earlier
        year of the organ (spec §8 end, C204): written again from the same entry, whatever the
        figures and wording; its source is the latest earlier report stating it. Stock lead-ins (the
        gap formula) carry no topic and are never items. An item sharing only an aspect with an
        earlier one of another entry (「…答复文书格式不统一」 after 「依申请公开办理的规范化水平有待提升」)
        is a judgement call: a don't-care region for repeated-problem."""
        if p.role != "problems" or not p.topics:
            return
        for i, tops in enumerate(p.topics):
            if not tops:
                continue
            earlier = [(r, t) for r in reversed(self.st.reports) for q in r.paras if q.role == "problems"
                       for t in q.topics or () if t]
            s, _ = self.b.piece_span(p, i)
            a, e = item_span(p.pieces[i])
            src = next((r for r, t in earlier if t[0] == tops[0]), None)
            if src is not None:
                self.b.mark("repeated-problem", p.line, s + a, s + e, p.section, source_name=src.name,
                            source_year=src.year, problem=tops[0])
            elif any(set(tops[1:]) & set(t[1:]) for _, t in earlier):
                self.b.mark("template-text", p.line, s + a, s + e, p.section, benign=True,
                            ignore_kinds=["repeated-problem"],
                            reason="a problem sharing an aspect with an earlier year's problem of another entry")

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
