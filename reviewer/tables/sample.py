"""Small synthetic reports for rule examples and tests: six sections, pipe tables 三 and 四 whose
arithmetic holds, prose that agrees with them. Callers override single cells or sentences to make
a must-flag example, so every example differs from a passing one in exactly one place."""

from __future__ import annotations

from reviewer.tables.labels import T3_COLS, T3_LABELS, T3_ROWS_2021, T4_BLOCKS, T4_COLS

# a consistent table 三 (2021 format): rows → 6 part columns; 总计 is computed
_PARTS: dict[str, tuple[int, ...]] = {k: (0, 0, 0, 0, 0, 0) for k in T3_ROWS_2021}
_PARTS.update(
    {
        "一": (8, 2, 0, 0, 1, 0),
        "二": (1, 0, 0, 0, 0, 0),
        "三.一": (4, 1, 0, 0, 0, 0),
        "三.二": (1, 0, 0, 0, 0, 0),
        "三.三.4": (1, 0, 0, 0, 0, 0),
        "三.四.1": (1, 1, 0, 0, 1, 0),
        "三.六.2": (1, 0, 0, 0, 0, 0),
        "三.七": (8, 2, 0, 0, 1, 0),
        "四": (1, 0, 0, 0, 0, 0),
    }
)
_T4 = {"复议": (1, 0, 0, 1), "直接起诉": (0, 0, 0, 1), "复议后起诉": (0, 0, 0, 0)}

DEFAULT_PROSE = "全年新收政府信息公开申请11件，上年结转1件，办结11件，结转下年度1件。"
DEFAULT_FEE = "本年度收取信息处理费100元。"


def t3_values(overrides: dict[tuple[str, str], str] | None = None) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for k in T3_ROWS_2021:
        parts = _PARTS[k]
        rows[k] = {c: str(v) for c, v in zip(T3_COLS[:-1], parts, strict=True)}
        rows[k]["总计"] = str(sum(parts))
    for (r, c), v in (overrides or {}).items():
        rows[r][c] = v
    return rows


def sample_report(
    t3: dict[tuple[str, str], str] | None = None,
    t4: dict[tuple[str, str], str] | None = None,
    prose: str = DEFAULT_PROSE,
    fee: str = DEFAULT_FEE,
    year: int = 2024,
    with_t3: bool = True,
) -> str:
    """A complete small report as plain text with pipe tables."""
    rows = t3_values(t3)
    lines = [
        f"示例县测试局{year}年政府信息公开工作年度报告",
        "",
        "一、总体情况",
        f"{year}年，示例县测试局推进政务公开。{prose}",
        "",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
        "规章 | 0 | 0 | 0",
        "行政规范性文件 | 2 | 0 | 9",
        "",
        "三、收到和处理政府信息公开申请情况",
    ]
    if with_t3:
        lines.append("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计")
        for k in T3_ROWS_2021:
            lines.append(" | ".join([T3_LABELS[k], *(rows[k][c] for c in T3_COLS)]))
    else:
        lines.append("（表格见附件图片）")
    vals = {b: {c: str(v) for c, v in zip(T4_COLS[:-1], _T4[b], strict=True)} for b in T4_BLOCKS}
    for b in T4_BLOCKS:
        vals[b]["总计"] = str(sum(_T4[b]))
    for (b, c), v in (t4 or {}).items():
        vals[b][c] = v
    lines += [
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 | | | | | 行政诉讼 | | | | | | | | |",
        " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
        " | ".join(vals[b][c] for b in T4_BLOCKS for c in T4_COLS),
        "",
        "五、存在的主要问题及改进情况",
        "部分栏目更新不及时，下一步由办公室按月检查。",
        "",
        "六、其他需要报告的事项",
        fee,
        "",
    ]
    return "\n".join(lines)


def doc_from_text(text: str, name: str = "sample.txt"):
    """A Document built from text exactly as the txt reader would build it."""
    from pathlib import Path

    from reviewer.build import build_document
    from reviewer.io.text import read

    data = text.encode("utf-8")
    return build_document(read(data, Path(name)), name, data)
