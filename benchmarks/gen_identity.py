"""Byte-for-byte fingerprint of generated batches: run before and after a refactor of
reviewer/generate and compare the two outputs (``diff``); any line that differs names a file whose
bytes changed. docx files are zip archives with member timestamps, so their members are hashed.

    PYTHONPATH=. python benchmarks/gen_identity.py > before.txt   # … change the code …
    PYTHONPATH=. python benchmarks/gen_identity.py > after.txt && diff before.txt after.txt

``--realistic`` fingerprints a batch with every crawl layout on as well (reviewer generate --realistic).
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import zipfile
from pathlib import Path

from reviewer.generate import DefectOptions, generate_batch, write_batch

# (name, generate_batch arguments): defaults in all formats, a clean batch, heavy table defects
BATCHES: list[tuple[str, dict]] = [
    ("a", dict(n_organs=12, years=[2016, 2018, 2020, 2022, 2023, 2024], seed=7, formats=("txt", "html", "docx", "pdf"),
               defects=DefectOptions())),
    ("b", dict(n_organs=8, years=[2019, 2021, 2022], seed=3, formats=("txt",), defects=None)),
    ("c", dict(n_organs=10, years=[2017, 2021, 2022, 2023], seed=5, formats=("txt",),
               defects=DefectOptions(broken_cell=1, blank_cell=0.5, missing_section=0.3))),
]


def file_digest(path: Path) -> str:
    if path.suffix == ".docx":
        h = hashlib.sha256()
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                h.update(name.encode() + b"\0" + z.read(name))
        return h.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(batches: list[tuple[str, dict]]) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="gen-identity-") as tmp:
        out = Path(tmp)
        for name, kw in batches:
            write_batch(generate_batch(**kw), out / name)
        return [f"{file_digest(f)} {f.relative_to(out)}" for f in sorted(out.rglob("*")) if f.is_file()]


def main(argv: list[str]) -> None:
    batches = list(BATCHES)
    if "--realistic" in argv:
        batches.append(("r", dict(n_organs=12, years=[2017, 2020, 2022, 2023], seed=9, formats=("txt",),
                                  defects=DefectOptions.realistic())))
    for line in fingerprint(batches):
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
