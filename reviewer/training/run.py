"""`reviewer train`: rebuild every model in models/ from corpus/, deterministically, with a manifest.

Each trainer is ``train(corpus: Path, models: Path) -> dict`` returning what the manifest records
for that model: ``files`` (names written under models/), ``data`` (corpus files used) and ``metrics``.
The manifest holds library versions and a sha256 of the training data; no timestamps, so training
twice gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from importlib import import_module, metadata
from pathlib import Path

import click

from reviewer.paths import ROOT

TRAINERS = {
    "segmenter": "reviewer.segmentation.train:train",  # spacy-pkuseg domain model
    "sections": "reviewer.structure.classifier:train",  # paragraph → section classifier
    "vagueness": "reviewer.vagueness.train:train",  # vague vs specific sentence classifier
}

LIBS = ("scikit-learn", "numpy", "scipy", "jieba", "spacy-pkuseg")


def _hash_files(root: Path, names: list[str]) -> str:
    h = hashlib.sha256()
    for name in sorted(names):
        p = root / name
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def train_all(only: tuple[str, ...] = (), corpus: Path | None = None, models: Path | None = None) -> dict:
    corpus = corpus or ROOT / "corpus"
    models = models or ROOT / "models"
    models.mkdir(parents=True, exist_ok=True)
    manifest_path = models / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    manifest["libraries"] = {lib: _version(lib) for lib in LIBS}
    manifest.setdefault("models", {})
    for name, target in TRAINERS.items():
        if only and name not in only:
            continue
        mod, attr = target.split(":")
        info = getattr(import_module(mod), attr)(corpus, models)
        info["data_sha256"] = _hash_files(corpus, info.get("data", []))
        manifest["models"][name] = info
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _version(lib: str) -> str | None:
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return None


@click.command(name="train")
@click.option("--only", multiple=True, type=click.Choice(sorted(TRAINERS)), help="只训练这些模型 (train only these models).")
def train_cmd(only: tuple[str, ...]) -> None:
    """由 corpus/ 重建 models/ 中的模型（确定性，写 models/MANIFEST.json）。

    Rebuild the models in models/ from corpus/ (deterministic; writes models/MANIFEST.json).
    """
    manifest = train_all(only)
    for name, info in manifest["models"].items():
        if not only or name in only:
            click.echo(f"{name}: {', '.join(info.get('files', []))}  {json.dumps(info.get('metrics', {}), ensure_ascii=False)}")
