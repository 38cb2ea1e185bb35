"""The generator's output is pinned: a fixed seed gives the same files, byte for byte, and the crawl
layout rates at 0 (the default) leave every file as the canonical layout writes it. The digest
below is of the canonical batch and its truth; change it only for
an intended change of the generated text or truth (benchmarks/gen_identity.py shows which files differ)."""

from __future__ import annotations

import hashlib

from benchmarks.gen_identity import fingerprint
from reviewer.generate import DefectOptions

PINNED = [
    ("d", dict(n_organs=6, years=[2017, 2020, 2022, 2023], seed=13, formats=("txt", "html"), defects=DefectOptions())),
    ("e", dict(n_organs=4, years=[2018, 2021, 2022], seed=2, formats=("txt",),
               defects=DefectOptions(broken_cell=1, blank_cell=1, cross_year=1, missing_section=0.5))),
]
DIGEST = "de319205a74debc3feaf5c33546ea7bc1f3d0d69601ac63d2f4932f37e4ca174"


def test_default_output_is_byte_identical():
    got = hashlib.sha256("\n".join(fingerprint(PINNED)).encode()).hexdigest()
    assert got == DIGEST
