"""Administrative level and organ type from an organ's name, for filtering a batch ranking
(spec §1: departments and governments at province, city, county and town level).

Level is the lowest administrative unit named in the organ's name prefix: 河北省教育厅 → province,
云溪市人民政府 → city, 云溪市青禾县财政局 → county, 青禾县石桥镇人民政府 → town. The four
municipalities (北京市, 天津市, 上海市, 重庆市) and 自治区 are province level. Type is
``government`` for 人民政府 and its 办公厅/办公室 (and 街道办事处), otherwise ``department``.
"""

from __future__ import annotations

import re

from reviewer.model import Result

LEVELS = ("province", "city", "county", "town")
TYPES = ("department", "government")

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# one administrative name: 1-6 characters and a unit suffix; the shortest such prefix wins
_UNIT = re.compile(r"([\u4e00-\u9fff]{1,6}?)(自治区|特别行政区|自治州|自治县|自治旗|街道|地区|省|市|州|盟|县|区|旗|镇|乡)")
_LEVEL_OF = {"自治区": "province", "特别行政区": "province", "省": "province", "市": "city", "州": "city", "自治州": "city",
             "地区": "city", "盟": "city", "县": "county", "区": "county", "旗": "county", "自治县": "county",
             "自治旗": "county", "镇": "town", "乡": "town", "街道": "town"}
# words that belong to an organ's own name, never to a place name before a unit (城乡建设局, 市场监督管理局)
_NOT_PLACE = re.compile(r"[和与及、局委厅办部院会署所站队司处科中心]|城乡|住房|建设|管理|政府|人民|监督|农业")


def organ_level(name: str | None) -> str | None:
    """province | city | county | town, or None when the name carries no administrative unit."""
    if not name:
        return None
    text = re.sub(r"\s+", "", name)
    level, at = None, 0
    while at < len(text):
        m = _UNIT.match(text, at)
        if m is None or _NOT_PLACE.search(m.group(1)):
            break
        unit = m.group(2)
        level = "province" if m.group(0) in _MUNICIPALITIES else _LEVEL_OF[unit]
        at = m.end()
    return level


def organ_type(name: str | None) -> str | None:
    """government | department (None without a name)."""
    if not name:
        return None
    if re.search(r"人民政府|办公厅|政府办公室|街道办事处", name):
        return "government"
    return "department"


def keep(r: Result, era: str | None = None, level: str | None = None, kind: str | None = None) -> bool:
    """True when ``r`` passes the filters given (None = no filter on that attribute)."""
    if era and r.era != era:
        return False
    if level and organ_level(r.organ) != level:
        return False
    return not (kind and organ_type(r.organ) != kind)


def filter_results(results: list[Result], era: str | None = None, level: str | None = None, kind: str | None = None) -> list[Result]:
    """The reports of a batch matching era, level and organ type, for the ranking display."""
    return [r for r in results if keep(r, era, level, kind)]
