"""Assemble the normalised text and all offsets of a Document from a reader's blocks."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from reviewer.blocks import RawDocument, TableBlock, TextBlock
from reviewer.fastre import guarded
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
    happens to end with '。' at the margin does not end its paragraph. A heading or a year broken
    across two lines by a crawl (「六、其他需要报告的」 / 「事项」, 「20」 / 「21年」) is joined
    whatever the line lengths."""
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
        if cur and _continues(cur, line):
            cur += line
        elif cur and (
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


_YEAR_HEAD = re.compile(r"(?<!\d)(\d{1,3})$")
_YEAR_TAIL = re.compile(r"(\d{1,3})年")
_HEAD_LINE = re.compile(r"^\s*(?:#+\s*)?(?:第[一二三四五六七八九十]{1,2}(?:部分|章)[ \t、：:.]*|[一二三四五六七八九十]{1,2}[ \t]*[、.][ \t]*)")
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_YEAR_HEAD, _HEAD_LINE = map(guarded, (_YEAR_HEAD, _HEAD_LINE))


def _continues(cur: str, line: str) -> bool:
    """``line`` completes ``cur`` across a break the layout made: a year split in two
    (「…自20」 + 「21年1月1日…」) or a heading whose numeral or title goes on in the next line."""
    y, t = _YEAR_HEAD.search(cur), _YEAR_TAIL.match(line)
    if y and t and re.fullmatch(r"(?:19|20)\d\d", y.group(1) + t.group(1)):
        return True
    if re.search(r"(?<!\d)(?:19|20)\d\d$", cur) and line.startswith("年"):
        return True
    h = _HEAD_LINE.match(cur)
    if h is None or len(cur) > 40 or cur.endswith(_END_PUNCT):
        return False
    title = cur[h.end() :]
    # the numeral alone on its line, or a title that goes on into the next line (「其他需要报告的」 +
    # 「事项」, 「存在的主要问题」 + 「及改进情况」); a complete title followed by its body does not
    joined = _title_len(title + line[:30])
    if joined > len(title) and _title_len(title) < len(title):
        return True  # the part before the break is no title of its own (「二、主」 + 「动公开政府信息情况」)
    return len(title) < joined <= len(title) + 8 or (not title and joined > 0)


# A top-level heading inside a line: numeral + a section title — one of the six topics (spec §2) or
# a title ending in one of the words every outline (2021 format, trial format, legacy) ends its
# titles with. Table row labels such as "一、本年新收政府信息公开申请数量" have neither.
_TABLE_ROW = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|表[一二三四]")
_BOUNDARY = frozenset("。！？!?；;：:”） \t")
# A sub-heading （一）… after a sentence end or a space; not the table labels of section 三.
_INLINE_SUB = re.compile(r"(?<=[。；！？!?：:\s])[（(][一二三四五六七八九十]{1,3}[）)](?!\s*(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计))")


def _title_len(rest: str) -> int:
    """Length of the heading title at the start of ``rest`` (0: no recognisable title)."""
    from reviewer.structure.detect import match_topic
    from reviewer.structure.outline import legacy_title_len

    if _TABLE_ROW.match(rest) or rest[:1] in "一二三四五六七八九十":
        return 0
    topic, n, _score, fuzzy = match_topic(rest[:64])
    return max(n if topic is not None and not fuzzy else 0, legacy_title_len(rest))


def _inline_heads(para: str) -> list[tuple[int, int | None]]:
    """(start, end of title or None) of each top-level heading inside ``para``: every numeral with a
    recognisable title, and the untitled ones that continue a run 一、二、三、… of at least three
    numerals each opening a sentence (an organ's own outline flattened onto one line)."""
    from reviewer.structure.outline import MAIN_STYLES, iter_markers, numeral_value

    heads: list[tuple[int, int, int | None, bool]] = []
    for pos, style, num, mend in iter_markers(para):
        if style not in MAIN_STYLES or mend >= len(para):
            continue
        n = _title_len(para[mend : mend + 64])
        boundary = pos == 0 or para[pos - 1] in _BOUNDARY
        heads.append((pos, numeral_value(num), mend + n if n else None, boundary))
    chain: list[int] = []
    expect = 0
    for i, (_pos, value, end, boundary) in enumerate(heads):
        if value == expect or (value == 1 and boundary and (end is not None or not chain)):
            if end is not None or boundary:
                chain.append(i)
                expect = value + 1
        elif end is not None:
            expect = value + 1
    in_chain = set(chain) if len(chain) >= 3 else set()
    return [(pos, end) for i, (pos, _v, end, _b) in enumerate(heads) if end is not None or i in in_chain]


def split_inline_headings(para: str) -> list[str]:
    """Split a flattened body ('…要求。一、总体情况 2022年，…（一）主动公开方面 …') into
    paragraphs so each heading starts one; a top-level heading's title ends its paragraph."""
    return list(_split_inline(para))


@lru_cache(maxsize=16384)  # pure in the paragraph: headings and stock paragraphs recur across reports
def _split_inline(para: str) -> tuple[str, ...]:
    return tuple(_split_inline_plain(para))


def _split_inline_plain(para: str) -> list[str]:
    if len(para) < 12:
        return [para]
    cuts: set[int] = set()
    if "、" in para or "（" in para or "(" in para or "." in para or "第" in para or "【" in para:
        for s, e in _inline_heads(para):
            cuts.add(s)
            if e is not None:
                if para[e : e + 1] in ("。", "：", ":"):
                    e += 1
                cuts.add(e)
        for m in _INLINE_SUB.finditer(para):
            cuts.add(m.start())
    if not cuts:
        return [para]
    out: list[str] = []
    prev = 0
    for c in sorted(cuts):
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
                for p in _split_inline(para):
                    para_spans.append(emit(p))
        elif isinstance(block, TableBlock):
            rows: list[list[Cell]] = []
            t_start = pos
            raw_cells = [c for row in block.rows for c in row]
            if "\n" in "".join(raw_cells):
                raw_cells = [c.replace("\n", "") for c in raw_cells]
            flat = normalise_many(raw_cells)
            if "|" in "".join(flat):  # the row separator never stands inside a cell
                flat = [c.replace("|", "｜") for c in flat]
            k = 0
            for r_i, row in enumerate(block.rows):
                cells_txt = flat[k : k + len(row)]
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
    from reviewer.chrome import clip_sections, clip_to_chrome, detect_chrome
    from reviewer.metadata import fill_metadata
    from reviewer.structure.detect import detect_sections
    from reviewer.structure.doctype import doc_type_of

    fill_metadata(doc)  # reads the crawler's 标题/发布机关 lines, which are chrome
    doc.chrome = detect_chrome(doc)
    clip_to_chrome(doc)  # chrome stays in the text, out of paragraphs and sentences
    detect_sections(doc)
    clip_sections(doc)
    doc.doc_type = doc_type_of(doc)
    # what scoring needs to know of the structure (a report with no readable section is not complete)
    doc.meta.setdefault("metrics", {})["structure"] = {"sections": len(doc.sections), "recovered": sum(s.recovered for s in doc.sections)}
    return doc
