"""`reviewer generate OUT`: write a batch of fictional reports with their ground truth."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from pathlib import Path

import click


def _parse_rates(items: tuple[str, ...], clean: bool, realistic: bool = False):
    from reviewer.generate.defects import DefectOptions

    opts = DefectOptions.none() if clean else DefectOptions()
    if realistic:
        from reviewer.generate.layout import LAYOUT_RATES

        preset = DefectOptions.realistic()
        for k in LAYOUT_RATES:
            setattr(opts, k, getattr(preset, k))
    names = {f.name: f for f in fields(DefectOptions)}
    for item in items:
        key, _, val = item.partition("=")
        key = key.strip().replace("-", "_")
        if key not in names or key == "transforms":
            raise click.BadParameter(f"unknown defect option {key!r}; known: {', '.join(sorted(set(names) - {'transforms'}))}")
        try:
            setattr(opts, key, int(val) if key.endswith("_max") else float(val))
        except ValueError:
            raise click.BadParameter(f"{item!r}: value must be a number") from None
    return opts


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--organs", type=int, default=20, show_default=True, help="虚构机关数 (number of fictional organs).")
@click.option("--years", default="2018,2020,2022,2023,2024", show_default=True, help="年度，逗号分隔 (comma-separated years).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--formats", default="txt", show_default=True, help="格式，逗号分隔：txt,html,docx,pdf（每份报告一种）(formats).")
@click.option("--clean", is_flag=True, help="不加任何缺陷（各比率为零），除非用 --rate 设定 (no defects).")
@click.option("--realistic", is_flag=True,
              help="Turn the crawl layouts on (DefectOptions.realistic(): chrome 0.5, one_line 0.2, flat_rows 0.25, "
                   "cell_lines 0.2, spaced_rows 0.15, broken_heading 0.15, broken_year 0.1, sub_outline 0.5, "
                   "lost_heading 0.12, attachment 0.12, in_force_break 0.15); with --clean: the layouts and their own defects only.")
@click.option("--rate", "rates", multiple=True, metavar="NAME=VALUE",
              help="Override a rate, e.g. --rate own_copy=0.5 --rate vague=0 (see DefectOptions). Crawl layouts "
                   "(0 unless --realistic): chrome, one_line, flat_rows, cell_lines, spaced_rows, broken_heading, "
                   "broken_year (txt only), "
                   "sub_outline (legacy), lost_heading, attachment, in_force_break (C7); county (0 unless set here, "
                   "also with --realistic): 8–15 towns of one county filing one circulated text.")
def generate(out: Path, organs: int, years: str, seed: int, formats: str, clean: bool, realistic: bool,
             rates: tuple[str, ...]) -> None:
    """生成 N 个机关 × 年度的虚构报告写入 OUT，另写 truth.jsonl 和 manifest.csv。

    Write N organs × years of generated reports to OUT, plus truth.jsonl and manifest.csv.

    Crawl layouts (reviewer.generate.layout) rewrite reports the way crawled pages arrive: page
    chrome, one-line bodies, run-together or one-cell-per-line tables, broken or lost headings,
    legacy sub-section outlines, statistics tables as a separate attachment file, C7 breaks.
    Their truth: chrome spans (truth.jsonl "chrome"), "format" items for lost headings,
    "cross-year-mismatch" (rule C7), "doc_type"/"attachment_of" rows for attachments."""
    from reviewer.generate import generate_batch, write_batch

    opts = _parse_rates(rates, clean, realistic)
    if "pdf" in [f.strip() for f in formats.split(",")]:  # before any file is written
        from reviewer.generate.writers import require_pdf

        require_pdf()
    try:
        ys = [int(y) for y in years.split(",") if y.strip()]
        batch = generate_batch(organs, ys, seed, formats=tuple(f.strip() for f in formats.split(",") if f.strip()), defects=opts)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None
    write_batch(batch, out)
    kinds = Counter(t.kind for r in batch.reports for t in r.truth if not t.benign)
    eras = Counter(r.era for r in batch.reports)
    click.echo(f"wrote {len(batch.reports)} reports to {out} ({', '.join(f'{k} {v}' for k, v in sorted(eras.items()))})")
    layouts = Counter(f"{k}={v}" if k in ("body", "tables") else k for r in batch.reports if r.doc_type == "report"
                      for k, v in r.layout.items())
    if layouts:
        click.echo("  layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(layouts.items())))
    for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]):
        click.echo(f"  {k:22} {v}")
