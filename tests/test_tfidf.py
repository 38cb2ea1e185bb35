"""reviewer.tfidf must reproduce scikit-learn's fitted TfidfVectorizer.transform bit for bit: the
models are trained with scikit-learn and applied without it."""

from __future__ import annotations

import re

import numpy as np
import pytest

from reviewer.tfidf import FixedTfidf, char_ngrams, word_ngrams

TRAIN = [
    "由办公室牵头，于3月底前修订《保密审查办法》。",
    "进一步加强政务公开队伍建设，不断提升工作水平。",
    "全年共受理依申请公开12件，同比增长20%。",
    "开设“政策解读”专栏，发布解读材料  8篇。",
    "工作人员业务能力有待提高。",
    "按月检查网站栏目，逐条核对更新情况。",
]
UNSEEN = ["", " ", "新设栏目\t\t两个，全部按时更新。", "进一步加强", "完全没有见过的句子ABC"]


def _digits(text: str) -> str:
    return re.sub(r"\d+", "0", text)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"([，。、；“”《》])|(?<=[的了和])", text) if w and w.strip()]


def _same(a, b) -> bool:
    a, b = a.tocsr(), b.tocsr()
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data))


@pytest.mark.parametrize("sublinear", [True, False])
@pytest.mark.parametrize("ngrams", [(1, 3), (2, 4)])
def test_char_analyzer_matches_sklearn(sublinear: bool, ngrams: tuple[int, int]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", preprocessor=_digits, lowercase=False, ngram_range=ngrams, sublinear_tf=sublinear)
    vec.fit(TRAIN)
    fixed = FixedTfidf(vec.vocabulary_, vec.idf_, lambda t: char_ngrams(_digits(t), *ngrams), sublinear)
    docs = TRAIN + UNSEEN
    assert _same(vec.transform(docs), fixed.transform(docs))


def test_word_analyzer_matches_sklearn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(tokenizer=_words, preprocessor=_digits, token_pattern=None, lowercase=False,
                          ngram_range=(1, 2), sublinear_tf=True)
    vec.fit(TRAIN)
    fixed = FixedTfidf(vec.vocabulary_, vec.idf_, lambda t: word_ngrams(_words(_digits(t)), 1, 2), True)
    docs = TRAIN + UNSEEN
    assert _same(vec.transform(docs), fixed.transform(docs))


def test_ngrams() -> None:
    assert char_ngrams("ab  c", 2, 3) == ["ab", "b ", " c", "ab ", "b c"]
    assert word_ngrams(["a", "b", "c"], 1, 2) == ["a", "b", "c", "a b", "b c"]
    assert word_ngrams(["a"], 2, 2) == []
