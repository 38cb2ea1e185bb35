"""The labelled real vagueness set: standoff only, gold = first reader + adjudication, κ, dedupe, and
`reviewer eval vagueness` on a fictional set (own text) with dev and test printed apart."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reviewer.vagueness.realset import REAL_SET, dedupe, gold_labels, kappa, load_units

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def test_real_set_is_standoff_and_adjudicated() -> None:
    base = CORPUS / REAL_SET
    for name in ("units.tsv", "labels_b.tsv", "adjudication.tsv"):
        assert "。" not in (base / name).read_text(encoding="utf-8")
    gold = gold_labels(CORPUS)
    units = (base / "units.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(gold) == len(units) >= 800
    k, n, dis = kappa(CORPUS)
    assert n >= 150 and k >= 0.8
    adjudicated = (base / "adjudication.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(adjudicated) == dis and all(len(x.split("\t")) == 3 for x in adjudicated)


def _fictional(tmp: Path) -> tuple[Path, Path]:
    corpus, reports = tmp / "corpus", tmp / "reports"
    (reports / "real").mkdir(parents=True)
    (reports / "hebei").mkdir()
    a = "一是公开内容还不够全面。由办公室于3月底前修订青禾县信息公开指南。一是公开内容还不够全面。"
    b = "进一步加强组织领导。全年开展培训40余场。"
    (reports / "real" / "qinghe_2024.txt").write_text(a, encoding="utf-8")
    (reports / "hebei" / "yunxi_2024.txt").write_text(b, encoding="utf-8")
    base = corpus / REAL_SET
    base.mkdir(parents=True)
    rows = ["unit\tcollection\tfile\tsection\tstart\tend\tpart\tdouble",
            "u0\treal\tqinghe_2024.txt\t五\t0\t12\tdev\t1", "u1\treal\tqinghe_2024.txt\t五\t12\t33\tdev\t0",
            "u2\treal\tqinghe_2024.txt\t五\t33\t45\tdev\t0",
            "u3\thebei\tyunxi_2024.txt\t五\t0\t10\ttest\t1", "u4\thebei\tyunxi_2024.txt\t一\t10\t21\ttest\t0"]
    (base / "units.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (base / "labels_a.tsv").write_text("unit\tlabel\tnote\nu0\tvague\t\nu1\tspecific\t\nu2\tvague\t\nu3\tvague\t\nu4\tspecific\t\n", encoding="utf-8")
    (base / "labels_b.tsv").write_text("unit\tlabel\tnote\nu0\tvague\t\nu3\tspecific\t\n", encoding="utf-8")
    (base / "adjudication.tsv").write_text("unit\tlabel\treason\nu3\tvague\tgeneric remedy\n", encoding="utf-8")
    (corpus / "vague" / "train_tiny.tsv").write_text(
        "vague\t通用\tproblems\t工作水平有待进一步提高。\nspecific\t通用\tmeasures\t由办公室于6月底前完成云溪市栏目巡检。\n", encoding="utf-8")
    return corpus, reports


def test_units_gold_and_dedupe(tmp_path: Path) -> None:
    corpus, reports = _fictional(tmp_path)
    units = load_units(corpus, reports)
    assert [u.label for u in units] == ["vague", "specific", "vague", "vague", "specific"]
    assert units[1].text.startswith("由办公室")
    kept, dropped = dedupe(units)
    assert dropped == 1 and len(kept) == 4
    assert kappa(corpus)[2] == 1


def test_eval_prints_dev_and_test_apart_with_baselines(tmp_path: Path) -> None:
    from reviewer.vagueness.evaluate import cli as eval_cli

    corpus, reports = _fictional(tmp_path)
    args = ["--corpus", str(corpus), "--reports", str(tmp_path / "none"), "--reports-root", str(reports), "--no-cv"]
    res = CliRunner().invoke(eval_cli, args)
    assert res.exit_code == 0, res.output
    assert "dev (trained and calibrated on): 2 units (1 exact repeats dropped)" in res.output
    assert "sealed test (aggregate only)" in res.output
    assert "all vague" in res.output and "digit/《》 heuristic" in res.output
    data = json.loads(CliRunner().invoke(eval_cli, [*args, "--json", "--errors"]).output)
    assert set(data["real_set"]) == {"dev", "test"}
    assert data["real_set"]["test"]["五"]["all vague"]["specific"]["recall"] == 0.0
    assert all(e["source"].split()[0] in ("u0", "u1", "u2") for e in data["real_set_dev_errors"])
    dev_only = json.loads(CliRunner().invoke(eval_cli, [*args, "--json", "--dev-only"]).output)
    assert set(dev_only["real_set"]) == {"dev"}
