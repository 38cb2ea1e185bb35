"""SQLite archive of parsed reports, so next year's batch is compared with last year's reports without
the old files. A row keeps the parsed document (JSON, zlib-compressed: text, sections, sentences,
tables with their offsets) and its n-gram fingerprint; the organ key and year are indexed columns."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from reviewer.errors import OperationalError
from reviewer.model import Cell, Chrome, Document, Paragraph, Section, Sentence, Table
from reviewer.similarity.fingerprint import Fingerprint, fingerprint
from reviewer.similarity.organs import organ_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    organ TEXT,
    organ_key TEXT NOT NULL,
    year INTEGER,
    doc BLOB NOT NULL,
    hashes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_organ ON reports(organ_key, year);
"""


def doc_from_dict(d: dict[str, Any]) -> Document:
    def build(cls, x):
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in x.items() if k in names})

    doc = Document(
        path=d["path"], sha256=d["sha256"], text=d["text"], format=d.get("format", "txt"), organ=d.get("organ"),
        year=d.get("year"), era=d.get("era"), title=d.get("title", ""), published=d.get("published"),
        meta=d.get("meta") or {},
    )
    doc.sections = [build(Section, s) for s in d.get("sections", [])]
    doc.paragraphs = [build(Paragraph, p) for p in d.get("paragraphs", [])]
    doc.sentences = [build(Sentence, s) for s in d.get("sentences", [])]
    doc.chrome = [build(Chrome, c) for c in d.get("chrome", [])]
    doc.doc_type = d.get("doc_type") or "report"
    doc.tables = [
        Table(t["start"], t["end"], [[build(Cell, c) for c in row] for row in t["rows"]], t.get("caption", ""), t.get("source", ""))
        for t in d.get("tables", [])
    ]
    return doc


class ArchiveError(OperationalError):
    """The archive file cannot be used; the message names the file and the reason."""


class Archive:
    """One SQLite file. Write-ahead logging lets readers work while a writer adds; a second
    concurrent writer waits for the first (busy timeout) instead of failing with "database is
    locked", and ``add`` commits report by report, so an interrupted run keeps what it stored and
    a rerun adds the rest (rows are keyed by the file's sha256)."""

    BUSY_TIMEOUT_S = 120.0

    def __init__(self, path: str | Path, create: bool = True) -> None:
        p = Path(path)
        if not create and not p.exists():
            raise ArchiveError(f"archive {p} does not exist")
        if p.exists() and p.is_dir():
            raise ArchiveError(f"archive {p} is a folder, not a SQLite file")
        try:
            self.db = sqlite3.connect(str(p), timeout=self.BUSY_TIMEOUT_S)
            cols = self._open(create)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"archive {p} is not a reviewer archive ({e})") from None
        if not {"sha256", "organ_key", "doc", "hashes"} <= cols:
            self.db.close()
            raise ArchiveError(f"archive {p} is not a reviewer archive (no table of stored reports)")

    def _open(self, create: bool) -> set[str]:
        """Columns of the reports table; a new (empty) file is made an archive first, another
        database never is. Switching a new file to WAL needs the file to itself, which SQLite's busy
        handler does not wait for when two runs create the same archive at once: that step is
        retried until the busy timeout."""
        import time

        deadline = time.monotonic() + self.BUSY_TIMEOUT_S
        while True:
            try:
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not tables and create:
                    self.db.execute("PRAGMA journal_mode=WAL")
                    self.db.executescript(SCHEMA)
                return {r[1] for r in self.db.execute("PRAGMA table_info(reports)")}
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def add(self, doc: Document) -> bool:
        """Store a parsed report; returns False when the same file (sha256) is already stored."""
        d = doc.to_dict()
        d["meta"] = json.loads(json.dumps(d.get("meta") or {}, ensure_ascii=False, default=str))
        blob = zlib.compress(json.dumps(d, ensure_ascii=False).encode("utf-8"), 6)
        fp = fingerprint(doc)
        cur = self.db.execute(
            "INSERT OR IGNORE INTO reports(sha256, path, organ, organ_key, year, doc, hashes) VALUES (?,?,?,?,?,?,?)",
            (doc.sha256, doc.path, doc.organ, organ_key(doc.organ, doc.path), doc.year, blob,
             zlib.compress(np.unique(fp.hashes).astype("<u4").tobytes(), 1)),
        )
        self.db.commit()
        return cur.rowcount > 0

    def list(self) -> list[tuple[str, str | None, str, int | None, str]]:
        return list(self.db.execute("SELECT sha256, organ, organ_key, year, path FROM reports ORDER BY organ_key, year, path"))

    def documents(self) -> list[Document]:
        return [doc_from_dict(json.loads(zlib.decompress(b))) for (b,) in self.db.execute("SELECT doc FROM reports ORDER BY rowid")]

    def fingerprints(self) -> list[Fingerprint]:
        return [fingerprint(d) for d in self.documents()]

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
