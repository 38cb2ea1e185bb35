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
# and file names, extensions and acronyms of formats (.doc, word/document.xml, PDF, GB18030)
ZH_EXEMPT = re.compile(r"\[\w+@\d+-\d+\]|\b[CSTV]\d{3}\b|\bC\d{1,2}\b|「[^」]*」|“[^”]*”|《[^》]*》|--\w[\w-]*"
                       r"|[\w%/-]*\.[A-Za-z]\w*|[\w-]*/[\w/.-]+|\b[A-Z]{2,}\d*\b")


def texts(r: Result) -> list[tuple[str, str]]:
    """(field, text) of every user-facing text field of a result."""
    out: list[tuple[str, str]] = []
    for f in r.findings:
        out.append(("message", f.message))
        ev: dict[str, Any] = f.evidence if isinstance(f.evidence, dict) else {}
        out += [("evidence.cues", c) for c in ev.get("cues") or [] if isinstance(c, str)]
        out += [(f"evidence.{k}", ev[k]) for k in ("quantity", "reason") if isinstance(ev.get(k), str)]
    if r.error:
        out.append(("error", r.error))
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
    # files that cannot be reviewed: their one-line errors are user-facing text too
    for name, data in BAD_FILES.items():
        (gen / name).write_bytes(data)
    results, docs = review([str(ROOT / "examples"), str(gen)], Options(jobs=1))
    # the reports' ideographs only (table labels are quoted across line and cell breaks and
    # brackets) and the official table labels, which the reader names canonically (spec §3)
    from reviewer.tables.labels import T2_ROWS, T3_COLS, T3_LABELS, T4_BLOCK_TITLES, T4_COLS

    official = [*T3_LABELS.values(), *T3_COLS, *T4_COLS, *T4_BLOCK_TITLES.values(), *(b + r for b, r, _ in T2_ROWS)]
    return results, _ideographs("".join(d.text for d in docs if d is not None) + "|".join(official))


def _ideographs(text: str) -> str:
    return "".join(IDEOGRAPH.findall(text))


BAD_FILES = {"empty.txt": b"", "notpdf.pdf": b"plain text", "notdocx.docx": b"plain text", "nul.txt": b"\x00\x01" * 20,
             "short.txt": "青禾县二〇二三年".encode()}


def test_the_batch_exercises_the_translated_fields(reviewed: tuple[list[Result], str]) -> None:
    results, _ = reviewed
    fields = {field for r in results for field, _ in texts(r)}
    assert {"message", "evidence.cues", "deductions.reason", "criteria.label", "criteria.reason", "error"} <= fields
    assert sum(bool(r.error) for r in results) == len(BAD_FILES)


def test_error_lines_in_both_languages(reviewed: tuple[list[Result], str]) -> None:
    from reviewer.messages.evidence import error_line

    errors = [r for r in reviewed[0] if r.error]
    zh = [error_line(r.path, r.error).removeprefix(r.path) for r in errors]
    en = [error_line(r.path, r.error, "en").removeprefix(r.path) for r in errors]
    assert all(z.startswith(": 错误: ") and not WORD.search(ZH_EXEMPT.sub(" ", z)) for z in zh), zh
    assert all(e.startswith(": error: ") and not CJK_RUN.search(e) for e in en), en


def test_chinese_output_has_no_english(reviewed: tuple[list[Result], str]) -> None:
    results, reports = reviewed
    assert english_in_chinese(localise(results, "zh"), reports) == []


def test_english_output_has_no_chinese_outside_report_text(reviewed: tuple[list[Result], str]) -> None:
    results, reports = reviewed
    assert chinese_in_english(localise(results, "en"), reports) == []


def test_the_scan_catches_the_wrong_language() -> None:
    from reviewer.model import Finding

    cue = Finding("V301", "vague-narrative", "warning", "五", 0, 5, 1, "2023年", "第五部分的套话句",
                  {"cues": ["2023年 (year as time frame) [year_only@0-5]"]})
    r = Result(path="x.txt", findings=[cue], error="empty file", criteria=[{"id": "K", "label": "section one", "reason": "未找到表格"}])
    assert [b.split(" ", 2)[1].rstrip(":") for b in english_in_chinese([r], "")] == ["evidence.cues", "error", "criteria.label"]
    assert [b.split(" ", 2)[1].rstrip(":") for b in chinese_in_english([r], "")] == ["message", "criteria.reason"]


def test_every_error_label_reads_back_from_the_readers_english() -> None:
    from reviewer.messages import ui
    from reviewer.messages.evidence import error_text
    from reviewer.messages.labels import UI

    keys = [k for k in UI if k.startswith("err-") and k != "err-line"]
    assert len(keys) > 20
    for key in keys:
        params = {name: f"x{i}" for i, name in enumerate(re.findall(r"\{(\w+)\}", UI[key]["en"]))}
        english = ui(key, "en", **params)
        assert error_text(english) == ui(key, "zh", **params), key
        assert error_text(english, "en") == english
    assert error_text("an error no label knows") == "an error no label knows"


def test_kind_based_deductions_in_both_languages() -> None:
    """A rubric scored per finding kind (no per-criterion facts): its reasons follow --lang too."""
    from reviewer.model import Finding
    from reviewer.scoring.score import load_rubric, score_result

    findings = [Finding("T101", "table-arithmetic", "error", "三", 0, 5, 1, "x", "m") for _ in range(30)]
    findings.append(Finding("V301", "vague-narrative", "warning", "五", 0, 5, 1, "x", "m"))
    r = Result(path="a.txt", findings=findings, metrics={"vagueness": {"share_vague": 0.9}})
    score_result(r, load_rubric())
    assert r.deductions and english_in_chinese([r], "") == []
    en = localise([r], "en")[0]
    assert chinese_in_english([en], "五") == []
    assert [d["points"] for d in en.deductions] == [d["points"] for d in r.deductions]
