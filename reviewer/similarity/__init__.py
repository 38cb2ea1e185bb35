"""Copy detection: what each report shares with the organ's own earlier reports and with other organs.

Pipeline (all positions are code points of ``Document.text``):

1. ``mask`` folds years, dates, numbers and the organ's own names, so text copied with only the year,
   the figures or the name changed hashes the same.
2. ``fingerprint`` splits the body (not the tables) into clause units and hashes character n-grams.
3. ``template`` learns boilerplate from document frequency across organs (batch + archive) plus the
   phrases the format itself prescribes; those n-grams never count as copying.
4. ``index`` finds other-organ candidates with blocked sparse products (sub-quadratic, bounded memory);
   same-organ sources (batch + archive, earlier years) are compared exactly by ``align``.
5. ``analyse`` turns aligned units into passages and per-report metrics.

Metrics contract (``Result.metrics["copy"]``, read by scoring)::

    {"own_share": float,        # share of body characters copied from the organ's own earlier reports
     "prev_share": float,       # ... of which the text also stands in the organ's latest earlier report
     "other_share": float,      # share copied from other organs' reports
     "template_share": float,   # share that is template text (not counted as copying)
     "unknown_share": float,    # share found in another report when either organ is unknown (not charged)
     "copied_share": float,     # own_share + other_share: what is not the organ's own prose this year
     "largest_source": {"path", "organ", "year", "share"} | None,   # the single biggest source
     "by_section": {section_id: {"own": float, "other": float, "template": float, "chars": int}},
                                # section ids 一…六 (legacy headings mapped through meta["legacy_map"])
     "sources": [{"path", "organ", "year", "kind", "share"}, ...],   # every source, biggest first
     "identical_tables": int,   # tables identical to the organ's previous report
     "compared_with": int,      # number of source reports compared
     "chars": int}              # body characters measured (masked: no punctuation, figures and prescribed wording left out)

Shares are of the organ's own wording in the body: masked characters, tables, frame sentences
(``frame``), figures and the prescribed headings and labels left out. Findings: C201 copied-from-own-past,
C202 copied-from-other, C203 template-text (info), C204 repeated-problem, C205 identical table
(kind copied-from-own-past); copied passages carry ``source_path, source_organ, source_year,
source_start, source_end, source_text, similarity`` in their evidence.
"""
