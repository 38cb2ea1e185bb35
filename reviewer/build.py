"""Assemble the normalised text and all offsets of a Document from a reader's blocks."""

from __future__ import annotations

import hashlib
import re

from reviewer.blocks import RawDocument, TableBlock, TextBlock
from reviewer.model import Cell, Document, Paragraph, Sentence, Table
from reviewer.normalise import normalise_many

_SENT_END = re.compile(r"[^。！？!?；;]*[。！？!?；;]+[”’」』）)]*|[^。！？!?；;]+$")
_END_PUNCT = tuple("。！？!?；;")
_SOFT_END = tuple("：:")  # ends a paragraph only on a short line ("改进措施：" but not a wrapped "电子邮箱：")
# A line that starts a new paragraph even inside wrapped text: a heading numeral or list marker.
_NEW_PARA = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、．.]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[部章节]|\d+[、．.]\D|#)"
)


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(x) for x in lines if x)
    if not lengths:
        return 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def join_wrapped(lines: list[str], indented: bool = False) -> list[str]:
    """Join lines broken by layout. A line ends its paragraph when it ends a sentence, is clearly
    shorter than the wrap width (a heading or last line), or the next line looks like a heading.
    ``indented``: the reader marked first-line indents with empty lines, so a full line that
    happens to end with '。' at the margin does not end its paragraph."""
    paras: list[str] = []
    cur = ""
    width = _wrap_width(lines)
    prev_len = 0
    for line in lines:
        if not line:
            if cur:
                paras.append(cur)
                cur = ""
            continue
        if cur and (
            (cur.endswith(_END_PUNCT) and not (indented and prev_len >= 0.9 * width))
            or prev_len < 0.75 * width
            or (cur.endswith(_SOFT_END) and prev_len < 0.9 * width)
            or _NEW_PARA.match(line)
        ):
            paras.append(cur)
            cur = line
        else:
            cur = cur + line if cur else line
        prev_len = len(line)
    if cur:
        paras.append(cur)
    return paras


# A top-level heading inside a line: numeral + a section title ending in one of the words every
# outline (2021 format, trial format, legacy) ends its titles with. Table row labels such as
# "一、本年新收政府信息公开申请数量" have no such ending and are left alone.
_INLINE_HEAD = re.compile(
    r"(?<![一二三四五六七八九十第])(?P<head>[一二三四五六七八九十]{1,2}、\s?"
    r"(?![一二三四五六七八九十])[\u4e00-\u9fff、（）]{0,30}?(?:情况|事项|措施|概述|统计表))"
    r"(?=[\s\d（(。：:，]|[\u4e00-\u9fff]|$)"
)
# A sub-heading （一）… after a sentence end or a space; not the table labels of section 三.
_INLINE_SUB = re.compile(r"(?<=[。；！？!?：:\s])[（(][一二三四五六七八九十]{1,3}[）)](?!\s*(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计))")


def split_inline_headings(para: str) -> list[str]:
    """Split a flattened body ('…要求。一、总体情况 2022年，…（一）主动公开方面 …') into
    paragraphs so each heading starts one; a top-level heading's title ends its paragraph."""
    if len(para) < 12 or ("、" not in para and "（" not in para and "(" not in para):
        return [para]
    cuts: list[int] = []
    for m in _INLINE_HEAD.finditer(para):
        s, e = m.start("head"), m.end("head")
        cuts.append(s)
        if para[e : e + 1] in ("。", "：", ":"):
            e += 1
        cuts.append(e)
    for m in _INLINE_SUB.finditer(para):
        cuts.append(m.start())
    if not cuts:
        return [para]
    out: list[str] = []
    prev = 0
    for c in sorted(set(cuts)):
        piece = para[prev:c].strip()
        if piece:
            out.append(piece)
        prev = c
    last = para[prev:].strip()
    if last:
        out.append(last)
    return out


def split_sentences(text: str, start: int, line_of) -> list[Sentence]:
    out: list[Sentence] = []
    for m in _SENT_END.finditer(text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs <= ls:
            continue
        out.append(Sentence(start + s + ls, start + s + rs, line_of(start + s + ls)))
    return out


def build_document(raw: RawDocument, path: str, data: bytes | None = None) -> Document:
    """Normalise each block, lay blocks out one per line (tables as ``a | b | c`` rows) and record
    every offset while writing, so no position is searched for afterwards."""
    parts: list[str] = []
    pos = 0
    para_spans: list[tuple[int, int]] = []
    tables: list[Table] = []

    def emit(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        parts.append("\n")
        pos += len(s) + 1
        return start, start + len(s)

    for block in raw.blocks:
        if isinstance(block, TextBlock):
            lines = normalise_many(block.lines)
            paras = join_wrapped(lines, block.indented) if block.wrapped else [x for x in lines if x]
            for para in paras:
                for p in split_inline_headings(para):
                    para_spans.append(emit(p))
        elif isinstance(block, TableBlock):
            rows: list[list[Cell]] = []
            t_start = pos
            flat = normalise_many([c.replace("\n", "") for row in block.rows for c in row])
            k = 0
            for r_i, row in enumerate(block.rows):
                cells_txt = [c.replace("|", "｜") for c in flat[k : k + len(row)]]
                k += len(row)
                cells: list[Cell] = []
                off = pos
                for c_i, ct in enumerate(cells_txt):
                    end = off + len(ct)
                    cells.append(Cell(ct, off, end, r_i, c_i))
                    off = end + 3  # " | "
                emit(" | ".join(cells_txt))
                rows.append(cells)
            if rows:
                tables.append(Table(t_start, pos - 1, rows, source=block.source))
    text = "".join(parts)
    digest = hashlib.sha256(data if data is not None else text.encode("utf-8")).hexdigest()
    doc = Document(path=path, sha256=digest, text=text, format=raw.format, meta=dict(raw.meta))
    for s, e in para_spans:
        doc.paragraphs.append(Paragraph(s, e, doc.line_of(s)))
        doc.sentences.extend(split_sentences(text[s:e], s, doc.line_of))
    doc.tables = tables
    from reviewer.attachment import doc_type_of
    from reviewer.chrome import clip_sections, clip_to_chrome, detect_chrome
    from reviewer.metadata import fill_metadata
    from reviewer.structure import detect_sections

    fill_metadata(doc)  # reads the crawler's 标题/发布机关 lines, which are chrome
    doc.chrome = detect_chrome(doc)
    clip_to_chrome(doc)  # chrome stays in the text, out of paragraphs and sentences
    detect_sections(doc)
    clip_sections(doc)
    doc.doc_type = doc_type_of(doc)
    # what scoring needs to know of the structure (a report with no readable section is not complete)
    doc.meta.setdefault("metrics", {})["structure"] = {"sections": len(doc.sections), "recovered": sum(s.recovered for s in doc.sections)}
    return doc
