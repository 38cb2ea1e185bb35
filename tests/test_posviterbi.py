"""The array Viterbi pass gives exactly jieba's part-of-speech states, and the tagger built on it
tags sentences as jieba's own tagger does."""

from __future__ import annotations

import subprocess
import sys

from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from reviewer.vagueness.posviterbi import route, viterbi
from reviewer.vagueness.signals import tagged

RUNS = ["青禾县", "云溪市司法局", "如对本", "一是", "中", "尚未收到", "禾苗嘉屿镇", "呐喊咚", "鑫淼焱垚",
        "由县政务服务中心牵头梳理", "未因政府信息公开被申请行政复议", "兀"]


def test_states_and_score_equal_jiebas() -> None:
    for run in RUNS:
        assert viterbi(run) == jieba_viterbi(run, char_state_tab_P, start_P, trans_P, emit_P), run


def test_remembered_route_equals_the_pass() -> None:
    for run in RUNS * 2:  # the second round is answered from the cache
        assert list(route(run)) == jieba_viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)[1], run


SENTENCES = ["青禾县司法局于3月底前修订《政府信息公开保密审查办法》。",
             "在云溪政务服务网开通网上申请，张晓岚同志负责答复。",
             "2023年共受理申请45件，同比增长12.5%；一是专栏改版，二是上线APP。"]


def test_tagger_equals_jiebas_tagger_in_a_fresh_process() -> None:
    # jieba hands the user dictionary's tags to the first tagger built on a tokenizer, so the
    # reference tagger is built in a process of its own
    code = ("import json, sys\nimport jieba.posseg as p\nfrom reviewer.segmentation.segmenter import _jieba\n"
            "t = p.POSTokenizer(_jieba(True))\n"
            "print(json.dumps([[(w.word, w.flag) for w in t.cut(s)] for s in json.loads(sys.argv[1])]))")
    import json

    out = subprocess.run([sys.executable, "-c", code, json.dumps(SENTENCES)], capture_output=True, text=True, check=True)
    reference = json.loads(out.stdout)
    ours = [[[w, f] for w, f, _ in tagged(s)] for s in SENTENCES]
    assert ours == reference
