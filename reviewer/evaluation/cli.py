"""`reviewer eval WHAT`: every evaluation command, loaded lazily.

The evaluations against hand annotations of real reports live in this package; those of one stage
(its model on its corpus, or generated truth) live with that stage and are listed here."""

from __future__ import annotations

import click

from reviewer.cli import LazyGroup

EVALUATORS = {
    "copying": "reviewer.similarity.evaluate:cli",  # passage-level P/R on the generated gold set
    "cross-organ": "reviewer.evaluation.cross_organ:cli",  # C202 passage P/R vs hand-labelled cross-organ gold of the real reports (dev/test)
    "detection": "reviewer.generate.evaluate:cli",  # P/R/F1 per finding kind on a generated batch
    "ranking": "reviewer.evaluation.ranking:cli",  # score vs hand-judged pairwise preferences of real reports (dev/test/cross)
    "reading": "reviewer.evaluation.reading:cli",  # document layer vs hand annotations of the real reports (dev/test)
    "real": "reviewer.evaluation.real:cli",  # dev precision per rule on the audited real reports
    "sections": "reviewer.structure.classifier:eval_cli",  # section classifier on annotated real paragraphs, dev + sealed test
    "segmenter": "reviewer.segmentation.evaluate:cli",  # F1 and speed of both segmentation backends
    "vagueness": "reviewer.vagueness.evaluate:cli",  # CV on corpus + dev real-report sentence labels
}


@click.group(cls=LazyGroup, lazy=EVALUATORS, name="eval")
def eval_group() -> None:
    """评测检出质量（运行一个评测，如 `reviewer eval vagueness`）。

    Measure detection quality (run one evaluator, e.g. `reviewer eval vagueness`).
    """
