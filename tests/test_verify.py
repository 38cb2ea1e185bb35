"""Copy verification's plain-text map (reviewer.similarity.verify) against the regex walk it replaces."""

from __future__ import annotations

import random
import re

from reviewer.similarity.verify import _gram_hashes, _plain_map, _shared_runs


def _reference(text: str) -> tuple[str, list[int]]:
    out, offs = [], []
    for m in re.finditer(r"\d+|\s+|.", text, re.S):
        g = m.group()
        if g[0].isspace():
            continue
        out.append("0" if g[0].isdigit() else g)
        offs.append(m.start())
    return "".join(out), offs


def test_plain_map_equals_the_regex_walk_on_awkward_characters():
    rnd = random.Random(0)
    alphabet = "0123456789 \t\n\u3000①²३٣abc中文，。\U00020000\U0001d7d8\x1c\x85"
    texts = ["", "1", "①②1 2３４５ a\u3000b²12x 9", "\U0001d7d9\U0001d7da 1", "公开12件，办结 3 件。"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(2000)]
    for t in texts:
        plain, offs = _plain_map(t)
        assert (plain, offs.tolist()) == _reference(t), t
    assert _plain_map("共 12 件 ① 项")[0] == "共0件0项"


def test_shared_runs_are_exact_string_matches():
    src = "一是组织全局干部参加保密审查专题培训0次，覆盖业务科室0个。要求各科室严格按照清单公开。"
    passage = "一是组织全局干部参加保密审查专题培训0次，其他内容与来源不同。"
    pairs = _shared_runs(passage, src, _gram_hashes(src))
    assert pairs and all(src[q : q + 8] == passage[k : k + 8] for q, k in pairs)
    brute = sorted((q, k) for k in range(len(passage) - 7) for q in range(len(src) - 7) if src[q : q + 8] == passage[k : k + 8])
    assert pairs == brute
