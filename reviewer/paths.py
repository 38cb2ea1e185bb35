"""Where things live: the checkout, its models and corpus, and the shared reference reports.

Every module resolves these locations here, so an installed wheel, a checkout and a test run agree.
``../shared/reports`` (beside the checkout) holds the real and crawled reports some evaluations use;
``REVIEWER_REPORTS_ROOT`` points elsewhere. Nothing in the review path needs it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the checkout (pyproject.toml, models/, corpus/, examples/)
CORPUS = ROOT / "corpus"


def models_dir() -> Path:
    """Installed wheels carry models as reviewer/_models; a checkout uses ./models."""
    packaged = PACKAGE / "_models"
    return packaged if packaged.is_dir() else ROOT / "models"


def shared_reports() -> Path:
    """Folder holding real/ and hebei/ (``REVIEWER_REPORTS_ROOT`` or ../shared/reports)."""
    env = os.environ.get("REVIEWER_REPORTS_ROOT")
    return Path(env) if env else ROOT.parent / "shared" / "reports"


def real_reports() -> Path:
    """The real published reports (``REVIEWER_REAL_DIR`` or <shared reports>/real)."""
    env = os.environ.get("REVIEWER_REAL_DIR")
    return Path(env) if env else shared_reports() / "real"
