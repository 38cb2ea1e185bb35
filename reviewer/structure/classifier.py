"""Paragraph → section classifier, used to recover sections whose heading is missing, merged into
other text or replaced by an organ's own outline (spec §2: a report covering a section under its own
heading is not missing it).

Character n-grams (digits folded to 0, so years and counts do not matter), three layout features and
the paragraph's relative position in the document feed a multinomial logistic regression. Position is
context that recovery always has without any heading (the spec's order puts 一 before the tables and
五/六 after them), and it separates the two sections whose prose is most alike: 一's account of the
year's work and 五's improvement measures. It is learned from synthetic documents laid out in the spec's
order from the training paragraphs themselves (``synthetic_documents``); a paragraph given without a
position gets zero position features, so the model also works on text alone. The labels are stored
as JSON (``models/sections.json``) and the vocabulary and weights as numpy arrays beside it
(``models/sections.npz``, read without pickle), loaded into a fixed-vocabulary vectoriser, so loading
takes milliseconds and never executes code. Trained on paragraphs written for the purpose (``corpus/sections/train/<label>.txt``);
evaluated on standoff-annotated paragraphs of real reports (``corpus/sections/real_annotations.tsv``)
that are never trained on.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import click
import numpy as np

from reviewer.model import SECTION_IDS
from reviewer.normalise import normalise_line, tighten
from reviewer.paths import real_reports

LABELS = (*SECTION_IDS, "other")
MODEL_FILE = "sections.json"
ARRAYS_FILE = "sections.npz"
_ARRAYS = ("vocabulary", "idf", "coef", "intercept")
TRAIN_DIR = "sections/train"
ANNOTATIONS = "sections/real_annotations.tsv"
_VEC_PARAMS: dict[str, Any] = {
    "analyzer": "char",
    "ngram_range": (1, 3),
    "sublinear_tf": True,
    "max_features": 8000,
}
_C = 10.0
_MIN_CHARS = 30  # a recovered section needs this much text ...
_MIN_PROBA = 0.5  # ... and at least one paragraph the classifier is fairly sure of
POSITION_BINS = 6
# a whole report in order: title and preamble, the six sections, then signature and attachments
_DOC_STATES = ("other", *SECTION_IDS, "other")
_SYNTH_DOCS = 40  # synthetic documents that teach where each section sits


def prep(text: str) -> str:
    """Fold digits so a paragraph's year or counts never decide its section."""
    return re.sub(r"\d", "0", text.strip())


def layout_features(texts: list[str]) -> np.ndarray:
    """Length, share of digits and table-row look: tables and headings differ from prose by shape."""
    rows = []
    for t in texts:
        n = max(1, len(t))
        digits = sum(ch.isdigit() for ch in t)
        rows.append(
            [
                math.log1p(len(t)) / 6.0,
                digits / n,
                1.0 if ("|" in t or re.search(r"\d\s+\d\s+\d", t)) else 0.0,
            ]
        )
    return np.asarray(rows, dtype=float)


def position_features(positions: list[float | None] | None, n: int) -> np.ndarray:
    """Relative position (0 = start, 1 = end of the document) as overlapping hat functions over
    ``POSITION_BINS`` points, so the learned prior varies smoothly; unknown positions are all zero."""
    rows = np.zeros((n, POSITION_BINS))
    for r, p in enumerate(positions or []):
        if p is None:
            continue
        x = min(max(float(p), 0.0), 1.0) * (POSITION_BINS - 1)
        i = int(x)
        f = x - i
        rows[r, i] += 1.0 - f
        if i + 1 < POSITION_BINS:
            rows[r, i + 1] += f
    return rows


# -- training data --------------------------------------------------------------------------
def load_training(corpus: Path) -> tuple[list[str], list[str], list[int]]:
    """Paragraphs, labels and group ids (a paragraph and its derived variants share a group)."""
    texts: list[str] = []
    labels: list[str] = []
    groups: list[int] = []
    g = 0
    for label in LABELS:
        for line in _lines(corpus, label):
            for variant in _variants(line):
                texts.append(variant)
                labels.append(label)
                groups.append(g)
            g += 1
    return texts, labels, groups


def _lines(corpus: Path, label: str) -> list[str]:
    text = (corpus / TRAIN_DIR / f"{label}.txt").read_text(encoding="utf-8")
    return [x.strip() for x in text.splitlines() if x.strip() and not x.strip().startswith("#")]


def synthetic_documents(corpus: Path, n: int = _SYNTH_DOCS, seed: int = 0) -> list[tuple[str, str, float]]:
    """(paragraph, label, relative position) from ``n`` documents assembled in the spec's order —
    title/preamble, 一, the tables 二 三 四 (a random run of rows, sometimes absent as when a table is an
    image), 五, 六, signature — with random section lengths, so positions overlap as in real reports.
    Seeded: the same corpus always gives the same documents."""
    rng = random.Random(seed)
    lines = {lab: _lines(corpus, lab) for lab in LABELS}
    out: list[tuple[str, str, float]] = []

    def pick(lab: str, lo: int, hi: int) -> list[tuple[str, str]]:
        k = rng.randint(min(lo, len(lines[lab])), min(hi, len(lines[lab])))
        return [(x, lab) for x in rng.sample(lines[lab], k)]

    for _ in range(n):
        parts = pick("other", 1, 3) + pick("一", 3, 25)
        for lab in ("二", "三", "四"):
            rows = lines[lab]
            a = rng.randrange(len(rows))
            b = min(len(rows), a + rng.randint(3, max(3, len(rows))))
            if rng.random() < 0.85:
                parts += [(x, lab) for x in rows[a:b]]
        parts += pick("五", 1, 12) + pick("六", 1, 5) + pick("other", 1, 2)
        total = sum(len(x) + 1 for x, _ in parts)
        off = 0
        for x, lab in parts:
            out.append((x, lab, (off + len(x) / 2) / total))
            off += len(x) + 1
    return out


def training_set(corpus: Path) -> tuple[list[str], list[str], list[float | None], list[int]]:
    """Every paragraph and fragment alone (no position) plus the synthetic documents (with
    position); a synthetic paragraph shares the group of its source line, so grouped CV never tests
    on a line it trained on."""
    texts, labels, groups = load_training(corpus)
    positions: list[float | None] = [None] * len(texts)
    first = {}
    for t, g in zip(texts, groups, strict=True):
        first.setdefault(t, g)
    for t, lab, pos in synthetic_documents(corpus):
        texts.append(t)
        labels.append(lab)
        positions.append(pos)
        groups.append(first[t])
    return texts, labels, positions, groups


def _variants(p: str) -> list[str]:
    """The paragraph, its sentences alone and its first half: real extraction splits paragraphs at
    page breaks and wrapped lines, so the classifier must know fragments too."""
    out = [p]
    sents = [s for s in re.findall(r"[^。；]+[。；]?", p) if len(s) >= 12]
    if len(sents) > 1:
        out.extend(sents)
    if len(p) >= 40:
        out.append(p[: len(p) // 2])
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]


def _vectorizer(vocabulary: dict[str, int] | None = None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(preprocessor=prep, vocabulary=vocabulary, **_VEC_PARAMS)


def _features(tfidf, texts: list[str], positions: list[float | None] | None):
    from scipy.sparse import csr_matrix, hstack

    extra = np.hstack([layout_features(texts), position_features(positions, len(texts))])
    return hstack([tfidf, csr_matrix(extra)]).tocsr()


def _fit(texts: list[str], labels: list[str], positions: list[float | None]):
    from sklearn.linear_model import LogisticRegression

    vec = _vectorizer()
    x = _features(vec.fit_transform(texts), texts, positions)
    clf = LogisticRegression(C=_C, max_iter=3000)
    clf.fit(x, labels)
    return vec, clf


def train(corpus: Path, models: Path) -> dict:
    """TRAINERS entry: fit on the written paragraphs, cross-validate by paragraph group, save the
    JSON and .npz files."""
    from sklearn.model_selection import GroupKFold

    texts, labels, positions, groups = training_set(corpus)
    y = np.asarray(labels)
    hit = Counter()
    seen = Counter()
    for tr, te in GroupKFold(n_splits=5).split(texts, y, groups):
        vec, clf = _fit([texts[i] for i in tr], [labels[i] for i in tr], [positions[i] for i in tr])
        model = _Predictor.from_fitted(vec, clf)
        pred = model.predict([texts[i] for i in te], [positions[i] for i in te])
        for p, i in zip(pred, te, strict=True):
            kind = "alone" if positions[i] is None else "in_document"
            seen[kind] += 1
            hit[kind] += p == labels[i]
    vec, clf = _fit(texts, labels, positions)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    payload = {
        "labels": [str(c) for c in clf.classes_],
        "position_bins": POSITION_BINS,
        "vocabulary": vocab,
        "idf": [round(float(v), 6) for v in vec.idf_],
        "coef": [[round(float(v), 6) for v in row] for row in clf.coef_],
        "intercept": [round(float(v), 6) for v in clf.intercept_],
    }
    models.mkdir(parents=True, exist_ok=True)
    from reviewer.arrays import write_npz

    write_npz(models / ARRAYS_FILE, {k: np.asarray(payload.pop(k), dtype=str if k == "vocabulary" else np.float64) for k in _ARRAYS})
    payload["arrays"] = ARRAYS_FILE
    (models / MODEL_FILE).write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    load_model.cache_clear()
    return {
        "files": [MODEL_FILE, ARRAYS_FILE],
        "data": [TRAIN_DIR],
        "metrics": {
            "paragraphs": len(set(groups)),
            "examples": len(texts),
            "synthetic_documents": _SYNTH_DOCS,
            "cv_accuracy_grouped_5fold": round(hit["alone"] / max(1, seen["alone"]), 4),
            "cv_accuracy_grouped_5fold_with_position": round(hit["in_document"] / max(1, seen["in_document"]), 4),
        },
    }


# -- inference ------------------------------------------------------------------------------
class _Predictor:
    """Linear model over a fixed vocabulary; built from JSON, no code executed on load."""

    def __init__(
        self,
        labels: list[str],
        vocabulary: list[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
    ) -> None:
        from reviewer.tfidf import FixedTfidf, char_ngrams

        self.labels = labels
        # the trained TfidfVectorizer's transform, bit-identical, without importing scikit-learn
        lo, hi = _VEC_PARAMS["ngram_range"]
        self.vec = FixedTfidf({t: i for i, t in enumerate(vocabulary)}, idf, lambda t: char_ngrams(prep(t), lo, hi), _VEC_PARAMS["sublinear_tf"])
        self.coef = coef
        self.intercept = intercept

    @classmethod
    def from_fitted(cls, vec, clf) -> _Predictor:
        vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
        return cls(
            list(clf.classes_), vocab, np.asarray(vec.idf_), np.asarray(clf.coef_), np.asarray(clf.intercept_)
        )

    def proba(self, texts: list[str], positions: list[float | None] | None = None) -> np.ndarray:
        """Class probabilities; ``positions`` (relative offsets in the document) when known."""
        x = _features(self.vec.transform(texts), texts, positions)
        z = x @ self.coef.T + self.intercept
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str], positions: list[float | None] | None = None) -> list[str]:
        if not texts:
            return []
        return [self.labels[i] for i in self.proba(texts, positions).argmax(axis=1)]


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> _Predictor | None:
    """The shipped classifier; ``reviewer.errors.ModelMissing`` when models/ has not been trained."""
    if path is None:
        from reviewer.paths import models_dir

        p = models_dir() / MODEL_FILE
    else:
        p = Path(path)
    if not p.exists():
        from reviewer.errors import model_missing

        raise model_missing(p, "sections")
    d = json.loads(p.read_text(encoding="utf-8"))
    if "arrays" in d:  # the vocabulary and weights in a .npz beside the JSON (no pickle)
        from reviewer.arrays import read_npz, sibling_npz

        arrays = read_npz(sibling_npz(p.parent, d["arrays"]), _ARRAYS)
        d.update(arrays, vocabulary=arrays["vocabulary"].tolist())
    coef = np.asarray(d["coef"])
    width = len(d["vocabulary"]) + 3 + POSITION_BINS
    if coef.shape[1] < width:  # a model trained before position features: they weigh nothing
        coef = np.hstack([coef, np.zeros((coef.shape[0], width - coef.shape[1]))])
    return _Predictor(d["labels"], d["vocabulary"], np.asarray(d["idf"]), coef, np.asarray(d["intercept"]))


def classify(texts: list[str], positions: list[float | None] | None = None) -> list[str]:
    model = load_model()
    if model is None:
        raise RuntimeError("models/sections.json missing: run `reviewer train --only sections`")
    return model.predict(texts, positions)


# -- recovery -------------------------------------------------------------------------------
def _segment(proba: np.ndarray, labels: list[str], states: list[str]) -> list[str]:
    """Best monotone assignment of paragraphs to ``states`` (in order, each used 0+ times),
    maximising summed log-probability; 'other' paragraphs weigh little either way."""
    idx = {lab: i for i, lab in enumerate(labels)}
    other = proba[:, idx["other"]] if "other" in idx else np.zeros(len(proba))
    k = len(states)
    em = np.stack([np.log(proba[:, idx[s]] + 1e-6) * (1 - other) for s in states], axis=1)
    n = len(proba)
    score = np.full((n, k), -np.inf)
    back = np.zeros((n, k), dtype=int)
    score[0] = em[0]
    for i in range(1, n):
        best_prev = np.maximum.accumulate(score[i - 1])
        arg_prev = np.array([int(np.argmax(score[i - 1][: j + 1])) for j in range(k)])
        score[i] = best_prev + em[i]
        back[i] = arg_prev
    j = int(np.argmax(score[-1]))
    path = [j]
    for i in range(n - 1, 0, -1):
        j = back[i][j]
        path.append(j)
    return [states[j] for j in path[::-1]]


# -- evaluation -----------------------------------------------------------------------------
def load_annotations(corpus: Path) -> list[tuple[str, int, int, str]]:
    rows = []
    for line in (corpus / ANNOTATIONS).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f, s, e, lab = line.split("\t")[:4]
        rows.append((f, int(s), int(e), lab))
    return sorted(rows)


def annotated_texts(
    corpus: Path, real_dir: Path
) -> tuple[list[str], list[str], list[str], list[float | None]]:
    """Slices of the raw UTF-8 files, normalised as the builder would (wrapped lines joined), with
    each paragraph's relative position in its file (what recovery computes from ``doc.text``)."""
    cache: dict[str, str] = {}
    texts, labels, files, positions = [], [], [], []
    for f, s, e, lab in load_annotations(corpus):
        if f not in cache:
            cache[f] = (real_dir / f).read_bytes().decode("utf-8")
        raw = cache[f][s:e]
        texts.append(tighten("".join(normalise_line(x) for x in raw.splitlines())))
        labels.append(lab)
        files.append(f)
        positions.append((s + e) / 2 / max(1, len(cache[f])))
    return texts, labels, files, positions


def tableless_positions(corpus: Path, real_dir: Path) -> list[float]:
    """Each annotated paragraph's position once table rows (pipe lines) are dropped from its file:
    the stress case of a report whose tables are images, so 五 sits much earlier than usual."""
    out = []
    cache: dict[str, list[tuple[int, int, bool]]] = {}
    for f, s, e, _lab in load_annotations(corpus):
        if f not in cache:
            rows, off = [], 0
            for line in (real_dir / f).read_bytes().decode("utf-8").splitlines(keepends=True):
                rows.append((off, off + len(line), "|" not in line))
                off += len(line)
            cache[f] = rows
        mid = (s + e) / 2
        kept = [(a, b) for a, b, keep in cache[f] if keep]
        out.append(sum(min(b, mid) - a for a, b in kept if a < mid) / max(1, sum(b - a for a, b in kept)))
    return out


def organ_of(file: str) -> str:
    """The reporting organ a file belongs to: its name without the year (``pingtan_zhsyq_2021.txt``
    → ``pingtan_zhsyq``)."""
    return re.sub(r"_\d{4}\.txt$", "", file)


def split_of(file: str, files: list[str]) -> str:
    """Fixed dev / sealed-test split by ORGAN: sorted organ names, alternating, the first is dev.
    By organ, not by file, because an organ reuses its wording year after year, so a file split would
    let fixes read off one year's dev errors carry over to the same organ's test years. Only dev
    errors may be read while improving the classifier; the test half is reported, never inspected."""
    organs = sorted({organ_of(f) for f in files})
    return "dev" if organs.index(organ_of(file)) % 2 == 0 else "test"


def _report(
    name: str, rows: list[int], data: tuple, pred: list[str], pred_text: list[str], pred_flat: list[str]
) -> None:
    texts, labels, files, positions = ([d[i] for i in rows] for d in data)
    y = labels
    p = [pred[i] for i in rows]
    ok = [a == b for a, b in zip(p, y, strict=True)]
    ok_text = sum(pred_text[i] == lab for i, lab in zip(rows, y, strict=True))
    ok_flat = sum(pred_flat[i] == lab for i, lab in zip(rows, y, strict=True))
    seg = in_document_accuracy(texts, labels, files, positions)
    click.echo(
        f"{name}: {len(ok)} paragraphs from {len(set(files))} reports ({len({organ_of(f) for f in files})} organs); "
        f"accuracy {sum(ok) / max(1, len(ok)):.4f} (text only {ok_text / max(1, len(ok)):.4f}; "
        f"positions without tables {ok_flat / max(1, len(ok)):.4f}); in-document {seg:.4f}"
    )
    per = Counter(y)
    hit = Counter(lab for lab, k in zip(y, ok, strict=True) if k)
    click.echo("  " + "  ".join(f"{lab} {hit[lab]}/{per[lab]}" for lab in LABELS if per[lab]))
    conf = Counter((a, b) for a, b in zip(y, p, strict=True) if a != b)
    if conf and name != "sealed test":  # the sealed half shows only its totals
        click.echo("  confused: " + ", ".join(f"{a}→{b} {n}" for (a, b), n in conf.most_common(6)))


@click.command(name="sections")
@click.option(
    "--real-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of the real reports (default ../shared/reports/real).",
)
@click.option("--errors/--no-errors", default=False, help="List the misclassified DEV paragraphs (never test).")
def eval_cli(real_dir: Path | None, errors: bool) -> None:
    """段落→章节分类器在人工标注的真实报告段落上的准确率（dev 与封存的 test）。

    Accuracy of the paragraph→section classifier on annotated real-report paragraphs (never
    trained on), on a dev half and a sealed test half split by organ (see ``split_of``).

    "accuracy" classifies each paragraph from its text and relative position, as recovery does;
    "text only" withholds the position; "positions without tables" recomputes positions with the table
    rows dropped (tables as images); "in-document" decodes each report's paragraphs in order."""
    from reviewer.paths import ROOT

    corpus = ROOT / "corpus"
    real_dir = real_dir or real_reports()
    if not real_dir.is_dir():
        raise click.ClickException(f"real reports not found at {real_dir}")
    data = annotated_texts(corpus, real_dir)
    texts, labels, files, positions = data
    pred = classify(texts, positions)
    pred_text = classify(texts)
    pred_flat = classify(texts, list(tableless_positions(corpus, real_dir)))
    halves = [split_of(f, files) for f in files]
    for name, half in (("dev", "dev"), ("sealed test", "test"), ("all", None)):
        rows = [i for i, h in enumerate(halves) if half in (None, h)]
        _report(name, rows, data, pred, pred_text, pred_flat)
    if errors:
        for i, h in enumerate(halves):
            if h == "dev" and pred[i] != labels[i]:
                click.echo(f"  DEV {files[i]} @{positions[i]:.2f} {labels[i]}→{pred[i]}: {texts[i][:90]}")


def in_document_accuracy(
    texts: list[str], labels: list[str], files: list[str], positions: list[float | None] | None = None
) -> float:
    """Accuracy when each report's paragraphs are segmented in order, as ``recover_sections`` does."""
    model = load_model()
    assert model is not None
    pos = positions if positions is not None else [None] * len(texts)
    ok = 0
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and files[j] == files[i]:
            j += 1
        path = _segment(model.proba(texts[i:j], pos[i:j]), model.labels, list(_DOC_STATES))
        ok += sum(a == b for a, b in zip(path, labels[i:j], strict=True))
        i = j
    return ok / max(1, len(texts))
