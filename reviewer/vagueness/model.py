"""The vague/specific sentence classifier and its safe persistence.

Training builds a scikit-learn ``Pipeline``: a ``FeatureUnion`` of segmenter-token TF-IDF,
character n-gram TF-IDF and the interpretable cues of ``features``, then a logistic regression
calibrated with Platt scaling (``CalibratedClassifierCV(method="sigmoid", ensemble=False)``).

The model is two files: ``vagueness.json`` (plain JSON: parameters, cue names, intercept, the two
sigmoid parameters, the segmenter probe, metrics) and ``vagueness.npz`` (numpy arrays: the sorted
vocabularies as fixed-width unicode, idf weights, coefficients), read with ``allow_pickle=False`` so
loading takes milliseconds and can never execute code (an object array is refused). ``VagueModel``
applies exactly the fitted pipeline's arithmetic: p(vague) = sigmoid(-(a·(X·w + b0) + b)).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

if TYPE_CHECKING:  # scikit-learn is imported only to train: reviewing never pays its ~2 s import
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline

from reviewer.arrays import read_npz, sibling_npz, write_npz
from reviewer.segmentation.segmenter import cut_cached
from reviewer.tfidf import FixedTfidf, char_ngrams, word_ngrams
from reviewer.vagueness.features import NAMES, cue_matrix

FORMAT = "reviewer-vagueness/2"
FORMATS = ("reviewer-vagueness/1", FORMAT)  # /1: the arrays inline in the JSON file
MODEL_FILE = "vagueness.json"
ARRAYS_FILE = "vagueness.npz"  # written beside the JSON file under the same stem
# (member of the .npz, block of the JSON model, key in the block or None for a top-level list)
ARRAYS = (("words_vocabulary", "words", "vocabulary"), ("words_idf", "words", "idf"),
          ("chars_vocabulary", "chars", "vocabulary"), ("chars_idf", "chars", "idf"), ("coef", "coef", None))
CLASSES = ("specific", "vague")  # sorted, as scikit-learn orders them; the positive class is "vague"
THRESHOLD = 0.5
MEMO_SIZE = 50_000  # sentences whose decision value a process remembers (a few MB)

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def normalise_digits(text: str) -> str:
    """Every number becomes 0, so n-grams learn 'a count here', not the particular count."""
    return _DIGITS.sub("0", text)


SEGMENTER = "jieba"  # pinned, not segment.DEFAULT: the vocabulary must match the tokens it was trained on
PROBE = "由办公室牵头，于3月底前修订《政府信息公开保密审查办法》，进一步加强政务公开队伍建设。"


def word_tokens(text: str) -> list[str]:
    """Segmenter tokens (jieba with the disclosure dictionary). HMM off was measured only ~20 %
    faster, so the segmenter's own defaults stay."""
    return [t for t in cut_cached(text, SEGMENTER) if t.strip()]


@lru_cache(maxsize=1)
def _cue_features_class() -> type:
    """``CueFeatures``, built on first use because its bases come from scikit-learn."""
    from sklearn.base import BaseEstimator, TransformerMixin

    class CueFeatures(TransformerMixin, BaseEstimator):
        """The interpretable cue counts of ``features.cue_vector`` as a sparse block."""

        def __init__(self, weight: float = 1.0) -> None:
            self.weight = weight

        def fit(self, X: Any, y: Any = None) -> CueFeatures:
            self.n_features_out_ = len(NAMES)
            return self

        def transform(self, X: Any) -> sparse.csr_matrix:
            return sparse.csr_matrix(cue_matrix(list(X)) * self.weight)

        def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
            return np.asarray([f"cue:{n}" for n in NAMES], dtype=object)

    CueFeatures.__module__, CueFeatures.__qualname__ = __name__, "CueFeatures"
    return CueFeatures


def __getattr__(name: str) -> Any:
    """``CueFeatures`` stays importable from here (PEP 562) without importing scikit-learn eagerly."""
    if name == "CueFeatures":
        return _cue_features_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


WORD_PARAMS: dict[str, Any] = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True}
CHAR_PARAMS: dict[str, Any] = {"ngram_range": (2, 4), "min_df": 3, "sublinear_tf": True, "max_features": 40000}


def _word_vectorizer(**kw: Any) -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        tokenizer=word_tokens, preprocessor=normalise_digits, token_pattern=None, lowercase=False, **kw
    )


def _char_vectorizer(**kw: Any) -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", preprocessor=normalise_digits, lowercase=False, **kw)


def _word_features(text: str, lo: int, hi: int) -> list[str]:
    return word_ngrams(word_tokens(normalise_digits(text)), lo, hi)


def _char_features(text: str, lo: int, hi: int) -> list[str]:
    return char_ngrams(normalise_digits(text), lo, hi)


def build_pipeline(C: float = 4.0, cue_weight: float = 1.0, random_state: int = 0) -> Pipeline:
    """The trainable pipeline; deterministic for a fixed ``random_state``. 5-fold CV over the
    hand-written sentences (composed ones always in training) put C in 4..16 and cue_weight in 1..3
    within 0.01 macro-F1 of each other, so the initial values stay."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", _word_vectorizer(**WORD_PARAMS)),
            ("chars", _char_vectorizer(**CHAR_PARAMS)),
            ("cues", _cue_features_class()(weight=cue_weight)),
        ]
    )
    lr = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=random_state)
    clf = CalibratedClassifierCV(
        lr, method="sigmoid", cv=StratifiedKFold(5, shuffle=True, random_state=random_state), ensemble=False
    )
    return Pipeline([("features", features), ("clf", clf)])


# -- persistence ------------------------------------------------------------------------------
def _vocab_block(vec: TfidfVectorizer) -> dict[str, Any]:
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return {"vocabulary": terms, "idf": [float(x) for x in vec.idf_]}


def to_json(pipe: Pipeline, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything inference needs, as JSON-safe lists in a fixed order."""
    union: FeatureUnion = pipe.named_steps["features"]
    cal = pipe.named_steps["clf"]
    (pair,) = cal.calibrated_classifiers_
    lr = pair.estimator
    (sig,) = pair.calibrators
    assert tuple(cal.classes_) == CLASSES, cal.classes_
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in union.get_params().items()}
    return {
        "format": FORMAT,
        "classes": list(CLASSES),
        "words": {"params": {k: params[f"words__{k}"] for k in WORD_PARAMS}, **_vocab_block(union.transformer_list[0][1])},
        "chars": {"params": {k: params[f"chars__{k}"] for k in CHAR_PARAMS}, **_vocab_block(union.transformer_list[1][1])},
        "cues": {"names": list(NAMES), "weight": float(union.transformer_list[2][1].weight)},
        "coef": [float(x) for x in lr.coef_.ravel()],
        "intercept": float(lr.intercept_[0]),
        "calibration": {"a": float(sig.a_), "b": float(sig.b_)},
        "segmenter": {"name": SEGMENTER, "probe": PROBE, "tokens": word_tokens(PROBE)},
        **(extra or {}),
    }


def dump(pipe: Pipeline, path: Path, extra: dict[str, Any] | None = None) -> list[str]:
    """Write the JSON part to ``path`` and the arrays to ``ARRAYS_FILE`` beside it; the names written.
    Byte-identical for the same pipeline (sorted keys, fixed zip member dates)."""
    data = to_json(pipe, extra)
    arrays: dict[str, np.ndarray] = {}
    for member, block, key in ARRAYS:
        values = data[block][key] if key else data[block]
        arrays[member] = np.asarray(values, dtype=str if "vocabulary" in member else np.float64)
        if key:
            data[block] = {k: v for k, v in data[block].items() if k != key}
        else:
            del data[block]
    arrays_path = path.with_suffix(".npz")
    data["arrays"] = arrays_path.name
    write_npz(arrays_path, arrays)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return [path.name, arrays_path.name]


def read_arrays(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` with the arrays of its ``arrays`` file (a file name beside the JSON) put back in
    their blocks; ``allow_pickle=False``, so an object array is refused rather than unpickled."""
    if data.get("arrays") is None:
        return data
    arrays = read_npz(sibling_npz(folder, data["arrays"]), tuple(m for m, _, _ in ARRAYS))
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    for member, block, key in ARRAYS:
        arr = arrays[member]
        value = arr.tolist() if arr.dtype.kind == "U" else arr.astype(np.float64, copy=False)
        if key:
            out[block][key] = value
        else:
            out[block] = value
    return out


class VagueModel:
    """Inference from the JSON model: vectorise a batch of sentences once, score them together."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") not in FORMATS:
            raise ValueError(f"not a vagueness model (format={data.get('format')!r})")
        if list(data["cues"]["names"]) != list(NAMES):
            raise ValueError("model was trained with a different cue set; run `reviewer train --only vagueness`")
        self.words = self._vectorizer(_word_vectorizer, data["words"])
        self.chars = self._vectorizer(_char_vectorizer, data["chars"])
        self.cue_weight = float(data["cues"]["weight"])
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = float(data["intercept"])
        self.a = float(data["calibration"]["a"])
        self.b = float(data["calibration"]["b"])
        self.meta = {k: v for k, v in data.items() if k in ("metrics", "corpus")}
        self._memo: dict[str, float] = {}
        self.cue_memo: dict[tuple[str, str, float], tuple[str, ...]] = {}  # section.cue_list per verdict
        seg = data.get("segmenter") or {}
        # True when the segmenter now cuts differently from training time: retrain the model
        self.segmenter_drift = bool(seg) and word_tokens(seg["probe"]) != seg["tokens"]
        n = len(self.words.vocabulary_) + len(self.chars.vocabulary_) + len(NAMES)
        if self.coef.shape != (n,):
            raise ValueError("coefficient count does not match the vocabularies")

    @staticmethod
    def _vectorizer(factory: Any, block: dict[str, Any]) -> FixedTfidf:
        """The fitted vectoriser's transform, bit-identical, without scikit-learn's per-call
        validation (reviewer.tfidf; a third of the review time of section 五 went there)."""
        lo, hi = block["params"]["ngram_range"]
        analyze = partial(_word_features if factory is _word_vectorizer else _char_features, lo=lo, hi=hi)
        vocabulary = dict(zip(block["vocabulary"], range(len(block["vocabulary"])), strict=True))
        return FixedTfidf(vocabulary, np.asarray(block["idf"], dtype=np.float64), analyze, bool(block["params"]["sublinear_tf"]))

    def features(self, sentences: list[str]) -> sparse.csr_matrix:
        cues = sparse.csr_matrix(cue_matrix(sentences) * self.cue_weight)
        return sparse.hstack([self.words.transform(sentences), self.chars.transform(sentences), cues]).tocsr()

    def decision(self, sentences: list[str]) -> np.ndarray:
        """X·w + b0 per sentence. A sentence's value depends on its text alone, and reports repeat
        stock sentences (进一步加强…), so values are remembered per text for the process."""
        if not sentences:
            return np.zeros(0)
        memo = self._memo
        values = {t: memo.get(t) for t in sentences}  # read once: another thread may clear the memo
        new = [t for t, v in values.items() if v is None]
        if new:
            values.update(zip(new, self._decisions(new), strict=True))
            if len(memo) + len(new) > MEMO_SIZE:
                memo.clear()
            memo.update((t, values[t]) for t in new)
        return np.array([values[t] for t in sentences], dtype=np.float64)

    def _decisions(self, sentences: list[str]) -> list[float]:
        """``features(sentences) @ coef + intercept`` without building sparse matrices (their
        validation cost more than the arithmetic for a section's few sentences). Bit-identical:
        the products are the same IEEE multiplications, summed in scipy's csr_matvec order — left
        to right over the row of the stacked matrix (word columns, char columns, cue columns),
        starting from 0.0; zero cue entries, absent from the sparse row, add nothing."""
        blocks = []
        offset = 0
        for vec in (self.words, self.chars):
            data, idx, indptr = vec.weights(sentences)
            blocks.append(((data * self.coef[offset + idx]).tolist(), indptr))
            offset += len(vec.vocabulary_)
        cues = (cue_matrix(sentences) * self.cue_weight) * self.coef[offset:]
        out: list[float] = []
        for r, cue_row in enumerate(cues.tolist()):
            s = 0.0
            for prods, indptr in blocks:
                for v in prods[indptr[r] : indptr[r + 1]]:
                    s += v
            for v in cue_row:
                s += v
            out.append(s + self.intercept)
        return out

    def top_terms(self, sentence: str, k: int = 3, sign: int = -1) -> list[tuple[str, float]]:
        """The n-grams that pushed this sentence's decision value most in direction ``sign`` (-1:
        towards specific, +1: towards vague), with their contribution; cited when no cue explains
        the verdict."""
        contrib: list[tuple[str, float]] = []
        offset = 0
        for kind, vec in (("词", self.words), ("字", self.chars)):
            terms = self._terms(vec)
            data, idx, _ = vec.weights([sentence])
            for v, i in zip(data.tolist(), idx.tolist(), strict=True):
                c = v * float(self.coef[offset + i])
                if c * sign > 0:
                    contrib.append((f"{kind}:{terms[i]}", round(c, 3)))
            offset += len(vec.vocabulary_)
        contrib.sort(key=lambda x: (-abs(x[1]), x[0]))
        return contrib[:k]

    @staticmethod
    def _terms(vec: FixedTfidf) -> list[str]:
        inv = getattr(vec, "_inverse", None)
        if inv is None:
            inv = [""] * len(vec.vocabulary_)
            for t, i in vec.vocabulary_.items():
                inv[i] = t
            vec._inverse = inv  # type: ignore[attr-defined]
        return inv

    def predict_proba(self, sentences: list[str]) -> np.ndarray:
        """P(vague) per sentence, calibrated."""
        d = self.decision(sentences)
        return 1.0 / (1.0 + np.exp(self.a * d + self.b))

    def predict(self, sentences: list[str], threshold: float = THRESHOLD) -> list[str]:
        return ["vague" if p >= threshold else "specific" for p in self.predict_proba(sentences)]


def load(path: Path) -> VagueModel:
    """Parse the JSON model file and read its arrays (no pickle, no code execution)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError("not a vagueness model")
    return VagueModel(read_arrays(data, Path(path).parent))


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int, arrays_mtime_ns: int) -> VagueModel:
    return load(Path(path))


@lru_cache(maxsize=1)
def _default_path() -> Path:
    """Where the installed model lives; resolving it walks the file system, once per process."""
    from reviewer.paths import models_dir

    return models_dir() / MODEL_FILE


def default_model(path: Path | None = None) -> VagueModel:
    """The installed model, loaded once per process (module-level cache keyed by path and mtime)."""
    if path is None:
        path = _default_path()
    name, arrays = _names(path)
    try:  # os.stat on ready strings: this runs once per report
        mtime = os.stat(name).st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        from reviewer.errors import model_missing

        raise model_missing(path, "vagueness") from None
    try:
        arrays_mtime = os.stat(arrays).st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        arrays_mtime = 0
    return _cached(name, mtime, arrays_mtime)


@lru_cache(maxsize=8)
def _names(path: Path) -> tuple[str, str]:
    """The model file and its arrays file beside it, as strings."""
    return str(path), str(path.with_suffix(".npz"))
