"""What a distributed review holds stays bounded: the file list lives in the scratch folder
(``distributed.listing``, the files ``pipeline.collect`` lists, in its order, the plain os.walk order) and a copy group's
evidence names a bounded number of its reports (``similarity.groups``), computed part by part."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import pytest


def _tree(root: Path) -> None:
    for rel in ["a/b.txt", "a-b/c.html", "a/z/y.md", "a/a.pdf", "b.txt", "b.png", "c/d/e/f.docx", "c/D.txt", "x y/青禾县.txt", "a/notes.csv"]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    (root / "link").symlink_to(root / "c", target_is_directory=True)  # a link to a folder is not followed
    (root / "a" / "ln.txt").symlink_to(root / "b.txt")


def _plain_collect(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The plain reading of ``pipeline.collect``: ``os.walk`` each folder, sort all it finds."""
    import os

    from reviewer.pipeline import SUFFIXES

    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = [Path(root, n) for root, _, names in os.walk(p) for n in names if Path(n).suffix.lower() in SUFFIXES]
            files.extend(sorted(found))
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            errors.append((str(p), "no such file or folder"))
    seen: set[Path] = set()
    return [f for f in files if not (f in seen or seen.add(f))], errors


@pytest.mark.parametrize("args", [["{r}"], ["{r}/a", "{r}", "{r}/b.txt", "{r}/missing.txt", "{r}/b.png"], ["{r}/c/D.txt"]])
def test_listing_as_collect(tmp_path: Path, args: list[str]) -> None:
    from reviewer.distributed import listing
    from reviewer.pipeline import collect

    _tree(tmp_path / "t")
    paths = [a.format(r=tmp_path / "t") for a in args]
    files, errors = collect(paths)
    assert (files, [(e.path, e.error) for e in errors]) == _plain_collect(paths)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    listed, n, _ = listing.write_list(paths, scratch)
    assert n == len(files)
    for size in (1, 2, 3, 100):
        chunks = listing.chunks(listed, size)
        assert len(chunks) == -(-n // size)
        assert [x for c in chunks for x in listing.read(c)] == [(i, str(f)) for i, f in enumerate(files)]


def _reports(rng: random.Random, n: int) -> list[SimpleNamespace]:
    out = []
    for k in range(n):
        organ = rng.randrange(n // 2 + 1)
        year = rng.choice([None, 2021, 2022, 2023])
        out.append(SimpleNamespace(path=f"/r/{rng.randrange(10**6):06d}-{k}.txt", key=f"k{organ}",
                                   organ=None if organ % 7 == 0 else f"云溪市第{organ}局", year=year))
    return out


def test_group_evidence_bounded_and_merged_by_part() -> None:
    """A small group is described in full; a large one names its ``GROUP_LIST`` earliest reports
    and organs and counts all; describing organ-disjoint parts and merging equals the whole."""
    from reviewer.similarity import groups

    rng = random.Random(5)
    small = _reports(rng, 6)
    d = groups.describe(small)
    organs: dict[str, str] = {}
    for f in sorted(small, key=lambda f: (f.year or 0, f.path)):
        organs.setdefault(f.key, f.organ or f.path)
    years = [f.year for f in small if f.year is not None]
    assert d == {"organs": len(organs), "members": sorted(organs.values()), "earliest_year": min(years) if years else None,
                 "reports": sorted(f.path for f in small)}
    big = _reports(rng, 300)
    d = groups.describe(big)
    earliest = sorted(big, key=lambda f: (f.year or 0, f.path))[: groups.GROUP_LIST]
    assert d["reports"] == sorted(f.path for f in earliest) and d["reports_total"] == 300
    assert d["organs"] == len({f.key for f in big}) and len(d["members"]) == groups.GROUP_LIST
    for parts in (2, 5, 40):
        by_part: dict[int, list] = {}
        for f in big:
            by_part.setdefault(hash(f.key) % parts, []).append(f)
        merged = None
        for fs in by_part.values():
            g = groups.group_part(fs)
            merged = g if merged is None else groups.merge_parts(merged, g)
        assert groups.describe_part(merged) == d


def test_members_part_equals_group_part() -> None:
    """``Members.part`` (array operations over reports numbered once) gives the same ``GroupPart``
    as walking the reports, for subsets small and large, with unknown years and organs."""
    from reviewer.similarity import groups

    rng = random.Random(9)
    pool = _reports(rng, 400)
    # the same year and path under other organs and names (a batch file and an archived one)
    pool += [SimpleNamespace(path=f.path, key=f"k{rng.randrange(300)}", organ=rng.choice([None, "云溪市甲局", "云溪市乙局"]), year=f.year)
             for f in rng.sample(pool, 60)]
    pool += [SimpleNamespace(path=f.path, key=f.key, organ="青禾县另名局", year=f.year) for f in rng.sample(pool[:400], 30)]
    members = groups.Members(pool)
    for size in (1, 2, 7, 19, 20, 21, 60, 400, len(pool)):
        for _ in range(8):
            js = sorted(rng.sample(range(len(pool)), size))
            assert members.part(js) == groups.group_part(pool[j] for j in js)
