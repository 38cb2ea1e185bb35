"""Byte decoding for text and HTML sources: UTF-8 first, then GB18030 (a superset of GBK/GB2312)."""

from __future__ import annotations

from pathlib import Path

_CJK_ENCODINGS = ("utf_8", "utf_16", "utf_32", "gb", "hz", "big5", "cp950", "cp936")


def decode(data: bytes, path: Path | None = None, declared: str | None = None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM outranks any declared charset
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        from reviewer.io import ReadError

        raise ReadError("binary content (NUL bytes), not a text document")
    candidates = ["utf-8", "gb18030"]
    if declared:
        d = declared.lower().strip().replace("-", "_")
        if d.startswith("gb") or d in ("x_gbk", "cp936"):
            candidates.insert(0, "gb18030")  # any gb* label: GB18030 is the superset browsers use
        elif d.startswith(_CJK_ENCODINGS):
            candidates.insert(0, d)
        # a Western single-byte label (iso-8859-1 on a Chinese page) decodes anything: ignore it
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            if enc == "utf-8":
                # UTF-8 with a few damaged bytes (a truncated download) is still UTF-8
                text = data.decode("utf-8", errors="replace")
                if text.count("\ufffd") * 1000 < len(text):
                    return text
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    # Reports are Chinese: a single-byte guess (cp1252, koi8…) of junk bytes is not a decoding.
    if best is not None and best.encoding and best.encoding.lower().replace("-", "_").startswith(_CJK_ENCODINGS):
        enc = "gb18030" if best.encoding.lower().startswith("gb") else best.encoding
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
    from reviewer.io import ReadError

    raise ReadError("undecodable bytes: not UTF-8, GB18030/GBK or any encoding detected")
