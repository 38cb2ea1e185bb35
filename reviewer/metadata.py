"""Organ name, report year, era and title from the text (title first, then body, then file name)."""

from __future__ import annotations

import re
from pathlib import Path

from reviewer.model import Document, era_of

_YEAR = r"((?:19|20)\d{2})\s*年?度?"
_TITLE = re.compile(rf"^(?:标题[:：]\s*)?(?P<organ>[^\n]{{0,40}}?)\s*{_YEAR}\s*(?:度)?\s*(?P<organ2>[^\n]{{0,30}}?)(?:政府)?信息公开(?:工作)?(?:年度)?报告", re.M)
_TITLE_SPLIT = re.compile(rf"^(?P<organ>[^\n\d]{{2,40}}?(?:政府|局|委员会|委|办公室|办公厅|厅|院|街道|镇|乡|中心|管委会|区|县|市))\s*\n\s*{_YEAR}\s*(?:度)?\s*(?:政府)?信息公开", re.M)
_FILE_YEAR = re.compile(r"(?:19|20)\d{2}")
_PUBLISHED = re.compile(r"发布(?:时间|日期)[:：]\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})")


def _clean_organ(s: str) -> str | None:
    s = re.sub(r"^(?:标题[:：]|正文)\s*", "", s.strip())
    s = s.strip(" ：:　")
    if not s or len(s) < 2:
        return None
    return s


def fill_metadata(doc: Document) -> None:
    head = doc.text[:600]
    organ = year = None
    m = _TITLE.search(head)
    if m:
        year = int(m.group(2))
        organ = _clean_organ(m.group("organ") or "") or _clean_organ(m.group("organ2") or "")
        doc.title = m.group(0).strip()
    if organ is None:
        m2 = _TITLE_SPLIT.search(head)
        if m2:
            organ = _clean_organ(m2.group("organ"))
            year = year or int(m2.group(2))
    if year is None:
        fm = _FILE_YEAR.findall(Path(doc.path).stem)
        if fm:
            year = int(fm[-1])
    pm = _PUBLISHED.search(head)
    if pm:
        doc.published = f"{int(pm.group(1)):04d}-{int(pm.group(2)):02d}-{int(pm.group(3)):02d}"
    doc.organ = doc.organ or organ
    doc.year = doc.year or year
    doc.era = era_of(doc.year)
