"""`reviewer eval reading`: the document layer measured against hand annotations of real reports.

The annotations (``corpus/reading/``, see GUIDELINE.md there) give, for every real and crawled
report, the organ (key into ``organs.tsv``), year, document type and era (``docs.tsv``), the status and span of each of the six
section slots of spec §2 (``sections.tsv``; legacy outlines mapped to the same topics, spec §6) and
the values of selected tables (``tables.tsv``, keys of spec §3). Annotation offsets are code points
into the raw file; the reviewer's offsets are into the normalised ``Document.text``, so spans are
mapped through a character alignment of the two texts before they are compared.

Figures are printed separately for the ``dev`` and ``test`` parts of ``split.tsv`` and per
collection. Per-file errors are printed for ``dev`` only; ``test`` stays sealed (aggregates only).

The functions named ``tool_*`` are the only places that read the reviewer's model; they are kept
small so a change of interface touches one function.
"""

from __future__ import annotations

import csv
import difflib
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from reviewer.model import Document, Result
from reviewer.organs import organ_key
from reviewer.paths import ROOT, shared_reports

ANNOTATIONS = ROOT / "corpus" / "reading"
REPORTS = shared_reports()
SLOTS = ("一", "二", "三", "四", "五", "六")
# Legacy reports are complete against their own outline (spec §6): 主动公开, 依申请公开 and
# 问题和改进 are the topics every legacy outline carries; the others are optional there.
LEGACY_REQUIRED = ("二", "三", "五")
PARTS = ("dev", "test")


# -- annotations ----------------------------------------------------------------------------------
@dataclass
class Annotated:
    collection: str
    file: str
    sha256: str
    organ: str
    year: int
    doc_type: str
    era: str
    part: str = ""
    slots: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict)
    cells: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (table, row, col) → value


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_annotations(folder: Path = ANNOTATIONS) -> dict[tuple[str, str], Annotated]:
    out: dict[tuple[str, str], Annotated] = {}
    # canonical organ names stand once in organs.tsv (docs.tsv names the organ by key)
    organs = {r["organ_key"]: r["organ"] for r in _tsv(folder / "organs.tsv")} if (folder / "organs.tsv").is_file() else {}
    for r in _tsv(folder / "docs.tsv"):
        organ = r.get("organ") or organs.get(r.get("organ_key", ""), "")
        out[(r["collection"], r["file"])] = Annotated(
            r["collection"], r["file"], r["sha256"], organ, int(r["year"]), r["doc_type"], r["era"]
        )
    split = folder / "split.tsv"
    for r in _tsv(split) if split.is_file() else []:
        a = out.get((r["collection"], r["file"]))
        if a is not None:
            a.part = r["part"]
    sections = folder / "sections.tsv"
    for r in _tsv(sections) if sections.is_file() else []:
        a = out.get((r["collection"], r["file"]))
        if a is not None:
            s, e = (int(r["start"]), int(r["end"])) if r["start"] else (None, None)
            a.slots[r["slot"]] = (r["status"], s, e)
    tables = folder / "tables.tsv"
    for r in _tsv(tables) if tables.is_file() else []:
        a = out.get((r["collection"], r["file"]))
        if a is not None:
            a.cells[(r["table"], r["row"], r["column"])] = r["value"]
    return out


# -- raw → Document.text offsets ------------------------------------------------------------------
def _keys(text: str) -> tuple[list[str], list[int]]:
    keys, pos = [], []
    for i, ch in enumerate(text):
        k = unicodedata.normalize("NFKC", ch)
        if k.strip():
            keys.append(k)
            pos.append(i)
    return keys, pos


def align(raw: str, text: str) -> list[int]:
    """For each offset of ``raw`` (0…len), the corresponding offset in ``text``. Whitespace and
    width differences are ignored; characters the normaliser changed map to their neighbours."""
    ka, pa = _keys(raw)
    kb, pb = _keys(text)
    mapping: list[int | None] = [None] * (len(raw) + 1)
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            mapping[pa[a + k]] = pb[b + k]
    out: list[int] = []
    last = 0
    for m in mapping:
        last = m if m is not None else last
        out.append(last)
    out[-1] = len(text)
    return out


# -- adapters to the reviewer's model -------------------------------------------------------------
def tool_organ(doc: Document) -> str | None:
    return doc.organ


def tool_year(doc: Document) -> int | None:
    return doc.year


def tool_doc_type(doc: Document, result: Result) -> str:
    return getattr(doc, "doc_type", None) or getattr(result, "doc_type", None) or doc.meta.get("doc_type") or "report"


def tool_slots(doc: Document) -> dict[str, tuple[str, int | None, int | None]]:
    """Slot → (heading | content-without-heading | absent, start, end) in ``doc.text``."""
    from reviewer.structure.detect import section_for

    out: dict[str, tuple[str, int | None, int | None]] = {}
    for sid in SLOTS:
        sec = section_for(doc, sid)
        if sec is None:
            out[sid] = ("absent", None, None)
        else:
            out[sid] = ("content-without-heading" if sec.recovered else "heading", sec.start, sec.end)
    return out


def tool_missing(result: Result) -> set[str]:
    return {f.section for f in result.findings if f.kind == "missing-section" and f.section}


def _value(v: Any) -> str | None:
    if v is None:
        return None
    if v.missing:
        return "blank" if v.note in ("blank", "dash") else None
    n = v.number
    return str(int(n)) if n is not None and float(n).is_integer() else str(n)


def tool_cells(doc: Document) -> dict[tuple[str, str, str], str | None]:
    """(table, row, column) → value as the reviewer read it (None when read as unreadable)."""
    from reviewer.tables import extract_tables

    rt = extract_tables(doc)
    out: dict[tuple[str, str, str], str | None] = {}
    for row, cols in rt.t3.items():
        for col, v in cols.items():
            out[("三", row, col)] = _value(v)
    for block, cols in rt.t4.items():
        for col, v in cols.items():
            out[("四", block, col)] = _value(v)
    for block, rows in rt.t2.items():
        for name, cols in rows.items():
            for col, v in cols.items():
                out[("二", f"{block}{name}", col)] = _value(v)
    for key, v in rt.legacy.items():
        out[("legacy", key, "本年度")] = _value(v)
    return out


# -- scoring --------------------------------------------------------------------------------------
def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1 if a0 != a1 and b0 != b1 else a0 <= b1 and b0 <= a1


def _norm(s: str | None) -> str:
    return "".join((s or "").split())


def score_file(a: Annotated, raw: str, doc: Document, result: Result) -> dict[str, Any]:
    """Per-file checks: each entry is a list of (what, right: bool, detail)."""
    checks: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)
    organ = tool_organ(doc)
    checks["organ"].append(("organ", bool(organ) and organ_key(organ) == organ_key(a.organ), f"{organ!r} ≠ {a.organ}"))
    checks["organ_name"].append(("organ_name", _norm(organ) == _norm(a.organ), f"{organ!r} ≠ {a.organ}"))
    year = tool_year(doc)
    checks["year"].append(("year", year == a.year, f"{year} ≠ {a.year}"))
    dt = tool_doc_type(doc, result)
    checks["doc_type"].append(("doc_type", dt == a.doc_type, f"{dt} ≠ {a.doc_type}"))
    missing = tool_missing(result)
    if a.doc_type == "report" and a.slots:
        amap = align(raw, doc.text)
        got = tool_slots(doc)
        for sid in SLOTS:
            st, s, e = a.slots.get(sid, ("absent", None, None))
            tst, ts, te = got[sid]
            ok = st == tst
            if ok and st != "absent" and s is not None and e is not None and ts is not None and te is not None:
                ok = _overlap(amap[s], amap[e], ts, te)
            checks[f"slots:{a.era}"].append((sid, ok, f"{sid}: tool {tst} [{ts},{te}) vs {st}"))
        required = LEGACY_REQUIRED if a.era == "legacy" else SLOTS
        for sid in SLOTS:
            absent = a.slots.get(sid, ("absent",))[0] == "absent"
            if sid in missing:
                checks["missing_pred"].append((sid, absent, f"{sid}: missing-section finding, annotated {a.slots.get(sid, ('?',))[0]}"))
            if absent and sid in required:
                checks["missing_true"].append((sid, sid in missing, f"{sid}: annotated absent, no missing-section finding"))
    else:
        for sid in sorted(missing):
            checks["missing_pred"].append((sid, False, f"{sid}: missing-section finding on an attachment"))
    if a.cells:
        got_cells = tool_cells(doc)
        for key, want in sorted(a.cells.items()):
            have = got_cells.get(key, "not found")
            checks["cells"].append(("/".join(key), have == want, f"{'/'.join(key)}: {have} ≠ {want}"))
    return dict(checks)


def _ratio(rows: list[tuple[str, bool, str]]) -> tuple[int, int]:
    return sum(ok for _, ok, _ in rows), len(rows)


def evaluate(annotations: Path = ANNOTATIONS, reports: Path = REPORTS, jobs: int = 1) -> dict[str, Any]:
    from reviewer.pipeline import Options, review

    ann = load_annotations(annotations)
    on_disk = {(p.parent.name, p.name) for p in reports.glob("*/*.txt")} if reports.is_dir() else set()
    present = sorted(k for k in ann if k in on_disk)
    results, docs = review([reports / c / f for c, f in present], Options(jobs=jobs))
    by_path = {Path(r.path).resolve(): r for r in results}
    doc_by_path = {Path(d.path).resolve(): d for d in docs}
    files: list[dict[str, Any]] = []
    unread: list[tuple[str, str, str]] = []
    stale: list[tuple[str, str]] = []
    for c, f in present:
        a = ann[(c, f)]
        p = (reports / c / f).resolve()
        r, d = by_path.get(p), doc_by_path.get(p)
        if r is None or d is None:
            unread.append((a.part, f"{c}/{f}", (r.error if r else None) or "no result"))
            continue
        if r.sha256 and not r.sha256.startswith(a.sha256):
            stale.append((a.part, f"{c}/{f}"))
        raw = (reports / c / f).open(encoding="utf-8").read()
        files.append({"part": a.part, "collection": c, "file": f, "era": a.era, "checks": score_file(a, raw, d, r)})
    return {
        "files": files,
        "not_annotated": sorted(f"{c}/{f}" for c, f in on_disk - set(ann)),
        "not_found": sorted(f"{c}/{f}" for c, f in set(ann) - on_disk),
        "unread": unread,
        "stale": stale,
    }


def summarise(files: list[dict[str, Any]]) -> dict[str, Any]:
    """Pooled figures of a list of scored files: right/total per metric, missing-section P/R."""
    pooled: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)
    for f in files:
        for k, rows in f["checks"].items():
            pooled[k].extend(rows)
    out: dict[str, Any] = {"files": len(files)}
    for k in ("organ", "organ_name", "year", "doc_type"):
        out[k] = _ratio(pooled.get(k, []))
    slot_rows = [r for k, v in pooled.items() if k.startswith("slots:") for r in v]
    out["slots"] = _ratio(slot_rows)
    out["slots_by_era"] = {k.split(":", 1)[1]: _ratio(v) for k, v in sorted(pooled.items()) if k.startswith("slots:")}
    out["missing_precision"] = _ratio(pooled.get("missing_pred", []))
    out["missing_recall"] = _ratio(pooled.get("missing_true", []))
    out["cells"] = _ratio(pooled.get("cells", []))
    out["cells_not_right_by_table"] = dict(
        sorted(
            {t: sum(1 for w, ok, _ in pooled.get("cells", []) if not ok and w.split("/")[0] == t) for t in ("二", "三", "四", "legacy")}.items()
        )
    )
    return out


def report(res: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    """The figures per part (and per collection inside each part); no per-file detail."""
    out: dict[str, Any] = {}
    for part in parts:
        fs = [f for f in res["files"] if f["part"] == part]
        colls = sorted({f["collection"] for f in fs})
        out[part] = {"all": summarise(fs), **{c: summarise([f for f in fs if f["collection"] == c]) for c in colls}}
    return out


def _fmt(pair: tuple[int, int]) -> str:
    right, n = pair
    return "n/a" if n == 0 else f"{right}/{n} = {right / n:.1%}"


def format_part(name: str, figures: dict[str, Any]) -> str:
    lines = [f"## {name}", "", "| metric | " + " | ".join(figures) + " |", "|---|" + "---:|" * len(figures)]

    def row(label: str, get) -> None:
        lines.append(f"| {label} | " + " | ".join(get(v) for v in figures.values()) + " |")

    row("files", lambda v: str(v["files"]))
    row("organ right (same organ key; unknown is wrong)", lambda v: _fmt(v["organ"]))
    row("  organ name exactly as annotated", lambda v: _fmt(v["organ_name"]))
    row("year right", lambda v: _fmt(v["year"]))
    row("doc_type right", lambda v: _fmt(v["doc_type"]))
    row("section slots right", lambda v: _fmt(v["slots"]))
    for era in ("legacy", "trial", "2021"):
        row(f"  slots, era {era}", lambda v, era=era: _fmt(v["slots_by_era"].get(era, (0, 0))))
    row("missing-section precision", lambda v: _fmt(v["missing_precision"]))
    row("missing-section recall", lambda v: _fmt(v["missing_recall"]))
    row("table values right", lambda v: _fmt(v["cells"]))
    row("  not right: 二/三/四/legacy", lambda v: "/".join(str(v["cells_not_right_by_table"][t]) for t in ("二", "三", "四", "legacy")))
    return "\n".join(lines)


def dev_errors(res: dict[str, Any]) -> list[str]:
    """Per-file errors of the dev part only (the test part is sealed)."""
    out = []
    for f in res["files"]:
        if f["part"] != "dev":
            continue
        for k, rows in sorted(f["checks"].items()):
            for _what, ok, detail in rows:
                if not ok:
                    out.append(f"{f['collection']}/{f['file']}\t{k}\t{detail}")
    return out


@click.command(name="reading")
@click.option("--part", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True, help="which part of split.tsv to report (all = dev and test, separately)")
@click.option("--annotations", "ann_dir", type=click.Path(path_type=Path, file_okay=False), default=ANNOTATIONS, show_default=True, help="folder with docs.tsv, sections.tsv, tables.tsv, split.tsv")
@click.option("--reports", "rep_dir", type=click.Path(path_type=Path, file_okay=False), default=REPORTS, show_default=True, help="folder of report collections (one sub-folder per collection)")
@click.option("--errors", is_flag=True, help="list the dev part's per-file errors (never printed for test)")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
@click.option("--jobs", type=int, default=1, show_default=True, help="reviewer worker processes")
def cli(part: str, ann_dir: Path, rep_dir: Path, errors: bool, as_json: bool, jobs: int) -> None:
    """文档层评测：机关、年份、文档类型、六个章节位置、缺失章节查准/查全、表格数值，按 dev / test 分别统计。"""
    if not (ann_dir / "docs.tsv").is_file():
        click.echo(f"跳过：{ann_dir} 中没有 docs.tsv（skipped: no annotations）")
        return
    if not rep_dir.is_dir():
        click.echo(f"跳过：{rep_dir} 不存在，真实报告不在仓库内（skipped: reports not present）")
        return
    res = evaluate(ann_dir, rep_dir, jobs)
    parts = PARTS if part == "all" else (part,)
    figures = report(res, parts)
    left_out = {
        "not_annotated": res["not_annotated"],
        "annotated_not_found": res["not_found"],
        "unread": {p: len([u for u in res["unread"] if u[0] == p]) for p in parts},
        "unread_dev": [f"{u[1]}: {u[2]}" for u in res["unread"] if u[0] == "dev" and "dev" in parts],
        "stale": {p: len([s for s in res["stale"] if s[0] == p]) for p in parts},
    }
    if as_json:
        out: dict[str, Any] = {"parts": figures, "left_out": left_out}
        if errors and "dev" in parts:
            out["dev_errors"] = dev_errors(res)
        click.echo(json.dumps(out, ensure_ascii=False, indent=1, default=list))
        return
    for p in parts:
        click.echo(format_part(p, figures[p]))
        click.echo("")
    click.echo("评测未覆盖（left out）:")
    click.echo(f"  无标注的文件 not annotated: {', '.join(left_out['not_annotated']) or '无'}")
    click.echo(f"  标注了但找不到 annotated, not found: {', '.join(left_out['annotated_not_found']) or '无'}")
    for p in parts:
        click.echo(f"  {p}: 读取失败 unread {left_out['unread'][p]}, 文件已变更 stale {left_out['stale'][p]}")
    for u in left_out["unread_dev"]:
        click.echo(f"  dev unread: {u}")
    if errors:
        if "dev" not in parts:
            click.echo("--errors 只列出 dev 的错误（test 保持封存）")
        for line in dev_errors(res) if "dev" in parts else []:
            click.echo(line)
