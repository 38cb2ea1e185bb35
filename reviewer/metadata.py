"""Organ name, report year, era, title and publication date: title first, then body, then file name.

Titles come in several shapes: organ before the year ("宿迁市2023年政府信息公开工作年度报告"), the
year first ("2024年青禾县科技局政府信息公开工作年度报告"), or split over two or three lines in PDFs
("洪泽区人民政府" / "2023年政府信息公开工作年度报告"). The organ is then completed from the body
when the title shortens it ("洪泽区" → "淮安市洪泽区人民政府", "市科委" → "科学技术委员会").
"""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.model import Document, era_of

_YEAR = r"((?:19|20)\d{2})\s*年?\s*度?"
_REPORT = r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?报告"
_ORGAN_FIRST = re.compile(rf"^(?:标题[:：]\s*)?(?P<organ>[^\d\n]{{2,40}}?)\s*{_YEAR}\s*(?P<organ2>[^\d\n]{{0,30}}?){_REPORT}")
_YEAR_FIRST = re.compile(rf"^(?:标题[:：]\s*)?{_YEAR}\s*(?P<organ>[^\d\n]{{2,30}}?){_REPORT}")
_FILE_YEAR = re.compile(r"(?:19|20)\d{2}")
_PUBLISHED = re.compile(
    r"(?:发布|公开|印发)(?:时间|日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
# A bare place name in a title stands for its people's government (宿迁市 → 宿迁市人民政府).
_BARE_PLACE = re.compile(r"^(?:[\u3400-\u9fff]{1,4}[省市])?[\u3400-\u9fff]{1,4}[省市县区旗]$")
_NOT_PLACE = re.compile(r"实验区|开发区|新区|园区|经济区|示范区|高新区")
# Short forms used in titles and their full names.
_ABBREV = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "经信委": "经济和信息化委员会",
    "卫健委": "卫生健康委员会",
    "住建局": "住房和城乡建设局",
    "人社局": "人力资源和社会保障局",
    "市监局": "市场监督管理局",
}
# OCR confusions seen in place names of published reports (沭 read as 沐).
_OCR_PLACE = {"沐阳县": "沭阳县"}
_FUNCTION_CHARS = set("由在的和与对向经据为是请及并于从按照将报本我")


def _clean_organ(s: str | None) -> str | None:
    if not s:
        return None
    s = re.sub(r"^(?:标题[:：]|正文|#+)\s*", "", s.strip())
    s = re.sub(r"[\s　]+", "", s).strip("：:，,、（）()《》\"“”")
    if len(s) < 2 or not re.search(r"[\u3400-\u9fff]{2}", s):
        return None
    return s


def _title_candidates(doc: Document) -> list[str]:
    """The first lines, and each run of up to three consecutive short lines joined (titles wrap)."""
    lines: list[str] = []
    for p in doc.paragraphs[:12]:
        line = doc.text[p.start : p.end].strip()
        if line.startswith(("发布", "文号", "栏目", "原文链接", "来源")):
            continue
        lines.append(line)
    out: list[str] = []
    for i, line in enumerate(lines):
        joined = line
        out.append(joined)
        for nxt in lines[i + 1 : i + 3]:
            if len(joined) > 60 or len(nxt) > 40:
                break
            joined += nxt
            out.append(joined)
    if doc.meta.get("title"):
        out.append(str(doc.meta["title"]))
    return out


def _from_title(doc: Document) -> tuple[str | None, int | None, str]:
    for cand in _title_candidates(doc):
        m = _ORGAN_FIRST.search(cand)
        if m:
            organ = _clean_organ(m.group("organ")) or _clean_organ(m.group("organ2"))
            return organ, int(m.group(2)), m.group(0)
        m = _YEAR_FIRST.search(cand)
        if m:
            return _clean_organ(m.group("organ")), int(m.group(1)), m.group(0)
    return None, None, ""


def _complete(organ: str, body: str) -> str:
    """Expand abbreviations, fix known OCR slips, prefix the city the body names before a
    district (洪泽区人民政府 → 淮安市洪泽区人民政府) and name the government of a bare place."""
    for short, full in _OCR_PLACE.items():
        organ = organ.replace(short, full)
    for short, full in _ABBREV.items():
        if organ.endswith(short) and not organ.endswith(full):
            organ = organ[: -len(short)] + full
            break
    if _BARE_PLACE.match(organ) and not _NOT_PLACE.search(organ):
        organ += "人民政府"
    if re.match(r"^[\u3400-\u9fff]{1,4}[区县]", organ) and not re.match(r"^[\u3400-\u9fff]{1,4}[省市]", organ):
        idx = body.find(organ)
        while idx != -1:
            for n in (4, 3, 2):
                pre = body[max(0, idx - n) : idx]
                if len(pre) == n and pre[-1] in "省市" and pre[0] not in _FUNCTION_CHARS and re.fullmatch(r"[\u3400-\u9fff]+", pre):
                    return pre + organ
            idx = body.find(organ, idx + 1)
    return organ


def fill_metadata(doc: Document) -> None:
    organ, year, title = _from_title(doc)
    if title:
        doc.title = title.strip()
    if year is None:
        fm = _FILE_YEAR.findall(Path(doc.path).stem)
        if fm:
            year = int(fm[-1])
    if organ:
        organ = _complete(organ, doc.text[:3000])
    head = doc.text[:1500]
    pm = _PUBLISHED.search(head)
    if pm:
        doc.published = f"{int(pm.group(1)):04d}-{int(pm.group(2)):02d}-{int(pm.group(3)):02d}"
    elif doc.meta.get("published"):
        doc.published = str(doc.meta["published"])
    doc.organ = doc.organ or organ
    doc.year = doc.year or year
    doc.era = era_of(doc.year)
