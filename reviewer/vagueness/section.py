"""Section 五 as evaluators read it: a vagueness probability per sentence, the specificity of the
whole section, and whether it states problems, measures and last year's outcome (spec §2, §7.7, §8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reviewer.messages import ui
from reviewer.model import Document, Section, Sentence
from reviewer.vagueness.features import evidence, n_specific
from reviewer.vagueness.model import MEMO_SIZE, THRESHOLD, VagueModel, default_model

_TITLE = re.compile(r"问题|改进|整改")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PROBLEMS = re.compile(r"问题|不足|差距|短板|薄弱|有待|不够|欠缺|仍需|尚需|还需|不强|不到位|滞后|困难")
_MEASURES = re.compile(r"措施|改进|整改|下一步|今后|将(?:进一步|继续|持续|着力|重点|加强|采取|从)|计划|拟|加强|完善|推进|提升|强化|优化")
_LAST_YEAR = re.compile(r"上年|去年|上一年|上年度|前一年|以往(?:年度)?报告|上期报告")


def problems_section(doc: Document) -> Section | None:
    """Section 五, or a legacy 'problems and improvements' section. Uses the structure module's
    finder when it provides one."""
    try:
        from reviewer.structure import detect as structure

        finder = getattr(structure, "problems_section", None)
    except ImportError:  # pragma: no cover
        finder = None
    if finder is not None:
        sec = finder(doc)
        if sec is not None:
            return sec
    sec = doc.section("五")
    if sec is not None:
        return sec
    for s in doc.sections:
        if _TITLE.search(s.title) and not s.title.startswith(("其他", "其它")):
            return s
    return None


@dataclass(slots=True)
class ScoredSentence:
    sentence: Sentence
    text: str
    probability: float
    label: str
    cues: list[str]
    uncertain: bool = False  # no cue either way: the verdict rests on the n-grams alone


@dataclass(slots=True)
class SectionAnalysis:
    section: Section
    sentences: list[ScoredSentence] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


UNCERTAIN_BAND = 0.25  # |p(vague) - 0.5| below this, with no cue either way, is reported as uncertain


def cue_list(text: str, label: str, model: VagueModel | None = None, probability: float | None = None) -> list[str]:
    """The evidence shown for a verdict, each with the cue name and the matched span. A specific
    sentence cites its specific details (counts, dates, names, owners, causes, actions on objects);
    a vague one its formula hits (and the absence of specifics). When no cue supports the verdict,
    the n-grams that decided it are cited, and a sentence without any cue either way says how
    uncertain the verdict is."""
    ev = evidence(text)
    spec = any(e.polarity > 0 for e in ev)
    vague = any(e.polarity < 0 for e in ev)
    # only the side that supports the verdict is shown (rendered)
    chosen = [e.show() for e in ev if (e.polarity > 0 if label == "specific" else e.polarity < 0)]
    out = list(dict.fromkeys(chosen))[:8]
    if label == "vague" and not spec:
        out.append(ui("cue-no-specific"))
    if not chosen and model is not None:
        out += [ui("cue-model-term", term=term, w=f"{w:+.2f}") for term, w in model.top_terms(text, sign=-1 if label == "specific" else 1)]
    if not spec and not vague and probability is not None:
        out.append(ui("cue-uncertain", p=f"{probability:.2f}"))
    return out


def _cue_list(text: str, label: str, model: VagueModel, probability: float) -> list[str]:
    """``cue_list`` remembered per (sentence, verdict) on the model, as its decision values are:
    stock sentences recur across reports."""
    memo = model.cue_memo
    key = (text, label, probability)
    got = memo.get(key)
    if got is None:
        got = tuple(cue_list(text, label, model, probability))
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[key] = got
    return list(got)


def is_uncertain(text: str, probability: float) -> bool:
    """No cue either way and a probability near the threshold."""
    return not any(e.polarity for e in evidence(text)) and abs(probability - THRESHOLD) < UNCERTAIN_BAND


def _body_sentences(doc: Document, sec: Section) -> list[tuple[Sentence, str]]:
    start = max(sec.heading_end, sec.start)
    out = []
    for s in doc.sentences_in(start, sec.end):
        text = doc.text[s.start : s.end]
        if " | " in text or len(_CJK.findall(text)) < 4:  # table rows, page numbers, stray marks
            continue
        out.append((s, text))
    return out


# A previous report named as the source of the problems being followed up (「2023年年报提出的“…”问题，
# …已整改完成」, 「针对上一年度报告反映的…问题」): the quoted problem may be long, so the report and the
# outcome are looked for around it rather than within a fixed distance of the year.
_REPORT_PROBLEMS = re.compile(
    r"(?:年报|报告)[^。；]{0,8}(?:提出|反映|指出|查摆|查找|发现|列出)的[^。]{0,60}?问题[^。]{0,80}?"
    r"(?:整改|完成|解决|落实|纠正|改进|改正|销号)"
)


@lru_cache(maxsize=64)  # one per report year, built and looked up once rather than per report
def _last_year_pattern(year: int | None) -> re.Pattern[str]:
    alts = [_LAST_YEAR.pattern, _REPORT_PROBLEMS.pattern]
    if year:
        y1 = year - 1
        alts.append(rf"{y1}\s*年(?:度)?[^。；]{{0,12}}(?:问题|整改|改进)")
        # 「2023年年报」「2023年度报告」「2023年政府信息公开工作年度报告」 named in section 五
        alts.append(rf"{y1}\s*年(?:度)?(?:政府信息公开|政务公开)?(?:工作)?(?:年度)?(?:年报|报告)")
    return re.compile("|".join(alts))


def analyse(doc: Document, model: VagueModel | None = None) -> SectionAnalysis | None:
    """Score every sentence of the problems section in one vectorised call."""
    sec = problems_section(doc)
    if sec is None:
        return None
    pairs = _body_sentences(doc, sec)
    model = model or default_model()
    probs = model.predict_proba([t for _, t in pairs]) if pairs else []
    scored = []
    for (s, text), p in zip(pairs, probs, strict=True):
        label = "vague" if p >= THRESHOLD else "specific"
        q = round(float(p), 4)
        scored.append(ScoredSentence(s, text, q, label, _cue_list(text, label, model, q), is_uncertain(text, q)))
    body = "".join(t for _, t in pairs)
    n_chars = len(re.sub(r"\s", "", body))
    details = sum(n_specific(t) for _, t in pairs)
    n_vague = sum(s.label == "vague" for s in scored)
    vague_chars = sum(len(s.text) for s in scored if s.label == "vague")
    metrics = {
        "section": sec.id,
        "n_sentences": len(scored),
        "n_vague": n_vague,
        "share_vague": round(n_vague / len(scored), 4) if scored else None,
        "share_vague_chars": round(vague_chars / max(1, sum(len(s.text) for s in scored)), 4) if scored else None,
        "specificity_per_100": round(100.0 * details / n_chars, 3) if n_chars else 0.0,
        # the expected share of vague sentences: V302 reads it rather than the hard labels alone
        "mean_probability_vague": round(sum(s.probability for s in scored) / len(scored), 4) if scored else None,
        "n_uncertain": sum(s.uncertain for s in scored),
        "states_problems": bool(_PROBLEMS.search(body)),
        "states_measures": bool(_MEASURES.search(body)),
        "reviews_last_year": bool(_last_year_pattern(doc.year).search(body)),
        # every sentence's p(vague), positioned, so a reader can shade the whole section
        "sentences": [{"start": s.sentence.start, "end": s.sentence.end, "line": s.sentence.line,
                       "p_vague": s.probability, "uncertain": s.uncertain} for s in scored],
    }
    return SectionAnalysis(sec, scored, metrics)


def section_metrics(doc: Document) -> dict[str, Any]:
    """The section-level measures alone (empty when the report has no problems section)."""
    a = analyse(doc)
    return a.metrics if a else {}
