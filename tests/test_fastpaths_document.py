"""Fast paths of the document stage (reading, structure, chrome, tables, masking, vagueness) compared
with plain reference implementations on fictional inputs."""

from __future__ import annotations

import numpy as np

from reviewer.similarity.fingerprint import flattened_table, label_debris
from reviewer.similarity.frame import sentence_function
from tests.test_fastpaths import SENTENCES


def test_heading_marker_scan_equals_the_plain_alternation():
    import random
    import re

    from reviewer.structure.outline import MARKER

    lead = MARKER.pattern.index("])(?:")
    assert MARKER.pattern.startswith("(?=[")
    plain = re.compile(MARKER.pattern[lead + 2 :])  # the five alternatives without the leading lookahead
    rnd = random.Random(3)
    alphabet = "第一二三四五六七八九十【】（）()、.．0123456789 \t部分章公开。，"
    texts = ["一、总体情况\n（一）主动公开\n1.规章 2.规范性文件\n第二部分 收到申请\n【三】其他", "2023.12.31 第十一、"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(3000)]
    for t in texts:
        got = [(m.span(), m.lastgroup, m.groupdict()) for m in MARKER.finditer(t)]
        assert got == [(m.span(), m.lastgroup, m.groupdict()) for m in plain.finditer(t)], t
        for p in range(len(t)):
            a, b = MARKER.match(t, p), plain.match(t, p)
            assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), (t, p)


def test_remembered_document_helpers_equal_the_plain_functions():
    from reviewer.build import _split_inline, _split_inline_plain, split_inline_headings
    from reviewer.chrome import line_kind
    from reviewer.organs import _organ_key, canonical_organ, organ_key
    from reviewer.similarity.fingerprint import nil_statement
    from reviewer.similarity.organs import mask_names

    names = ["青禾县交通运输局", "云溪市青禾县人民政府办公室", "省科技厅", "青禾县政府", "根据《条例》，特向社会公布", "", "云溪市"]
    for name in names * 2:  # the second round is answered from the caches
        for place in (None, "云溪省", "云溪市青禾县"):
            assert canonical_organ(name, place) == canonical_organ.__wrapped__(name, place)
        for fold in (True, False):
            assert organ_key(name, "x/青禾县2023.txt", fold=fold) == (_organ_key.__wrapped__(name, fold) if name else "file:青禾县")
        assert mask_names(name) == mask_names.__wrapped__(name)
    lines = ["首页 > 政务公开 > 年度报告", "【打印本页】 【关闭窗口】", "一、总体情况", "扫一扫在手机打开当前页", "",
             "=====", "本年度未收到政府信息公开申请。", "来源：青禾县人民政府 2024-01-20"]
    for line in lines * 2:
        for edge in (True, False):
            assert line_kind(line, edge) == line_kind.__wrapped__(line, edge)
    for s in SENTENCES * 2:
        assert nil_statement(s) == nil_statement.__wrapped__(s)
    paras = ["前言要求。一、总体情况 2023年，本局主动公开政府信息42条。二、主动公开政府信息情况 （一）规章", "短段落", "无"]
    for para in paras * 2:
        assert split_inline_headings(para) == _split_inline_plain(para) == list(_split_inline(para))
    assert len(split_inline_headings(paras[0])) > 1


def test_shared_cue_matches_equal_the_plain_scans():
    from reviewer.vagueness.features import CUES, Evidence, evidence, scan
    from reviewer.vagueness.signals import SIGNALS, signal_hits

    labels = {name: (polarity, label) for name, polarity, label in SIGNALS}
    sentences = ["青禾县司法局于3月底前修订《政府信息公开保密审查办法》，培训42人次。", "进一步加强政务公开工作，不断提升公开质量。",
                 "2023年，本局未收到行政复议申请。", "一是公开内容还不够全面。", " ", "由办公室牵头 每月抽查 2 次"]
    for s in sentences * 2:
        assert scan(s) == scan.__wrapped__(s) == tuple(tuple(m.group(0) for m in c.pattern.finditer(s)) for c in CUES)
        plain = [Evidence(c.name, c.label, c.polarity, m.group(0), m.start(), m.end())
                 for c in CUES for m in c.pattern.finditer(s) if m.group(0).strip()]
        plain += [Evidence(h.name, labels[h.name][1], labels[h.name][0], h.text, h.start, h.end) for h in signal_hits(s)]
        assert evidence(s) == evidence.__wrapped__(s) == tuple(plain)


def test_address_space_reads_what_a_fresh_open_reads():
    import os
    from pathlib import Path

    import pytest

    from reviewer.budget import _address_space

    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("no /proc")
    for _ in range(3):  # the descriptor stays open and is read again from the start
        before = int(statm.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        got = _address_space()
        after = int(statm.read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        assert got is not None and min(before, after) <= got <= max(before, after)
        block = bytearray(64 << 20)  # the address space grows by 64 MB: the next read must see it
        assert _address_space() >= got + (32 << 20)
        del block


def test_remembered_cue_lists_equal_the_plain_ones():
    from reviewer.vagueness.model import default_model
    from reviewer.vagueness.section import _cue_list, cue_list

    model = default_model()
    sentences = ["进一步加强政务公开工作，不断提升公开质量。", "青禾县司法局于3月底前修订《政府信息公开保密审查办法》。", "公开工作仍有差距。"]
    for s in sentences * 2:  # the second round is answered from the model's memo
        for label in ("vague", "specific"):
            for p in (0.12, 0.5, 0.93):
                assert _cue_list(s, label, model, p) == cue_list(s, label, model, p)
    got = _cue_list(sentences[0], "vague", model, 0.93)
    got.append("changed")  # the caller's list is its own
    assert _cue_list(sentences[0], "vague", model, 0.93) == cue_list(sentences[0], "vague", model, 0.93)


def test_packed_table_rows_equal_the_plain_packing_and_round_trip():
    import pickle

    from reviewer.model import Cell, Table, _pack_rows, _unpack_rows

    rows = [[Cell("信息内容", 10, 14, 0, 0), Cell("本年制发件数", 17, 23, 0, 1)], [Cell("规章", 30, 32, 1, 0), Cell("12", 35, 37, 1, 1)], []]
    texts, pos, lens = _pack_rows(rows)
    cells = [c for row in rows for c in row]
    assert texts == "".join(c.text for c in cells)
    assert pos == np.array([(c.start, c.end, c.row, c.col, len(c.text)) for c in cells], dtype=np.int32).reshape(-1, 5).tobytes()
    assert lens == np.array([len(r) for r in rows], dtype=np.int32).tobytes()
    assert _unpack_rows((texts, pos, lens)) == rows
    assert _pack_rows([]) == ("", b"", b"")
    t = Table(10, 40, rows, "表一", "html")
    assert pickle.loads(pickle.dumps(t)) == t


def test_heading_markers_equal_the_plain_finditer():
    import random

    from reviewer.structure.outline import MARKER, _accept, iter_markers

    def plain(text: str, start: int = 0, end: int | None = None) -> list:
        stop = len(text) if end is None else end
        out = []
        for m in MARKER.finditer(text, start, stop):
            hit = _accept(text, m)
            if hit is not None:
                out.append((m.start(), hit[0], hit[1], m.end()))
        return out

    rnd = random.Random(5)
    alphabet = "第一二三四五六七八九十【】（）()、.．0123456789 \t部分章公开。，年"
    texts = ["一、总体情况\n（一）主动公开\n1.规章 2.规范性文件\n第二部分 收到申请\n【三】其他", "2023.12.31 第十一、 十二、 3 . 五 、"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 50))) for _ in range(3000)]
    for t in texts:
        assert list(iter_markers(t)) == plain(t), t
        a, b = sorted((rnd.randint(0, len(t)), rnd.randint(0, len(t))))
        assert list(iter_markers(t, a, b)) == plain(t, a, b), (t, a, b)


def test_match_topic_and_head_line_helpers_equal_the_plain_forms():
    from collections import Counter

    from reviewer.metadata import _norm_line
    from reviewer.organs import correct_place
    from reviewer.structure.detect import _canon_counts, _match_topic
    from reviewer.structure.outline import CANONICAL_TITLES

    for canon in CANONICAL_TITLES.values():
        assert _canon_counts(canon) == dict(Counter(canon))
        for head in ("存在的主要问题及改进", "行政法复议、行政诉讼情况", "其他事项", "", "收到和处理申请情况统计"):
            fast = sum([min(head.count(ch), n) for ch, n in _canon_counts(canon).items() if ch in set(head)])
            assert fast == sum((Counter(head) & Counter(canon)).values())
    # a fuzzy title (one character wrong) still reads as its topic
    assert _match_topic("政府信息公开行政法复议、行政诉讼情况")[0] == "四"
    for line in ("二〇二三年度 报告", "20 23年青禾县", "青禾县交通运输局"):
        assert _norm_line(line) == _norm_line.__wrapped__(line)
    for organ in ("毫州市文化和旅游局", "青禾县交通运输局"):
        assert correct_place(organ) == correct_place.__wrapped__(organ)


def _plain_cell_candidates(doc, width, parsed):
    """``tables.cells._cell_candidates`` with every row fitted twice, as written plainly."""
    from reviewer.tables.cells import _Cand, _fit
    from reviewer.tables.labels import t3_row_key

    full: dict[int, int] = {}
    for ti, _labels, values in parsed:
        if _fit(values, width) is not None:
            full[ti] = full.get(ti, 0) + 1
    out = []
    for ti, labels, values in parsed:
        vals = _fit(values, width, pad=full.get(ti, 0) >= 3 or width == 15)
        if vals is None:
            continue
        label = "".join(c.text for c in labels)
        if all(v.missing for v in vals) and (width != 7 or t3_row_key(label) is None):
            continue
        if width == 15 and labels:
            continue
        start = labels[0].start if labels else vals[0].start
        out.append(_Cand(label, vals, start, max(v.end for v in vals)))
    return out


def test_cell_candidates_equal_the_plain_reading(tmp_path):
    from reviewer.generate import generate_batch, write_batch
    from reviewer.io import read_document
    from reviewer.tables.cells import _cell_candidates, _parsed_rows

    batch = generate_batch(3, [2022, 2023], 4, formats=("txt", "html"), defects=None)
    write_batch(batch, tmp_path)
    files = sorted(p for p in tmp_path.iterdir() if p.suffix in (".txt", ".html"))
    assert files
    for f in files:
        doc = read_document(f)
        parsed = _parsed_rows(doc)
        for width in (3, 5, 7, 15):
            assert _cell_candidates(doc, width, parsed) == _plain_cell_candidates(doc, width, parsed), (f.name, width)


def test_separator_split_equals_the_plain_one():
    from reviewer.chrome import _SEP_RUN, _split_separators, _stripped

    def plain(text: str, a: int, b: int) -> list:
        cuts = [a]
        for m in _SEP_RUN.finditer(text, a, b):
            cuts += [m.start(), m.end()]
        cuts.append(b)
        out = _stripped(text, zip(cuts[::2], cuts[1::2], strict=True))
        return sorted(out + [(m.start(), m.end()) for m in _SEP_RUN.finditer(text, a, b)])

    lines = ["===== 正文 =====", "青禾县人民政府 ====== 2024年1月", "本年度未收到申请。", "  --- 内容 ---  报告全文", "======", " ", "a"]
    text = "\n".join(lines)
    pos = 0
    for line in lines:
        for a, b in ((pos, pos + len(line)), (pos + 1, pos + len(line))):
            if a <= b:
                assert _split_separators(text, a, b) == plain(text, a, b), line
        pos += len(line) + 1


def test_fuzzy_topic_matches_the_plain_bound():
    import random
    from difflib import SequenceMatcher

    from reviewer.structure.detect import _match_topic
    from reviewer.structure.outline import CANONICAL_TITLES

    def plain_fuzzy(rest: str) -> tuple:
        best = (None, 0, 0.0, False)
        for sid, canon in CANONICAL_TITLES.items():
            lo = max(2, len(canon) - 3)
            for n in range(lo, len(canon) + 4):
                if n > len(rest):
                    break
                r = SequenceMatcher(None, rest[:n], canon).ratio()
                if r >= 0.8 and r > best[2]:
                    best = (sid, n, r, True)
        return best

    rnd = random.Random(2)
    titles = list(CANONICAL_TITLES.values())
    for _ in range(400):  # titles with characters dropped, swapped or replaced, and run on into text
        t = list(rnd.choice(titles))
        for _ in range(rnd.randint(0, 3)):
            i = rnd.randrange(len(t))
            op = rnd.random()
            if op < 0.4:
                del t[i]
            elif op < 0.7:
                t[i] = rnd.choice("法的和及公开情况工作")
            else:
                t.insert(i, rnd.choice("法的和及公开"))
        rest = "".join(t) + rnd.choice(["", "2023年，本局", "。", "及整改措施"])
        got = _match_topic(rest)
        if got[3] or got[0] is None:  # no exact topic pattern: the fuzzy reading decides
            want = plain_fuzzy(rest)
            assert got == (want if want[0] is not None else (None, 0, 0.0, False)), rest


def test_known_sums_equal_the_plain_count():
    import random

    from reviewer.tables.equations import _known_sum, count_of
    from reviewer.tables.values import Value

    rnd = random.Random(4)
    numbers = [None, 0, 3, 12, -2, 4.0, 4.5, -1.0, 0.0, True, 7]
    for _ in range(500):
        side = []
        for _ in range(rnd.randint(0, 8)):
            if rnd.random() < 0.1:
                side.append(("x", None))
            else:
                num = rnd.choice(numbers)
                side.append(("x", Value(num, str(num), 0, 1, rnd.random() < 0.2 or num is None)))
        plain = (sum(c for _, v in side if (c := count_of(v)) is not None), sum(1 for _, v in side if count_of(v) is None))
        assert _known_sum(side) == plain, side


def _plain_clause_units(doc):
    """``fingerprint.clause_units`` with every lead span compared with every sentence."""
    from reviewer.similarity.fingerprint import (
        _CLAUSE_END,
        _header_run,
        _in_tables,
        lead_spans,
        nil_statement,
    )
    from reviewer.similarity.frame import opening_length

    tables = _in_tables(doc)
    out, ti, text = [], 0, doc.text
    lead = sorted(lead_spans(doc) + [(c.start, c.end) for c in doc.chrome] + tables)
    for s in doc.sentences:
        while ti < len(tables) and tables[ti][1] <= s.start:
            ti += 1
        if ti < len(tables) and tables[ti][0] <= s.start < tables[ti][1]:
            continue
        st = text[s.start : s.end]
        if flattened_table(st) or nil_statement(st) or label_debris(st) or sentence_function(st):
            continue
        segs = [(s.start + opening_length(st), s.end)]
        for x0, x1 in lead:
            if x1 <= s.start or x0 >= s.end:
                continue
            segs = [p for a, b in segs for p in ((a, min(b, x0)), (max(a, x1), b)) if p[1] > p[0]]
        pieces = []
        for a, e in segs:
            for m in _CLAUSE_END.finditer(text, a, e):
                if m.end() - a >= 2:
                    pieces.append((a, m.end()))
                    a = m.end()
            if e > a:
                pieces.append((a, e))
        out.extend(u for u in pieces if len(pieces) == 1 or not _header_run(text[u[0] : u[1]]))
    return out


def test_clause_units_equal_the_plain_reading(tmp_path):
    from reviewer.generate import generate_batch, write_batch
    from reviewer.io import read_document
    from reviewer.similarity.fingerprint import clause_units

    batch = generate_batch(3, [2021, 2023], 6, formats=("txt", "html"))
    write_batch(batch, tmp_path)
    page = tmp_path / "page.txt"
    page.write_text("首页 > 政务公开 > 年度报告\n青禾县交通运输局2023年政府信息公开工作年度报告\n发布时间：2024-01-20\n===== 正文 =====\n"
                    "一、总体情况\n2023年，本局主动公开政府信息42条。\n【打印本页】 【关闭窗口】\n", encoding="utf-8")
    files = sorted(p for p in tmp_path.iterdir() if p.suffix in (".txt", ".html"))
    for f in files:
        doc = read_document(f)
        assert clause_units(doc) == _plain_clause_units(doc), f.name


def test_stable_order_equals_the_stable_argsort():
    from reviewer.similarity.fingerprint import stable_order

    rng = np.random.default_rng(1)
    for n in (0, 1, 2, 50, 3000):
        for high in (2**32, 40):  # distinct hashes, and many equal ones
            h = rng.integers(0, high, n, dtype=np.uint64).astype(np.uint32)
            got = stable_order(h)
            assert got.dtype == np.int32 and np.array_equal(got, np.argsort(h, kind="stable").astype(np.int32))
    h64 = rng.integers(0, 2**63, 100, dtype=np.uint64)
    assert np.array_equal(stable_order(h64), np.argsort(h64, kind="stable").astype(np.int32))


def test_mask_marks_every_decimal_digit_as_the_scan_does():
    import random

    from reviewer.similarity.mask import _KEPT, _classes
    from tests.test_mask_scan import _same

    table = _classes()
    assert not any(chr(c).isdecimal() for c in range(0x10000) if table[c] & _KEPT)  # kept characters are never digits
    rng = random.Random(8)
    digits = [chr(c) for c in range(0x10000) if chr(c).isdecimal()] + ["\U0001d7ce", "\U0001d7d9"]
    alphabet = digits[::7] + list("青禾县公开件年,.%，") + ["\U00020000"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        _same(text, ("青禾县",))


def test_html_cell_text_equals_the_plain_squeeze():
    import re

    from lxml import etree

    from reviewer.io.html import _cell_text

    ws = re.compile(r"[ \t\r\n\f\v]+")
    root = etree.fromstring("<table><tr><td> 自然人\n总计 </td><td>0</td><td></td><td>\u3000１２\u3000</td>"
                            "<td>a<br/>b</td></tr></table>", etree.HTMLParser())
    for _ in range(2):  # the second round is answered from the cache
        for td in root.iter("td"):
            want = ws.sub(" ", td.text).strip() if td.text and not len(td) else None
            if want is not None:
                assert _cell_text(td) == want
    assert [_cell_text(td) for td in root.iter("td")] == ["自然人 总计", "0", "", "１２", "a b"]


def test_html_text_lengths_equal_the_plain_count(tmp_path):
    from lxml import etree

    from reviewer.generate import generate_batch, write_batch
    from reviewer.io.html import _DROP, _text_lengths

    def plain(root):
        out = {}

        def visit(el):
            tag = el.tag if isinstance(el.tag, str) else ""
            n = 0
            if tag and tag not in _DROP:
                n = len(el.text.strip()) if el.text else 0
                for child in el:
                    n += visit(child)
                    if child.tail:
                        n += len(child.tail.strip())
            out[el] = n
            return n

        visit(root)
        return out

    batch = generate_batch(2, [2023], 3, formats=("html",))
    write_batch(batch, tmp_path)
    pages = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.html"))]
    pages.append("<html><body><div> 报告 <script>x</script>尾<!-- c --> 文 </div><p>\u3000段落 </p></body></html>")
    for page in pages:
        root = etree.fromstring(page, etree.HTMLParser(remove_comments=False))
        assert _text_lengths(root) == plain(root)
