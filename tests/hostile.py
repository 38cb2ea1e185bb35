"""Builders of hostile input files, generated at test time (small on disk, large when inflated).
Shared by tests/test_hostile_inputs.py and benchmarks/bench_hostile.py."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

_DOC_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_TAIL = "</w:body></w:document>"
_PARA = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
SENTENCE = "本机关认真落实政府信息公开工作要求，全年主动公开各类信息一千余条。"


def _docx(path: Path, document: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def docx_core_bomb(path: Path) -> Path:
    """docProps/core.xml inflating to 64 MB (64 KB on disk); metadata is allowed 2 MB."""
    body = (_DOC_HEAD + _PARA.format(SENTENCE) * 20 + _DOC_TAIL).encode()
    return _docx(path, body, {"docProps/core.xml": b"<a>" + b" " * (64 * 1024 * 1024) + b"</a>"})


def docx_huge_body(path: Path) -> Path:
    """A body of 60 MB of paragraphs (highly compressible)."""
    para = _PARA.format(SENTENCE).encode()
    return _docx(path, _DOC_HEAD.encode() + para * (60 * 1024 * 1024 // len(para)) + _DOC_TAIL.encode())


def docx_lying_size(path: Path) -> Path:
    """A member whose declared size is far smaller than what it inflates to."""
    _docx(path, (_DOC_HEAD + _PARA.format(SENTENCE) * 200000 + _DOC_TAIL).encode())
    data = bytearray(path.read_bytes())
    # patch the uncompressed size (offset 22 in the local header, 24 in the central directory) to 1 KB
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        while i != -1:
            name_len = int.from_bytes(data[i + (26 if sig == b"PK\x03\x04" else 28): i + (28 if sig == b"PK\x03\x04" else 30)], "little")
            start = i + (30 if sig == b"PK\x03\x04" else 46)
            if data[start: start + name_len] == b"word/document.xml":
                data[i + off: i + off + 4] = (1024).to_bytes(4, "little")
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))
    return path


def pdf_stream_bomb(path: Path) -> Path:
    """A one-page PDF (300 KB) whose content stream inflates to 300 MB."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(comp.compress(chunk) for _ in range(300)) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def text_huge(path: Path) -> Path:
    """A 12 MB text: far longer than any annual report."""
    path.write_text((SENTENCE + "\n") * (12 * 1024 * 1024 // len(SENTENCE.encode())), encoding="utf-8")
    return path


def title_only(path: Path) -> Path:
    path.write_text("青禾县交通运输局2023年政府信息公开工作年度报告\n", encoding="utf-8")
    return path


def hello(path: Path) -> Path:
    path.write_text("hello\n", encoding="utf-8")
    return path


ATTACKS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "docx-core-bomb": ("core_bomb.docx", docx_core_bomb),
    "docx-huge-body": ("huge_body.docx", docx_huge_body),
    "docx-lying-size": ("lying.docx", docx_lying_size),
    "pdf-stream-bomb": ("bomb.pdf", pdf_stream_bomb),
    "text-huge": ("huge.txt", text_huge),
    "title-only": ("title_2023.txt", title_only),
    "hello": ("hello.txt", hello),
}


def build(name: str, folder: Path) -> Path:
    fname, fn = ATTACKS[name]
    return fn(folder / fname)
