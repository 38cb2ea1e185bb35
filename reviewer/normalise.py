"""Text normalisation shared by all readers, so the same report yields the same text in any format.

NFKC folds full-width digits and the Kangxi radicals PDFs carry (⼀ → 一); traditional script is
mapped to simplified character by character so offsets stay one-to-one with the source block.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
# Kangxi radicals / CJK radicals supplement that NFKC leaves alone in some versions.
_RADICALS = {"⺟": "母", "⻓": "长", "⻔": "门", "⻅": "见", "⻛": "风", "⻢": "马", "⻉": "贝", "⻋": "车", "⻜": "飞", "⻝": "食", "⻩": "黄", "⻄": "西", "⻚": "页", "⻰": "龙", "⻬": "齐", "⻮": "齿", "⻳": "龟"}
_RADICAL_TABLE = str.maketrans(_RADICALS)


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Single-character traditional→simplified map from OpenCC's character table (no phrases),
    so conversion never changes the length of a line."""
    try:
        import opencc  # opencc-python-reimplemented ships its dictionaries as text files
    except ImportError:  # pragma: no cover
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                target = parts[1].split(" ")[0]
                if len(target) == 1 and target != parts[0]:
                    table[ord(parts[0])] = target
    return table


def to_simplified(text: str) -> str:
    return text.translate(_t2s_table())


# Full-width punctuation is the normal form of Chinese prose; NFKC would turn ，：；（） into ASCII.
_KEEP = frozenset("，：；！？（）＂＇［］｛｝～")


@lru_cache(maxsize=8192)
def _nfkc_char(ch: str) -> str:
    return ch if ch in _KEEP else unicodedata.normalize("NFKC", ch)


def nfkc(line: str) -> str:
    """NFKC except for Chinese full-width punctuation (folds ２０２４, ⼀ and compatibility ideographs)."""
    if unicodedata.is_normalized("NFKC", line):
        return line
    return "".join(map(_nfkc_char, line))


_SEP = "\x00"  # joins many lines/cells for one pass; not whitespace, untouched by NFKC
_KEEP_PUA = [(c, chr(0xE000 + i)) for i, c in enumerate(sorted(_KEEP))]


@lru_cache(maxsize=1)
def _char_map() -> tuple[dict[str, str], frozenset[str]]:
    """Zero-width removal, radicals and traditional→simplified as one char→str map."""
    table: dict[str, str] = {chr(k): v for k, v in _t2s_table().items()}
    table.update({chr(k): v for k, v in _RADICAL_TABLE.items()})
    table.update({chr(k): "" for k in _ZERO_WIDTH})
    return table, frozenset(table)


def _replace_chars(text: str, pairs) -> str:
    # str.replace per distinct character present runs in C; str.translate with a dict costs a
    # Python-level lookup per character of the whole text
    for a, b in pairs:
        if a in text:
            text = text.replace(a, b)
    return text


def _nfkc_text(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):
        return text
    # protect the Chinese full-width punctuation NFKC would fold, normalise in C, restore
    protected = _replace_chars(text, _KEEP_PUA)
    return _replace_chars(unicodedata.normalize("NFKC", protected), [(b, a) for a, b in _KEEP_PUA])


@lru_cache(maxsize=1)
def _gb2312_keys() -> tuple[str, ...]:
    """The mapped characters GB2312 can encode (15 of ~4,000): the only ones a text that encodes
    as GB2312 can hold."""
    out = []
    for c in sorted(_char_map()[1]):
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        out.append(c)
    return tuple(out)


def _map_chars(text: str) -> str:
    table, keys = _char_map()
    try:  # most reports are plain simplified Chinese: one encode in C instead of a set per character
        text.encode("gb2312")
    except UnicodeEncodeError:
        present = keys.intersection(text)
    else:
        present = {c for c in _gb2312_keys() if c in text}
    return _replace_chars(text, [(c, table[c]) for c in present]) if present else text


def normalise_many(items: list[str], tight: bool = True) -> list[str]:
    """``normalise_line`` (then ``tighten``) applied to many strings in one pass over their
    concatenation: the per-line Python overhead dominated reading a report."""
    if not items:
        return []
    text = _SEP.join(x.replace(_SEP, "") if _SEP in x else x for x in items)
    text = _map_chars(_nfkc_text(text))
    text = _SPACES.sub(" ", text)
    if tight:
        text = tighten(text)
    return [x.strip() for x in text.split(_SEP)]


def normalise_line(line: str) -> str:
    """Normalise one line: NFKC, radicals, zero-width removal, collapsed spaces, simplified script."""
    line = nfkc(line)
    line = line.translate(_ZERO_WIDTH).translate(_RADICAL_TABLE)
    line = to_simplified(line)
    line = _SPACES.sub(" ", line)
    return line.strip()


_RUN = re.compile(r"\s+")
_PUNCT = frozenset("，。；：、（）《》“”！？")
_DIGITS = frozenset("0123456789")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _drops(before: str, after: str) -> bool:
    """Whether a whitespace run between ``before`` and ``after`` ("" at either end) goes: between
    CJK characters or Chinese punctuation, next to Chinese punctuation, between CJK and a digit."""
    if before in _PUNCT or after in _PUNCT:
        return True
    a, b = _is_cjk(before), _is_cjk(after)
    return (a and b) or (a and after in _DIGITS) or (before in _DIGITS and b)


def tighten(text: str) -> str:
    """Drop spaces PDF extraction puts between CJK characters and around numbers (2024 年 → 2024年).

    One pass over the whitespace runs, each judged by the characters around it. (This was three
    regex substitutions with look-behind/ahead; each removed whole runs judged the same way, and
    removing a run never changes the neighbours of another, so the result is identical.)"""
    if " " not in text:
        return text
    out: list[str] = []
    prev = 0
    n = len(text)
    for m in _RUN.finditer(text):
        s, e = m.span()
        if _drops(text[s - 1] if s else "", text[e] if e < n else ""):
            out.append(text[prev:s])
            prev = e
    if not out:
        return text
    out.append(text[prev:])
    return "".join(out)
