"""`reviewer eval reading` on two small fictional reports with their own annotation files: figures
per part, missing-section precision/recall, table values, the raw→normalised offset alignment, and
that per-file errors are printed for the dev part only."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reviewer.evaluation.reading import align, cli
from reviewer.model import SECTION_IDS
from reviewer.rules.sections import mini_report
from reviewer.structure.detect import CANONICAL_TITLES

_T3 = "\n".join(
    [
        "一、本年新收政府信息公开申请数量 | 9 | 1 | 0 | 0 | 0 | 0 | 10",
        "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "（一）予以公开 | 6 | 1 | 0 | 0 | 0 | 0 | 7",
        "（二）部分公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2",
        "（七）总计 | 8 | 1 | 0 | 0 | 0 | 0 | 9",
        "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2",
    ]
)
_ORGAN = "东湖区市场监督管理局"


def _report(drop: str = "") -> str:
    text = mini_report(drop=drop, replace={"一、本年新收政府信息公开申请数量 | 9\n四、结转下年度继续办理 | 0": _T3})
    # an indented raw file: annotation offsets are into this text, the reviewer's into its normalised form
    return "\n".join(("\u3000\u3000" + line if line and "|" not in line else line) for line in text.split("\n"))


def _write(tmp: Path) -> tuple[Path, Path]:
    ann, rep = tmp / "ann", tmp / "reports"
    (rep / "demo").mkdir(parents=True)
    ann.mkdir()
    texts = {"demo_a_2024.txt": _report(), "demo_b_2024.txt": _report(drop="五")}
    for name, text in texts.items():
        (rep / "demo" / name).write_text(text, encoding="utf-8")
    (rep / "demo" / "demo_c_2024.txt").write_text(_report(), encoding="utf-8")  # not annotated
    (ann / "split.tsv").write_text(
        "collection\tfile\torgan\tpart\ndemo\tdemo_a_2024.txt\tA\tdev\ndemo\tdemo_b_2024.txt\tB\ttest\n", encoding="utf-8"
    )
    (ann / "docs.tsv").write_text(
        "collection\tfile\tsha256\torgan\tyear\tdoc_type\tera\tnotes\n"
        f"demo\tdemo_a_2024.txt\t000000000000\t{_ORGAN}\t2024\treport\t2021\t\n"
        "demo\tdemo_b_2024.txt\t000000000000\t云溪市教育局\t2024\treport\t2021\t\n",
        encoding="utf-8",
    )
    rows = ["collection\tfile\tslot\tstatus\tstart\tend\tnote"]
    for name, text in texts.items():
        for sid in SECTION_IDS:
            head = f"{sid}、{CANONICAL_TITLES[sid]}"
            i = text.find(head)
            rows.append(f"demo\t{name}\t{sid}\t" + ("absent\t\t\t" if i < 0 else f"heading\t{i}\t{i + len(head)}\t"))
    (ann / "sections.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (ann / "tables.tsv").write_text(
        "collection\tfile\ttable\trow\tcolumn\tvalue\tnote\n"
        "demo\tdemo_a_2024.txt\t三\t一\t自然人\t9\t\n"
        "demo\tdemo_a_2024.txt\t三\t三.七\t总计\t9\t\n"
        "demo\tdemo_a_2024.txt\t三\t四\t总计\t3\twrong on purpose\n"
        "demo\tdemo_a_2024.txt\t三\t三.三.1\t自然人\t0\tnot in the table\n",
        encoding="utf-8",
    )
    return ann, rep


def _run(tmp: Path, *args: str) -> str:
    ann, rep = _write(tmp)
    res = CliRunner().invoke(cli, ["--annotations", str(ann), "--reports", str(rep), *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_figures_per_part(tmp_path: Path) -> None:
    out = json.loads(_run(tmp_path, "--json"))
    dev, test = out["parts"]["dev"]["all"], out["parts"]["test"]["all"]
    assert dev["files"] == test["files"] == 1
    assert dev["organ"] == [1, 1] and test["organ"] == [0, 1]  # the test file's organ is annotated differently
    assert dev["year"] == [1, 1] and dev["doc_type"] == [1, 1]
    assert dev["slots"] == [6, 6] and test["slots"] == [6, 6]
    assert test["slots_by_era"] == {"2021": [6, 6]}
    assert dev["missing_precision"] == [0, 0] and dev["missing_recall"] == [0, 0]
    assert test["missing_precision"] == [1, 1] and test["missing_recall"] == [1, 1]
    assert dev["cells"] == [2, 4] and dev["cells_not_right_by_table"]["三"] == 2
    assert test["cells"] == [0, 0]
    assert out["left_out"]["not_annotated"] == ["demo/demo_c_2024.txt"]
    assert out["left_out"]["stale"] == {"dev": 1, "test": 1}


def test_text_output_and_sealed_test_part(tmp_path: Path) -> None:
    out = _run(tmp_path, "--errors")
    assert "## dev" in out and "## test" in out
    assert "n/a" in out  # the test part has no annotated table values
    assert "demo_a_2024.txt\tcells" in out  # dev errors are listed
    assert "demo_b_2024.txt\t" not in out  # test errors never are


def test_part_test_only_prints_no_errors(tmp_path: Path) -> None:
    out = _run(tmp_path, "--part", "test", "--errors")
    assert "## dev" not in out and "## test" in out
    assert "demo_b_2024.txt\t" not in out


def test_align_maps_raw_offsets_through_normalisation() -> None:
    raw = "\u3000\u3000一、总体情况\nＡＢ 12"
    norm = "一、总体情况\nAB12"
    m = align(raw, norm)
    assert norm[m[raw.index("总")]] == "总"
    assert norm[m[raw.index("Ｂ")]] == "B"
    assert m[len(raw)] == len(norm)


def test_missing_annotations_skip(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["--annotations", str(tmp_path), "--reports", str(tmp_path)])
    assert res.exit_code == 0 and "skipped" in res.output
