"""Overview cards for coverage: the 需人工复核 list and the distribution of each subscore."""

from __future__ import annotations

from html import escape
from pathlib import Path

from reviewer.model import Result
from reviewer.summary import Summary


def review_cards(summ: Summary, links: dict[int, str]) -> str:
    from reviewer.distribution import NAMES_ZH

    parts: list[str] = []
    if summ.subscore_stats:
        rows = []
        for s, st in summ.subscore_stats.items():
            top = max(c for *_, c in st["bins"]) or 1
            bars = "".join(
                f'<span title="{lo:g}–{hi:g}: {c}" style="display:inline-block;width:14px;margin-right:2px;'
                f'height:{max(1, round(24 * c / top))}px;background:#4a7fb5;vertical-align:bottom"></span>'
                for lo, hi, c in st["bins"]
            )
            rows.append(
                f'<tr><td>{escape(NAMES_ZH.get(s, s))} <span class="muted">{escape(s)}</span></td><td class="num">{st["full"]:g}</td>'
                f'<td class="num">{st["min"]:g}</td><td class="num">{st["median"]:g}</td><td class="num">{st["max"]:g}</td>'
                f'<td class="num">{st["distinct"]}</td><td class="num">{st["n"]}</td><td>{bars}</td></tr>'
            )
        parts.append(
            '<div class="card"><h2>分项得分分布 Subscore distribution</h2><table class="data"><tr><th>分项</th><th class="num">满分</th>'
            '<th class="num">最低</th><th class="num">中位</th><th class="num">最高</th><th class="num">取值数</th><th class="num">已评估</th>'
            f'<th>分布</th></tr>{"".join(rows)}</table></div>'
        )
    if summ.needs_review:
        items = []
        for r in summ.needs_review:
            link = links.get(id(r))
            name = escape(r.organ or Path(r.path).stem)
            name = f'<a href="{escape(link)}">{name}</a>' if link else name
            cov = "–" if r.coverage is None else f"{r.coverage:.0%}"
            score = "–" if r.score is None else f"{r.score:g}"
            why = "；".join(sorted({c["reason"] for c in r.criteria if c.get("status") == "not-assessed" and c.get("reason")}))
            items.append(f'<tr><td>{name}<div class="muted">{escape(Path(r.path).name)}</div></td><td class="num">{cov}</td>'
                         f'<td class="num">{score}</td><td>{escape(why)}</td></tr>')
        parts.append(
            '<h2>需人工复核 Needs manual review</h2><div class="card"><p class="muted">评估覆盖率低于阈值，得分仅供参考，不参与排名。</p>'
            '<table class="data"><tr><th>报告</th><th class="num">覆盖率</th><th class="num">得分</th><th>未评估原因</th></tr>'
            f'{"".join(items)}</table></div>'
        )
    return "".join(parts)


_STATUS_ZH = {"assessed": "已评估", "not-assessed": "未评估", "not-applicable": "不适用"}


def _lost(c: dict) -> str:
    return f"−{c['lost']:g}" if c.get("lost") else ""


def criteria_card(r: Result) -> str:
    """Coverage and every criterion's status on a report page."""
    if not r.criteria:
        return ""
    rows = "".join(
        f'<tr><td>{escape(c.get("label", c["id"]))} <span class="muted">{escape(c["id"])}</span></td><td>{escape(c["subscore"])}</td>'
        f'<td>{escape(_STATUS_ZH.get(c["status"], c["status"]))}</td><td class="num">{c["points"]:g}</td>'
        f'<td class="num">{_lost(c)}</td><td>{escape(c.get("reason", ""))}</td></tr>'
        for c in r.criteria if c["status"] != "not-applicable"
    )
    cov = "–" if r.coverage is None else f"{r.coverage:.0%}"
    note = "（低于阈值：需人工复核，不参与排名）" if r.review_status == "needs-review" else ""
    return (f'<h2>评估覆盖 Coverage {cov}{escape(note)}</h2><table class="data"><tr><th>评分项</th><th>分项</th><th>状态</th>'
            f'<th class="num">分值</th><th class="num">扣分</th><th>说明</th></tr>{rows}</table>')
