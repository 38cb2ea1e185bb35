"""Every user-facing text field speaks the chosen language (spec: output for Chinese reviewers,
Chinese first, ``--lang en`` English), on the bundled examples and a generated batch.

Chinese output: no English word in messages, evidence cues, table reasons, quantities, criterion
labels and reasons, deduction reasons — ids (rule codes, cue ids with their spans, spec clauses)
and text quoted from the reports are exempt. English output: no Chinese in the same fields except
runs that the reports themselves contain (quoted passages, section numerals and titles, table
labels, organ names)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reviewer.messages import localise
from reviewer.model import Result

ROOT = Path(__file__).resolve().parent.parent
CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]+")
WORD = re.compile(r"[A-Za-z]{2,}")
# ids allowed inside Chinese text: cue id and span, rule codes, spec clauses, quoted passages
ZH_EXEMPT = re.compile(r"\[\w+@\d+-\d+\]|\b[CSTV]\d{3}\b|\bC\d{1,2}\b|「[^」]*」|“[^”]*”|《[^》]*》|--\w[\w-]*")


def texts(r: Result) -> list[tuple[str, str]]:
    """(field, text) of every user-facing text field of a result."""
    out: list[tuple[str, str]] = []
    for f in r.findings:
        out.append(("message", f.message))
        ev: dict[str, Any] = f.evidence if isinstance(f.evidence, dict) else {}
        out += [("evidence.cues", c) for c in ev.get("cues") or [] if isinstance(c, str)]
        out += [(f"evidence.{k}", ev[k]) for k in ("quantity", "reason") if isinstance(ev.get(k), str)]
    out += [("deductions.reason", d["reason"]) for d in r.deductions]
    out += [(f"criteria.{k}", c[k]) for c in r.criteria for k in ("label", "reason") if c.get(k)]
    return out


def _cue_text(field: str, text: str) -> str:
    """A cue's label part: the matched report text before it is quoted text."""
    m = re.match(r"^(.*)[（(]([^（）()]*)[）)] ?\[\w+@\d+-\d+\]$", text, re.S) if field == "evidence.cues" else None
    return m.group(2) if m else text


def english_in_chinese(results: list[Result], reports: str) -> list[str]:
    bad = []
    for r in results:
        for field, text in texts(r):
            rest = ZH_EXEMPT.sub(" ", _cue_text(field, text))
            words = [w for w in WORD.findall(rest) if w not in reports]
            if words:
                bad.append(f"{r.path} {field}: {text!r} ({', '.join(words)})")
    return bad


def chinese_in_english(results: list[Result], reports: str) -> list[str]:
    bad = []
    for r in results:
        for field, text in texts(r):
            runs = [run for run in CJK_RUN.findall(_cue_text(field, text)) if _ideographs(run) not in reports]
            if runs:
                bad.append(f"{r.path} {field}: {text!r} ({', '.join(runs)})")
    return bad


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Result], str]:
    from reviewer.generate.batch import generate_batch, write_batch
    from reviewer.generate.defects import DefectOptions
    from reviewer.pipeline import Options, review

    gen = tmp_path_factory.mktemp("gen")
    write_batch(generate_batch(4, [2020, 2023], 3, ("txt", "html"), DefectOptions.realistic()), gen)
    results, docs = review([str(ROOT / "examples"), str(gen)], Options(jobs=1))
    # the reports' ideographs only (table labels are quoted across line and cell breaks and
    # brackets) and the official table labels, which the reader names canonically (spec §3)
    from reviewer.tables.labels import T2_ROWS, T3_COLS, T3_LABELS, T4_BLOCK_TITLES, T4_COLS

    official = [*T3_LABELS.values(), *T3_COLS, *T4_COLS, *T4_BLOCK_TITLES.values(), *(b + r for b, r, _ in T2_ROWS)]
    return results, _ideographs("".join(d.text for d in docs if d is not None) + "|".join(official))


def _ideographs(text: str) -> str:
    return "".join(IDEOGRAPH.findall(text))


def test_the_batch_exercises_the_translated_fields(reviewed: tuple[list[Result], str]) -> None:
    results, _ = reviewed
    fields = {field for r in results for field, _ in texts(r)}
    assert {"message", "evidence.cues", "deductions.reason", "criteria.label", "criteria.reason"} <= fields


def test_chinese_output_has_no_english(reviewed: tuple[list[Result], str]) -> None:
    results, reports = reviewed
    assert english_in_chinese(results, reports) == []


def test_english_output_has_no_chinese_outside_report_text(reviewed: tuple[list[Result], str]) -> None:
    results, reports = reviewed
    assert chinese_in_english(localise(results, "en"), reports) == []


def test_the_scan_catches_the_wrong_language() -> None:
    r = Result(path="x.txt", criteria=[{"id": "K", "label": "section one", "reason": "未找到表格"}])
    assert english_in_chinese([r], "") and chinese_in_english([r], "")
