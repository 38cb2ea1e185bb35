"""Train the spacy-pkuseg domain model offline from the hand-segmented sample in corpus/segmentation.

spacy-pkuseg's named models are downloaded at run time, which cannot work here; ``spacy_pkuseg.train``
works offline. It writes ``features.msgpack`` (plain data) and ``weights.npz`` (arrays, loaded with
numpy's pickle-free ``np.load``), so the shipped model loads without executing code.

Deterministic: training runs in a child process with a fixed hash seed (pkuseg builds its feature
index from sets) and a seeded ``random`` (its optimiser shuffles), and ``weights.npz`` is rewritten
with fixed zip timestamps, so training twice gives byte-identical files.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from reviewer.segmentation.gold import GOLD_GLOB, gold_sentences, split

ITERATIONS = 20


_CHILD = """
import random, sys, contextlib, io
random.seed(0)
import spacy_pkuseg
with contextlib.redirect_stdout(io.StringIO()):
    spacy_pkuseg.train(sys.argv[1], sys.argv[2], sys.argv[3], train_iter=int(sys.argv[4]))
"""


def _rewrite_npz(path: Path) -> None:
    """np.savez stamps the current time into the zip; rewrite the members with a fixed one."""
    with zipfile.ZipFile(path) as z:
        members = [(n, z.read(n)) for n in sorted(z.namelist())]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    path.write_bytes(buf.getvalue())


def train(corpus: Path, models: Path) -> dict:
    sentences = gold_sentences(corpus)
    if len(sentences) < 50:
        raise RuntimeError(f"too few gold sentences in {corpus / GOLD_GLOB}: {len(sentences)}")
    train_s, test_s = split(sentences)
    out_dir = models / "pkuseg"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reviewer-pkuseg-") as tmp:
        tr, te = Path(tmp) / "train.txt", Path(tmp) / "test.txt"
        tr.write_text("\n".join(" ".join(s) for s in train_s) + "\n", encoding="utf-8")
        te.write_text("\n".join(" ".join(s) for s in test_s) + "\n", encoding="utf-8")
        work = Path(tmp) / "model"
        env = {**os.environ, "PYTHONHASHSEED": "0", "TMPDIR": tmp}
        subprocess.run(
            [sys.executable, "-c", _CHILD, str(tr), str(te), str(work), str(ITERATIONS)],
            check=True, env=env, cwd=tmp, stdout=subprocess.DEVNULL,
        )
        for name in ("features.msgpack", "weights.npz"):
            (out_dir / name).write_bytes((work / name).read_bytes())
    _rewrite_npz(out_dir / "weights.npz")
    from reviewer.segmentation.evaluate import evaluate

    scores = evaluate(test_s, backends=("pkuseg", "jieba"), model_dir=out_dir)
    data = sorted(str(p.relative_to(corpus)) for p in corpus.glob(GOLD_GLOB))
    return {
        "files": ["pkuseg/features.msgpack", "pkuseg/weights.npz"],
        "data": data,
        "metrics": {
            "train_sentences": len(train_s),
            "test_sentences": len(test_s),
            **{f"f1_{k}": round(v["f1"], 4) for k, v in scores.items()},
        },
    }
