"""JSON with a bounded nesting depth, checked before parsing.

``json.loads`` recurses once per nesting level, so ``'[' * 100000`` raises RecursionError.
:func:`loads` measures the depth first: string literals are removed with one regular
expression, then only the brackets left are counted. Text with no more opening brackets
than the limit (every SNS envelope) cannot nest deeper, so it skips that scan: two
``str.count`` calls, about a microsecond.
"""

from __future__ import annotations

import json
import re

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class TooDeep(ValueError):
    """The JSON nests deeper than allowed; it was not parsed."""


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (0 for a scalar)."""
    deepest = level = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            level += 1
            deepest = max(deepest, level)
        else:
            level -= 1
    return deepest


def loads(data: str | bytes, *, max_depth: int):
    """``json.loads`` that raises :class:`TooDeep` instead of recursing past ``max_depth``
    (and ValueError / UnicodeDecodeError for malformed input, as ``json.loads`` does)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    if text.count("[") + text.count("{") > max_depth and depth(text) > max_depth:
        raise TooDeep(f"JSON nested deeper than {max_depth} levels")
    return json.loads(text)
