"""`reviewer eval ranking` on fictional reports with a hand-made pairs file: agreement per part
(dev, test, cross), ties count half, unscored reports are left out and counted, the split by
strength and kind, Kendall's tau per ordering group, and the sealed parts (no per-pair or
per-file detail for test or cross)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reviewer.evaluation.ranking import Pair, cli, evaluate, kendall, load_pairs, organ_key
from reviewer.rules.sections import mini_report

PARTS = {"d/qinghe_2023.txt": "dev", "d/qinghe_2024.txt": "dev", "d/yunxi_2024.txt": "dev",
         "d/donghu_2016.txt": "test", "d/donghu_2024.txt": "test", "d/nanshan_2024.txt": "test"}


def test_evaluate_shares_ties_and_left_out() -> None:
    scores = {"d/qinghe_2023.txt": (60.0, ""), "d/qinghe_2024.txt": (80.0, ""), "d/yunxi_2024.txt": (80.0, ""),
              "d/donghu_2016.txt": (50.0, ""), "d/donghu_2024.txt": (None, "附件 attachment"), "d/nanshan_2024.txt": (70.0, "")}
    pairs = [
        Pair("d/qinghe_2024.txt", "d/qinghe_2023.txt", "前者完整", "clear"),  # agree, same organ
        Pair("d/yunxi_2024.txt", "d/qinghe_2024.txt", "前者略具体", "slight"),  # tie: half
        Pair("d/qinghe_2023.txt", "d/yunxi_2024.txt", "前者更好", "clear"),  # against
        Pair("d/nanshan_2024.txt", "d/donghu_2016.txt", "前者完整", "clear"),  # test, cross era
        Pair("d/nanshan_2024.txt", "d/donghu_2024.txt", "后者缺表", "clear"),  # test, left out
        Pair("d/qinghe_2024.txt", "d/donghu_2016.txt", "后者缺部分", "slight"),  # cross
    ]
    out = evaluate(pairs, scores, PARTS, {"d/donghu_2016.txt": "legacy"})
    dev, test, cross = (out["parts"][p] for p in ("dev", "test", "cross"))
    assert dev["pairs"] == dev["scored"] == 3 and dev["share"] == 0.5
    assert dev["by"]["strength:clear"] == {"pairs": 2, "share": 0.5}
    assert dev["by"]["strength:slight"] == {"pairs": 1, "share": 0.5}
    assert dev["by"]["organ:same"] == {"pairs": 1, "share": 1.0}
    assert dev["by"]["era:same"]["pairs"] == 3 and "era:cross" not in dev["by"]
    assert len(dev["disagree"]) == 2  # the tie and the reversed pair
    assert test["pairs"] == 2 and test["scored"] == 1 and test["share"] == 1.0
    assert test["by"]["era:cross"] == {"pairs": 1, "share": 1.0}
    assert test["left_out_pairs"] == 1 and test["left_out_reasons"] == {"附件 attachment": 1}
    assert test["left_out_files"] == {"d/donghu_2024.txt": "附件 attachment"}
    assert cross["pairs"] == 1 and cross["share"] == 1.0


def test_kendall_against_the_evaluator_ordering() -> None:
    ranked = [("d/qinghe_2024.txt", 1), ("d/yunxi_2024.txt", 2), ("d/qinghe_2023.txt", 3)]
    agree = {"d/qinghe_2024.txt": (90.0, ""), "d/yunxi_2024.txt": (70.0, ""), "d/qinghe_2023.txt": (50.0, "")}
    assert kendall(ranked, agree, PARTS) == {"part": "dev", "files": 3, "scored": 3, "tau": 1.0, "left_out": []}
    reverse = {k: (100 - v[0], "") for k, v in agree.items()}
    assert kendall(ranked, reverse, PARTS)["tau"] == -1.0
    one_missing = {**agree, "d/yunxi_2024.txt": (None, "读取错误 error")}
    k = kendall(ranked + [("d/donghu_2024.txt", 4)], one_missing, PARTS)
    assert k["part"] == "cross" and k["scored"] == 2 and k["left_out"] == ["d/donghu_2024.txt", "d/yunxi_2024.txt"]


def test_organ_key_drops_year_and_suffix() -> None:
    assert organ_key("hebei/demo_ting_2018_tongjibiao.txt") == "demo_ting"
    assert organ_key("x/qinghe_xian_2011.txt") == "qinghe_xian"


def _write(tmp: Path) -> dict[str, Path]:
    rep = tmp / "reports" / "demo"
    rep.mkdir(parents=True)
    full = mini_report()
    (rep / "qinghe_2024.txt").write_text(full.replace("东湖区市场监督管理局", "青禾县市场监督管理局"), encoding="utf-8")
    (rep / "yunxi_2024.txt").write_text(mini_report(drop="五").replace("东湖区市场监督管理局", "云溪市教育局"), encoding="utf-8")
    (rep / "nanshan_2024.txt").write_text(full.replace("东湖区市场监督管理局", "南山镇人民政府"), encoding="utf-8")
    (rep / "beiling_2024.txt").write_text(mini_report(drop="六").replace("东湖区市场监督管理局", "北岭区文化局"), encoding="utf-8")
    (rep / "tiny_2024.txt").write_text("青禾县年报。", encoding="utf-8")  # not a report: no score
    pairs = tmp / "pairs.tsv"
    pairs.write_text(
        "better_file\tworse_file\treason\tstrength\n"
        "demo/qinghe_2024.txt\tdemo/yunxi_2024.txt\t后者缺问题部分\tclear\n"
        "demo/qinghe_2024.txt\tdemo/tiny_2024.txt\t后者不是完整报告\tclear\n"
        "demo/nanshan_2024.txt\tdemo/beiling_2024.txt\t后者缺其他事项\tclear\n"
        "demo/yunxi_2024.txt\tdemo/nanshan_2024.txt\t故意写反的一对\tslight\n",
        encoding="utf-8",
    )
    split = tmp / "split.tsv"
    split.write_text(
        "collection\tfile\torgan_key\tpart\n"
        "demo\tqinghe_2024.txt\tqinghe\tdev\ndemo\tyunxi_2024.txt\tyunxi\tdev\ndemo\ttiny_2024.txt\ttiny\tdev\n"
        "demo\tnanshan_2024.txt\tnanshan\ttest\ndemo\tbeiling_2024.txt\tbeiling\ttest\n",
        encoding="utf-8",
    )
    order = tmp / "order.tsv"
    order.write_text("group\tfile\trank\ng\tdemo/qinghe_2024.txt\t1\ng\tdemo/yunxi_2024.txt\t2\n", encoding="utf-8")
    return {"pairs": pairs, "split": split, "order": order, "reports": tmp / "reports"}


def _run(tmp: Path, *extra: str) -> str:
    p = _write(tmp)
    args = ["--pairs", str(p["pairs"]), "--split", str(p["split"]), "--order", str(p["order"]),
            "--docs", str(tmp / "none.tsv"), "--reports", str(p["reports"]), "--jobs", "1", *extra]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    return res.output


def test_cli_json_on_fictional_reports(tmp_path: Path) -> None:
    out = json.loads(_run(tmp_path, "--json"))
    dev, test, cross = (out["parts"][p] for p in ("dev", "test", "cross"))
    # a complete report scores above the same report without its problems section
    assert dev == {**dev, "pairs": 2, "scored": 1, "share": 1.0, "left_out_pairs": 1}
    assert dev["left_out_files"] == {"demo/tiny_2024.txt": dev["left_out_files"]["demo/tiny_2024.txt"]}
    assert test["pairs"] == test["scored"] == 1 and test["share"] == 1.0
    assert cross["pairs"] == 1 and cross["share"] == 0.0
    assert "disagree" not in dev  # only with --errors
    assert out["orders"]["g"] == {"part": "dev", "files": 2, "scored": 2, "tau": 1.0, "left_out": []}


def test_text_output_seals_test_and_cross(tmp_path: Path) -> None:
    out = _run(tmp_path, "--errors")
    assert "## dev" in out and "## test" in out and "## cross" in out
    assert "demo/tiny_2024.txt" in out  # dev left-out files are named
    assert "tau 1.000" in out
    assert "故意写反" not in out  # the reversed pair is cross: never listed


def test_part_filter_and_errors_only_for_dev(tmp_path: Path) -> None:
    out = _run(tmp_path, "--part", "test", "--errors")
    assert "## test" in out and "## dev" not in out and "## cross" not in out
    assert "test 与 cross 保持封存" in out


def test_missing_inputs_skip(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["--pairs", str(tmp_path / "no.tsv"), "--reports", str(tmp_path)])
    assert res.exit_code == 0 and "skipped" in res.output
    res = CliRunner().invoke(cli, ["--pairs", str(_write(tmp_path)["pairs"]), "--reports", str(tmp_path / "absent")])
    assert res.exit_code == 0 and "skipped" in res.output


def test_load_pairs_reads_the_repository_set() -> None:
    pairs = load_pairs(Path(__file__).resolve().parent.parent / "corpus" / "ranking" / "pairs.tsv")
    assert len(pairs) >= 100
    assert {p.strength for p in pairs} <= {"clear", "slight"}
    assert all(p.better != p.worse and "/" in p.better and p.reason for p in pairs)
