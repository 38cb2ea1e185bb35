"""Running the rules: every family imported so its rules register (``load_rules``), and the document
rules applied to one document (``run_document_rules``). The registry itself (``reviewer.rules.registry``)
imports no rule family, so rule modules and the registry never import each other."""

from __future__ import annotations

from reviewer.model import Document, Finding
from reviewer.rules.registry import REGISTRY, Context, Rule, rule_error


def load_rules() -> dict[str, Rule]:
    """Import every rule family so their decorators run."""
    from reviewer.rules import families  # noqa: F401  (registration)

    return REGISTRY


def run_document_rules(doc: Document, ctx: Context | None = None, select: set[str] | None = None) -> list[Finding]:
    """Every selected document rule on ``doc``, all sharing one ``Analysis`` of it (``ctx.of(doc)``).
    A rule that crashes yields no findings and is recorded in the analysis's
    ``metrics["rule_errors"][code]``; the other rules still run. A missing model file
    (``reviewer.errors.ModelMissing``) stops the review. The rules leave ``doc`` unchanged."""
    from reviewer.errors import ModelMissing

    ctx = ctx or Context()
    an = ctx.of(doc)
    out: list[Finding] = []
    for r in load_rules().values():
        if r.scope != "document" or (select and r.code not in select):
            continue
        try:
            found = list(r.check(doc, ctx) or ())
        except ModelMissing:
            raise
        except Exception as e:  # a fault in one rule must not discard the other rules' findings
            an.metrics.setdefault("rule_errors", {})[r.code] = rule_error(e)
            continue
        out.extend(found)
    return out
