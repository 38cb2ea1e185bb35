"""`reviewer eval WHAT`: each evaluator lives with the feature it measures and is loaded lazily."""

from __future__ import annotations

import click

from reviewer.cli import LazyGroup

EVALUATORS = {
    "copying": "reviewer.similarity.evaluate:cli",  # passage-level P/R on the generated gold set
    "detection": "reviewer.generate.evaluate:cli",  # P/R/F1 per finding kind on a generated batch
    "ranking": "reviewer.rankeval:cli",  # score vs hand-judged pairwise preferences of real reports (dev/test/cross)
    "reading": "reviewer.readeval:cli",  # document layer vs hand annotations of the real reports (dev/test)
    "real": "reviewer.realeval:cli",  # dev precision per rule on the audited real reports
    "sections": "reviewer.sectionclf:eval_cli",  # section classifier on annotated real paragraphs, dev + sealed test
    "segmenter": "reviewer.segment_eval:cli",  # F1 and speed of both segmentation backends
    "vagueness": "reviewer.vagueness.evaluate:cli",  # CV on corpus + dev real-report sentence labels
}


@click.group(cls=LazyGroup, lazy=EVALUATORS, name="eval")
def eval_group() -> None:
    """Measure detection quality (run one evaluator, e.g. `reviewer eval vagueness`)."""
