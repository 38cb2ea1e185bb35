"""Page chrome: what a crawler, a portal page or a layout put around the report (spec §1: the report
is the organ's own text; the page it was published on is not).

Recognised kinds (``reviewer.model.CHROME_KINDS``):

- ``crawler-header``: ``key: value`` lines a crawler or portal writes above the body (标题, 发布日期,
  发布机关, 原文链接, 索引号, 来源, 浏览次数, …), and the same lines under the body (责任编辑, 来源);
- ``separator``: ``==== 正文 ====`` and similar rules between the header and the body;
- ``breadcrumb``: 「当前位置：首页 > 政务公开 > …」;
- ``toolbar``: 「【打印】【关闭】」「分享到」「字号：大 中 小」「收藏」 bars;
- ``download``: attachment and download lines (「附件：…」「报告下载：」, file names ending .pdf/.doc/.xls);
- ``qr-footer``: 「扫一扫在手机打开」, 「更多信息请关注官方微信“…”」;
- ``site-footer``: 主办单位, 网站标识码, ICP备, 版权所有, 联系我们.

Chrome is recognised by shape, never by a word alone: a whole line (or the tail of a flattened line)
that is short and label-like. Forms that report text could also take (「附件：…」, 「请关注…微信」,
「主办单位」) count only at the page edges: in the header block above the body or in the tail
block below it, where only chrome and short lines (title, signature, date) stand. A report sentence
that mentions 微信公众号 or 附件 is never chrome. Tables are never chrome.

The spans stay in ``Document.text`` (every offset stays valid and metadata can still read the
crawler's 标题/发布机关 lines); ``clip_to_chrome`` takes them out of the paragraphs and sentences, so
every stage that reads those (sections, copy analysis, vagueness) skips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from reviewer.fastre import guarded
from reviewer.model import Chrome, Document, Finding, Paragraph, Section, Sentence, Table

# -- whole-line forms ---------------------------------------------------------------------------
_KEYS = (
    "标题|题目|文章标题|信息名称|名称|发布日期|发布时间|发文日期|成文日期|公开日期|生成日期|更新时间|更新日期|印发日期|"
    "发布机关|发布机构|发文机关|发文单位|发布单位|发布部门|所属机构|责任部门|来源|信息来源|文章来源|稿件来源|"
    "原文链接|原文地址|链接|网址|URL|索引号|信息索引号|文号|发文字号|主题分类|主题词|体裁分类|组配分类|信息分类|"
    "所属栏目|栏目|公开方式|公开范围|公开时限|有效性|时效|作者|编辑|责任编辑|审核|浏览次数|访问次数|点击数|点击量|"
    "阅读次数|阅读量|关键词|服务对象"
)
_KEY_LINE = re.compile(rf"^[【\[]?(?:{_KEYS})[】\]]?\s*[:：]", re.I)
_KEY_ANY = re.compile(rf"(?:^|\s)[【\[]?(?:{_KEYS})[】\]]?\s*[:：]", re.I)
_SEPARATOR = re.compile(r"^(?:[=＝\-—_~*#·•.]{3,}\s*(?:正文|内容|全文|正\s*文)?\s*[=＝\-—_~*#·•.]*|(?:正文|内容|全文)\s*[:：]?)$")
_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置|现在位置|当前栏目)\s*[:：]?")
_CRUMB_SEP = re.compile(r"\s*(?:>{1,2}|＞|»|›|→|/)\s*")
_TOOL_ANCHOR = re.compile(r"打印|关闭|分享|字号|字体|收藏|纠错|返回顶部")
_TOOL_TOKENS = re.compile(
    r"打印本页|打印此页|打印正文|打印|关闭本页|关闭窗口|关闭|分享到|分享|字号|字体|默认|收藏本页|加入收藏|收藏|返回顶部|"
    r"返回列表|返回|我要纠错|纠错|保存|浏览次数|访问量|阅读次数|点击量|微信|微博|QQ空间|QQ|朋友圈|[大中小]|次|"
    r"[【】\[\]|｜·•:：/()（）\s]|\d+",
    re.I,
)
_FILE = r"[^。！？\n]{1,80}?\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|csv)"
_FILE_LINE = re.compile(rf"^(?:\d+[.、．]\s*)?{_FILE}\s*(?:[（(]\s*\d+(?:\.\d+)?\s*[KMG]?B\s*[)）])?$", re.I)
_DOWNLOAD_LINE = re.compile(r"^(?:相关附件|附件下载|下载附件|点击下载|相关下载|文件下载|报告下载|全文下载|附件|下载)\s*\d*\s*(?:[:：]|$)")
_DOWNLOAD_WORD = re.compile(r"下载|\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|csv)\b", re.I)
_QR_STRONG = re.compile(r"扫一扫|长按识别|(?:扫描|扫码)[^。，]{0,10}(?:关注|打开|查看|阅读|分享)|手机(?:扫描|查看|阅读|打开|浏览)|在手机上(?:查看|打开|浏览)")
_QR_WEAK = re.compile(r"二维码|扫码|^(?:更多(?:信息|资讯|内容)?[，,]?)?(?:请|欢迎)?(?:关注|订阅)[^。！？]{0,24}?(?:微信|公众号|微博|客户端|抖音)|^(?:官方)?(?:微信|微博)(?:公众号)?\s*[:：]")
_SITE_STRONG = re.compile(r"ICP[备证]|网站标识码|公网安备|版权所有|Copyright|©|建议使用[^。]{0,20}浏览器|最佳分辨率|分辨率\s*\d+\s*[x×*]", re.I)
_SITE_WEAK = re.compile(r"^(?:主办单位|主办|承办单位|承办|协办单位|技术支持|维护单位|联系我们|网站地图|网站声明|隐私声明|关于我们)\s*(?:[:：]|$|\s)")
# A line opening with an outline numeral is report structure, never chrome.
_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十]+[部章节]|\d+[、．.](?!\d))")

# A rule between header and body; a crawl may run it into the line above ("原文链接: …==== 正文 ====").
_SEP_RUN = re.compile(r"[=＝]{3,}\s*(?:正文|内容|全文)\s*[=＝]{3,}|[=＝]{6,}|[-—_~*#]{3,}\s*(?:正文|内容|全文)\s*[-—_~*#]{3,}")
_URL = re.compile(r"\s*(?:https?://|www\.)\S+$", re.I)
MAX_LINE = 160  # a chrome line is short (a URL or a file list may take most of it)
SHORT_TEXT = 60  # a non-chrome line the edge walk steps over (title, signature, date)


def _stripped(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans with surrounding white space trimmed; spans left empty are dropped."""
    out = []
    for x, y in spans:
        while x < y and text[x].isspace():
            x += 1
        while y > x and text[y - 1].isspace():
            y -= 1
        if x < y:
            out.append((x, y))
    return out


def _toolbar(line: str) -> bool:
    if len(line) > 60 or not (_TOOL_ANCHOR.search(line) or all(ch in line for ch in "大中小")):
        return False
    return not _TOOL_TOKENS.sub("", line)


def _breadcrumb(line: str) -> bool:
    if _BREADCRUMB.match(line):
        return True
    parts = [p for p in _CRUMB_SEP.split(line) if p]
    seps = len(_CRUMB_SEP.findall(line))
    return (
        seps >= 1 and parts[:1] == ["首页"] or seps >= 2 and all(len(p) <= 14 for p in parts)
    ) and "。" not in line and "http" not in line.lower()


def _named_file_only(rest: str) -> bool:
    """What follows 「附件：」 names a document (a title with at most its year, list numbers, file
    names), not figures: a flattened statistics table after its caption is report content."""
    rest = re.sub(r"(?:19|20)\d{2}\s*年度?", "", rest)
    rest = re.sub(r"(?:^|\s)\d+[.、．]", " ", rest)
    rest = re.sub(r"\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|csv)\b|[（(]\s*\d+(?:\.\d+)?\s*[KMG]?B\s*[)）]", "", rest, flags=re.I)
    return not re.search(r"\d", rest) and "。" not in rest


@lru_cache(maxsize=8192)  # pure in the line: headers, footers and headings recur across reports
def line_kind(line: str, edge: bool) -> str | None:
    """The chrome kind of a whole (stripped) line; ``edge``: the line stands in the header or tail
    block, where the weaker forms count too."""
    if not line:
        return None
    if _SEP_RUN.fullmatch(line):
        return "separator"
    km = _KEY_LINE.match(line)
    if km and _URL.match(line, km.end()):
        return "crawler-header"
    if len(line) > MAX_LINE:
        return None
    if _SEPARATOR.match(line) and (edge or not line[0].isalnum()):
        return "separator"
    sentence = "。" in line.rstrip("。") or len(line) > 50 and line.endswith("。")
    if _OUTLINE.match(line) or sentence and not _FILE_LINE.match(line):
        return None  # report structure, or a line that runs on into the report's sentences
    if _toolbar(line):
        return "toolbar"
    if _breadcrumb(line):
        return "breadcrumb"
    if _FILE_LINE.match(line):
        return "download"
    dm = _DOWNLOAD_LINE.match(line)
    if dm and not sentence and (_DOWNLOAD_WORD.search(line) or edge and _named_file_only(line[dm.end() :])):
        return "download"
    if not sentence and len(line) <= 60 and (_QR_STRONG.search(line) or edge and _QR_WEAK.search(line)):
        return "qr-footer"
    if not sentence and (_SITE_STRONG.search(line) or edge and _SITE_WEAK.match(line)):
        return "site-footer"
    if edge and not sentence and _KEY_LINE.match(line) and len(_KEY_ANY.findall(line)) >= 1:
        return "crawler-header"
    return None


# -- the tail of a flattened line -------------------------------------------------------------
_AFTER_END = r"(?:(?<=[。！？；;!?”」』）)\s])|(?<=\d日)|^)"
_TAIL_QR = re.compile(
    _AFTER_END + r"(?:更多(?:信息|资讯|内容)?[，,]?)?(?:请|欢迎)?(?:关注|扫描|扫一扫|扫码|长按识别)[^。！？\n]{0,24}?"
    r"(?:微信|公众号|二维码|客户端|微博|抖音)[^。！？\n]{0,24}\s*$"
)
# a print/close bar run into the last body line: two or more bracketed tools (「…件0【打印本页】 【关闭窗口】」),
# or bare ones after a sentence end or a figure (「…工作。打印 关闭」), or a bracketed QR note
_TOOL_WORD = r"(?:打印|关闭|分享到?|收藏|返回顶部)(?:本页|此页|正文|窗口)?"
_TAIL_TOOLBAR = re.compile(
    rf"(?:(?:[【\[]{_TOOL_WORD}[】\]][ \t\u3000]*){{2,}}|(?:{_AFTER_END}|(?<=\d))(?:{_TOOL_WORD}[ \t\u3000]*){{2,}}"
    r"|[【\[](?:扫一扫|手机扫码|扫码)[^】\]\n]{0,20}[】\]])\s*$"
)
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_SEP_RUN, _CRUMB_SEP, _TAIL_QR, _TAIL_TOOLBAR = map(guarded, (_SEP_RUN, _CRUMB_SEP, _TAIL_QR, _TAIL_TOOLBAR))
_TAIL_ATTACH = re.compile(
    r"(?:" + _AFTER_END + r"(?:相关附件|附件下载|附件)\s*\d*\s*[:：]([^。！？\n]{1,100})"
    rf"|(?:相关附件|附件下载)\s*[:：]((?:\s*(?:\d+[.、．]\s*)?{_FILE})+))\s*$", re.I
)
_TAIL_DOWNLOAD = re.compile(
    rf"(?:{_AFTER_END}(?:报告|附件|文件|全文|相关|点击)下载\s*[:：]|[【\[](?:附件|相关|点击)?下载[】\]])"
    rf"(?:\s*(?:\d+[.、．]\s*)?{_FILE})*", re.I
)
TAIL_WINDOW = 400  # characters at the end of the last body line searched for a download label


def _tail_spans(text: str, a: int, b: int) -> list[Chrome]:
    """Chrome run into the end of the last body line (a crawl that flattened the page): a WeChat
    footer, a print/close bar, an attachment line, a 「报告下载：」 label before the signature."""
    out: list[Chrome] = []
    end = b
    for _ in range(4):
        seg = text[a:end]
        m = _TAIL_QR.search(seg)
        kind = "qr-footer"
        if m is None:
            m = _TAIL_TOOLBAR.search(seg)
            kind = "qr-footer" if m is not None and "扫" in m.group() else "toolbar"
        if m is None:
            m = _TAIL_ATTACH.search(seg)
            kind = "download"
            if m is not None and not _named_file_only(m.group(1) or m.group(2) or ""):
                m = None
        if m is None or m.start() == 0:
            break
        out.append(Chrome(a + m.start(), end, kind))
        end = a + m.start()
    lo = max(a, end - TAIL_WINDOW)
    for m in _TAIL_DOWNLOAD.finditer(text, lo, end):
        if m.start() > a:
            out.append(Chrome(m.start(), m.end(), "download"))
    return out


# -- the document ---------------------------------------------------------------------------------
def _lines(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line outside the tables, stripped."""
    spans = sorted((t.start, t.end) for t in doc.tables)
    out: list[tuple[int, int]] = []
    text = doc.text
    pos, ti = 0, 0
    while pos < len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol == -1 else eol
        while ti < len(spans) and spans[ti][1] < pos:
            ti += 1
        inside = ti < len(spans) and spans[ti][0] <= pos < spans[ti][1]
        if not inside:
            a, b = pos, eol
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                out.extend(_split_separators(text, a, b))
        pos = eol + 1
    return out


def _split_separators(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The line [a, b) cut around separator runs, each run a piece of its own."""
    runs = [m.span() for m in _SEP_RUN.finditer(text, a, b)]  # the runs themselves
    if not runs:  # most lines: the line itself, already stripped by the caller
        return _stripped(text, ((a, b),))
    cuts = [a]
    for s, e in runs:
        cuts += [s, e]
    cuts.append(b)
    out = _stripped(text, zip(cuts[::2], cuts[1::2], strict=True))
    return sorted(out + runs)


_KEY_CELL = re.compile(rf"^[【\[]?(?:{_KEYS})[】\]]?\s*[:：]?$", re.I)


def _info_table(t: Table) -> bool:
    """A portal's page-information grid above the body (索引号 | … | 发布机构 | … | 生成日期 | …):
    at least two cells, and a third of the non-empty ones, are metadata keys."""
    cells = [c.text.strip() for row in t.rows for c in row if c.text.strip()]
    keys = sum(1 for c in cells if _KEY_CELL.match(c))
    return keys >= 2 and keys * 3 >= len(cells)


def _steps_over(line: str) -> bool:
    """A short non-chrome line the edge walk passes (the title, a signature, a date)."""
    return len(line) <= SHORT_TEXT and "。" not in line and not _OUTLINE.match(line)


def detect_chrome(doc: Document) -> list[Chrome]:
    """Chrome spans of ``doc``, sorted and non-overlapping."""
    text = doc.text
    lines = _lines(doc)
    kinds: dict[int, str] = {}
    # header block: from the top, chrome and short lines until the body starts
    head_end = 0
    for i, (a, b) in enumerate(lines):
        line = text[a:b]
        k = line_kind(line, edge=True)
        if k:
            kinds[i] = k
        elif not _steps_over(line):
            break
        head_end = i + 1
    # tail block: from the bottom, up to the last body line or table
    last_table = max((t.end for t in doc.tables), default=-1)
    tail_text: list[int] = []  # the non-chrome lines of the tail block and the last body line
    for i in range(len(lines) - 1, head_end - 1, -1):
        a, b = lines[i]
        if a < last_table:
            break
        line = text[a:b]
        k = line_kind(line, edge=True)
        if k:
            kinds[i] = k
            continue
        tail_text.append(i)
        if not _steps_over(line):
            break
    # elsewhere only the strong forms
    for i in range(head_end, len(lines)):
        if i not in kinds:
            k = line_kind(text[lines[i][0] : lines[i][1]], edge=False)
            if k:
                kinds[i] = k
    out = [Chrome(lines[i][0], lines[i][1], k) for i, k in kinds.items()]
    body_start = lines[head_end][0] if head_end < len(lines) else len(text)
    out.extend(Chrome(t.start, t.end, "crawler-header") for t in doc.tables if t.start < body_start and _info_table(t))
    for i in tail_text:
        out.extend(_tail_spans(text, *lines[i]))
    out.sort(key=lambda c: (c.start, c.end))
    merged: list[Chrome] = []
    for c in out:
        if merged and c.start < merged[-1].end:
            continue
        merged.append(c)
    return merged


# -- taking chrome out of the reading units ---------------------------------------------------------
def _outside(a: int, b: int, chrome: list[Chrome], text: str) -> list[tuple[int, int]]:
    """Pieces of [a, b) outside every chrome span, stripped of surrounding white space."""
    pieces: list[tuple[int, int]] = []
    cur = a
    for c in chrome:
        if c.end <= cur or c.start >= b:
            continue
        if c.start > cur:
            pieces.append((cur, c.start))
        cur = max(cur, c.end)
    if cur < b:
        pieces.append((cur, b))
    return _stripped(text, pieces)


def clip_to_chrome(doc: Document) -> None:
    """Remove the chrome spans from ``doc.paragraphs`` and ``doc.sentences`` (a unit wholly inside
    chrome goes, one that runs into it keeps the part outside)."""
    if not doc.chrome:
        return
    text = doc.text
    paras: list[Paragraph] = []
    for p in doc.paragraphs:
        for x, y in _outside(p.start, p.end, doc.chrome, text):
            paras.append(Paragraph(x, y, p.line if x == p.start else doc.line_of(x)))
    sents: list[Sentence] = []
    for s in doc.sentences:
        for x, y in _outside(s.start, s.end, doc.chrome, text):
            sents.append(Sentence(x, y, s.line if x == s.start else doc.line_of(x)))
    doc.paragraphs, doc.sentences = paras, sents


def clip_sections(doc: Document) -> None:
    """No section starts inside chrome, and a section's end stops before the chrome that closes the
    page (a footer after the last section is not part of 六)."""
    if not doc.chrome:
        return
    kept: list[Section] = [s for s in doc.sections if doc.chrome_at(s.start) is None]
    text = doc.text
    for s in kept:
        end = s.end
        moved = True
        while moved:
            moved = False
            for c in doc.chrome:
                if s.heading_end <= c.start < end and not text[c.end : end].strip():
                    end = c.start
                    while end > s.heading_end and text[end - 1].isspace():
                        end -= 1
                    moved = True
        s.end = max(end, s.heading_end)
    doc.sections = kept


def findings_off_chrome(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Page chrome never carries a finding: a finding whose span runs into chrome keeps its longest
    piece outside it (text and line follow); one wholly inside chrome is dropped."""
    if not doc.chrome:
        return findings
    out: list[Finding] = []
    for f in findings:
        if f.end <= f.start or not any(c.start < f.end and f.start < c.end for c in doc.chrome):
            out.append(f)
            continue
        pieces = _outside(f.start, f.end, doc.chrome, doc.text)
        if not pieces:
            continue
        a, b = max(pieces, key=lambda p: p[1] - p[0])
        f.start, f.end, f.text, f.line = a, b, doc.text[a:b], doc.line_of(a)
        out.append(f)
    return out
