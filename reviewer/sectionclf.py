"""Paragraph → section classifier, used to recover sections whose heading is missing, merged into
other text or replaced by an organ's own outline (spec §2: a report covering a section under its own
heading is not missing it).

Character n-grams (digits folded to 0, so years and counts do not matter) plus three layout features
feed a multinomial logistic regression. Weights are stored as JSON (``models/sections.json``) and
loaded into a fixed-vocabulary vectoriser, so loading never executes code. Trained on paragraphs
written for the purpose (``corpus/sections/train/<label>.txt``); evaluated on standoff-annotated
paragraphs of real reports (``corpus/sections/real_annotations.tsv``) that are never trained on.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import click
import numpy as np

from reviewer.model import SECTION_IDS, Document, Section
from reviewer.normalise import normalise_line, tighten
from reviewer.structure import CANONICAL_TITLES

LABELS = (*SECTION_IDS, "other")
MODEL_FILE = "sections.json"
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


# -- training data --------------------------------------------------------------------------
def load_training(corpus: Path) -> tuple[list[str], list[str], list[int]]:
    """Paragraphs, labels and group ids (a paragraph and its derived variants share a group)."""
    texts: list[str] = []
    labels: list[str] = []
    groups: list[int] = []
    g = 0
    for label in LABELS:
        path = corpus / TRAIN_DIR / f"{label}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            for variant in _variants(line):
                texts.append(variant)
                labels.append(label)
                groups.append(g)
            g += 1
    return texts, labels, groups


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


def _fit(texts: list[str], labels: list[str]):
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    vec = _vectorizer()
    x = vec.fit_transform(texts)
    x = hstack([x, csr_matrix(layout_features(texts))]).tocsr()
    clf = LogisticRegression(C=_C, max_iter=3000)
    clf.fit(x, labels)
    return vec, clf


def train(corpus: Path, models: Path) -> dict:
    """TRAINERS entry: fit on the written paragraphs, cross-validate by paragraph group, save JSON."""
    from sklearn.model_selection import GroupKFold

    texts, labels, groups = load_training(corpus)
    y = np.asarray(labels)
    correct = total = 0
    for tr, te in GroupKFold(n_splits=5).split(texts, y, groups):
        vec, clf = _fit([texts[i] for i in tr], [labels[i] for i in tr])
        pred = _Predictor.from_fitted(vec, clf).predict([texts[i] for i in te])
        correct += sum(p == labels[i] for p, i in zip(pred, te, strict=True))
        total += len(te)
    vec, clf = _fit(texts, labels)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    payload = {
        "labels": [str(c) for c in clf.classes_],
        "vocabulary": vocab,
        "idf": [round(float(v), 6) for v in vec.idf_],
        "coef": [[round(float(v), 6) for v in row] for row in clf.coef_],
        "intercept": [round(float(v), 6) for v in clf.intercept_],
    }
    models.mkdir(parents=True, exist_ok=True)
    (models / MODEL_FILE).write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    load_model.cache_clear()
    return {
        "files": [MODEL_FILE],
        "data": [TRAIN_DIR],
        "metrics": {
            "paragraphs": len(set(groups)),
            "examples": len(texts),
            "cv_accuracy_grouped_5fold": round(correct / total, 4),
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

    def proba(self, texts: list[str]) -> np.ndarray:
        from scipy.sparse import csr_matrix, hstack

        x = hstack([self.vec.transform(texts), csr_matrix(layout_features(texts))]).tocsr()
        z = x @ self.coef.T + self.intercept
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        return [self.labels[i] for i in self.proba(texts).argmax(axis=1)]


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> _Predictor | None:
    """The shipped classifier, or None when models/ has not been trained (detection still works
    from headings; only recovery from content is unavailable)."""
    if path is None:
        from reviewer.train import models_dir

        p = models_dir() / MODEL_FILE
    else:
        p = Path(path)
    if not p.exists():
        return None
    d = json.loads(p.read_text(encoding="utf-8"))
    return _Predictor(
        d["labels"], d["vocabulary"], np.asarray(d["idf"]), np.asarray(d["coef"]), np.asarray(d["intercept"])
    )


def classify(texts: list[str]) -> list[str]:
    model = load_model()
    if model is None:
        raise RuntimeError("models/sections.json missing: run `reviewer train --only sections`")
    return model.predict(texts)


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


def _body_paragraphs(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """Text paragraphs (not table rows) within [start, end), clipped to it."""
    out = []
    in_table = [(t.start, t.end) for t in doc.tables]
    for p in doc.paragraphs:
        s, e = max(p.start, start), min(p.end, end)
        if e - s < 2 or any(ts <= s < te for ts, te in in_table):
            continue
        out.append((s, e))
    return out


def recover_sections(doc: Document, sections: list[Section]) -> list[Section]:
    """Assign the content of sections whose heading is missing: the paragraphs at the tail of the
    preceding section (or the whole body when no heading was found) that read as the missing
    section become a ``recovered`` Section with the canonical title."""
    model = load_model()
    if model is None:
        return sections
    found = {s.id for s in sections}
    missing = [sid for sid in SECTION_IDS if sid not in found]
    if not missing:
        return sections
    order = {sid: i for i, sid in enumerate(SECTION_IDS)}
    if not sections:
        paras = _body_paragraphs(doc, 0, len(doc.text))
        if not paras:
            return sections
        texts = [tighten(normalise_line(doc.text[s:e])) for s, e in paras]
        proba = model.proba(texts)
        path = _segment(proba, model.labels, ["other", *SECTION_IDS])
        out: list[Section] = []
        conf: list[float] = []
        for (s, e), lab, pr in zip(paras, path, proba, strict=True):
            if lab == "other":
                continue
            p_lab = float(pr[model.labels.index(lab)])
            if out and out[-1].id == lab:
                out[-1].end = e
                conf[-1] = max(conf[-1], p_lab)
            else:
                out.append(Section(lab, CANONICAL_TITLES[lab], s, e, s, recovered=True))
                conf.append(p_lab)
        # a section is only claimed from content with some substance and one confident paragraph
        return [
            sec
            for sec, c in zip(out, conf, strict=True)
            if sec.end - sec.start >= _MIN_CHARS and c >= _MIN_PROBA
        ]
    result = list(sections)
    for sid in missing:
        prev = max(
            (s for s in result if order.get(s.id, 99) < order[sid]), key=lambda s: order[s.id], default=None
        )
        if prev is None:
            # no earlier section: the content may follow the title and preamble (lost 「一、总体情况」)
            first = min((s.start for s in result), default=len(doc.text))
            paras = _body_paragraphs(doc, 0, first)
            states, region_end = ["other", sid], first
        else:
            paras = _body_paragraphs(doc, prev.heading_end, prev.end)
            states, region_end = [prev.id, sid], prev.end
        if len(paras) < 2:
            continue
        texts = [tighten(normalise_line(doc.text[s:e])) for s, e in paras]
        proba = model.proba(texts)
        path = _segment(proba, model.labels, states)
        if path[0] == sid:  # the preceding part keeps at least its first paragraph
            path[0] = states[0]
        k = model.labels.index(sid)
        tail = [(p, float(pr[k])) for p, lab, pr in zip(paras, path, proba, strict=True) if lab == sid]
        if not tail or sum(e - s for (s, e), _ in tail) < _MIN_CHARS or max(c for _, c in tail) < _MIN_PROBA:
            continue
        start = tail[0][0][0]
        end = region_end
        while end > start and doc.text[end - 1] in "\n ":
            end -= 1
        rec = Section(sid, CANONICAL_TITLES[sid], start, end, start, recovered=True)
        if prev is not None:
            prev.end = start
            while prev.end > prev.heading_end and doc.text[prev.end - 1] in "\n ":
                prev.end -= 1
        result.append(rec)
    result.sort(key=lambda s: s.start)
    return result


# -- evaluation -----------------------------------------------------------------------------
def load_annotations(corpus: Path) -> list[tuple[str, int, int, str]]:
    rows = []
    for line in (corpus / ANNOTATIONS).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f, s, e, lab = line.split("\t")[:4]
        rows.append((f, int(s), int(e), lab))
    return sorted(rows)


def annotated_texts(corpus: Path, real_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """Slices of the raw UTF-8 files, normalised as the builder would (wrapped lines joined)."""
    cache: dict[str, str] = {}
    texts, labels, files = [], [], []
    for f, s, e, lab in load_annotations(corpus):
        if f not in cache:
            cache[f] = (real_dir / f).read_bytes().decode("utf-8")
        raw = cache[f][s:e]
        texts.append(tighten("".join(normalise_line(x) for x in raw.splitlines())))
        labels.append(lab)
        files.append(f)
    return texts, labels, files


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


def _report(name: str, labels: list[str], pred: list[str], files: list[str], texts: list[str]) -> None:
    ok = [p == y for p, y in zip(pred, labels, strict=True)]
    seg = in_document_accuracy(texts, labels, files)
    click.echo(
        f"{name}: {len(ok)} paragraphs from {len(set(files))} reports "
        f"({len({organ_of(f) for f in files})} organs); accuracy {sum(ok) / max(1, len(ok)):.4f}; "
        f"in-document {seg:.4f}"
    )
    per = Counter(labels)
    hit = Counter(y for y, k in zip(labels, ok, strict=True) if k)
    click.echo("  " + "  ".join(f"{lab} {hit[lab]}/{per[lab]}" for lab in LABELS if per[lab]))
    conf = Counter((y, p) for y, p in zip(labels, pred, strict=True) if y != p)
    if conf and name != "sealed test":  # the sealed half shows only its totals
        click.echo("  confused: " + ", ".join(f"{y}→{p} {n}" for (y, p), n in conf.most_common(6)))


@click.command(name="sections")
@click.option(
    "--real-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of the real reports (default ../shared/reports/real).",
)
@click.option("--errors/--no-errors", default=False, help="List the misclassified DEV paragraphs (never test).")
def eval_cli(real_dir: Path | None, errors: bool) -> None:
    """Accuracy of the paragraph→section classifier on annotated real-report paragraphs (never
    trained on), on a dev half and a sealed test half split by organ (see ``split_of``)."""
    from reviewer.train import ROOT

    corpus = ROOT / "corpus"
    real_dir = real_dir or ROOT.parent / "shared" / "reports" / "real"
    if not real_dir.is_dir():
        raise click.ClickException(f"real reports not found at {real_dir}")
    texts, labels, files = annotated_texts(corpus, real_dir)
    pred = classify(texts)
    halves = [split_of(f, files) for f in files]
    for name in ("dev", "test", "all"):
        idx = [i for i, h in enumerate(halves) if name in ("all", h)]
        _report(
            {"dev": "dev", "test": "sealed test", "all": "all"}[name],
            [labels[i] for i in idx],
            [pred[i] for i in idx],
            [files[i] for i in idx],
            [texts[i] for i in idx],
        )
    if errors:
        for i, h in enumerate(halves):
            if h == "dev" and pred[i] != labels[i]:
                click.echo(f"  DEV {files[i]} {labels[i]}→{pred[i]}: {texts[i][:90]}")


def in_document_accuracy(texts: list[str], labels: list[str], files: list[str]) -> float:
    """Accuracy when each report's paragraphs are segmented in order, as ``recover_sections`` does."""
    model = load_model()
    assert model is not None
    ok = 0
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and files[j] == files[i]:
            j += 1
        path = _segment(model.proba(texts[i:j]), model.labels, ["other", *SECTION_IDS])
        ok += sum(a == b for a, b in zip(path, labels[i:j], strict=True))
        i = j
    return ok / max(1, len(texts))
