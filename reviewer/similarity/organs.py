"""Organ names as printed vary from year to year (平潭综合实验区 / 平潭综合实验区管委会 /
平潭综合实验区（党工委管委会）; 洪泽区人民政府 / 淮安市洪泽区人民政府). A key folds those variants
so one organ's reports link across years, while keeping different organs apart (平潭县人民政府 is
not 平潭综合实验区, and 平潭综合实验区地方税务局 is a third organ). A manifest sets ``doc.organ``
explicitly and so overrides detection."""

from __future__ import annotations

import re
from pathlib import Path

# Suffixes naming the government body of a place rather than a different organ.
_GOV_SUFFIX = re.compile(r"(?:（[^）]*）|\([^)]*\))$|(?:人民政府办公室|人民政府|党工委管委会|管理委员会|管委会|政府)$")
_PLACE_END = "省市县区州盟旗镇乡"
# "淮安市洪泽区" → "洪泽区": a leading higher-level place is dropped when what remains is itself a place.
_PARENT = re.compile(rf"^(?:[\u4e00-\u9fff]{{2,7}}?(?:省|自治区))?(?:[\u4e00-\u9fff]{{2,7}}?市)?(?=[\u4e00-\u9fff]{{2,12}}[{_PLACE_END}]$)")
_YEARISH = re.compile(r"[_\-]?(?:19|20)\d{2}")


def organ_key(organ: str | None, path: str = "") -> str:
    """The linking key; falls back to the file name without its year when the organ is unknown."""
    if not organ:
        return "file:" + _YEARISH.sub("", Path(path).stem)
    k = re.sub(r"\s+", "", organ)
    for _ in range(3):
        k2 = _GOV_SUFFIX.sub("", k)
        if k2 == k or len(k2) < 2:
            break
        k = k2
    m = _PARENT.match(k)
    if m and m.end() and len(k) - m.end() >= 2:
        k = k[m.end() :]
    return k


def mask_names(organ: str | None) -> tuple[str, ...]:
    """Names of the organ that a copier would swap: the printed name, its key and its place."""
    if not organ:
        return ()
    names = {organ.strip(), organ_key(organ)}
    m = re.match(rf"^[\u4e00-\u9fff]{{2,12}}?[{_PLACE_END}]", organ_key(organ))
    if m and len(m.group()) >= 2:
        names.add(m.group())
    return tuple(sorted(n for n in names if len(n) >= 2))
