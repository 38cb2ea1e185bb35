"""`reviewer vague [FILE|-]`: check a draft passage sentence by sentence before it is published."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.build import split_sentences
from reviewer.messages import ui
from reviewer.messages.evidence import relabel_cue
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="输出语言 (language of labels and cues).")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="模型文件，默认为安装的 models/vagueness.json (model file).")
def vague(file: str, fmt: str, model_path: Path | None, lang: str = "zh") -> None:
    """逐句标注 FILE（或标准输入）是否含糊，给出含糊概率和依据。

    Mark each sentence of FILE (or stdin) as vague or specific, with p(vague) and the cues.

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
        raise click.ClickException(ui("vague-cannot-read", lang, file=file, why=e.strerror or e)) from None
    rows = check_text(text, model_path)  # a missing model: one line and exit 2 (reviewer.cli)
    for r in rows:  # label and cue ids stay as they are; the cues' wording follows --lang
        r["cues"] = [relabel_cue(c, lang) for c in r["cues"]]
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("line", "label", "p", "sentence", "cues"):
        table.add_column(ui(f"vague-col-{col}", lang), overflow="fold")
    for r in rows:
        style = "yellow" if r["label"] == "vague" else "green"
        table.add_row(str(r["line"]), f"[{style}]{ui('vague-label-' + r['label'], lang)}[/{style}]", f"{r['probability']:.2f}",
                      escape(r["sentence"]), escape("; ".join(r["cues"])))  # cue ids in [..] are text, not markup
    Console().print(table)
    n_vague = sum(r["label"] == "vague" for r in rows)
    click.echo(ui("vague-summary", lang, n=n_vague, total=len(rows)))
