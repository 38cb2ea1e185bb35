"""The rule registry: every check is a small registered unit with a stable code.

A rule is a function ``check(doc, ctx) -> Iterable[Finding]`` decorated with ``@rule(...)``.
Batch rules (copying, cross-year checks) see every document of the batch at once through
``BatchContext``; they are registered with ``scope="batch"`` and ``check(docs, ctx)`` returns
``{doc_index: [Finding, ...]}``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reviewer.model import KINDS, SEVERITIES, Document
from reviewer.rules.analysis import Analysis

# A batch rule's example is a small batch: its reports in one string, separated by a form feed.
EXAMPLE_SEP = "\f"


@dataclass(slots=True)
class Rule:
    code: str  # stable, e.g. "S001", "T101"; never reused
    name: str  # short kebab-case name
    kind: str  # one of model.KINDS
    severity: str  # default severity
    check: Callable[..., Any]
    scope: str = "document"  # "document" or "batch"
    spec: str = ""  # clause of the spec it enforces, e.g. "§4 C1"
    # example texts (whole mini-reports; a batch rule's reports joined by EXAMPLE_SEP) on which the rule
    # must flag / must not flag; more cases may live in tests/fixtures/rules/<code>/ (tests/test_rule_contract.py)
    must_flag: tuple[str, ...] = ()
    must_pass: tuple[str, ...] = ()
    doc: str = ""

    @property
    def family(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    kind: str,
    severity: str = "warning",
    scope: str = "document",
    spec: str = "",
    must_flag: Iterable[str] = (),
    must_pass: Iterable[str] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a check. Misdeclared rules fail at import time, not silently at run time."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        if code in REGISTRY and REGISTRY[code].check is not fn:
            raise ValueError(f"rule code {code} registered twice")
        if kind not in KINDS:
            raise ValueError(f"rule {code}: unknown kind {kind!r}")
        if severity not in SEVERITIES:
            raise ValueError(f"rule {code}: unknown severity {severity!r}")
        if scope not in ("document", "batch"):
            raise ValueError(f"rule {code}: unknown scope {scope!r}")
        REGISTRY[code] = Rule(
            code=code,
            name=name,
            kind=kind,
            severity=severity,
            check=fn,
            scope=scope,
            spec=spec,
            must_flag=tuple(must_flag),
            must_pass=tuple(must_pass),
            doc=inspect.cleandoc(fn.__doc__ or ""),
        )
        return fn

    return deco


@dataclass
class Context:
    """What a rule may consult besides the document: options, the batch rules' shared inputs
    (``cache``) and, for a document rule, the document's analyses (``analysis``, built by the
    pipeline once per document; ``of(doc)`` builds one when a rule is called on its own)."""

    options: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    analysis: Analysis | None = None

    def of(self, doc: Document) -> Analysis:
        """The analyses of ``doc``: the one this context carries, or a new one when it carries
        another document's (a fresh context per document is the rule; tests reuse one)."""
        if self.analysis is None or self.analysis.doc is not doc:
            self.analysis = Analysis(doc)
        return self.analysis


def rule_error(e: BaseException) -> str:
    """One line describing a crash inside a rule."""
    return " ".join(f"{type(e).__name__}: {e}".split())[:300]
