"""Byte decoding for text and HTML sources: UTF-8 first, then GB18030 (a superset of GBK/GB2312)."""

from __future__ import annotations

from pathlib import Path


def decode(data: bytes, path: Path | None = None, declared: str | None = None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        from reviewer.io import ReadError

        raise ReadError("binary content (NUL bytes), not a text document")
    candidates = []
    if declared:
        d = declared.lower().strip()
        candidates.append("gb18030" if d.startswith("gb") else d)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        enc = "gb18030" if best.encoding.lower().startswith("gb") else best.encoding
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
    from reviewer.io import ReadError

    raise ReadError("undecodable bytes: not UTF-8, GB18030/GBK or any encoding detected")
