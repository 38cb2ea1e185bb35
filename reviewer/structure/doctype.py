"""Document type: a report, or an attachment — a statistics table (政府信息公开情况统计表) published
as a document of its own (spec §3 puts the tables inside the report; many organs published the 统计表
as a separate page). Decided when a document is built; what an attachment takes part in at batch level
is ``reviewer.structure.attachment``."""

from __future__ import annotations

import re

from reviewer.model import Document

_TABLE_TITLE = re.compile(r"统计表|统计报表|附表|情况表")
_REPORT_TITLE = re.compile(r"工作报告|年度报告|工作总结|年报|报告$")
_HEADER_TITLE = re.compile(r"^[【\[]?(?:标题|题目|文章标题|信息名称|名称)[】\]]?\s*[:：]\s*(.+)$")
_PROSE_END = tuple("。！？!?")
PROSE_SHARE = 0.3  # an attachment's prose (whole sentences) is under this share of its text ...
PROSE_CHARS = 400  # ... or under this many characters


def _titles(doc: Document) -> list[str]:
    out = [doc.title, str(doc.meta.get("title") or "")]
    for c in doc.chrome:
        if c.kind == "crawler-header":
            m = _HEADER_TITLE.match(doc.text[c.start : c.end])
            if m:
                out.append(m.group(1))
    out.extend(doc.text[p.start : p.end] for p in doc.paragraphs[:3] if p.end - p.start <= 80)
    return [t.strip() for t in out if t and t.strip()]


def _prose_chars(doc: Document) -> tuple[int, int]:
    """(characters in whole prose sentences, characters of the document outside chrome)."""
    prose = 0
    for s in doc.sentences:
        t = doc.text[s.start : s.end]
        if len(t) >= 15 and t.endswith(_PROSE_END) and "|" not in t:
            prose += len(t)
    chrome = sum(c.end - c.start for c in doc.chrome)
    return prose, max(1, len(doc.text.strip()) - chrome)


def doc_type_of(doc: Document) -> str:
    """"attachment" for a document titled as a statistics table (统计表, 附表) that holds little or
    no prose; "report" otherwise. A report that merely attaches its table keeps its prose and stays
    a report."""
    titled = any(_TABLE_TITLE.search(t) and not _REPORT_TITLE.search(t) for t in _titles(doc))
    if not titled:
        return "report"
    prose, total = _prose_chars(doc)
    return "attachment" if prose < PROSE_CHARS or prose < PROSE_SHARE * total else "report"
