"""Colours and the one stylesheet every page inlines (no external fonts, styles or scripts)."""

from __future__ import annotations

# One colour per finding kind, hue by subscore family: violet = completeness, red/pink = data
# consistency, amber = originality, blue = specificity, green = format, grey = not penalised.
KIND_COLOURS = {
    "missing-section": "#c9b8ef",
    "missing-item": "#e4c6ee",
    "table-arithmetic": "#ff9e80",
    "table-missing-value": "#ffccbc",
    "text-table-mismatch": "#f28b8b",
    "cross-year-mismatch": "#f6a5c8",
    "copied-from-own-past": "#ffd54f",
    "copied-from-other": "#ffb74d",
    "template-text": "#fff176",
    "vague-narrative": "#90caf9",
    "repeated-problem": "#b3e0f9",
    "date-mismatch": "#a5d6a7",
    "format": "#d4e9b5",
    "unreadable": "#dddddd",
}
DEFAULT_COLOUR = "#e0e0e0"

SUBSCORE_COLOURS = {
    "completeness": "#7e57c2",
    "consistency": "#e53935",
    "originality": "#fb8c00",
    "specificity": "#1e88e5",
    "format": "#43a047",
}

SUBSCORE_LABELS = {
    "completeness": "完整性 completeness",
    "consistency": "数据一致 consistency",
    "originality": "原创性 originality",
    "specificity": "具体性 specificity",
    "format": "格式 format",
}

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", system-ui, sans-serif'
)


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, DEFAULT_COLOUR)


def css() -> str:
    kinds = "\n".join(
        f".k-{k}{{background:{c}}} .sw-{k}{{background:{c}}} td.cell-err.k-{k}{{outline:3px solid {c};background:{c}}}"
        for k, c in KIND_COLOURS.items()
    )
    return f"""
*{{box-sizing:border-box}}
body{{margin:0;font-family:{FONT_STACK};font-size:15px;line-height:1.7;color:#1d2330;background:#f6f7f9}}
header.top{{background:#1f2a44;color:#fff;padding:14px 28px}}
header.top a{{color:#cfe0ff}}
header.top h1{{margin:0;font-size:21px;font-weight:600}}
header.top .sub{{opacity:.85;font-size:13px}}
main{{padding:18px 28px;max-width:1500px;margin:0 auto}}
h2{{font-size:17px;margin:26px 0 10px;border-bottom:2px solid #dde2ea;padding-bottom:4px}}
.card{{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:14px 18px;margin-bottom:16px}}
.grid{{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}}
table.data{{border-collapse:collapse;width:100%;font-size:14px;background:#fff}}
table.data th,table.data td{{border-bottom:1px solid #e6e9ef;padding:5px 8px;text-align:left;vertical-align:top}}
table.data th{{background:#eef1f6;font-weight:600;position:sticky;top:0}}
td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums}}
.score{{font-weight:700}}
.bad{{color:#c62828}} .mid{{color:#b26a00}} .good{{color:#2e7d32}}
.sw{{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:5px;border:1px solid rgba(0,0,0,.15)}}
.legend{{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:13px}}
.layout{{display:grid;grid-template-columns:minmax(0,1fr) 430px;gap:20px;align-items:start}}
.fulltext{{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:18px 22px;font-size:15.5px;line-height:1.9}}
.fulltext table.doc{{border-collapse:collapse;margin:6px 0;font-size:13px;white-space:normal;line-height:1.4}}
.fulltext table.doc td{{border:1px solid #c9ced8;padding:2px 6px;text-align:center}}
a.hl{{color:inherit;text-decoration:none;border-radius:3px;padding:1px 0;border-bottom:2px solid rgba(0,0,0,.35)}}
a.hl:target,.finding:target{{outline:3px solid #1f2a44}}
.pin{{display:inline-block;padding:0 5px;border-radius:3px;font-size:12px;text-decoration:none;color:#1d2330}}
aside{{position:sticky;top:10px;max-height:calc(100vh - 20px);overflow:auto}}
.finding{{background:#fff;border:1px solid #dde2ea;border-left:6px solid #999;border-radius:6px;padding:8px 10px;margin-bottom:8px;font-size:13.5px}}
.finding .meta{{font-size:12px;color:#5b6475}}
.finding .passage{{background:#f3f4f7;padding:3px 6px;border-radius:4px;margin-top:4px;word-break:break-all}}
.sev-error{{color:#c62828;font-weight:600}} .sev-warning{{color:#b26a00}} .sev-info{{color:#5b6475}}
.pair{{display:grid;grid-template-columns:1fr 1fr;gap:10px}}
.pair>div{{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:8px 10px;word-break:break-all}}
.pair h4{{margin:0 0 4px;font-size:12.5px;color:#5b6475;font-weight:600}}
.bigscore{{font-size:44px;font-weight:700;line-height:1}}
.subbar{{display:flex;height:16px;border-radius:4px;overflow:hidden;background:#e6e9ef;max-width:520px}}
svg text{{font-family:{FONT_STACK}}}
b.chg{{color:#b00020;background:#fff;text-decoration:underline;text-decoration-thickness:2px;font-weight:700}}
.muted{{color:#5b6475;font-size:13px}}
.chrome{{color:#9aa1ad;background:#f3f4f6}}
{kinds}
"""
