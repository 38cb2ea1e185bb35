"""`reviewer vague [FILE|-]`: check a draft passage sentence by sentence before it is published."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.build import split_sentences
from reviewer.normalise import normalise_line, tighten
from reviewer.vagueness.model import THRESHOLD, default_model
from reviewer.vagueness.section import cue_list, is_uncertain


def sentences_of(text: str) -> list[tuple[int, str]]:
    """(1-based input line, sentence) pairs; sentences never span input lines."""
    out: list[tuple[int, str]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = tighten(normalise_line(raw))
        if not line:
            continue
        for s in split_sentences(line, 0, lambda _o, n=n: n):
            out.append((n, line[s.start : s.end]))
    return out


def check_text(text: str, model_path: Path | None = None) -> list[dict]:
    pairs = sentences_of(text)
    model = default_model(model_path)
    probs = model.predict_proba([s for _, s in pairs]) if pairs else []
    rows = []
    for (line, sentence), p in zip(pairs, probs, strict=True):
        label = "vague" if p >= THRESHOLD else "specific"
        q = round(float(p), 4)
        rows.append({"line": line, "sentence": sentence, "label": label, "probability": q,
                     "cues": cue_list(sentence, label, model, q), "uncertain": is_uncertain(sentence, q)})
    return rows


@click.command(name="vague")
@click.argument("file", default="-", type=click.Path(allow_dash=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Model file (default: the installed models/vagueness.json).")
def vague(file: str, fmt: str, model_path: Path | None) -> None:
    """Mark each sentence of FILE (or stdin) as vague or specific, with p(vague) and the cues.

    probability is p(vague), calibrated; cues are the formula hits of a vague sentence or the
    specific details (counts, dates, names, owners, causes) of a specific one.
    """
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            from reviewer.io.encoding import decode

            text = decode(Path(file).read_bytes(), Path(file))
    except OSError as e:
        raise click.ClickException(f"{file}: cannot read: {e.strerror or e}") from None
    rows = check_text(text, model_path)  # a missing model: one line and exit 2 (reviewer.cli)
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("line", "label", "p(vague)", "sentence", "cues"):
        table.add_column(col, overflow="fold")
    for r in rows:
        style = "yellow" if r["label"] == "vague" else "green"
        table.add_row(str(r["line"]), f"[{style}]{r['label']}[/{style}]", f"{r['probability']:.2f}", r["sentence"],
                      "; ".join(r["cues"]))
    Console().print(table)
    n_vague = sum(r["label"] == "vague" for r in rows)
    click.echo(f"{n_vague}/{len(rows)} sentences vague")
