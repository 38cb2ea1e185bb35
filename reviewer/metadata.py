"""Organ name, report year, era, title and publication date of a report.

The organ is taken from every place a page gives it, in this order: the title in all its forms
(「…年度报告」「…工作报告」「…信息公开年报」「…工作总结」, cut short with 「…」, split over lines, after
「标题：」) — the report's own words; the issuer line a portal or crawler prints at the top
(「发布机关：」「发文机关：」「发布单位：」, then 「来源：」「信息来源：」), which often names the portal's
government or office instead; the signature at the end (organ line + date line); the body
(「2023年，省教育厅坚持…」, 「现将…2023年政府信息公开工作年度报告公布如下」). The issuer's place
completes a title or body name given without one (「省科技厅」). A manifest overrides all of them
(``reviewer.io``). A candidate counts only when it looks like an organ name (place + organ suffix,
``reviewer.organs``); ``doc.organ`` is its canonical full name, so one organ has one name across
years. When nothing qualifies the organ is unknown: ``doc.meta["organ_status"] == "unknown"``
(also in ``Result.metrics["organ_status"]``), and reports still link by file name.

Titles come in several shapes: organ before the year (「宿迁市2023年政府信息公开工作年度报告」), the
year first (「2024年青禾县科技局政府信息公开工作年度报告」), or split over two or three lines in PDFs;
a year may be broken by the crawl (「20」/「21年」, 「20 23年」) or written in Chinese numerals.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from reviewer.fastre import guarded
from reviewer.model import Document, era_of
from reviewer.organs import canonical_organ, correct_place, place_of

_HAN = r"\u3400-\u9fff"
_YEAR = r"((?:19|20)\d{2})\s*年?\s*度?"
_REPORT = r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报|总结)"
# A title cut short by the portal: 「河北省科技厅2019年政府信息公开…」, 「…年度...」.
_CUT = r"(?:政府|信息|政务)[^\n]{0,16}?(?:…+|⋯+|\.{3,})\s*$"
_ORGAN_FIRST = re.compile(rf"^(?:标题[:：]\s*)?(?P<organ>[^\d\n]{{2,40}}?)\s*{_YEAR}\s*(?P<organ2>[^\d\n]{{0,30}}?)(?:{_REPORT}|{_CUT})")
_YEAR_FIRST = re.compile(rf"^(?:标题[:：]\s*)?{_YEAR}\s*(?P<organ>[^\d\n]{{2,30}}?)(?:{_REPORT}|{_CUT})")
_TITLE_YEAR = re.compile(r"^标题[:：][^\n]*?((?:19|20)\d{2})\s*年")
_FILE_YEAR = re.compile(r"(?:19|20)\d{2}")
_DATE = r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_PUBLISHED = re.compile(rf"(?:发布|公开|印发|成文|发文)(?:时间|日期)\s*[:：]?\s*{_DATE}")
_ISSUER_KEYS = r"发布机关|发布机构|发文机关|发布单位|发文单位|发布部门|公开主体|信息来源|来源"
_ISSUER = re.compile(rf"(?:{_ISSUER_KEYS})[ \t\u3000]*[:：][ \t\u3000]*(?P<v>[^\n]*)")
# The next "key: value" of a portal header (the lines may have been joined) ends the value.
_NEXT_KEY = re.compile(
    rf"\s|(?:{_ISSUER_KEYS}|发布日期|发布时间|发文日期|成文日期|索引号|文号|发文字号|主题分类|分类|浏览次数|点击|字号|原文链接|标题|日期|时间)\s*[:：]"
)
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0", "O": "0"}
_CN_YEAR = re.compile(r"[〇○零Ｏ一二三四五六七八九]{4}(?=\s*年)")
# The district's city named before it in the body: 洪泽区人民政府 → 淮安市洪泽区人民政府.
_FUNCTION_CHARS = set("由在的和与对向经据为是请及并于从按照将报本我无")
_SIGN_DATE = re.compile(r"[(（]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?")
# Tried only where a match can begin (reviewer.fastre: same matches, the matcher entered less often).
_NEXT_KEY, _CN_YEAR, _SIGN_DATE = map(guarded, (_NEXT_KEY, _CN_YEAR, _SIGN_DATE))
# Body sentences naming the organ: 「2023年，省教育厅坚持…」, 「现将青禾县民政局2023年政府信息公开…」.
_BODY_ORGAN = (
    re.compile(rf"(?:现将|发布|特发布|编制了?|编写了?)(?P<o>[{_HAN}（）]{{3,30}}?)(?:19|20)\d{{2}}\s*年度?(?:政府)?(?:信息公开|政务公开)"),
    re.compile(rf"(?:^|[。\n])\s*(?:19|20)\d{{2}}\s*年度?[，,]\s*(?P<o>[{_HAN}]{{3,25}}?(?:厅|局|委员会|委|人民政府|政府|办公室|办公厅|中心|管委会))"
               r"(?=坚持|认真|深入|全面|严格|紧紧|围绕|以|在|按照|持续|进一步|始终|不断|高度|扎实|积极|聚焦|着力|切实)"),
    re.compile(rf"(?P<o>[{_HAN}]{{3,30}}?)[（(]以下简称[“\"]?(?:我|本)"),
)


@lru_cache(maxsize=8192)  # pure in the line: head lines and titles recur across an organ's reports
def _norm_line(s: str) -> str:
    """Join digits a crawl broke apart (「20 23年」) and read Chinese-numeral years (二〇二三年)."""
    s = re.sub(r"(?<=\d)[ \t\u3000]+(?=\d)", "", s)
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGIT[c] for c in m.group(0)), s)


def _head_lines(doc: Document, n: int = 14) -> list[str]:
    return [doc.text[p.start : p.end].strip() for p in doc.paragraphs[:n]]


def _title_candidates(doc: Document) -> list[str]:
    """The first lines, and each run of up to three consecutive short lines joined (titles wrap)."""
    lines: list[str] = []
    for line in _head_lines(doc, 12):
        if line.startswith(("发布", "文号", "栏目", "原文链接", "来源", "信息来源", "发文", "索引号", "主题分类")):
            continue
        lines.append(_norm_line(line))
    out: list[str] = []
    for i, line in enumerate(lines):
        joined = line
        out.append(joined)
        for nxt in lines[i + 1 : i + 3]:
            if len(joined) > 60 or len(nxt) > 40:
                break
            joined += nxt
            out.append(_norm_line(joined))
    if doc.meta.get("title"):
        out.append(_norm_line(str(doc.meta["title"])))
    return out


def _from_title(doc: Document) -> tuple[str | None, int | None, str]:
    for cand in _title_candidates(doc):
        m = _ORGAN_FIRST.search(cand)
        if m:
            organ = m.group("organ") if canonical_organ(m.group("organ")) or not m.group("organ2") else m.group("organ2")
            return organ, int(m.group(2)), m.group(0)
        m = _YEAR_FIRST.search(cand)
        if m:
            return m.group("organ"), int(m.group(1)), m.group(0)
    for line in _head_lines(doc, 6):
        m = _TITLE_YEAR.match(_norm_line(line))
        if m:  # 「标题: 政府信息公开情况统计表（2018年度）」: a year, no organ
            return None, int(m.group(1)), ""
    return None, None, ""


def _issuers(doc: Document) -> tuple[list[str], list[str]]:
    """Values of the issuer keys near the top: (publishing organ keys, 「来源」 keys). A portal's
    header often names the portal's own government or its office (「来源：…县人民政府」,
    「发布机构：…办公室」) rather than the organ whose report it is, so the issuer ranks below a title
    that names an organ, and 「来源」 below the other keys."""
    head = doc.text[: doc.paragraphs[min(len(doc.paragraphs), 14) - 1].end] if doc.paragraphs else ""
    strong: list[str] = []
    weak: list[str] = []
    for m in _ISSUER.finditer(head[:1500]):
        v = m.group("v").strip()
        cut = _NEXT_KEY.search(v)
        v = v[: cut.start()] if cut else v
        if v:
            (weak if m.group(0).lstrip().startswith(("来源", "信息来源")) else strong).append(v)
    return strong, weak


def _signature(doc: Document, place: str | None) -> tuple[str | None, str | None]:
    """The organ and date signing the report: 「青禾县民政局」 / 「2024年1月25日」 near the end (or
    glued to the last sentence, or right under the title)."""
    tail_at = max(0, len(doc.text) - 400)
    for d in reversed(list(_SIGN_DATE.finditer(doc.text, tail_at))):
        seg = doc.text[max(0, d.start() - 45) : d.start()]
        seg = re.split(r"[。；！？：:）)」”\"、，,\n]", seg)[-1].strip()
        for i in range(len(seg) - 2):
            if seg[i] in _FUNCTION_CHARS:
                continue
            organ = canonical_organ(seg[i:], place)
            if organ:
                return organ, f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    return None, None


def _from_body(doc: Document, place: str | None) -> str | None:
    found: Counter[str] = Counter()
    body = doc.text[:6000]
    for pat in _BODY_ORGAN:
        for m in pat.finditer(body):
            organ = canonical_organ(m.group("o"), place)
            if organ:
                found[organ] += 1
    return found.most_common(1)[0][0] if found else None


def _with_city(organ: str, body: str) -> str:
    """Prefix the city the body names before a district or county (洪泽区人民政府 → 淮安市洪泽区人民政府)."""
    if not re.match(rf"^[{_HAN}]{{1,4}}[区县]", organ) or re.match(rf"^[{_HAN}]{{1,4}}[省市]", organ):
        return organ
    place = place_of(organ) or organ
    idx = body.find(place)
    while idx != -1:
        for n in (4, 3, 2):
            pre = body[max(0, idx - n) : idx]
            if len(pre) == n and pre[-1] in "省市" and pre[0] not in _FUNCTION_CHARS and re.fullmatch(rf"[{_HAN}]+", pre):
                return pre + organ
        idx = body.find(place, idx + 1)
    return organ


def _one_off(text: str, pre: str, suf: str) -> Iterator[str]:
    """The non-overlapping matches, left to right, of ``pre`` + one han character + ``suf`` (``suf``
    not empty): what ``re.finditer`` yields for that pattern, without compiling a pattern per place
    (a han character class compiles in milliseconds, and every organ has its own place)."""
    k, span = len(pre), len(pre) + 1 + len(suf)
    pos = 0
    idx = text.find(suf, k + 1)
    while idx != -1:
        p = idx - k - 1
        if p >= pos and "\u3400" <= text[p + k] <= "\u9fff" and text.startswith(pre, p):
            yield text[p : p + span]
            pos = p + span
            idx = text.find(suf, pos + k + 1)
        else:
            idx = text.find(suf, idx + 1)


def _majority_place(organ: str, text: str) -> str:
    """A place name one character off from a form the report prints far more often is an OCR slip
    in the title: the majority form wins (a place printed the same way throughout is kept)."""
    place = place_of(organ)
    if not place or len(place) < 3:
        return organ
    own = text.count(place)
    best, best_n = place, own
    for i in range(len(place) - 1):
        for variant, n in Counter(_one_off(text, place[:i], place[i + 1 :])).items():
            if variant != place and n >= 3 and n >= 2 * max(own, 1) and n > best_n:
                best, best_n = variant, n
    return organ.replace(place, best, 1) if best != place else organ


def _place_hint(*names: str | None) -> str | None:
    """The first full place (「河北省」, 「淮安市洪泽区」) the issuer line or title gives."""
    for n in names:
        p = place_of(canonical_organ(n) or n) if n else None
        if p and len(p) >= 3:
            return p
    return None


def fill_metadata(doc: Document) -> None:
    title_organ, year, title = _from_title(doc)
    if title:
        doc.title = re.sub(r"^(?:标题[:：]|正文)\s*", "", title.strip())
    if year is None:
        fm = _FILE_YEAR.findall(Path(doc.path).stem)
        if fm:
            year = int(fm[-1])
    strong, weak = _issuers(doc)
    place = _place_hint(*strong, title_organ, *weak)
    sign_organ, sign_date = _signature(doc, place)
    organ, source = None, "unknown"
    for src, cand in [("title", title_organ)] + [("issuer", v) for v in strong + weak]:
        c = canonical_organ(cand, place) if cand else None
        if c:
            organ, source = c, src
            break
    if organ is None and sign_organ:
        organ, source = sign_organ, "signature"
    if organ is None:
        organ = _from_body(doc, place or place_of(sign_organ))
        source = "body" if organ else "unknown"
    if organ and source != "issuer":
        organ = _majority_place(_with_city(organ, doc.text[:3000]), doc.text)
    if organ:
        organ = correct_place(organ)
    pm = _PUBLISHED.search(doc.text[:1500])
    if pm:
        doc.published = f"{int(pm.group(1)):04d}-{int(pm.group(2)):02d}-{int(pm.group(3)):02d}"
    elif doc.meta.get("published"):
        doc.published = str(doc.meta["published"])
    elif sign_date and year is not None and int(sign_date[:4]) in (year, year + 1):
        doc.published = sign_date
    if not doc.organ:
        doc.organ = organ
        status = "found" if organ else "unknown"
        doc.meta["organ_source"] = source
    else:
        status = "given"
    doc.meta["organ_status"] = status
    doc.meta.setdefault("metrics", {})["organ_status"] = status
    doc.year = doc.year or year
    doc.era = era_of(doc.year)
