"""Segmentation layer. jieba is the default backend; spacy-pkuseg with a domain model trained
offline is the alternative. Each process gets its own jieba cache file (never a shared /tmp path)."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    cache_dir = os.environ.get("REVIEWER_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "reviewer"
    )
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError:
        cache_dir = tempfile.mkdtemp(prefix="reviewer-jieba-")
    tk = jieba.Tokenizer()
    tk.tmp_dir = cache_dir
    tk.cache_file = os.path.join(cache_dir, f"jieba.{os.getpid()}.cache")
    tk.initialize()
    return tk


def tokenize(text: str) -> list[str]:
    return _jieba().lcut(text)


def tokenize_spans(text: str) -> list[tuple[str, int, int]]:
    return [(w, s, e) for w, s, e in _jieba().tokenize(text)]
