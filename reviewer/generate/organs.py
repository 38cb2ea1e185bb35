"""Fictional organs of a generated batch: county departments mostly, some governments and towns."""

from __future__ import annotations

import random
from dataclasses import dataclass

from reviewer.generate import pools as P


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
