"""The one-character-off place scan yields what ``re.finditer`` yields for the same pattern."""

from __future__ import annotations

import random
import re

from reviewer.metadata import _HAN, _majority_place, _one_off


def test_one_off_equals_finditer_on_random_texts() -> None:
    rng = random.Random(7)
    alpha = "青禾县云溪市区a1，。县县禾禾青"
    for _ in range(3000):
        text = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 30)))
        place = "".join(rng.choice("青禾县云溪市") for _ in range(rng.randint(2, 4)))
        for i in range(len(place) - 1):
            pat = re.escape(place[:i]) + f"([{_HAN}])" + re.escape(place[i + 1 :])
            assert list(_one_off(text, place[:i], place[i + 1 :])) == [m.group(0) for m in re.finditer(pat, text)]


def test_overlapping_and_non_han_candidates() -> None:
    assert list(_one_off("青禾禾禾县", "青", "禾")) == ["青禾禾"]
    assert list(_one_off("云a市云溪市", "云", "市")) == ["云溪市"]
    assert list(_one_off("县县县县", "", "县")) == ["县县", "县县"]


def test_majority_form_wins_over_a_title_slip() -> None:
    text = "云溪市人民政府" + "云溪市政务公开。" * 6
    assert _majority_place("云漢市人民政府", text) == "云溪市人民政府"
    assert _majority_place("云溪市人民政府", text) == "云溪市人民政府"
