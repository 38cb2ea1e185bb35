"""Rules V3xx: vague, formulaic 存在的主要问题及改进情况 (spec §2 五, §7 item 7, §8).

All rules share one scoring pass per document (``Analysis.vagueness``, reviewer.rules.analysis),
which records the section measures in the analysis's ``metrics["vagueness"]``; the pipeline copies
them into Result.metrics.
"""

from __future__ import annotations

import re

from reviewer.messages import msg
from reviewer.model import Document, Finding
from reviewer.rules.registry import Context, rule
from reviewer.vagueness.section import SectionAnalysis

# the examples are whole mini-reports: a title and section 一 (our own text), then section 五
_INTRO = "2024年度政府信息公开工作年度报告\n一、总体情况\n2024年，我局认真做好政务公开工作。\n"
_HEAD = _INTRO + "五、存在的主要问题及改进情况\n"
_VAGUE_FIVE = (
    _HEAD + "2024年，我局政府信息公开工作取得了一定成效，但对照上级要求，仍存在一些不足。"
    "一是公开内容还不够全面；二是政策解读形式较为单一；三是工作人员业务能力有待提升。"
    "下一步，我局将进一步加强组织领导，不断提升政务公开工作水平。\n六、其他需要报告的事项\n无。\n"
)
_SPECIFIC_FIVE = (
    _HEAD + "本年度主要问题：一是局网站“行政执法公示”栏目4月后未更新，原因是负责维护的两名同志轮岗调出。"
    "二是3件依申请答复未写明救济途径。针对上年报告提出的解读不同步问题，今年已全部做到文件与解读同日发布。"
    "改进措施：由办公室牵头，于2025年3月底前制定《依申请公开答复文书范本》，并按季度开展栏目巡检。\n"
    "六、其他需要报告的事项\n无。\n"
)
# a pre-2019 report in the old outline (our own text): 五 need not review last year's problems
_LEGACY_FIVE = (
    "西岭县水利局2017年政府信息公开工作年度报告\n一、概述\n2017年，西岭县水利局按照条例要求公开政府信息。\n"
    "四、政府信息公开工作存在的主要问题和改进措施\n目前，我局信息公开工作仍存在一些不足，公开内容还不够全面。"
    "下一步，我局将进一步加强组织领导，不断提升政务公开工作水平。\n五、其他需要报告的事项\n无。\n"
)
_NO_MEASURES = (
    _HEAD + "本年度我局政务公开工作存在的问题主要是政策解读不够及时，依申请公开答复规范性有待提高。\n"
    "六、其他需要报告的事项\n无。\n"
)
_NO_PROBLEMS = (
    _HEAD + "下一步，我局将由办公室牵头，于3月底前修订《政府信息公开保密审查办法》，并按季度开展栏目巡检。\n"
    "六、其他需要报告的事项\n无。\n"
)


def _analysis(doc: Document, ctx: Context) -> SectionAnalysis | None:
    return ctx.of(doc).vagueness


def _body_span(a: SectionAnalysis) -> tuple[int, int]:
    """From the first to the last scored sentence (the heading when the section has none)."""
    if a.sentences:
        return a.sentences[0].sentence.start, a.sentences[-1].sentence.end
    return a.section.start, max(a.section.start, a.section.heading_end)


@rule("V301", "vague-sentence", "vague-narrative", "info", spec="§8", must_flag=(_VAGUE_FIVE,), must_pass=(_SPECIFIC_FIVE,))
def vague_sentences(doc: Document, ctx: Context) -> list[Finding]:
    """A sentence of section 五 that the trained classifier reads as formulaic.

    Evaluators criticise 五 when it is 泛泛而谈: problems and measures that could be pasted into
    any organ's report in any year (有待加强, 进一步提高认识, 不断提升…水平) with no count, date,
    named document or column, owner or cause. Each finding carries the calibrated probability and
    the cues that decided. Example: 「一是公开内容还不够全面；」 is flagged; 「由办公室牵头，于3月底前
    制定《依申请公开答复文书范本》」 is not. A lead-in (「…改进措施如下：」) and a measure heading
    followed in its paragraph by the sentences that say how (「二是加强政策解读。由办公室于6月底前…」) make no
    claim of their own: the sentences after them are judged instead.
    """
    a = _analysis(doc, ctx)
    if a is None:
        return []
    texts = [doc.text[s.sentence.start : s.sentence.end] for s in a.sentences]
    # what follows in the same paragraph (a sentence after a line break starts something new)
    following = [
        texts[i + 1] if i + 1 < len(texts) and "\n" not in doc.text[s.sentence.end : a.sentences[i + 1].sentence.start] else None
        for i, s in enumerate(a.sentences)
    ]
    return [
        doc.finding(
            "V301", "vague-narrative", "warning" if s.probability >= 0.9 else "info", s.sentence.start, s.sentence.end,
            msg("V301", "formulaic", section=a.section.id, p=s.probability),
            {"probability": s.probability, "cues": s.cues, "uncertain": s.uncertain},
        )
        for i, s in enumerate(a.sentences)
        if s.label == "vague" and not _no_claim(texts[i], following[i])
    ]


# A lead-in announcing a list (「…从以下三个方面加以改进：」) or a bracketed sub-heading of a measure
# (「（一）进一步深化公开内容。」) makes no claim of its own: the sentences that follow carry it and are
# judged themselves. Audit of the real reports: these were the commonest V301 false positives.
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）][^，,；;。：:]{1,18}[。.]?$")
# 「二是加强政策解读。」 followed in its paragraph by the sentences that say how is a sub-heading
# too; followed by the next item (「三是…」) or a line break it is a bare item and is judged (audit:
# shanghai_szfbgt_2019 measure headings)
_ENUM_HEADING = re.compile(r"^[一二三四五六七八九十]+是[^，,；;。：:]{1,18}。$")
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、)")


# ... nor is the list's last item when what follows turns to the remedies (「针对上述问题，…」).
# Only measure headings: a problem stated as a heading (「二是公开内容有待细化。」) is the very formula
# evaluators criticise, whatever follows it.
_PROBLEM_CUE = re.compile(r"有待|不够|不足|不高|不强|不到位|不及时|不全|不规范|不完善|欠缺|薄弱|滞后|缺乏|较少|较弱|仍需|需要?进一步|存在|问题")
_TRANSITION = re.compile(r"^(?:针对(?:上述|以上|这些)|下一步|接下来|今后|为此|对此)")


def _no_claim(sentence: str, following: str | None = None) -> bool:
    t = sentence.strip()
    if t.endswith(("：", ":")) or _SUBHEADING.match(t):
        return True
    return bool(_ENUM_HEADING.match(t)) and not _PROBLEM_CUE.search(t) and following is not None \
        and not _ITEM_START.match(following.strip()) and not _TRANSITION.match(following.strip())


@rule("V302", "vague-section", "vague-narrative", "warning", spec="§7 item 7, §8", must_flag=(_VAGUE_FIVE,), must_pass=(_SPECIFIC_FIVE,))
def vague_section(doc: Document, ctx: Context) -> list[Finding]:
    """Section 五 as a whole is formulaic: the expected share of vague sentences (the mean of their
    calibrated p(vague), so an uncertain sentence counts by its probability, not as a hard label) is
    at least 0.75 and it gives fewer than 0.5 specific details (counts, dates, names, owners, causes)
    per 100 characters.

    This is the evaluators' 泛泛而谈 verdict on the section, independent of its length. Example: a
    五 of a gap formula, three 有待 problems and one 进一步加强 remedy is flagged.
    """
    a = _analysis(doc, ctx)
    if a is None or not a.sentences:
        return []
    m = a.metrics
    if m["mean_probability_vague"] >= 0.75 and m["specificity_per_100"] < 0.5:
        s, e = _body_span(a)
        return [doc.finding(
            "V302", "vague-narrative", "warning", s, e,
            msg("V302", "section-vague", section=a.section.id, p=m["mean_probability_vague"], n_vague=m["n_vague"],
                n=m["n_sentences"], specificity=m["specificity_per_100"]),
            {k: m[k] for k in ("share_vague", "mean_probability_vague", "specificity_per_100", "n_sentences")},
        )]
    return []


@rule("V303", "no-problems-stated", "missing-item", "warning", spec="§2 五", must_flag=(_NO_PROBLEMS,), must_pass=(_VAGUE_FIVE,))
def no_problems(doc: Document, ctx: Context) -> list[Finding]:
    """Section 五 states no problem of the year (no 问题/不足/差距/有待… at all).

    The format requires 五 to report the main problems as well as the improvements; a 五 that only
    lists plans leaves the reader without the organ's own diagnosis.
    """
    a = _analysis(doc, ctx)
    if a is None or a.metrics["states_problems"]:
        return []
    s, e = _body_span(a)
    return [doc.finding("V303", "missing-item", "warning", s, e, msg("V303", "no-problems", section=a.section.id), {})]


@rule("V304", "no-measures-stated", "missing-item", "warning", spec="§2 五", must_flag=(_NO_MEASURES,), must_pass=(_VAGUE_FIVE,))
def no_measures(doc: Document, ctx: Context) -> list[Finding]:
    """Section 五 lists problems but no improvement measure (no 措施/改进/下一步/将加强…).

    The heading itself is 存在的主要问题及改进情况: problems without measures answer half of it.
    """
    a = _analysis(doc, ctx)
    if a is None or a.metrics["states_measures"]:
        return []
    s, e = _body_span(a)
    return [doc.finding("V304", "missing-item", "warning", s, e, msg("V304", "no-measures", section=a.section.id), {})]


@rule(
    "V305",
    "last-year-not-reviewed",
    "missing-item",
    "info",
    spec="§2 五, §8; §6 legacy outline has no such item",
    must_flag=(_VAGUE_FIVE,),
    must_pass=(_SPECIFIC_FIVE, _LEGACY_FIVE),
)
def last_year_not_reviewed(doc: Document, ctx: Context) -> list[Finding]:
    """Section 五 says nothing about what became of last year's problems.

    The 2021 format asks 五 to report 改进情况, i.e. what was done about the problems reported the
    year before (spec §2). Flagged when no sentence refers to last year (上年/去年/上一年度 or the
    previous year by number with 问题/整改/改进). Not for pre-2019 reports: their outline (spec §6)
    has no 改进情况 item, and completeness is scored against their own outline.
    """
    if doc.era == "legacy":
        return []
    a = _analysis(doc, ctx)
    if a is None or not a.sentences or a.metrics["reviews_last_year"]:
        return []
    s, e = _body_span(a)
    return [doc.finding("V305", "missing-item", "info", s, e, msg("V305", "last-year", section=a.section.id), {})]
