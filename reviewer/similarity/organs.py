"""Organ names as printed vary from year to year (平潭综合实验区 / 平潭综合实验区管委会 /
平潭综合实验区（党工委管委会）; 洪泽区人民政府 / 淮安市洪泽区人民政府). A key folds those variants
so one organ's reports link across years, while keeping different organs apart (平潭县人民政府 is
not 平潭综合实验区, and 平潭综合实验区地方税务局 is a third organ). A manifest sets ``doc.organ``
explicitly and so overrides detection. The key itself is ``reviewer.organs.organ_key`` (canonical
full name first: 科技厅/科学技术厅 and 人社局/人力资源和社会保障局 share one key)."""

from __future__ import annotations

import re
from functools import lru_cache

from reviewer.organs import organ_key

__all__ = ["mask_names", "organ_key"]

_PLACE_END = "省市县区州盟旗镇乡"


@lru_cache(maxsize=4096)  # pure in the name: asked for per report and per fingerprint
def mask_names(organ: str | None) -> tuple[str, ...]:
    """Names of the organ that a copier would swap: the printed name, its key and its place."""
    if not organ:
        return ()
    key = organ_key(organ, fold=False)
    names = {organ.strip(), key}
    m = re.match(rf"^[\u4e00-\u9fff]{{2,12}}?[{_PLACE_END}]", key)
    if m and len(m.group()) >= 2:
        names.add(m.group())
    return tuple(sorted(n for n in names if len(n) >= 2))
