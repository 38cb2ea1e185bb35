from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "reports" / "real"


@pytest.fixture
def real_dir() -> Path:
    """The real published reports; tests using them skip cleanly when ../shared is absent."""
    if not REAL.is_dir():
        pytest.skip("../shared/reports/real not present")
    return REAL


@pytest.fixture
def one_problem():
    """The single problem a text states (reviewer.similarity.problems), asserted to be one."""
    from reviewer.similarity.problems import problems

    def one(text: str):
        (p,) = problems(text, 0, len(text))
        return p

    return one
