"""Figures of `reviewer eval copying --real` (``copying_real``): per-part totals over the scored pairs,
the dev organs' per-passage errors (the test part stays sealed: aggregates only) and their printout."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

PARTS = ("dev", "test")
SHARE_TOLERANCE = 0.08
MIN_HAN = 30  # GUIDELINE.md: only runs of at least 30 Chinese characters are passages


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = [r for r in rows if r.get("earlier")]
    s = defaultdict(int)
    for r in pairs:
        for k in ("pred", "pred_right", "gold", "gold_found", "chars_pred", "chars_gold", "chars_both", "ignored", "older_unmatched",
                  "short_unmatched"):
            s[k] += r["passages"][k]
    prob = defaultdict(int)
    for r in rows:
        for k in ("pred", "pred_right", "gold", "gold_found"):
            prob[k] += r["problems"][k]
    shares = [(r["share_gold"], r["share_tool"]) for r in pairs]
    diffs = [abs(g - t) for g, t in shares if t is not None]
    def near(key: str) -> int:
        return sum(abs(r["share_gold"] - r[key]) <= SHARE_TOLERANCE + 1e-9 for r in pairs if r.get(key) is not None)
    mis = defaultdict(int)
    reasons = defaultdict(int)
    for r in rows:
        for k, v in r["misplaced"].items():
            mis[k] += v
        for k, v in r["problems"].get("reasons", {}).items():
            reasons[k] += v
    return {
        "pairs": len(pairs),
        "passages": {"precision": ratio(s["pred_right"], s["pred"]), "recall": ratio(s["gold_found"], s["gold"]),
                     "predicted": s["pred"], "right": s["pred_right"], "gold": s["gold"], "found": s["gold_found"],
                     "dont_care": s["ignored"], "older_source_unmatched": s["older_unmatched"],
                     "short_unmatched": s["short_unmatched"]},
        "characters": {"precision": ratio(s["chars_both"], s["chars_pred"]), "recall": ratio(s["chars_both"], s["chars_gold"])},
        "share": {"within": sum(d <= SHARE_TOLERANCE + 1e-9 for d in diffs), "pairs": len(shares),
                  "over": sum(t is not None and t - g > SHARE_TOLERANCE + 1e-9 for g, t in shares),
                  "under": sum(t is not None and g - t > SHARE_TOLERANCE + 1e-9 for g, t in shares),
                  "no_share": sum(t is None for _, t in shares),
                  "mean_abs_diff": sum(diffs) / len(diffs) if diffs else None,
                  "source_earlier_within": near("share_tool_source"), "any_earlier_within": near("share_tool_any")},
        "problems": {"precision": ratio(prob["pred_right"], prob["pred"]), "recall": ratio(prob["gold_found"], prob["gold"]),
                     "predicted": prob["pred"], "right": prob["pred_right"], "gold": prob["gold"], "found": prob["gold_found"],
                     "false_by_reason": dict(sorted(reasons.items()))},
        "misplaced": dict(mis),
        "c201_source_not_previous": sum(r["pred_other_source"] for r in pairs),
        "c201_in_first_years": sum(r.get("stray_c201", 0) for r in rows),
    }


def report(res: dict[str, Any]) -> dict[str, Any]:
    return {p: summarise([r for r in res["rows"] if r["part"] == p]) for p in PARTS}


def dev_errors(res: dict[str, Any]) -> list[str]:
    """Per-passage errors of the dev organs, raw offsets (the test part is sealed)."""
    out = []
    for r in res["rows"]:
        if r["part"] != "dev":
            continue
        name = f"{r['collection']}/{r['later']}"
        if r.get("earlier"):
            to_raw, text = r["to_raw"], r["text"]
            for what, spans in (("missed", r["passages"]["missed"]), ("false", r["passages"]["wrong"]),
                                ("problem-missed", r["problems"]["missed"]), ("problem-false", r["problems"]["wrong"])):
                for s in spans:
                    snippet = text[s.start:s.end].replace("\n", " ")[:16]
                    out.append(f"{name}\t{what}\traw {to_raw(s.start)}-{to_raw(s.end)}\t{snippet}")
            g, t = r["share_gold"], r["share_tool"]
            if t is None or abs(g - t) > SHARE_TOLERANCE:
                a, b = r.get("share_tool_any"), r.get("share_tool_source")
                out.append(f"{name}\tshare\tgold {g:.2f} tool {'n/a' if t is None else f'{t:.2f}'}"
                           f" (source the earlier report {'n/a' if b is None else f'{b:.2f}'},"
                           f" any earlier year {'n/a' if a is None else f'{a:.2f}'})")
        elif r["problems"]["wrong"]:
            out.append(f"{name}\tproblem-false\t{len(r['problems']['wrong'])} C204 in a report with no gold pair")
    return out


def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_part(name: str, v: dict[str, Any]) -> list[str]:
    p, c, s, q, m = v["passages"], v["characters"], v["share"], v["problems"], v["misplaced"]
    return [
        f"## {name}: {v['pairs']} 对相邻年份报告 (pairs)",
        f"  段落 passages (C201): precision {fmt(p['precision'])} ({p['right']}/{p['predicted']}), "
        f"recall {fmt(p['recall'])} ({p['found']}/{p['gold']}); 不计 don't-care {p['dont_care']} "
        f"(其中来源为更早年份、未匹配 older source, unmatched: {p['older_source_unmatched']}; "
        f"不足 {MIN_HAN} 个汉字、未匹配 under {MIN_HAN} han, unmatched: {p['short_unmatched']})",
        f"  字符 characters: precision {fmt(c['precision'])}, recall {fmt(c['recall'])}",
        f"  本机关复制比例 own share（按金标准口径：仅计文字见于本对上一年报告的段落 as the gold counts: "
        f"passages whose text stands in the pair's earlier report, copy.prev_share）: {s['within']}/{s['pairs']} "
        f"在 ±{SHARE_TOLERANCE} 内, mean |diff| {fmt(s['mean_abs_diff'])}, 无比例 no share {s['no_share']}; "
        f"超出 over {s['over']}, 不足 under {s['under']}",
        f"    其他口径 other definitions: 来源为上一年报告 source is the earlier report {s['source_earlier_within']}/{s['pairs']}; "
        f"任一更早年份 any earlier year (copy.own_share) {s['any_earlier_within']}/{s['pairs']}",
        f"  重复问题 repeated problems (C204): precision {fmt(q['precision'])} ({q['right']}/{q['predicted']}), "
        f"recall {fmt(q['recall'])} ({q['found']}/{q['gold']})",
        f"  位置不当 misplaced copy findings: {m.get('chrome', 0)} chrome, {m.get('table', 0)} table, "
        f"{m.get('frame', 0)} frame (of {m.get('findings', 0)} C201–C204)",
        "    按规则 by rule: " + (", ".join(f"{k[5:]} {v}" for k, v in sorted(m.items()) if k.startswith("rule:")) or "无")
        + "; frame 边界 by rule:edge:class: "
        + (", ".join(f"{k[6:]} {v}" for k, v in sorted(m.items()) if k.startswith("frame:")) or "无"),
        "    C204 误报按原因 false by reason: " + (", ".join(f"{k} {v}" for k, v in q["false_by_reason"].items()
                                                      if not k.startswith("right:")) or "无")
        + "; 正确按依据 right by basis: " + (", ".join(f"{k[6:]} {v}" for k, v in q["false_by_reason"].items()
                                                   if k.startswith("right:")) or "无"),
        f"  C201 来源不是上一年报告 source not the paired report: {v['c201_source_not_previous']}; "
        f"首年报告中的 C201 in first years: {v['c201_in_first_years']}",
    ]


LEFT_OUT = (("collection_missing", "缺少的集合 collections missing"), ("file_missing", "缺少的文件 files missing"),
            ("unread", "读取失败 unread"), ("no_part", "不在 split.tsv not in split"))


def echo_evaluation(res: dict[str, Any], figures: dict[str, Any], format_part: Callable[[str, Any], list[str]],
                    dev_errors: Callable[[dict[str, Any]], list[str]], note: str, left_out: tuple[tuple[str, str], ...],
                    errors: bool = False, as_json: bool = False) -> None:
    """Print an evaluation of the real reports: each part's figures (``format_part``), what it
    leaves out (``note``, then ``LEFT_OUT`` and ``left_out`` of ``res["left_out"]``) and, on
    request, the dev part's errors (the test part stays sealed); or all of it as JSON."""
    import json

    import click

    if as_json:
        out: dict[str, Any] = {"parts": figures, "left_out": res["left_out"]}
        if errors:
            out["dev_errors"] = dev_errors(res)
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for p in PARTS:
        click.echo("\n".join(format_part(p, figures[p])))
    lo = res["left_out"]
    click.echo("评测未覆盖（left out）:")
    click.echo(f"  {note}")
    for k, label in LEFT_OUT + left_out:
        click.echo(f"  {label}: {', '.join(lo[k]) or '无'}")
    if errors:
        click.echo("dev 错误（test 保持封存）:")
        for line in dev_errors(res):
            click.echo(line)
