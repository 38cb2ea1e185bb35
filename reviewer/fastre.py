"""Regular expressions tried only where a match can begin.

Python's matcher skips ahead in C to the next possible start only when a pattern opens on a
literal or on one character class; a pattern that opens on an alternation of classes or an
optional group (``(?:近|约)?\\d+…``, ``\\d+…|[〇○…]+…``) is entered at every position of the
text. ``guarded`` prefixes such a pattern with a lookahead on the set of characters its matches
can start with, read off the parsed pattern, so the same matches are found (same spans, same
groups: the lookahead is zero-width and captures nothing) with the matcher entered far less often.
A pattern whose first character cannot be bounded (it can match the empty string, or opens on
any character or a negated class) is returned unchanged.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
               _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op is not None)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


class _Unbounded(Exception):
    """The first character of a match cannot be bounded by a class."""


def _first(items: Any, out: set[str]) -> bool:
    """Add to ``out`` the class items a match of the sequence ``items`` can start with; True when
    the sequence can match the empty string (the items after it then count too)."""
    for op, av in items:
        if op is _c.LITERAL:
            out.add(re.escape(chr(av)))
            return False
        if op is _c.IN:
            for iop, iav in av:
                if iop is _c.LITERAL:
                    out.add(re.escape(chr(iav)))
                elif iop is _c.RANGE:
                    out.add(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
                elif iop is _c.CATEGORY and iav in _CATEGORIES:
                    out.add(_CATEGORIES[iav])
                else:  # a negated class, a case-folded range, …
                    raise _Unbounded
            return False
        if op is _c.BRANCH:
            if not any([_first(alt, out) for alt in av[1]]):  # every alternative, even after an empty one
                return False
            continue
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE):
                raise _Unbounded
            if not _first(sub, out):
                return False
            continue
        if op in _REPEATS:
            low, _high, sub = av
            if not _first(sub, out) and low > 0:
                return False
            continue
        if op in _ZERO_WIDTH:  # anchors and lookarounds consume nothing: the next item starts the match
            continue
        raise _Unbounded  # any character, a back reference, a conditional group
    return True


def first_class(pattern: re.Pattern[str]) -> str | None:
    """The body of a character class holding every character a match of ``pattern`` can start
    with, or None when there is no such bound."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    out: set[str] = set()
    try:
        if _first(_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE), out):
            return None  # it can match the empty string, at any position
    except _Unbounded:
        return None
    return "".join(sorted(out)) or None


def _scanned_in_c(pattern: re.Pattern[str]) -> bool:
    """Whether the matcher already skips to possible starts by itself (a literal prefix or a
    leading character set), as ``re._compiler._compile_info`` decides; False when unknown."""
    try:
        from re import _compiler as comp

        parsed = _p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
        if parsed.getwidth()[0] == 0:
            return False
        prefix, _skip, _all = comp._get_literal_prefix(parsed, pattern.flags)
        return bool(prefix) or bool(comp._get_charset_prefix(parsed, pattern.flags))
    except Exception:  # noqa: BLE001 - a private helper changed: guard anyway (the matches are the same)
        return False


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead on the characters its matches start with (see the module);
    unchanged when no such bound exists or the matcher already scans for its start in C."""
    body = first_class(pattern)
    if body is None or re.match(r"\(\?[aiLmsux]+\)", pattern.pattern) or _scanned_in_c(pattern):
        return pattern
    out = re.compile(f"(?=[{body}])(?:{pattern.pattern})", pattern.flags)
    ORIGINALS[out] = pattern
    return out


ORIGINALS: dict[re.Pattern[str], re.Pattern[str]] = {}  # each guarded pattern's original (for tests)
