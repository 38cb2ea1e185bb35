"""Tables 二, 三 and 四 of an annual report as numbers keyed by the exact labels of spec §3.

Public API (stable; used by the table rules, C6/C7 cross-year checks, scoring and the generator):

    from reviewer.tables import extract_tables, Value
    rt = extract_tables(doc)          # the rules read it from Analysis.tables
    rt.t3["一"]["总计"]                 # Value(number=25, raw="25", start=…, end=…, missing=False)
    rt.t3["三.三.4"]["自然人"]          # row keys: 一 二 三.一 三.二 三.三.1–8 三.四.1–3 三.五.1–5
                                      #   三.六.1–3 (2021) or 三.六 (trial) 三.七 四
    rt.t4["复议"]["总计"]               # blocks 复议 / 直接起诉 / 复议后起诉; cols 维持 纠正 其他 未审结 总计
    rt.t2["（一）"]["行政规范性文件"]["现行有效件数"]   # block → row → column (canonical, spec §3.1/§5)
    rt.legacy["主动公开信息数"]          # pre-2019 统计表 counts (this year's column)
    tables_read(doc)                  # every value read, labelled, with how it was read (JSON-ready)

A ``Value`` always carries the span of its cell in ``doc.text`` (a blank cell has an empty span at
its position). ``missing`` is True for blanks, 「/」「—」「-」, unparseable text, and digits run
together that cannot be split unambiguously (``note`` says which). A table too damaged to map stays
partly empty and is reported through ``unplaced``/``missing_rows``.

Representations handled: reader cells (HTML/DOCX/PDF/pipe/tab rows, any number of merged label
cells on the left, trailing layout cells on the right), rows without labels between labelled rows
(placed by table order between labelled anchors), tables split across pages, plain-text rows whose
cells are separated by spaces, tabs or line breaks (one cell per line), and flattened tables whose
cell values were concatenated without separators. Run-together digits are split with the table's
own arithmetic (C1–C4): exactly one consistent reading is used (note "by-columns" when the columns
decided); when no reading is consistent the most plausible one is kept with note "candidate", so
the arithmetic rules report the error with the reading as evidence; several consistent readings
stay "ambiguous". A row with fewer digits than cells has blank cells (note "short", C5).

Modules: values (Value, ReportTables), cells (reader cells), runs and resolve (text runs and their
splits), equations (cells as counts, C1–C5 equations), t2/t3/t4/legacy (one table each), extract (the
entry point), report (tables_read, table_status).
"""

from __future__ import annotations

from reviewer.tables.extract import extract_tables
from reviewer.tables.labels import T3_COLS, T3_LABELS, T4_BLOCKS, T4_COLS
from reviewer.tables.report import table_status, tables_read
from reviewer.tables.values import LegacyRow, ReportTables, Value

__all__ = ["Value", "ReportTables", "LegacyRow", "extract_tables", "T3_COLS", "T3_LABELS", "T4_BLOCKS", "T4_COLS",
           "table_status", "tables_read"]
