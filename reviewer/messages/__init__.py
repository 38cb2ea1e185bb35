"""One catalogue of user-visible text in Chinese (default) and English.

Rule messages are keyed by (rule code, message id) in ``reviewer.messages.rules``; fixed labels of
the renderers and the command line (column headers, titles, summary lines) by id in
``reviewer.messages.labels``. Every template is a ``str.format`` string with named parameters. A
finding keeps its message rendered in Chinese together with ``message_id`` and ``params``, so any
renderer can render it again in another language (``finding_message``).

A parameter may itself be a sub-message of the same rule, written ``{"msg": id, "params": {...}}``
(see ``sub``): it is rendered in the same language as the message that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
ATTACHMENT_KEY = "_attachment"  # params key: the finding was checked against this attachment


@dataclass(slots=True)
class Msg:
    """A rule message not yet rendered: catalogue key and parameters."""

    code: str
    id: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.code, self.id, self.params, lang)


def msg(code: str, mid: str, **params: Any) -> Msg:
    """The message ``mid`` of rule ``code`` with its parameters (rendered by ``Document.finding``)."""
    return Msg(code, mid, params)


def sub(mid: str, **params: Any) -> dict[str, Any]:
    """A parameter holding a sub-message of the same rule, rendered in the message's language."""
    return {"msg": mid, "params": params}


def template(code: str, mid: str, lang: str = DEFAULT_LANG) -> str:
    from reviewer.messages.rules import RULE_MESSAGES

    entry = RULE_MESSAGES.get((code, mid)) or RULE_MESSAGES[("*", mid)]
    return entry.get(lang) or entry[DEFAULT_LANG]


def _value(code: str, v: Any, lang: str) -> Any:
    if isinstance(v, dict) and "msg" in v:
        return render(code, v["msg"], v.get("params") or {}, lang)
    return v


def render(code: str, mid: str, params: dict[str, Any], lang: str = DEFAULT_LANG) -> str:
    """The text of rule message ``(code, mid)`` in ``lang`` (sub-message ids ``""`` render empty)."""
    if not mid:
        return ""
    vals = {k: _value(code, v, lang) for k, v in params.items()}
    return template(code, mid, lang).format(**vals)


def finding_message(f: Any, lang: str = DEFAULT_LANG) -> str:
    """A finding's message in ``lang``; its stored (Chinese) message when it has no catalogue id."""
    mid = getattr(f, "message_id", None)
    if lang == DEFAULT_LANG or not mid:
        return f.message
    params = f.params or {}
    try:
        text = render(f.rule, mid, {k: v for k, v in params.items() if k != ATTACHMENT_KEY}, lang)
    except (KeyError, IndexError, ValueError):
        return f.message
    if ATTACHMENT_KEY in params:
        text += ui("attachment-suffix", lang, path=params[ATTACHMENT_KEY])
    return text


def ui(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """A fixed label of the interface in ``lang``."""
    from reviewer.messages.labels import UI

    entry = UI[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**params) if params else text


def kind_label(kind: str, lang: str = DEFAULT_LANG) -> str:
    """A finding kind as reviewers read it (``copied-from-other`` → 与他机关文字雷同); the id itself
    for a kind the catalogue does not name."""
    from reviewer.messages.labels import UI

    entry = UI.get(f"kind-{kind}")
    return (entry.get(lang) or entry[DEFAULT_LANG]) if entry else kind


def kinds_text(kinds: dict[str, int], lang: str = DEFAULT_LANG) -> str:
    """``kind n, kind n`` most frequent first, with the kinds' labels."""
    return ", ".join(f"{kind_label(k, lang)} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))


def check_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def localise(results: list[Any], lang: str = DEFAULT_LANG) -> list[Any]:
    """``results`` with every finding's message, evidence cues and sub-message evidence fields, the
    reasons of the criteria and deductions and the files' errors in ``lang`` (copies; in the
    default language only the errors are rendered again, the findings are already Chinese).
    Everything else — spans, scores, ids and parameters — is unchanged."""
    from dataclasses import replace

    from reviewer.messages.evidence import error_text, localise_evidence, localise_reasons

    if lang == DEFAULT_LANG:  # only the files' errors, written in English by the readers
        return [replace(r, error=error_text(r.error, lang)) if r.error else r for r in results]

    def one(f: Any) -> Any:
        ev = localise_evidence(f, lang)
        return replace(f, message=finding_message(f, lang), **({"evidence": ev} if ev is not None else {}))

    return [replace(r, findings=[one(f) for f in r.findings], deductions=localise_reasons(r.deductions, lang),
                    criteria=localise_reasons(r.criteria, lang), error=r.error and error_text(r.error, lang))
            for r in results]


def rule_templates(code: str, lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    """(message id, template) of rule ``code`` in ``lang``, in catalogue order."""
    from reviewer.messages.rules import RULE_MESSAGES

    return [(mid, entry.get(lang) or entry[DEFAULT_LANG]) for (c, mid), entry in RULE_MESSAGES.items() if c == code]


def rule_summary(code: str, lang: str = DEFAULT_LANG) -> str | None:
    """What rule ``code`` checks, in ``lang`` (``rule_docs.toml``); None for a rule it does not describe."""
    from reviewer.messages.labels import RULE_DOCS

    entry = RULE_DOCS.get(code)
    return (entry.get(lang) or entry[DEFAULT_LANG]) if entry else None
