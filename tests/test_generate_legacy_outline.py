"""Generator truth that must say exactly what is a defect per the spec: legacy (<2019) outlines
(spec §6 requires only 主动公开, 依申请公开 and 问题和改进, so a dropped fee / review / 其他 heading
is benign) and stale body years (C10) that travel with a copied passage."""

from __future__ import annotations

import re

from reviewer.generate import DefectOptions, generate_batch


def test_dropped_optional_legacy_sections_are_benign():
    batch = generate_batch(24, [2016, 2017], 3, defects=DefectOptions(missing_section=1.0))
    seen: dict[str, set[bool]] = {}
    for r in batch.reports:
        for t in r.truth:
            if t.kind == "missing-section":
                seen.setdefault(t.detail["topic"], set()).add(t.benign)
                assert t.start == t.end
    assert seen.get("problems") == {False}
    optional = {k: v for k, v in seen.items() if k in ("fee", "review", "other")}
    assert optional and all(v == {True} for v in optional.values())


def test_every_stale_body_year_is_in_the_truth():
    # stale body years in the sources, copied on with their years shifted (year-changed etc.)
    opts = DefectOptions.only(date=0.6, own_copy=1.0)
    batch = generate_batch(16, [2020, 2021, 2022, 2023], 5, defects=opts)
    carried = 0
    for r in batch.reports:
        stale = [m.start() for m in re.finditer(rf"^{r.year - 1}年[，是]", r.text, re.M)]
        marked = {t.start for t in r.truth if t.kind == "date-mismatch"}
        for at in stale:
            assert at in marked, f"{r.name}: stale 「{r.year - 1}年」 at {at} not in the truth"
        carried += sum(t.detail.get("reason", "").startswith("stale body year carried") for t in r.truth)
    assert carried  # the batch exercises the carried-over case


def test_cross_year_defects_only_between_consecutive_years():
    batch = generate_batch(30, [2020, 2022, 2023], 2, defects=DefectOptions.only(cross_year=1.0))
    years = {t.kind: set() for r in batch.reports for t in r.truth}
    for r in batch.reports:
        for t in r.truth:
            years[t.kind].add(r.year)
    assert years.get("cross-year-mismatch") == {2023}
