"""Groups of organs publishing the same text (spec §7 内容雷同): reports linked by copied-from-other
passages, taken together. The towns of a county filing one circulated text form one group; the
evidence of each C202 finding names its group, and the batch summary lists the groups."""

from __future__ import annotations

from typing import Any


def copy_groups(res: list[Any]) -> dict[int, dict[str, Any]]:
    """For each batch report with a copied-from-other passage: ``{"organs": n, "members": [organ
    names], "earliest_year": year, "reports": [paths]}`` of the reports connected to it by such
    passages (in the batch or the archive)."""
    from reviewer.similarity.analyse import unknown_pair

    parent: dict[str, str] = {}
    info: dict[str, Any] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked: set[int] = set()
    for i, a in enumerate(res):
        for p in a.passages:
            if p.kind != "other" or not p.verified or p.source is None or unknown_pair(a.fp, p):
                continue
            info[a.fp.path], info[p.source.path] = a.fp, p.source
            parent[find(a.fp.path)] = find(p.source.path)
            linked.add(i)
    comps: dict[str, list[Any]] = {}
    for path, f in info.items():
        comps.setdefault(find(path), []).append(f)
    out: dict[int, dict[str, Any]] = {}
    for i in linked:
        fs = comps[find(res[i].fp.path)]
        organs: dict[str, str] = {}
        for f in sorted(fs, key=lambda f: (f.year or 0, f.path)):
            organs.setdefault(f.key, f.organ or f.path)
        years = [f.year for f in fs if f.year is not None]
        out[i] = {"organs": len(organs), "members": sorted(organs.values()),
                  "earliest_year": min(years) if years else None, "reports": sorted(f.path for f in fs)}
    return out
