"""Model weights as numpy ``.npz`` files: written byte-identically for equal arrays (fixed member
order and dates), read with ``allow_pickle=False`` so a file can hold only plain numbers and
fixed-width strings and loading can never execute code."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``numpy.savez_compressed`` with sorted members dated 1980-01-01, written atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with zf.open(info, "w") as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(arrays[name]), allow_pickle=False)
    os.replace(tmp, path)


def read_npz(path: Path, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The named arrays of ``path``; ValueError when one is missing or holds Python objects."""
    with np.load(path, allow_pickle=False) as z:
        missing = [n for n in names if n not in z.files]
        if missing:
            raise ValueError(f"{path.name}: no array {', '.join(missing)}")
        return {n: z[n] for n in names}


def sibling_npz(folder: Path, name: object) -> Path:
    """The arrays file a JSON model names: a plain ``.npz`` file name in the model's own folder."""
    if not isinstance(name, str) or Path(name).name != name or not name.endswith(".npz"):
        raise ValueError(f"arrays file {name!r} must be a .npz file name beside the model")
    return folder / name
