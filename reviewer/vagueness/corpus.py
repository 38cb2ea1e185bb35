"""Reading the vagueness corpus: written sentences for training, standoff labels on real reports for
evaluation only.

Standoff labels (``corpus/vague/real_labels.tsv``) hold file name, code-point offsets into the raw
UTF-8 text and a label, never the text: the sentence is read from ../shared/reports/real when that
folder exists. These older labels are never trained on; the dev units of the labelled real set
(``realset``) are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer.normalise import normalise_line, tighten
from reviewer.paths import real_reports

LABELS = ("specific", "vague")
REAL_LABELS = "real_labels.tsv"


@dataclass(frozen=True, slots=True)
class Example:
    label: str
    sentence: str
    organ_type: str = ""
    topic: str = ""
    source: str = ""  # corpus file, or "file:start-end" for real labels


def corpus_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "vague").glob("train_*.tsv"))


def load_corpus(corpus: Path) -> list[Example]:
    """All written sentences, in a fixed order (file name, then line), duplicates dropped."""
    out: list[Example] = []
    seen: set[str] = set()
    for path in corpus_files(corpus):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4 or parts[0] not in LABELS:
                raise ValueError(f"{path.name}:{n}: expected label<TAB>organ_type<TAB>topic<TAB>sentence")
            label, otype, topic, sentence = parts
            if sentence in seen:
                continue
            seen.add(sentence)
            out.append(Example(label, sentence, otype, topic, path.name))
    return out


def real_dir() -> Path:
    return real_reports()


def span_text(raw: str, start: int, end: int) -> str:
    """The sentence as the document model would show it: wrapped lines joined and normalised."""
    return tighten("".join(normalise_line(x) for x in raw[start:end].split("\n")))


@dataclass(frozen=True, slots=True)
class RealLabel:
    file: str
    start: int
    end: int
    label: str
    section: str = "五"  # 五 (or the legacy problems section); 一 for the overview sentences


def load_real_labels(corpus: Path) -> list[RealLabel]:
    path = corpus / "vague" / REAL_LABELS
    out: list[RealLabel] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f, s, e, label, *rest = line.split("\t")
        if label not in LABELS or int(s) >= int(e) or len(rest) > 1:
            raise ValueError(f"{path.name}:{n}: bad standoff label")
        out.append(RealLabel(f, int(s), int(e), label, rest[0] if rest else "五"))
    return out


def load_real(corpus: Path, reports: Path | None = None, dedupe: bool = True, section: str = "五") -> list[Example]:
    """Real-report sentences of ``section`` with their labels; empty when the reports are absent.
    Sentences that recur verbatim in another report (organs copy their own earlier years) are kept
    once."""
    reports = reports or real_dir()
    if not reports.is_dir():
        return []
    texts: dict[str, str] = {}
    out: list[Example] = []
    seen: set[str] = set()
    for lab in load_real_labels(corpus):
        if lab.section != section:
            continue
        if lab.file not in texts:
            texts[lab.file] = (reports / lab.file).read_text(encoding="utf-8")
        text = span_text(texts[lab.file], lab.start, lab.end)
        if dedupe and text in seen:
            continue
        seen.add(text)
        out.append(Example(lab.label, text, "", "", f"{lab.file}:{lab.start}-{lab.end}"))
    return out
