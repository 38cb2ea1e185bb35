"""Batches: organs × years composed in a fixed order from one seeded random stream."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.generate.builder import Para
from reviewer.generate.compose import Composer
from reviewer.generate.county import make_county, mark_group
from reviewer.generate.defects import DefectOptions
from reviewer.generate.incidental import mark_incidental
from reviewer.generate.layout import draw, layouts_on, plan_in_force, render
from reviewer.generate.organs import make_organs
from reviewer.generate.plan import OrganState
from reviewer.generate.truth import TruthItem

FORMATS = ("txt", "html", "docx", "pdf")


@dataclass
class GenReport:
    name: str  # file stem
    organ: str
    year: int
    era: str
    format: str
    text: str
    truth: list[TruthItem]
    paras: list[Para] = field(default_factory=list, repr=False)  # paragraph roles, for copying
    tables: dict[str, Any] = field(default_factory=dict, repr=False)  # the generated numbers
    # [start, end] of fresh paragraphs written from the shared clause pools: wording that recurs
    # across organs by construction. Not a defect and not a truth item; template-text predictions
    # on these spans are neither right nor wrong (eval detection ignores them).
    shared: list[list[int]] = field(default_factory=list, repr=False)
    organ_obj: Any = field(default=None, repr=False)  # the generated Organ (names a copier swaps)
    heads: list[tuple[int, str, str]] = field(default_factory=list, repr=False)  # (line, numeral, title)
    # crawl layouts (reviewer.generate.layout): the file holds ``text`` verbatim when ``raw``
    doc_type: str = "report"  # "attachment": the statistics tables of ``attachment_of`` as their own file
    attachment_of: str | None = None
    raw: bool = False
    chrome: list[list[Any]] = field(default_factory=list)  # [start, end, kind] of page chrome
    layout: dict[str, Any] = field(default_factory=dict)  # which layouts were applied

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.format}"

    def defects(self) -> list[TruthItem]:
        return [t for t in self.truth if not t.benign]


@dataclass
class Batch:
    seed: int
    reports: list[GenReport]
    options: DefectOptions | None = None

    def by_name(self) -> dict[str, GenReport]:
        return {r.name: r for r in self.reports}


def generate_batch(
    n_organs: int,
    years: Iterable[int],
    seed: int,
    formats: Iterable[str] = ("txt",),
    defects: DefectOptions | None = None,
) -> Batch:
    """Reports of ``n_organs`` fictional organs for each year in ``years``; ``defects=None`` gives a
    clean batch. Same arguments, same batch."""
    formats = tuple(formats)
    for f in formats:
        if f not in FORMATS:
            raise ValueError(f"unknown format {f!r} (choose from {', '.join(FORMATS)})")
    opts = defects if defects is not None else DefectOptions.none()
    rng = random.Random(seed)
    organs = make_organs(n_organs, rng)
    county = make_county(organs, seed, opts.county)  # towns filing one circulated text (reviewer.generate.county)
    states = [OrganState() for _ in organs]
    reports: list[GenReport] = []
    last: list[GenReport] = []  # the previous year's reports: a copier may take an older report too
    for year in sorted(set(years)):
        peers: list[GenReport] = []
        for organ, st in zip(organs, states, strict=True):
            c = Composer(organ, year, rng, opts, st, peers + last)
            if county is not None:
                county.adjust(c, year)
            text, truth = c.compose()
            fmt = formats[0] if len(formats) == 1 else rng.choice(formats)
            r = GenReport(
                name=f"org{organ.idx:05d}-{year}", organ=organ.name, year=year, era=c.era, format=fmt,
                text=text, truth=truth, paras=c.b.paras, tables=getattr(c, "tables", {}), shared=c.b.shared,
                organ_obj=organ, heads=c.b.heads,
            )
            organ.copier = organ.copier or bool(c.plan.other)
            st.reports.append(r)
            if county is not None:
                county.filed_report(r)
            peers.append(r)
            reports.append(r)
        last = peers
    mark_group(county)
    mark_sources(reports)
    mark_incidental(reports)
    if layouts_on(opts):
        reports = apply_layouts(reports, seed, opts)
    return Batch(seed=seed, reports=reports, options=opts)


def mark_sources(reports: list[GenReport]) -> None:
    """The source side of a same-year cross-organ copy is a don't-care region for copied-from-other.

    Two reports of one year sharing a passage cannot say who copied whom, so a detector (like a
    plagiarism checker reporting 雷同) flags both; the copier's passage is the defect and the
    source's passage is neither hit nor false alarm. A source of an earlier year is not marked: it
    was published before the copy existed, and C202 compares a report only with reports of the same
    or earlier years, so a finding there is a false alarm."""
    by_name = {r.name: r for r in reports}
    for r in reports:
        for t in r.truth:
            if t.kind != "copied-from-other" or t.benign or t.detail["source_year"] != r.year or "group" in t.detail:
                continue
            src = by_name[t.detail["source_name"]]
            sec = next((p.section for p in src.paras if p.start == t.detail["source_start"]), t.section)
            src.truth.append(TruthItem("copied-from-other", t.detail["source_start"], t.detail["source_end"], sec, {
                "benign": True, "ignore_kinds": ["copied-from-other"], "copied_by": r.name,
                "reason": "source of a same-year copy by another organ (both sides share the passage)"}))
    for r in reports:
        r.truth.sort(key=lambda t: (t.start, t.end, t.kind))


def _remap_item(t: TruthItem, rw: Any) -> tuple[int, TruthItem]:
    out, s, e = rw.span(t.start, t.end)
    detail = dict(t.detail)
    if "region" in detail:
        _, a, b = rw.span(*detail["region"])
        detail["region"] = [a, b]
    return out, TruthItem(t.kind, s, e, t.section, detail)


def apply_layouts(reports: list[GenReport], seed: int, opts: DefectOptions) -> list[GenReport]:
    """Rewrite reports in crawl layouts (reviewer.generate.layout) and map every offset of the
    truth onto the new texts: spans, table regions, copy sources, shared wording, paragraphs."""
    lays = {r.name: draw(random.Random(f"layout/{seed}/{r.name}"), opts, r.format, r.era) for r in reports}
    plan_in_force(reports, lays, opts.in_force_break, seed)
    done = {r.name: render(r, lays[r.name], seed) for r in reports if lays[r.name].active()}
    out: list[GenReport] = []
    for r in reports:
        res = done.get(r.name)
        truths: list[list[TruthItem]] = [[], []]
        if res is None:
            truths[0] = list(r.truth)
        else:
            rw = res["rw"]
            for t in [*r.truth, *res["truth"]]:
                k, item = _remap_item(t, rw)
                if t.benign and t.end > t.start and item.end == item.start:
                    continue  # a don't-care region whose text was dropped (a title kept only in the chrome)
                truths[k].append(item)
            r.shared = [list(rw.span(a, b)[1:]) for a, b in r.shared]
            for p in r.paras:
                _, p.start, p.end = rw.span(p.start, p.end)
        for t in truths[0]:  # copies name offsets into their source's text
            src = done.get(t.detail.get("source_name", ""))
            if src is not None and "source_start" in t.detail:
                _, t.detail["source_start"], t.detail["source_end"] = src["rw"].span(t.detail["source_start"],
                                                                                    t.detail["source_end"])
        for ts in truths:
            ts.sort(key=lambda t: (t.start, t.end, t.kind))
        r.truth = truths[0]
        out.append(r)
        if res is None:
            continue
        lay = lays[r.name]
        r.text, r.raw, r.chrome, r.layout = res["outs"][0], lay.raw, res["chrome"][0], dict(res["done"])
        if len(res["outs"]) > 1:
            att = GenReport(name=f"{r.name}-2", organ=r.organ, year=r.year, era=r.era, format=r.format,
                            text=res["outs"][1], truth=truths[1], organ_obj=r.organ_obj, doc_type="attachment",
                            attachment_of=r.name, raw=lay.raw, chrome=res["chrome"][1],
                            layout={k: v for k, v in r.layout.items() if k in ("body", "tables", "chrome")})
            r.layout["attachment"] = att.name
            out.append(att)
    return out


def write_batch(batch: Batch, out_dir: str | Path) -> Path:
    """One file per report (by its format) + truth.jsonl + manifest.csv; returns ``out_dir``."""
    from reviewer.generate.writers import write_report

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as tj, open(out / "manifest.csv", "w", encoding="utf-8", newline="") as mf:
        man = csv.writer(mf)
        man.writerow(["path", "organ", "year"])
        for r in batch.reports:
            write_report(r, out / r.filename)
            man.writerow([r.filename, r.organ, r.year])
            row = {"path": r.filename, "name": r.name, "organ": r.organ, "year": r.year, "era": r.era,
                   "format": r.format, "chars": len(r.text), "truth": [t.to_dict() for t in r.truth],
                   "shared_wording": r.shared}
            if r.format != "txt" or r.layout:  # the canonical txt file reads back to the text; others may differ
                row["text"] = r.text
            if r.doc_type != "report":
                row["doc_type"], row["attachment_of"] = r.doc_type, r.attachment_of
            if r.chrome:
                row["chrome"] = r.chrome
            if r.layout:
                row["layout"] = r.layout
            tj.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def read_truth(folder: str | Path) -> list[dict[str, Any]]:
    """Rows of ``truth.jsonl`` with ``truth`` as TruthItems and ``path`` resolved in ``folder``."""
    folder = Path(folder)
    rows = []
    with open(folder / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                d["truth"] = [TruthItem.from_dict(t) for t in d["truth"]]
                d["file"] = folder / d["path"]
                rows.append(d)
    return rows
