"""The message catalogue (reviewer.messages): every rule message and label exists in Chinese and
English with the same parameters, findings keep an id to render again, and ``--lang`` switches the
command line, the renderers and the HTML pages. Inputs are the bundled fictional examples."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import main
from reviewer.messages import LANGS, finding_message, render, ui
from reviewer.messages.labels import UI
from reviewer.messages.rules import RULE_MESSAGES
from reviewer.model import Finding, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _dummy(template: str) -> dict[str, object]:
    """A value for every placeholder that suits its format spec (``{p:.0%}`` needs a number)."""
    out: dict[str, object] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name:
            out[name] = 0.5 if spec else f"<{name}>"
    return out


@pytest.mark.parametrize("key", sorted(RULE_MESSAGES), ids=lambda k: f"{k[0]}.{k[1]}")
def test_every_rule_message_in_both_languages(key):
    entry = RULE_MESSAGES[key]
    assert set(entry) == set(LANGS) and all(entry[lang].strip() for lang in LANGS)
    assert _fields(entry["zh"]) == _fields(entry["en"])
    params = _dummy(entry["zh"])
    zh, en = (render(key[0], key[1], params, lang) for lang in LANGS)
    assert zh != en
    for value in params.values():
        if isinstance(value, str):
            assert value in zh and value in en


@pytest.mark.parametrize("key", sorted(UI))
def test_every_label_in_both_languages(key):
    entry = UI[key]
    assert set(entry) == set(LANGS) and _fields(entry["zh"]) == _fields(entry["en"])
    params = _dummy(entry["zh"])
    assert ui(key, "zh", **params) and ui(key, "en", **params)


def _msg_calls() -> set[tuple[str, str]]:
    """Every literal ``msg("CODE", "id", …)`` / ``msg_(…)`` call in the rules."""
    found = set()
    for path in [*(ROOT / "reviewer" / "rules").glob("*.py"), ROOT / "reviewer" / "similarity" / "flipcheck.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("msg", "msg_"):
                a = node.args
                if len(a) < 2 or not isinstance(a[0], ast.Constant):
                    continue
                ids = [a[1]] if isinstance(a[1], ast.Constant) else [a[1].body, a[1].orelse] if isinstance(a[1], ast.IfExp) else []
                found.update((a[0].value, x.value) for x in ids if isinstance(x, ast.Constant))
    return found


def test_every_message_a_rule_names_is_in_the_catalogue():
    calls = _msg_calls()
    assert len(calls) > 40
    assert not {k for k in calls if k not in RULE_MESSAGES}


def test_finding_keeps_id_and_params_and_old_results_load():
    f = Finding("V303", "missing-item", "warning", "五", 0, 0, 1, "", render("V303", "no-problems", {"section": "五"}),
                {}, "no-problems", {"section": "五"})
    assert f.message == "第五部分没有说明存在的问题"
    assert finding_message(f, "en") == "section 五 states no problems"
    d = Result(path="a.txt", findings=[f]).to_dict()
    assert d["findings"][0]["message_id"] == "no-problems" and d["findings"][0]["params"] == {"section": "五"}
    old = {k: v for k, v in d["findings"][0].items() if k not in ("message_id", "params")}
    back = Result.from_dict({**d, "findings": [old]}).findings[0]
    assert back.message_id is None and finding_message(back, "en") == back.message  # no id: shown as stored


def _score(*args: str) -> list[dict]:
    res = CliRunner().invoke(main, ["score", "-j", "1", str(EXAMPLES), "--format", "jsonl", *args])
    assert res.exit_code in (0, 1), res.output
    return [json.loads(x) for x in res.stdout.splitlines() if x.strip()]


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/ not present")
def test_score_lang_en_and_zh_on_examples():
    zh, en = _score(), _score("--lang", "en")
    assert [r["path"] for r in zh] == [r["path"] for r in en]
    fz = [f for r in zh for f in r["findings"]]
    fe = [f for r in en for f in r["findings"]]
    assert fz and len(fz) == len(fe)
    # only the message text and the evidence's wording (cue labels, quantity and table reasons)
    # differ between the two runs; the cue ids and spans do not
    def strip(f: dict) -> dict:
        ev = {k: v for k, v in (f.get("evidence") or {}).items() if k not in ("quantity", "reason")}
        if "cues" in ev:
            ev["cues"] = [re.search(r"\[\w+@\d+-\d+\]$", c).group(0) if re.search(r"\]$", c) else None for c in ev["cues"]]
        return {**{k: v for k, v in f.items() if k != "message"}, "evidence": ev}

    assert [strip(f) for f in fz] == [strip(f) for f in fe]
    cues = [(a, b) for x, y in zip(fz, fe, strict=True) for a, b in zip((x["evidence"] or {}).get("cues", []),
                                                                       (y["evidence"] or {}).get("cues", []), strict=True)]
    assert cues and all(a != b for a, b in cues)  # every cue is worded in each language
    assert all(f["message_id"] for f in fz)
    by_id = {}
    for a, b in zip(fz, fe, strict=True):
        by_id.setdefault((a["rule"], a["message_id"]), (a["message"], b["message"]))
    assert by_id, "no catalogue finding on the examples"
    for (code, mid), (mz, me) in by_id.items():
        assert mz == render(code, mid, next(f["params"] for f in fz if (f["rule"], f["message_id"]) == (code, mid)), "zh")
        assert me != mz or not any("\u4e00" <= ch <= "\u9fff" for ch in mz)
    known = [k for k in by_id if k[0] in ("V301", "V305", "C203", "S003", "T105", "T101")]
    assert known
    for code, mid in known:
        mz, me = by_id[(code, mid)]
        assert mz.startswith(("第", "与", "表", "缺")) and me[0].isascii()


def test_html_lang_en_pages(tmp_path):
    from reviewer.render import get_writer
    from tests.scoring_fixtures import make_batch

    results, docs = make_batch(tmp_path)
    en = get_writer("html")(results, tmp_path / "en", docs, lang="en")
    zh = get_writer("html")(results, tmp_path / "zh", docs)
    for index, lang in ((en, "en"), (zh, "zh-CN")):
        for p in [index, *(index.parent / "reports").glob("*.html")]:
            assert f'<html lang="{lang}">' in p.read_text(encoding="utf-8"), p.name
    page = en.read_text(encoding="utf-8")
    assert "<h2>Ranking</h2>" in page and "<h2>Score distribution</h2>" in page and "排名" not in page
    assert "<h2>排名</h2>" in zh.read_text(encoding="utf-8")
    report = next(p for p in (en.parent / "reports").glob("*.html") if "qinghe_jiaotong_2024" in p.name).read_text(encoding="utf-8")
    assert "<h2>Full text</h2>" in report and "Findings</h2>" in report and "Copied passages and their source" in report
    assert "<h2>Deductions</h2>" in report and "<h2>扣分</h2>" not in report
    organ = next((en.parent / "reports").glob("organ-*.html")).read_text(encoding="utf-8")
    assert "Findings that persist" in organ and "copied share" in organ and "历年对比" not in organ


def test_every_rule_kind_has_a_label_in_each_language():
    from reviewer.messages import kind_label
    from reviewer.rules.registry import REGISTRY
    from reviewer.rules.runner import load_rules

    load_rules()
    kinds = {r.kind for r in REGISTRY.values()}
    assert kinds
    for kind in kinds:
        zh, en = kind_label(kind, "zh"), kind_label(kind, "en")
        assert zh != kind and any("\u4e00" <= ch <= "\u9fff" for ch in zh), kind
        assert en != zh and en.isascii(), kind


def test_the_kinds_line_names_kinds_as_reviewers_read_them():
    from reviewer.messages import kinds_text

    assert kinds_text({"vague-narrative": 2, "copied-from-other": 5}) == "与他机关文字雷同 5, 表述空泛 2"
    assert kinds_text({"copied-from-other": 5}, "en") == "copied from another organ 5"
    assert kinds_text({"no-such-kind": 1}) == "no-such-kind 1"


def test_every_rule_has_a_summary_in_both_languages():
    from reviewer.messages import rule_summary
    from reviewer.messages.labels import RULE_DOCS
    from reviewer.rules.runner import load_rules

    codes = set(load_rules())
    assert set(RULE_DOCS) == codes
    for code in codes:
        zh, en = rule_summary(code), rule_summary(code, "en")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and zh != en, code


def test_rules_command_shows_the_summary_first_in_the_chosen_language():
    zh = CliRunner().invoke(main, ["rules", "T106"]).output
    en = CliRunner().invoke(main, ["rules", "T106", "--lang", "en"]).output
    from reviewer.messages import rule_summary

    assert zh.index(rule_summary("T106")) < zh.index("开发说明") < zh.index("Why:")
    assert rule_summary("T106", "en") in en and "开发说明" not in en
    listing = CliRunner().invoke(main, ["rules"]).output
    assert rule_summary("C201") in listing
