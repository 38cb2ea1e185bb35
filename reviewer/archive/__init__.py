"""The archive's stored records and how a batch reads them (§7 内容雷同, C201–C205); the SQLite
file itself is ``reviewer.similarity.archive.Archive``.

- ``records``: a fingerprint as typed binary arrays (``encode``/``decode``; numpy bytes with dtype
  and shape, never pickle).
- ``store``: what ``Archive.add`` writes besides the document (fingerprint, candidate-index row,
  organ template buckets) and the archive-wide template counts.
- ``view``: ``ArchiveView``, what ``analyse_fingerprints(batch, archive.view())`` compares with:
  the candidate index and template counts of the whole archive, fingerprints read on use.
- ``parquet``: the same records as a Parquet dataset (``reviewer archive export/import``).
"""
