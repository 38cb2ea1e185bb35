"""The stored form of an archived report's fingerprint: each array as raw little-endian bytes with
its dtype and shape (``numpy.tobytes``; never pickle, so an archive is plain data any reader can
decode), optionally zlib-compressed. What copy detection compares (§7 内容雷同, C201–C205) is kept
once, when the report is archived, so a later batch never rebuilds it from the stored document:
the masked text and its n-gram hashes, the clause units with their sections, the sentence bounds,
the prescribed characters, the masked-to-text offsets and the figures of every table."""

from __future__ import annotations

import json
import zlib
from typing import Any

import numpy as np

from reviewer.similarity.fingerprint import Fingerprint

# name -> (dtype, compressed): hashes are random bits, zlib would only spend time on them
ARRAYS: dict[str, tuple[str, bool]] = {
    "hashes": ("<u4", False),
    "u_start": ("<i4", True),
    "u_end": ("<i4", True),
    "u_m0": ("<i4", True),
    "u_m1": ("<i4", True),
    "bounds": ("<i4", True),
    "mstart": ("<i4", True),
    "mend": ("<i4", True),
}

Record = tuple[str, str, str, str, bytes]  # (name, dtype, shape, codec, data)


def pack(name: str, a: np.ndarray, dtype: str, compress: bool) -> Record:
    raw = np.ascontiguousarray(a, dtype=np.dtype(dtype)).tobytes()
    shape = ",".join(str(x) for x in a.shape)
    return (name, dtype, shape, "zlib" if compress else "raw", zlib.compress(raw, 1) if compress else raw)


def unpack(dtype: str, shape: str, codec: str, data: bytes) -> np.ndarray:
    raw = zlib.decompress(data) if codec == "zlib" else data
    dims = tuple(int(x) for x in shape.split(",")) if shape else ()
    if dtype == "bits":  # a boolean array packed eight to a byte
        n = int(np.prod(dims)) if dims else 0
        return np.unpackbits(np.frombuffer(raw, dtype=np.uint8), count=n).astype(bool).reshape(dims)
    return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(dims).copy()


def encode(fp: Fingerprint) -> list[Record]:
    """The records of one fingerprint (``order`` is not stored: a stable argsort of the hashes)."""
    ms, me = fp.mstart, fp.mend
    arrays = {"hashes": fp.hashes, "u_start": fp.u_start, "u_end": fp.u_end, "u_m0": fp.u_m0, "u_m1": fp.u_m1,
              "bounds": fp.bounds, "mstart": ms, "mend": me}
    out = [pack(k, arrays[k], *ARRAYS[k]) for k in ARRAYS]
    pre = np.asarray(fp.prescribed, dtype=bool)
    out.append(("prescribed", "bits", str(len(pre)), "zlib", zlib.compress(np.packbits(pre).tobytes(), 1)))
    out.append(("masked", "utf-8", str(len(fp.masked)), "zlib", zlib.compress(fp.masked.encode("utf-8"), 6)))
    extra = {"sections": fp.u_section, "tables": [[a, b, list(f)] for a, b, f in fp.tables]}
    out.append(("extra", "json", "", "zlib", zlib.compress(json.dumps(extra, ensure_ascii=False).encode("utf-8"), 6)))
    return out


def decode(records: list[Record], *, path: str, organ: str | None, key: str, year: int | None, doc: Any) -> Fingerprint:
    """The fingerprint a stored report contributes to an analysis, equal field by field to
    ``fingerprint(doc)`` of the stored document; ``doc`` may be a stand-in loaded on first use."""
    by = {r[0]: r for r in records}
    a = {k: unpack(*by[k][1:]) for k in ARRAYS}
    pre = unpack(*by["prescribed"][1:])
    masked = zlib.decompress(by["masked"][4]).decode("utf-8")
    extra = json.loads(zlib.decompress(by["extra"][4]))
    hashes = a["hashes"]
    fp = Fingerprint(
        path=path, organ=organ, key=key, year=year, masked=masked, hashes=hashes,
        u_start=a["u_start"], u_end=a["u_end"], u_m0=a["u_m0"], u_m1=a["u_m1"], u_section=extra["sections"], doc=doc,
        order=np.argsort(hashes, kind="stable").astype(np.int32), bounds=a["bounds"].reshape(2, -1), prescribed=pre,
        tables=[(int(s), int(e), tuple(f)) for s, e, f in extra["tables"]],
    )
    fp._offsets = (a["mstart"], a["mend"])
    return fp
