"""Generated annual reports with exact ground truth: the project's laboratory.

Real reports are few and unlabelled; this package writes N organs × Y years of fictional reports
in all three eras (legacy <2019, trial 2019–2020, 2021 format) and four formats, with defects
injected under ``DefectOptions`` and every defect's span recorded as it is written.

API (stable; the similarity evaluation and other stages build on it)::

    from reviewer.generate import DefectOptions, generate_batch, write_batch
    batch = generate_batch(n_organs=50, years=[2022, 2023, 2024], seed=7,
                           formats=("txt",), defects=DefectOptions())   # None = clean batch
    for r in batch.reports:
        r.name, r.organ, r.year, r.era, r.format   # file stem, organ, report year, era, format
        r.text      # canonical text == reviewer.io.read_document(<written txt>).text
        r.truth     # list[TruthItem(kind, start, end, section, detail)], offsets into r.text
    write_batch(batch, "out/")  # one file per report + truth.jsonl + manifest.csv (path,organ,year)

Truth conventions:
- kinds are ``reviewer.model.KINDS``; ``section`` is 一…六 (2019+) or the heading title (legacy).
- copies (copied-from-own-past / copied-from-other) cover whole paragraphs; ``detail`` has
  ``source_name, source_organ, source_year, source_start, source_end`` (offsets into the source
  report's text) and ``transform`` (verbatim | year-changed | figures-changed | reordered |
  light-edit | name-swapped) and ``formulaic`` (always False). A paragraph written again whose
  sentences all come from the shared vague pool, or a frame sentence written again (the legacy fee
  statement, 无其他需要报告的事项), is formula use, never copying (spec §7): a benign template-text
  region ignoring the copy kinds, not a copy item. A
  verbatim copy from another year carries ``date-mismatch`` on each stale year.
- repeated-problem (C204, spec §8 end): one item per problem item of 五 (after its opener and
  一是/二是, without the closing punctuation) written from the same pool entry as a problem of any
  earlier year of the organ — copied or written afresh, whatever the figures and wording;
  ``source_name``/``source_year`` = the latest earlier report stating it, ``problem`` = the entry.
  The stock gap formula (「…与上级要求和群众期待相比还存在一定差距」), measures and the account of last
  year's problem fixed are never items; an item sharing only an aspect with an earlier problem of
  another entry (a counted instance after a general statement) is a benign region for
  repeated-problem. A fresh specific 五 avoids its last two reports' problems, so an older one
  comes back (``DefectOptions.repeat_problem`` = 1); at 0 (the clean batch) it takes problems the
  organ never stated.
- copied-from-other (spec §7 内容雷同): whole paragraphs of another organ's organ-specific prose
  (``specific``: its villages, projects, columns, documents, dates) — one or more parts of 一, all
  of 一 but 依申请公开 (tied to the tables), or the legacy 概述 — with the organ's full name, 政务微信
  name and place swapped (``names_swapped`` = [[old, new], …], applied in order) and sometimes a few
  figures changed (``figures_changed``). The source is another organ's report of the same year or
  the previous one; an organ is copied by at most one other organ and a copier is never a source
  (its later reports may carry the passage on as own-past copies; a passage in three organs'
  reports is shared wording of the batch — template text by document frequency — not one organ
  copying another). The copied paragraphs still hold some pool sentences, which a detector rightly
  treats as template; the organ-specific sentences are what identify the copy.
- who copied whom: two reports of one year sharing a passage cannot tell, so a detector (like a
  plagiarism checker reporting 雷同) flags both. The copier's paragraph is the defect; the source's
  paragraph of a same-year copy is a benign ``copied-from-other`` item (``copied_by`` names the
  copier) ignoring copied-from-other predictions — neither hit nor false alarm. A source of an
  earlier year gets no item: it was published before the copy existed, C202 compares a report only
  with reports of the same or earlier years, so a finding there is a false alarm.
- missing-section / missing-item: empty span where the part would be; ``detail["item"]`` names
  the item (信息处理费, 主动公开, …, 表二/表三/表四).
- table-arithmetic / table-missing-value / cross-year-mismatch: span = the changed cell,
  ``detail["region"]`` = [start, end] of the whole table.
- text-table-mismatch: span = the prose clause (e.g. 「新收政府信息公开申请17件」); detail has
  ``quantity, prose, table``.
- vague-narrative: one item per vague sentence of 五.
- ``detail["benign"]`` items (template-text) are don't-care regions, not defects: the shared
  preamble formula and formulaic pool sentences. Evaluators ignore predictions of
  ``detail["ignore_kinds"]`` overlapping them.
- a fresh sentence the pools happen to repeat with only figures, years or the name changed (the
  same organ's earlier report, or another organ's report of the same or an earlier year) is a
  benign ``template-text`` item ignoring the copy kinds it could be taken for (``incidental``).
- ``GenReport.shared`` (truth.jsonl ``shared_wording``): spans of fresh paragraphs written from the
  shared clause pools. They are original text (copy predictions there are false), but their wording
  recurs across organs by construction, so template-text predictions there are ignored.

Crawl layouts (``reviewer.generate.layout``; rates ``chrome``, ``one_line``, ``flat_rows``,
``cell_lines``, ``spaced_rows``, ``broken_heading``, ``broken_year``, ``sub_outline``,
``lost_heading``, ``attachment``, ``in_force_break``, all 0 by default; ``DefectOptions.realistic()`` / ``reviewer generate
--realistic`` turn them on) rewrite a composed report the way crawled pages arrive, after the whole
batch is composed, from a random stream of their own, so the content never depends on them; every
truth offset (spans, regions, copy sources, shared wording) is mapped onto the rewritten text:
- ``r.raw``: the txt file holds ``r.text`` verbatim (truth.jsonl then carries ``text``);
  ``r.layout`` / truth.jsonl ``layout`` says what was applied.
- page chrome: ``r.chrome`` / truth.jsonl ``chrome`` = [[start, end, kind]] (header, separator,
  breadcrumb, footer, download); neither defect nor benign, so any finding on it is a false alarm.
- lost heading: ``format`` item spanning the section's content, ``detail`` item "heading" + title.
- attachment: an extra GenReport ``{name}-2`` with ``doc_type`` "attachment" and ``attachment_of``
  (truth.jsonl likewise), holding the statistics tables and their cell truths.
- C7 (``in_force_break``): ``cross-year-mismatch`` with ``detail["rule"] == "C7"`` on the
  现行有效件数 cell of 行政规范性文件, and on the next year's cell when that report is in the batch.
- a legacy sub-section outline (主动公开/依申请公开 as （一）（二）) has no truth item: it is complete.

Reports are generated year by year, organ by organ, from one ``random.Random(seed)``; the same
arguments always give the same batch. Each report is written in one format (chosen by seed) so
a mixed batch never holds the same report twice.
"""

from __future__ import annotations

from reviewer.generate.batch import Batch, GenReport, generate_batch, write_batch
from reviewer.generate.defects import DefectOptions
from reviewer.generate.truth import TruthItem

__all__ = ["Batch", "DefectOptions", "GenReport", "TruthItem", "generate_batch", "write_batch"]
