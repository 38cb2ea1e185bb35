"""``reviewer score PATHS --scheduler ADDRESS``: the review of a batch on a Dask cluster.

The same functions as the embedded pipeline (``reviewer.pipeline``, ``reviewer.similarity``, the
rule registry) run as tasks on the workers, so findings, scores and metrics are those of the
embedded default; only where the work runs and where the results are written changes.

Stages (``run.submit_review`` builds the graph, ``stages``, ``bands`` and ``holders`` hold the
worker side). Every exchange between stages goes through the run's scratch folder (``spill``:
``--output DIR/.reviewer-scratch``, removed at the end): a task writes its output for the next
stage's tasks into one file, one piece per receiving task, and returns only where the pieces lie;
one ``collect`` task gathers those of a stage, so the scheduler keeps two dependencies per task
rather than one per pair of tasks. A task reads only its own pieces, so its input is bounded by
the size of a part (``run.sizes``: ~500 reports, read tasks of ≤ 250 files), not by the batch.

The client lists the files into the scratch folder (``listing``) and keeps one descriptor per read
task; what it holds does not grow with the batch beyond the files it must name (failed, under
``--fail-under``).

1. **read** (one task per chunk of files): read, build, document rules, fingerprint and the
   cross-year table rows (``pipeline._review_prepare``, under the per-file budget as in the
   embedded review: ``reviewer.budget`` times the task's thread); each report goes to the part of its organ (a hash of the organ
   key), so every organ's reports meet in one part. With ``--archive``, archive read tasks take
   slices of the archive's Parquet dataset and send its reports not in the batch to the parts of
   their organs (``archived``): they are pooled, never reviewed themselves.
2. **part** (one task per organ part): the reports of its organs in batch order, written as one
   file with the part's holder view (each report's distinct n-grams and record); beside it the
   template document frequencies of its organs (sparse bucket counts) and its sampled n-grams cut
   into hash bands; it returns the places of its organs and its number of organs.
3. **template** reduction: the bucket counts summed in a tree into the batch's ``TemplateModel``.
4. **band** shuffle (one task per hash band, as many as parts): every pair of reports of
   different organs sharing a sampled n-gram of the band (n-grams held by more than ``max_df``
   reports dropped), counted; **select** (per part) sums the bands and keeps each report's
   ``top_k`` candidates in the order ``similarity.index.candidates`` gives them.
5. **serve/align** (per part): the candidates' fingerprints are served by the parts holding them,
   and each report is aligned with its own earlier reports and its candidates and verified
   (``similarity.analyse._align``); a fetched fingerprint is read when it is aligned with and
   kept only while a result refers to it. The part and its analysis are written together, and
   the copied passages' n-gram tables beside them.
6. **holders** (one task per part and block of ~20,000 reports' passages): which reports of the
   part hold each copied-from-other passage of the block (the C202 groups, as
   ``similarity.groups.holders``, the embedded review's search: ``holders``), described per part as a
   ``groups.GroupPart`` (bounded: a group names its ``GROUP_LIST`` earliest reports and counts all).
7. **finish** (per part, read back with its analysis): the batch rules over the part's organs
   with the analysis, groups and places of the whole batch, attachments, scoring; the part's
   results are written as ``part-NNNNN.jsonl`` under ``--output DIR`` and only counts return to
   the client, which writes ``summary.json``.
"""

from __future__ import annotations

from reviewer.distributed.run import run_distributed

__all__ = ["run_distributed"]
