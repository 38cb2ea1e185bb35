"""Segmentation: the domain dictionary keeps disclosure vocabulary whole, the shipped pkuseg model
loads from our own files and beats plain jieba on held-out gold sentences, spans are exact."""

from __future__ import annotations

import os
import tempfile

import pytest

from reviewer.segmentation import segmenter as segment
from reviewer.segmentation.evaluate import evaluate, score
from reviewer.segmentation.gold import gold_sentences, split
from tests.conftest import ROOT

TERMS = ["依申请公开", "政务新媒体", "行政复议", "三安全一稳定", "过程性信息", "政府信息公开", "行政规范性文件"]


def test_gold_sample_is_large_and_clean():
    sents = gold_sentences(ROOT / "corpus")
    assert len(sents) >= 300
    assert all(w and " " not in w for s in sents for w in s)
    train, test = split(sents)
    assert len(test) >= 60 and not set(map(tuple, test)) & set(map(tuple, train))


def test_jieba_domain_dictionary_keeps_terms_whole():
    text = "本机关依申请公开的过程性信息、政务新媒体和行政规范性文件，以及危及三安全一稳定的行政复议案件，均属政府信息公开范围。"
    plain = segment.get_segmenter("jieba-plain")(text)
    tokens = segment.tokenize(text)
    for term in TERMS:
        assert term in tokens, term
    assert sum(t in plain for t in TERMS) < len(TERMS)  # the dictionary is what makes the difference


@pytest.mark.parametrize("name", ["jieba", "jieba-plain"])
def test_cut_cached_equals_jieba_on_whole_text(name):
    """Cutting block by block (and remembering blocks) gives jieba's tokens for the whole text."""
    texts = [
        "", " ", "。", "2024年，本机关共收到政府信息公开申请12件，同比增长20.5%；办结11件。",
        "由办公室牵头，于3月底前修订《保密审查办法》ABC-1.0 版本\n下一步，我局将进一步加强组织领导！",
        "进一步加强组织领导进一步加强组织领导", "a+b#c&d_e%f", "（一）  予以公开\t5", "依申请公开的过程性信息、政务新媒体",
    ]
    cut = segment.get_segmenter(name)
    for text in texts * 2:  # the second pass comes from the block cache
        assert segment.cut_cached(text, name) == cut(text), text


def test_jieba_cache_is_not_in_shared_tmp():
    tk = segment._jieba(True)
    assert os.path.dirname(tk.cache_file) != tempfile.gettempdir()
    assert os.path.dirname(tk.cache_file) == segment._cache_dir()


@pytest.mark.parametrize("name", ["jieba", "pkuseg"])
def test_spans_equal_text_slices(name):
    text = "一、总体情况\n2024年，我局主动公开政府信息386条。 依申请公开25件。"
    spans = segment.tokenize_spans(text, name)
    assert spans and all(text[s:e] == w for w, s, e in spans)
    assert "".join(w for w, _, _ in spans) == "".join(text.split())


def test_domain_backends_beat_plain_jieba_on_held_out_sentences():
    _, test = split(gold_sentences(ROOT / "corpus"))
    scores = evaluate(test)
    assert scores["jieba"]["f1"] > scores["jieba-plain"]["f1"] + 0.05
    assert scores["pkuseg"]["f1"] > scores["jieba-plain"]["f1"] + 0.05


def test_score_counts_boundaries():
    assert score([["政府信息公开", "申请"]], [["政府信息公开", "申请"]])["f1"] == 1.0
    s = score([["政府信息公开", "申请"]], [["政府", "信息公开", "申请"]])
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == pytest.approx(1 / 2)


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError):
        segment.get_segmenter("nltk")


def test_pkuseg_model_files_are_plain_data():
    d = ROOT / "models" / "pkuseg"
    assert sorted(p.name for p in d.iterdir()) == ["features.msgpack", "weights.npz"]
    import numpy as np

    with np.load(d / "weights.npz", allow_pickle=False) as npz:
        assert npz["w"].ndim == 1
    assert sum(p.stat().st_size for p in d.iterdir()) < 20 * 1024 * 1024


def test_eval_segmenter_prints_the_table():
    from click.testing import CliRunner

    from reviewer.cli import main

    res = CliRunner().invoke(main, ["eval", "segmenter", "--seconds", "0.05"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert "default backend: jieba" in lines[0]
    rows = {x.split()[0]: x.split() for x in lines[2:]}
    assert set(rows) == {"jieba", "pkuseg", "jieba-plain"}
    assert all(0.5 < float(r[3]) <= 1.0 for r in rows.values())  # F1 column
