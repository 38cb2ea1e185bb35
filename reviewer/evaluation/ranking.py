"""`reviewer eval ranking`: does the score order real reports the way an evaluator would?

The reference is a hand-made pairwise-preference set (``corpus/ranking/pairs.tsv``: better file,
worse file, the evaluator's reason, ``clear`` | ``slight``) and optional full orderings of a few
groups (``corpus/ranking/order.tsv``: group, file, rank; rank 1 = best, equal ranks = no
preference), both judged by reading the reports against their own era's requirements (spec §7,
§5, §6). See ``corpus/ranking/GUIDELINE.md``.

The reviewer is run once on every file named there (one batch, so batch rules see each organ's
other years). A pair counts 1 when the better report scores higher, 0.5 on a tie, 0 otherwise.
A pair whose report has no score (read error, attachment, needs manual review) is left out and
counted. Figures are printed separately for ``dev`` (both files dev in ``split.tsv``), ``test``
(both test) and ``cross`` (one of each), split by strength and by kind (same organ or not, same
era or not); Kendall's tau is computed for each ordering group. Per-pair disagreements and the
names of left-out files are printed for ``dev`` only; ``test`` and ``cross`` stay sealed
(aggregates only).

``tool_score`` is the only place that reads the reviewer's result; a change of interface touches
that one function.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from reviewer.model import Result, era_of
from reviewer.paths import ROOT, shared_reports

RANKING = ROOT / "corpus" / "ranking"
READING = ROOT / "corpus" / "reading"
REPORTS = shared_reports()
PARTS = ("dev", "test", "cross")
SEALED = ("test", "cross")  # aggregates only: a cross pair holds a test file


@dataclass(frozen=True)
class Pair:
    better: str  # "collection/file"
    worse: str
    reason: str
    strength: str  # clear | slight


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_pairs(path: Path) -> list[Pair]:
    out = []
    for r in _tsv(path):
        better, worse = (r.get("better_file") or "").strip(), (r.get("worse_file") or "").strip()
        if better and worse:
            out.append(Pair(better, worse, (r.get("reason") or "").strip(), (r.get("strength") or "clear").strip() or "clear"))
    return out


def load_orders(path: Path | None) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    if path is None or not path.is_file():
        return {}
    for r in _tsv(path):
        if r.get("group") and r.get("file") and r.get("rank"):
            out[r["group"].strip()].append((r["file"].strip(), float(r["rank"])))
    return dict(out)


def load_parts(split: Path | None) -> dict[str, str]:
    """"collection/file" → dev | test (``split.tsv``)."""
    if split is None or not split.is_file():
        return {}
    return {f"{r['collection']}/{r['file']}": r["part"] for r in _tsv(split)}


def load_eras(docs: Path | None) -> dict[str, str]:
    """"collection/file" → legacy | trial | 2021 (``docs.tsv``, annotated by reading)."""
    if docs is None or not docs.is_file():
        return {}
    return {f"{r['collection']}/{r['file']}": r["era"] for r in _tsv(docs) if r.get("era")}


def organ_key(name: str) -> str:
    """File stem without its year (the ``organ_key`` of ``split.tsv``)."""
    stem = Path(name).stem
    return re.sub(r"_\d{4}(_.*)?$", "", stem)


def era_key(name: str, eras: dict[str, str]) -> str:
    if name in eras:
        return eras[name]
    m = re.search(r"_(\d{4})(?:_|$)", Path(name).stem)
    return (era_of(int(m.group(1))) if m else None) or "?"


def part_of(files: list[str], parts: dict[str, str]) -> str:
    ps = {parts.get(f, "unsplit") for f in files}
    if len(ps) == 1:
        return ps.pop()
    return "cross" if ps <= {"dev", "test"} else "unsplit"


# -- the reviewer --------------------------------------------------------------------------------
def tool_score(result: Result | None) -> tuple[float | None, str]:
    """The score the batch ranking would use, or (None, why it has none)."""
    if result is None:
        return None, "未评审 not reviewed"
    if result.error:
        return None, "读取错误 error"
    doc_type = getattr(result, "doc_type", None) or (result.metrics or {}).get("doc_type")
    if doc_type and doc_type != "report":
        return None, "附件 attachment"
    status = getattr(result, "status", None) or getattr(result, "review_status", None)
    if getattr(result, "needs_review", False) or status in ("needs-review", "needs_review", "manual"):
        return None, "需人工复核 needs manual review"
    if result.score is None:
        return None, "无分数 no score"
    return float(result.score), ""


def run_reviewer(files: list[str], reports: Path, jobs: int = 2) -> dict[str, tuple[float | None, str]]:
    """Review every named file in one batch; "collection/file" → (score, why none)."""
    from reviewer.pipeline import Options, review

    present = [f for f in files if (reports / f).is_file()]
    out: dict[str, tuple[float | None, str]] = {f: (None, "文件不存在 not found") for f in files if f not in present}
    if not present:
        return out
    by_path = {str((reports / f).resolve()): f for f in present}
    results, _ = review([reports / f for f in present], Options(jobs=jobs))
    seen: dict[str, Result] = {}
    for r in results:
        key = by_path.get(str(Path(r.path).resolve()))
        if key is not None:
            seen[key] = r
    for f in present:
        out[f] = tool_score(seen.get(f))
    return out


# -- figures -------------------------------------------------------------------------------------
def _cell() -> dict[str, float]:
    return {"pairs": 0, "agree": 0.0}


def _share(c: dict[str, float]) -> float | None:
    return round(c["agree"] / c["pairs"], 3) if c["pairs"] else None


def evaluate(
    pairs: list[Pair],
    scores: dict[str, tuple[float | None, str]],
    parts: dict[str, str],
    eras: dict[str, str],
    orders: dict[str, list[tuple[str, float]]] | None = None,
) -> dict[str, Any]:
    """Agreement per part (split by strength and kind), left-out pairs, Kendall's tau per group."""
    figs: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        part = part_of([pair.better, pair.worse], parts)
        f = figs.setdefault(part, {"all": _cell(), "by": defaultdict(_cell), "left_out": defaultdict(int),
                                   "left_out_files": {}, "disagree": [], "total": 0})
        f["total"] += 1
        sb, why_b = scores.get(pair.better, (None, "未评审 not reviewed"))
        sw, why_w = scores.get(pair.worse, (None, "未评审 not reviewed"))
        if sb is None or sw is None:
            for name, s, why in ((pair.better, sb, why_b), (pair.worse, sw, why_w)):
                if s is None:
                    f["left_out"][why] += 1
                    f["left_out_files"][name] = why
            continue
        agree = 1.0 if sb > sw else 0.5 if sb == sw else 0.0
        same_organ = organ_key(pair.better) == organ_key(pair.worse)
        same_era = era_key(pair.better, eras) == era_key(pair.worse, eras)
        keys = [f"strength:{pair.strength}", "organ:same" if same_organ else "organ:different",
                "era:same" if same_era else "era:cross"]
        for cell in [f["all"]] + [f["by"][k] for k in keys]:
            cell["pairs"] += 1
            cell["agree"] += agree
        if agree < 1:
            f["disagree"].append({"better": pair.better, "worse": pair.worse, "score_better": sb, "score_worse": sw,
                                  "strength": pair.strength, "reason": pair.reason})
    out: dict[str, Any] = {"parts": {}, "orders": {}}
    for part, f in figs.items():
        out["parts"][part] = {
            "pairs": f["total"],
            "scored": f["all"]["pairs"],
            "share": _share(f["all"]),
            "by": {k: {"pairs": c["pairs"], "share": _share(c)} for k, c in sorted(f["by"].items())},
            "left_out_pairs": f["total"] - f["all"]["pairs"],
            "left_out_reasons": dict(f["left_out"]),
            "left_out_files": dict(sorted(f["left_out_files"].items())),
            "disagree": f["disagree"],
        }
    for group, ranked in (orders or {}).items():
        out["orders"][group] = kendall(ranked, scores, parts)
    return out


def kendall(ranked: list[tuple[str, float]], scores: dict[str, tuple[float | None, str]], parts: dict[str, str]) -> dict[str, Any]:
    """Kendall's tau-b between the evaluator's ordering (rank 1 = best) and the score."""
    from scipy.stats import kendalltau

    part = part_of([f for f, _ in ranked], parts)
    kept = [(f, r, scores.get(f, (None, ""))[0]) for f, r in ranked]
    used = [(r, s) for _, r, s in kept if s is not None]
    left = sorted(f for f, _, s in kept if s is None)
    tau = None
    if len(used) >= 2:
        t = kendalltau([-r for r, _ in used], [s for _, s in used]).statistic
        tau = None if t != t else round(float(t), 3)  # NaN when one side is constant
    return {"part": part, "files": len(ranked), "scored": len(used), "tau": tau, "left_out": left}


# -- output --------------------------------------------------------------------------------------
_LABEL = {
    "strength:clear": "明显 clear",
    "strength:slight": "略优 slight",
    "organ:same": "同一机关 same organ",
    "organ:different": "不同机关 different organ",
    "era:same": "同一时期 same era",
    "era:cross": "跨时期 cross era",
}


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_part(part: str, p: dict[str, Any]) -> str:
    lines = [f"## {part}", f"一致比例 share ordered as the evaluator: {_fmt(p['share'])}  "
             f"（{p['scored']} 对参与 scored / {p['pairs']} 对 pairs）"]
    for key, c in sorted(p["by"].items(), key=lambda kc: list(_LABEL).index(kc[0]) if kc[0] in _LABEL else len(_LABEL)):
        lines.append(f"  {_LABEL.get(key, key)}\t{_fmt(c['share'])}\t{c['pairs']} 对")
    reasons = ", ".join(f"{k} {v}" for k, v in p["left_out_reasons"].items()) or "无 none"
    lines.append(f"剔除 left out: {p['left_out_pairs']} 对 pairs（{reasons}）")
    if part not in SEALED:
        for name, why in p["left_out_files"].items():
            lines.append(f"  {name}\t{why}")
    return "\n".join(lines)


def format_orders(orders: dict[str, dict[str, Any]], show: set[str]) -> list[str]:
    lines = []
    for group, o in sorted(orders.items()):
        if o["part"] not in show:
            continue
        lines.append(f"  {group} [{o['part']}]\ttau {_fmt(o['tau'])}\t{o['scored']}/{o['files']} 份有分数 scored")
        if o["part"] not in SEALED and o["left_out"]:
            lines.append(f"    剔除 left out: {', '.join(o['left_out'])}")
    return lines


def _seal(out: dict[str, Any]) -> dict[str, Any]:
    """Drop per-pair and per-file detail of the sealed parts (aggregates only)."""
    for part, p in out["parts"].items():
        if part in SEALED:
            p["disagree"], p["left_out_files"] = [], {}
    for o in out["orders"].values():
        if o["part"] in SEALED:
            o["left_out"] = []
    return out


@click.command(name="ranking")
@click.option("--part", type=click.Choice(["dev", "test", "cross", "all"]), default="all", show_default=True,
              help="which pairs to report (all = dev, test and cross, separately)")
@click.option("--pairs", "pairs_file", type=click.Path(path_type=Path, dir_okay=False), default=RANKING / "pairs.tsv", show_default=True,
              help="pairwise preferences: better_file, worse_file, reason, strength")
@click.option("--order", "order_file", type=click.Path(path_type=Path, dir_okay=False), default=RANKING / "order.tsv", show_default=True,
              help="full orderings: group, file, rank (optional)")
@click.option("--split", "split_file", type=click.Path(path_type=Path, dir_okay=False), default=READING / "split.tsv", show_default=True,
              help="dev/test split by organ")
@click.option("--docs", "docs_file", type=click.Path(path_type=Path, dir_okay=False), default=READING / "docs.tsv", show_default=True,
              help="annotated era of each file (else the era of the year in the file name)")
@click.option("--reports", "rep_dir", type=click.Path(path_type=Path, file_okay=False), default=REPORTS, show_default=True,
              help="folder of report collections (file names in the pairs are relative to it)")
@click.option("--errors", is_flag=True, help="list the dev pairs the score orders against the evaluator (never for test or cross)")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
@click.option("--jobs", type=int, default=2, show_default=True, help="reviewer worker processes")
def cli(part: str, pairs_file: Path, order_file: Path, split_file: Path, docs_file: Path, rep_dir: Path,
        errors: bool, as_json: bool, jobs: int) -> None:
    """评分排序与人工两两判断一致的比例及 Kendall tau（dev / test / 交叉）。

    Share of hand-judged pairs the score orders as the evaluator would, and Kendall's tau."""
    if not pairs_file.is_file():
        click.echo(f"跳过：找不到偏好对文件 {pairs_file}（skipped: no pairs file）")
        return
    if not rep_dir.is_dir():
        click.echo(f"跳过：{rep_dir} 不存在，真实报告不在仓库内（skipped: reports not present）")
        return
    pairs, orders = load_pairs(pairs_file), load_orders(order_file)
    parts, eras = load_parts(split_file), load_eras(docs_file)
    files = sorted({f for p in pairs for f in (p.better, p.worse)} | {f for g in orders.values() for f, _ in g})
    scores = run_reviewer(files, rep_dir, jobs)
    out = _seal(evaluate(pairs, scores, parts, eras, orders))
    show = set(PARTS) | {"unsplit"} if part == "all" else {part}
    out["parts"] = {k: v for k, v in out["parts"].items() if k in show}
    out["orders"] = {k: v for k, v in out["orders"].items() if v["part"] in show}
    if as_json:
        if not errors:
            for p in out["parts"].values():
                p.pop("disagree", None)
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for name in [p for p in (*PARTS, "unsplit") if p in out["parts"]]:
        click.echo(format_part(name, out["parts"][name]))
        click.echo("")
    if out["orders"]:
        click.echo("全序一致性 Kendall's tau (evaluator's ordering vs score):")
        for line in format_orders(out["orders"], show):
            click.echo(line)
    if errors:
        dev = out["parts"].get("dev")
        if dev is None:
            click.echo("--errors 只列出 dev 的逐对结果（test 与 cross 保持封存）")
            return
        click.echo("\ndev 中与评审者相反或持平的对 dev pairs ordered otherwise (better / worse / scores / strength / reason):")
        for d in dev["disagree"]:
            click.echo(f"  {d['better']}\t{d['worse']}\t{d['score_better']:.1f} vs {d['score_worse']:.1f}\t{d['strength']}\t{d['reason']}")
