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


class Archive:
    def __init__(self, path: str | Path, create: bool = True) -> None:
        p = Path(path)
        if not create and not p.exists():
            raise FileNotFoundError(f"archive {p} does not exist")
        self.db = sqlite3.connect(str(p))
        self.db.executescript(SCHEMA)

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
        return cur.rowcount > 0

    def list(self) -> list[tuple[str, str | None, str, int | None, str]]:
        return list(self.db.execute("SELECT sha256, organ, organ_key, year, path FROM reports ORDER BY organ_key, year, path"))

    def documents(self) -> list[Document]:
        return [doc_from_dict(json.loads(zlib.decompress(b))) for (b,) in self.db.execute("SELECT doc FROM reports ORDER BY rowid")]

    def fingerprints(self) -> list[Fingerprint]:
        return [fingerprint(d) for d in self.documents()]

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
