"""``reviewer score PATHS --scheduler ADDRESS``: the review of a batch on a Dask cluster.

The same functions as the embedded pipeline (``reviewer.pipeline``, ``reviewer.similarity``, the
rule registry) run as tasks on the workers, so findings, scores and metrics are those of the
embedded default; only where the work runs and where the results are written changes.

Stages (``run.submit_review`` builds the graph, ``stages`` holds the worker side):

1. **read** (one task per chunk of files): read, build, document rules, fingerprint and the
   cross-year table rows (``pipeline._review_prepare``); each report goes to the part of its organ
   (a hash of the organ key), so every organ's reports meet in one part. The reports are written
   to the scratch folder (``spill``: ``--output DIR/.reviewer-scratch``, removed at the end), one
   file per task; dask holds only their spans.
2. **part** (one task per organ part): the reports of its organs in batch order, written back to
   the scratch folder as one file; what the task returns is what the whole-batch stages need: the
   template document frequencies of its organs (sparse bucket counts), the sampled n-grams of its
   reports cut into hash bands, the places of its organs and its number of organs. The later
   stages read the part from its file, so a worker holds one part's documents at a time.
3. **template** reduction: the bucket counts summed in a tree into the batch's ``TemplateModel``.
4. **band** shuffle (one task per hash band): every pair of reports of different organs sharing a
   sampled n-gram of the band (n-grams held by more than ``max_df`` reports dropped), counted;
   **select** (per part) sums the bands and keeps each report's ``top_k`` candidates in the
   order ``similarity.index.candidates`` gives them.
5. **serve/align** (per part): the candidates' fingerprints are served (written to the scratch
   folder) by the parts holding them, and each report is aligned with its own earlier reports and
   its candidates and verified (``similarity.analyse._align``); the part and its analysis are
   written together, and only the copied passages' n-gram tables return.
6. **holders** (per part): which reports hold each copied-from-other passage (the C202 groups,
   ``similarity.groups.holders``), the passages of every part against the reports of this one.
7. **finish** (per part, read back with its analysis): the batch rules over the part's organs
   with the analysis, groups and places of the whole batch, attachments, scoring; the part's
   results are written as ``part-NNNNN.jsonl`` under ``--output DIR`` and only counts return to
   the client, which writes ``summary.json``.
"""

from __future__ import annotations

from reviewer.distributed.run import run_distributed

__all__ = ["run_distributed"]
