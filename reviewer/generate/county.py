"""The county scenario (spec §1 内容雷同): the towns of one county file one circulated text, each
with only its own name swapped in — the commonest real pattern of reports copied between organs.

Rate ``county`` (``DefectOptions``; 0 by default, not part of ``--realistic``): when above 0 the
batch gets one fictional county of 8–15 towns (their own random stream, appended after the other
organs), and each year, with probability ``county``, the towns file one text: the first town's
prose, copied paragraph by paragraph by every other town with the names swapped.

Truth: every town's copied paragraphs are ``copied-from-other`` defects (the circulated text comes
from outside the batch, so no town is the innocent source), each with ``detail["group"]`` =
``{"organs": k, "members": [organ names], "earliest_year": year}``; the source named is another
town of the group filing the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from reviewer.generate import pools as P
from reviewer.generate.organs import Organ
from reviewer.generate.plan import _LEGACY_ROLES, _MODERN_ROLES
from reviewer.generate.truth import TruthItem

MIN_TOWNS, MAX_TOWNS = 8, 15


@dataclass
class County:
    towns: list[Organ]
    rate: float
    rng: random.Random
    years: dict[int, bool] = field(default_factory=dict)  # year -> the towns file one text
    filed: dict[int, list[Any]] = field(default_factory=dict)  # year -> the towns' reports

    def active(self, year: int) -> bool:
        if year not in self.years:
            self.years[year] = self.rng.random() < self.rate
        return self.years[year]

    def adjust(self, composer: Any, year: int) -> None:
        """Before composing a town's report: copy every prose paragraph of the first town's report
        of this year (the first town writes the text)."""
        if composer.o not in self.towns or not self.active(year):
            return
        first = self.filed.get(year)
        if not first:
            composer.plan.own, composer.plan.other = {}, {}
            return
        roles = _LEGACY_ROLES if composer.era == "legacy" else _MODERN_ROLES
        composer.plan.own = {}
        composer.plan.other = {role: first[0] for role in roles}

    def filed_report(self, r: Any) -> None:
        if r.organ_obj in self.towns and self.active(r.year):
            self.filed.setdefault(r.year, []).append(r)


def make_county(organs: list[Organ], seed: int, rate: float) -> County | None:
    """Append the towns of one fictional county to ``organs`` (nothing when ``rate`` is 0)."""
    if rate <= 0:
        return None
    rng = random.Random(f"county/{seed}")
    used = {o.place for o in organs}
    county = next(a + b + "县" for a in P.PLACE_FIRST for b in P.PLACE_SECOND if a != b and a + b + "县" not in used)
    names = [a + b for a in P.TOWN_FIRST for b in P.TOWN_SECOND]
    rng.shuffle(names)
    towns: list[Organ] = []
    for t in names[: rng.randint(MIN_TOWNS, MAX_TOWNS)]:
        towns.append(Organ(
            idx=len(organs) + len(towns), name=f"{county}{t}镇人民政府", kind="town", place=county,
            topics=tuple(rng.sample(P.TOWN_TOPICS, 3)), scale=4.0 * rng.uniform(0.3, 2.5), unit_kind="股室",
            level="县", site=county + "人民政府门户网站", wechat=county[:2] + t + "发布",
            phone=f"{rng.randint(10000000, 99999999)}", taken=True, copier=True,
        ))
    organs.extend(towns)
    return County(towns, rate, rng)


def mark_group(county: County | None) -> None:
    """Truth of each year's circulated text: the group on every town's copy, and the first town's
    paragraphs marked copied too (its text is the circular, not its own)."""
    if county is None:
        return
    for year, reps in county.filed.items():
        if len(reps) < 2:
            continue
        group = {"organs": len(reps), "members": [r.organ for r in reps], "earliest_year": year}
        first, second = reps[0], reps[1]
        for r in reps[1:]:
            for t in r.truth:
                if t.kind == "copied-from-other" and not t.benign:
                    t.detail["group"] = group
        copies = {t.detail["source_start"]: t for t in second.truth if t.kind == "copied-from-other" and not t.benign}
        for p in first.paras:
            t = copies.get(p.start)
            if t is None:
                continue
            first.truth.append(TruthItem("copied-from-other", p.start, p.end, p.section, {
                "source_name": second.name, "source_organ": second.organ, "source_year": year,
                "source_start": t.start, "source_end": t.end, "transform": "name-swapped",
                "names_swapped": [[second.organ, first.organ]], "formulaic": False, "group": group}))
        first.truth.sort(key=lambda t: (t.start, t.end, t.kind))
