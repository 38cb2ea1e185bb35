"""Readers: one module per source format, each turning bytes into a RawDocument.

``read_document`` is the single entry point; it raises ``ReadError`` with a reason a reviewer can
act on, never a stack trace.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from reviewer.io.limits import MAX_TEXT_BYTES, MAX_TEXT_CHARS, MIN_HAN_CHARS
from reviewer.model import Document

MAX_BYTES = 40 * 1024 * 1024  # larger files are refused: no real annual report comes near this

SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".shtml": "html", ".docx": "docx", ".pdf": "pdf"}


class ReadError(Exception):
    """A file that cannot be reviewed; the message names the reason."""


def _one_line(msg: str, limit: int = 300) -> str:
    """Errors are printed one per file on one line; library messages may span lines."""
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"


def read_document(path: str | Path, manifest: dict[str, tuple[str | None, int | None]] | None = None) -> Document:
    from importlib import import_module

    from reviewer.build import build_document

    p = Path(path)
    kind = SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise ReadError(f"unsupported file type {p.suffix or '(none)'!r}")
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file (a folder, device or pipe)")
        size = st.st_size
        limit = MAX_TEXT_BYTES if kind in ("text", "html") else MAX_BYTES
        if size > limit:
            raise ReadError(f"file too large for an annual report ({size / 1e6:.0f} MB > {limit / 1e6:.0f} MB)")
        data = p.read_bytes()
    except ReadError:
        raise
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror or e}") from None
    if not data.strip():
        raise ReadError("empty file")
    reader = import_module(f"reviewer.io.{kind}")
    try:
        raw = reader.read(data, p)
    except ReadError as e:
        raise ReadError(_one_line(str(e))) from None
    except Exception as e:  # a broken file must never crash the batch
        raise ReadError(_one_line(f"cannot parse {kind} file: {type(e).__name__}: {e}")) from None
    doc = build_document(raw, str(p), data)
    if manifest:
        key = str(p)
        for k in (key, p.name, str(p.resolve())):
            if k in manifest:
                organ, year = manifest[k]
                from reviewer.model import era_of

                if organ:
                    doc.organ = organ
                    doc.meta["organ_status"] = doc.meta.setdefault("metrics", {})["organ_status"] = "manifest"
                if year:
                    doc.year = year
                    doc.era = era_of(year)
                break
    if not doc.text.strip():
        raise ReadError("no text could be extracted")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise ReadError(f"too long for an annual report ({len(doc.text):,} characters > {MAX_TEXT_CHARS:,})")
    return doc


_HAN_RUN = re.compile("[\u4e00-\u9fff]+")


def not_a_report(doc: Document) -> str | None:
    """Why a readable document holds no report to review (it is then never scored), or None."""
    han = 0
    for m in _HAN_RUN.finditer(doc.text):  # runs of CJK characters, until there are enough
        han += m.end() - m.start()
        if han >= MIN_HAN_CHARS:
            return None
    return f"not a report: only {han} Chinese characters of text (a title page, a scan without a text layer, or another document)"
