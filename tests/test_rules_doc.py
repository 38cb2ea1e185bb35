"""docs/rules.md is generated from the rule registry and must not go stale."""

from __future__ import annotations

import inspect

from click.testing import CliRunner

from reviewer.cli import main
from reviewer.rules import docs
from reviewer.rules.registry import Rule
from reviewer.rules.runner import load_rules


def test_docs_rules_md_matches_the_registry():
    expected = docs.render()
    current = docs.RULES_MD.read_text(encoding="utf-8")
    assert current == expected, f"docs/rules.md is stale: regenerate it with `{docs.REGENERATE}`"


def test_every_listed_rule_is_documented_in_code_order():
    text = docs.render()
    codes = sorted(load_rules())
    positions = [text.index(f"\n### {c} ") for c in codes]
    assert positions == sorted(positions)
    table = [line.split(" | ")[0].lstrip("| ") for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert table[1:] == codes  # header row first
    assert f"{len(codes)} rules." in text


def _rule(code: str, **kw) -> Rule:
    def check(doc, ctx):
        """Summary line.

        Body paragraph with the details.

        A later paragraph that is left out."""
        return []

    return Rule(code=code, name="x-rule", kind="format", severity="info", check=check,
                doc=inspect.cleandoc(check.__doc__ or ""), **kw)


def test_render_shortens_examples_escapes_tables_and_is_deterministic():
    long = "青禾县交通运输局2024年政府信息公开工作年度报告\n" + "一、总体情况\n" + "正文。" * 100 + "\n六、其他需要报告的事项\n无。"
    rules = {"Z2": _rule("Z2", spec="§4 C1 | C2", must_flag=(long,), must_pass=("一、总体情况\n正文。",)),
             "Z1": _rule("Z1")}
    a = docs.render(rules)
    assert a == docs.render(dict(reversed(list(rules.items()))))  # order of registration is irrelevant
    assert a.index("### Z1 ") < a.index("### Z2 ")
    assert "| §4 C1 \\| C2 |" in a
    assert "Body paragraph with the details." in a and "left out" not in a
    flag = next(line for line in a.splitlines() if line.startswith("- must flag ("))
    assert f"({len(long)} chars)" in flag and " … " in flag and flag.endswith("六、其他需要报告的事项 ⏎ 无。`")
    assert "- must pass (10 chars): `一、总体情况 ⏎ 正文。`" in a
    assert "- must flag: none declared" in a  # Z1 declares no examples


def test_cli_markdown_and_check(tmp_path):
    res = CliRunner().invoke(main, ["rules", "--markdown"])
    assert res.exit_code == 0 and res.output == docs.render()
    out = tmp_path / "rules.md"
    assert docs.main(["--output", str(out), "--check"]) == 1  # absent: stale
    assert docs.main(["--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == docs.render()
    assert docs.main(["--output", str(out), "--check"]) == 0
