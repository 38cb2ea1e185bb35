"""The examples of every registered rule, as cases the contract test (tests/test_rule_contract.py)
reviews: the must-flag / must-pass texts declared with the rule (``@rule(must_flag=…, must_pass=…)``;
a batch rule's example holds its reports joined by ``EXAMPLE_SEP``) and the fixture cases under
``tests/fixtures/rules/<CODE>/{flag,pass}/`` (a ``.txt`` file is one report, a folder is a batch).

The rule's declaration (kind, severity, scope, spec clause) and each case's findings (file, code,
span, severity, the first characters of the span) are kept in ``tests/fixtures/rules/<CODE>/snapshot.json``; ``REVIEWER_UPDATE_SNAPSHOTS=1 pytest
tests/test_rule_contract.py`` rewrites them after an intended change.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.model import Finding
from reviewer.rules.registry import EXAMPLE_SEP, Rule

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
UPDATE = os.environ.get("REVIEWER_UPDATE_SNAPSHOTS") == "1"
EXPECT = ("flag", "pass")


@dataclass
class Case:
    name: str  # "flag 1" (the first declared must-flag example) or "pass/rewritten" (a fixture)
    expect: str  # "flag" or "pass"
    files: dict[str, str]  # file name → text, in batch order


def cases(r: Rule) -> list[Case]:
    """Every example of rule ``r``: declared ones first, then its fixture files."""
    out: list[Case] = []
    for expect, examples in zip(EXPECT, (r.must_flag, r.must_pass), strict=True):
        for i, text in enumerate(examples, 1):
            parts = text.split(EXAMPLE_SEP) if r.scope == "batch" else [text]
            out.append(Case(f"{expect} {i}", expect, {f"d{j}.txt": part for j, part in enumerate(parts, 1)}))
    for expect in EXPECT:
        folder = FIXTURES / r.code / expect
        for p in sorted(folder.iterdir()) if folder.is_dir() else ():
            if p.is_dir():
                files = {f.name: f.read_text(encoding="utf-8") for f in sorted(p.iterdir()) if f.suffix == ".txt"}
            else:
                files = {p.name: p.read_text(encoding="utf-8")}
            out.append(Case(f"{expect}/{p.stem if p.is_file() else p.name}", expect, files))
    return out


def write_case(case: Case, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in case.files.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def snapshot_rows(findings: list[tuple[str, Finding]]) -> list[list[Any]]:
    """(file, code, start, end, severity, first characters of the span), sorted."""
    return sorted([name, f.rule, f.start, f.end, f.severity, f.text[:24]] for name, f in findings)


def snapshot_path(code: str) -> Path:
    return FIXTURES / code / "snapshot.json"


def load_snapshot(code: str) -> dict[str, list[list[Any]]]:
    p = snapshot_path(code)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def save_snapshot(code: str, snap: dict[str, list[list[Any]]]) -> None:
    p = snapshot_path(code)
    p.parent.mkdir(parents=True, exist_ok=True)
    # one finding a line, so a change shows as a one-line diff
    cases = []
    for name in sorted(snap):
        rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in snap[name])
        cases.append(f"  {json.dumps(name, ensure_ascii=False)}: [" + (f"\n{rows}\n  ]" if rows else "]"))
    p.write_text("{\n" + ",\n".join(cases) + "\n}\n", encoding="utf-8")
