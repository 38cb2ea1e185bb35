"""Text beside the findings' messages in ``lang``: vagueness cues (spec §8), the evidence fields a
rule renders from a sub-message, and the reasons of the scoring (criteria and deductions).

Cue strings are stored rendered in Chinese (``cue-*`` labels); ``relabel_cue`` reads one back
through the template it was rendered with and renders it again in another language, keeping the
cue id and its span. Scoring reasons are stored as parts (``part``) next to their Chinese text, so
``reason_text`` can render them in any language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reviewer.messages import DEFAULT_LANG, render, ui

CUE_FORMS = ("cue-shown", "cue-no-specific", "cue-model-term", "cue-uncertain")


def cue_label(cue: str, lang: str = DEFAULT_LANG) -> str:
    """The reader's name of a vagueness cue or signal (``year_only`` → 仅以年份为时限); the id
    itself for a cue the catalogue does not name."""
    from reviewer.messages.labels import UI

    entry = UI.get(f"cue-{cue}")
    return (entry.get(lang) or entry[DEFAULT_LANG]) if entry else cue


def cue_shown(cue: str, text: str, start: int, end: int, lang: str = DEFAULT_LANG) -> str:
    """One cue hit as evidence: matched text, the cue's name, id and span."""
    return ui("cue-shown", lang, text=text, label=cue_label(cue, lang), cue=cue, start=start, end=end)


@lru_cache(maxsize=64)
def _pattern(key: str, lang: str = DEFAULT_LANG) -> re.Pattern[str]:
    """The template of ``key`` in ``lang`` as a regular expression with one group per parameter."""
    out, pos = [], 0
    tmpl = ui(key, lang)
    for m in re.finditer(r"\{(\w+)\}", tmpl):
        out.append(re.escape(tmpl[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>.*)" if m.group(1) == "text" else f"(?P<{m.group(1)}>.*?)")
        pos = m.end()
    out.append(re.escape(tmpl[pos:]))
    return re.compile("".join(out) + r"\Z", re.S)


def relabel_cue(shown: str, lang: str = DEFAULT_LANG) -> str:
    """A stored cue string in ``lang``; a string no cue template made is returned as it is."""
    if lang == DEFAULT_LANG:
        return shown
    for key in CUE_FORMS:
        m = _pattern(key).match(shown)
        if m:
            params = m.groupdict()
            if "cue" in params:
                params["label"] = cue_label(params["cue"], lang)
            return ui(key, lang, **params)
    return shown


def part(key: str, **params: Any) -> dict[str, Any]:
    """One piece of a scoring reason: a label id of the catalogue and its parameters."""
    return {"msg": key, "params": params}


def _param(v: Any, lang: str) -> Any:
    if isinstance(v, list):  # parts listed one after another
        return ui("reason-list-sep", lang).join(str(_param(x, lang)) for x in v)
    if isinstance(v, dict) and "criterion" in v:
        return criterion_label(v["criterion"], v.get("label", ""), lang)
    if isinstance(v, dict) and "msg" in v:
        try:
            return ui(v["msg"], lang, **{k: _param(x, lang) for k, x in (v.get("params") or {}).items()})
        except KeyError:  # a rubric's own metric the catalogue does not name: its id
            return v["msg"].split("-", 1)[-1]
    return v


def reason_text(parts: list[dict[str, Any]], lang: str = DEFAULT_LANG) -> str:
    """The parts of a reason in ``lang``, joined (；in Chinese)."""
    if not parts:
        return ""
    return ui("reason-sep", lang).join(_param(p, lang) for p in parts)


def criterion_label(cid: str, label: str, lang: str = DEFAULT_LANG) -> str:
    """A rubric criterion's name: the rubric's own (Chinese) label, or the catalogue's in English."""
    from reviewer.messages.labels import UI

    if lang == DEFAULT_LANG:
        return label
    entry = UI.get(f"criterion-{cid}")
    return (entry.get(lang) or label) if entry else label


def localise_evidence(f: Any, lang: str) -> dict[str, Any] | None:
    """``f.evidence`` with its cues and every field rendered from a sub-message of the finding
    (``params[key]`` a ``{"msg": …}``) in ``lang``; None when nothing changes."""
    ev = f.evidence
    if not isinstance(ev, dict) or lang == DEFAULT_LANG:
        return None
    out = dict(ev)
    if isinstance(ev.get("cues"), list):
        out["cues"] = [relabel_cue(c, lang) if isinstance(c, str) else c for c in ev["cues"]]
    for key, v in (f.params or {}).items():
        if key in ev and isinstance(ev[key], str) and isinstance(v, dict) and "msg" in v:
            try:
                out[key] = render(f.rule, v["msg"], v.get("params") or {}, lang)
            except (KeyError, IndexError, ValueError):
                pass
    return out if out != ev else None


def localise_reasons(items: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Criteria or deductions with their ``reason`` rendered in ``lang`` from their stored parts."""
    out = []
    for d in items:
        if not isinstance(d, dict):
            out.append(d)
            continue
        d = dict(d)
        if isinstance(d.get("id"), str) and isinstance(d.get("label"), str):  # a criterion row
            d["label"] = criterion_label(d["id"], d["label"], lang)
        p = d.get("params")
        if isinstance(p, dict) and isinstance(p.get("parts"), list):
            why = reason_text(p["parts"], lang)
            if "criterion" in p:
                why = ui("reason-head", lang, label=criterion_label(p["criterion"], p.get("label", ""), lang), why=why)
            d["reason"] = why
        out.append(d)
    return out


def error_text(error: str, lang: str = DEFAULT_LANG) -> str:
    """A file's error (written in English by the readers and the budget) in ``lang``: matched to
    the ``err-*`` labels; an error the catalogue does not know is returned as it is."""
    from reviewer.messages.labels import UI

    for key in UI:
        if key.startswith("err-") and key != "err-line":
            m = _pattern(key, "en").match(error)
            if m:
                return ui(key, lang, **m.groupdict())
    return error


def error_line(path: str, error: str, lang: str = DEFAULT_LANG) -> str:
    """The one stderr line of a file that could not be reviewed."""
    return ui("err-line", lang, path=path, error=error_text(error, lang))
