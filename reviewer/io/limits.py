"""Resource limits for hostile or broken input, checked while the bytes are inflated, never after.

An annual report is a few pages: tens of kilobytes of text, a few hundred kilobytes of XML, at most
a few dozen PDF pages. The limits are orders of magnitude above that and far below what would stall
a batch or exhaust a worker's memory.

- Zip members (.docx) are inflated in chunks and abandoned as soon as the member passes its
  limit or an inflation ratio no real document reaches; the sizes the archive declares are not
  trusted.
- PDF content streams (FlateDecode) are pre-inflated the same way, bounded in total bytes, before
  the PDF parser sees the file.
"""

from __future__ import annotations

import re
import zipfile
import zlib

MAX_MEMBER = 30 * 1024 * 1024  # inflated bytes of word/document.xml
MAX_SMALL_MEMBER = 2 * 1024 * 1024  # inflated bytes of metadata members (docProps/core.xml)
MAX_RATIO = 200  # inflated / compressed; real XML compresses 5–20×
RATIO_FLOOR = 4 * 1024 * 1024  # the ratio is only judged above this many inflated bytes
MAX_PDF_INFLATED = 256 * 1024 * 1024  # all content streams of one PDF together
MAX_PDF_PAGES = 200
MAX_TEXT_CHARS = 1_000_000  # normalised characters of one report
MAX_TEXT_BYTES = 8 * 1024 * 1024  # a .txt/.md/.html file (a report with its page is well under 1 MB)
MIN_HAN_CHARS = 60  # below this there is no report to review (a title, a scan without text layer)
_CHUNK = 1 << 16


class LimitExceeded(Exception):
    """An input passed a resource limit; the message names the limit."""


def read_member(z: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER) -> bytes:
    """A zip member's bytes, inflated in chunks and refused as soon as it passes ``limit`` or the
    inflation ratio of a zip bomb."""
    info = z.getinfo(name)
    compressed = max(1, info.compress_size)
    out = bytearray()
    with z.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            out += chunk
            if len(out) > limit:
                raise LimitExceeded(f"{name} inflates past {limit // (1024 * 1024)} MB (a zip bomb or not a report)")
            if len(out) > RATIO_FLOOR and len(out) / compressed > MAX_RATIO:
                raise LimitExceeded(f"{name} inflates more than {MAX_RATIO}× (a zip bomb)")
    return bytes(out)


_STREAM = re.compile(rb"/FlateDecode.{0,400}?stream\r?\n", re.S)


def check_pdf_streams(data: bytes, limit: int = MAX_PDF_INFLATED) -> None:
    """Inflate every FlateDecode stream in bounded steps and refuse the file when all of them
    together pass ``limit`` bytes."""
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end == -1:
            end = len(data)
        d = zlib.decompressobj()
        buf = data[start:end]
        try:
            while buf:
                piece = d.decompress(buf, _CHUNK * 16)
                total += len(piece)
                if total > limit:
                    raise LimitExceeded(f"PDF streams inflate past {limit // (1024 * 1024)} MB (a decompression bomb)")
                buf = d.unconsumed_tail
                if not piece and not buf:
                    break
        except zlib.error:
            continue  # a broken stream is the PDF parser's to report
