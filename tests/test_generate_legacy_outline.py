"""Generator truth for legacy (<2019) outlines: spec §6 requires only 主动公开, 依申请公开 and
问题和改进, so a dropped fee / review / 其他 heading is recorded as benign, not as a defect."""

from __future__ import annotations

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
