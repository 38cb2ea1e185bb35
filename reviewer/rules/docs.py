"""docs/rules.md, generated from the rule registry: every rule with its code, name, kind, severity,
scope, spec clause, the first paragraph of its docstring (after a one-line summary), its
must-flag / must-pass examples (shortened) and its message templates in Chinese (the default
language; ``reviewer rules CODE --lang en`` shows the English ones). Deterministic: rules sorted by code, no dates, so a test can compare the file.

Regenerate with ``python -m reviewer.rules.docs`` (or ``reviewer rules --markdown > docs/rules.md``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.messages import rule_templates
from reviewer.paths import ROOT
from reviewer.rules.registry import Rule
from reviewer.rules.runner import load_rules

RULES_MD = ROOT / "docs" / "rules.md"
REGENERATE = "python -m reviewer.rules.docs"
HEAD, TAIL = 80, 70  # characters kept from each end of a long example
FAMILIES = {"C": "copying across reports (spec §7 defects 5–6)", "S": "sections, format and dates (spec §2, §4 C10–C11)",
            "T": "tables and their consistency (spec §3, §4)", "V": "vague narrative (spec §8)"}


def first_paragraph(doc: str) -> str:
    """The docstring's first paragraph; when that is a one-line summary, the paragraph after it too."""
    paras = [p for p in doc.strip().split("\n\n") if p.strip()]
    if not paras:
        return "(no description)"
    keep = paras[:2] if len(paras) > 1 and "\n" not in paras[0].strip() else paras[:1]
    return "\n\n".join("\n".join(line.strip() for line in p.strip().splitlines()) for p in keep)


def shorten(example: str) -> str:
    """One line: line breaks shown as ⏎, the middle of a long example cut."""
    text = " ⏎ ".join(x.strip() for x in example.strip().splitlines() if x.strip())
    if len(text) > HEAD + TAIL + 3:
        text = f"{text[:HEAD]} … {text[-TAIL:]}"
    return text.replace("`", "'")


def _cell(s: str) -> str:
    return s.replace("|", "\\|") or "—"


def _rule_section(r: Rule) -> list[str]:
    out = [f"### {r.code} {r.name}", "",
           f"{r.kind} · {r.severity} · {r.scope} · spec: {r.spec or '—'} · module `{r.check.__module__}`", "",
           first_paragraph(r.doc), ""]
    for label, examples in (("must flag", r.must_flag), ("must pass", r.must_pass)):
        if not examples:
            out.append(f"- {label}: none declared")
            continue
        for i, ex in enumerate(examples, 1):
            n = f" {i}" if len(examples) > 1 else ""
            out.append(f"- {label}{n} ({len(ex)} chars): `{shorten(ex)}`")
    for mid, text in rule_templates(r.code):
        out.append(f"- message `{mid}`: {_tick(text)}")
    out.append("")
    return out


def _tick(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def render(rules: dict[str, Rule] | None = None) -> str:
    rules = load_rules() if rules is None else rules
    ordered = sorted(rules.values(), key=lambda r: r.code)
    lines = [
        "# Rules",
        "",
        f"<!-- generated from the rule registry by `{REGENERATE}`; do not edit by hand -->",
        "",
        "Every rule the reviewer runs, from the registry (`reviewer.rules.registry`). `reviewer rules CODE`",
        "prints a rule's whole docstring and its message templates (`--lang en` for English; the messages",
        "are listed here in Chinese, the default, with their ids in `reviewer.messages`). Document rules see one report; batch rules see the whole batch",
        "(copying, cross-year checks). Section detection and the S0xx family are described in",
        "`docs/sections.md`, the table rules' evidence in `docs/tables.md`, the scoring in `docs/scoring.md`.",
        "",
        f"{len(ordered)} rules.",
        "",
        "| code | name | kind | severity | scope | spec |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {r.code} | {r.name} | {r.kind} | {r.severity} | {r.scope} | {_cell(r.spec)} |" for r in ordered]
    lines.append("")
    family = None
    for r in ordered:
        prefix = r.code[0]
        if prefix != family:
            family = prefix
            lines += [f"## {prefix}: {FAMILIES.get(prefix, 'other')}", ""]
        lines += _rule_section(r)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reviewer.rules.docs", description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=RULES_MD, help="file to write (default docs/rules.md)")
    ap.add_argument("--check", action="store_true", help="exit 1 when the file differs, write nothing")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} 已过期: run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
