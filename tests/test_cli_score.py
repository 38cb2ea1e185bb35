"""`reviewer score` / `reviewer check` end to end, in process, with a test-only rule so the
assertions do not depend on which detectors are built."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.rules.registry import REGISTRY, rule
from tests.conftest import EXAMPLES

PHRASE = "有待进一步加强"


@pytest.fixture
def probe_rule():
    """Z999 flags every occurrence of PHRASE as a format error (a kind no metric replaces)."""

    @rule("Z999", "test-probe", "format", "error")
    def _probe(doc, ctx):
        out, i = [], doc.text.find(PHRASE)
        while i != -1:
            out.append(doc.finding("Z999", "format", "error", i, i + len(PHRASE), "probe phrase"))
            i = doc.text.find(PHRASE, i + 1)
        return out

    yield "Z999"
    REGISTRY.pop("Z999", None)


@pytest.fixture
def batch(tmp_path):
    base = (EXAMPLES / "qinghe_jiaotong_2024.txt").read_text(encoding="utf-8")
    tmp_path = tmp_path / "in"  # outputs go next to it, never into the reviewed folder
    tmp_path.mkdir()
    good = tmp_path / "good_2024.txt"
    good.write_text(base, encoding="utf-8")
    bad = tmp_path / "bad_2024.txt"
    bad.write_text(base.replace("五、存在的主要问题及改进情况\n", f"五、存在的主要问题及改进情况\n工作{PHRASE}，制度{PHRASE}。\n", 1), encoding="utf-8")
    return tmp_path, good, bad


def score(*args: str):
    return CliRunner().invoke(main, ["score", "-j", "1", *args])


def _jsonl(text: str) -> dict[str, dict]:
    return {json.loads(x)["path"].rsplit("/", 1)[-1]: json.loads(x) for x in text.splitlines() if x.startswith("{")}


def test_score_jsonl_ranks_and_explains(probe_rule, batch):
    tmp, good, bad = batch
    res = score(str(tmp), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    out = _jsonl(res.stdout)
    z = [f for f in out["bad_2024.txt"]["findings"] if f["rule"] == "Z999"]
    assert len(z) == 2
    assert out["bad_2024.txt"]["score"] < out["good_2024.txt"]["score"]
    cited = {i for d in out["bad_2024.txt"]["deductions"] for i in d["findings"]}
    assert {out["bad_2024.txt"]["findings"].index(f) for f in z} <= cited


def test_fail_under_and_error_exit_codes(probe_rule, batch):
    tmp, good, bad = batch
    assert score(str(tmp), "--format", "json", "--fail-under", "0").exit_code == 0
    assert score(str(tmp), "--format", "json", "--fail-under", "100.01").exit_code == 1
    # a file that cannot be reviewed wins over --fail-under
    res = score(str(tmp), str(tmp / "missing.txt"), "--format", "json", "--fail-under", "100.01")
    assert res.exit_code == 2 and "missing.txt: 错误: 文件或文件夹不存在" in res.stderr


def test_file_writers_need_output(probe_rule, batch, tmp_path):
    tmp, good, bad = batch
    res = score(str(good), "--format", "xlsx")
    assert res.exit_code == 2 and "--output" in res.output
    assert score(str(tmp), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")).exit_code == 0
    assert (tmp_path / "r.xlsx").stat().st_size > 0
    assert score(str(tmp), "--format", "html", "-o", str(tmp_path / "site")).exit_code == 0
    assert (tmp_path / "site" / "index.html").exists() and len(list((tmp_path / "site" / "reports").glob("*.html"))) == 2
    assert score(str(tmp), "--format", "csv", "-o", str(tmp_path / "r.csv")).exit_code == 0
    assert (tmp_path / "r.findings.csv").read_text(encoding="utf-8").count("Z999") == 2


def test_config_overrides_and_validates_the_rubric(probe_rule, batch, tmp_path):
    tmp, good, bad = batch
    cfg = tmp_path / "rubric.toml"
    cfg.write_text("[scoring.kinds.format]\npoints = 0\n", encoding="utf-8")
    plain = _jsonl(score(str(bad), "--format", "jsonl").stdout)["bad_2024.txt"]
    tuned = _jsonl(score(str(bad), "--format", "jsonl", "--config", str(cfg)).stdout)["bad_2024.txt"]
    # Z999 is named by no criterion: charged to F-outline through its kind, at the [kinds] points
    assert any(d["source"] == "criterion:F-outline" for d in plain["deductions"])
    assert not any(d["source"] == "criterion:F-outline" for d in tuned["deductions"])
    assert tuned["score"] > plain["score"]
    cfg.write_text("[scoring.subscores]\nformat = 30\n", encoding="utf-8")
    res = score(str(bad), "--config", str(cfg))
    assert res.exit_code == 2 and "sum to 100" in res.output


def test_baseline_round_trip_through_the_cli(probe_rule, batch, tmp_path):
    tmp, good, bad = batch
    first = score(str(tmp), "--format", "jsonl")
    jl = tmp_path / "r.jsonl"
    jl.write_text(first.stdout, encoding="utf-8")
    base = tmp_path / "baseline.json"
    res = CliRunner().invoke(main, ["baseline", "accept", str(jl), "--rule", "Z999", "-o", str(base)])
    assert res.exit_code == 0, res.output
    again = score(str(tmp), "--format", "jsonl", "--baseline", str(base))
    assert again.exit_code == 0 and "stale" not in again.stderr
    b = _jsonl(again.stdout)["bad_2024.txt"]
    assert not [f for f in b["findings"] if f["rule"] == "Z999"]
    assert b["metrics"]["baseline"] == {"accepted": 2}
    assert b["score"] > _jsonl(first.stdout)["bad_2024.txt"]["score"]
    # once the passage is fixed, the entries are stale and reported
    bad.write_text(bad.read_text(encoding="utf-8").replace(PHRASE, "按季度检查"), encoding="utf-8")
    later = score(str(tmp), "--format", "jsonl", "--baseline", str(base))
    assert later.stderr.count("stale baseline entry") == 1  # two findings, one passage, one fingerprint


def test_check_prints_ruff_style_with_caret(probe_rule, batch):
    tmp, good, bad = batch
    res = CliRunner().invoke(main, ["check", str(bad)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    heads = [i for i, x in enumerate(lines) if re.match(rf"{re.escape(str(bad))}:\d+:\d+: Z999 \[format\] probe phrase$", x)]
    assert len(heads) == 2
    i = heads[0]
    line_no = int(lines[i].split(":")[1])
    col = int(lines[i].split(":")[2])
    src = lines[i + 2]
    assert src.startswith(f"{line_no} | ")
    shown = src[len(f"{line_no} | "):]
    under = lines[i + 3][len(f"{line_no} | "):]
    assert lines[i + 3].startswith(" " * len(str(line_no)) + " | ")
    pos = shown.index(PHRASE)
    wide = sum(2 if ord(ch) > 0x2E7F else 1 for ch in shown[:pos])
    assert under == " " * wide + "^" * 14  # 7 wide characters = 14 columns, right under the phrase
    assert col >= 1
    assert f"{bad}：共 4 条问题" in res.stdout and "未评估雷同" in res.stdout
    en = CliRunner().invoke(main, ["check", "--lang", "en", str(bad)])
    assert en.exit_code == 0 and f"Found 4 finding(s) (2 error) in {bad}" in en.stdout and "copying not assessed" in en.stdout
    assert "formulaic sentence in section" in en.stdout and "套话句" not in en.stdout
