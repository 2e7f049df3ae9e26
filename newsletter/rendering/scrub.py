"""Remove the control characters that no channel can carry (and that make MJML's parser
fail) from every string of an Issue, before it is rendered."""

from __future__ import annotations

import dataclasses
import re
import weakref
from datetime import date, datetime

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def scrub_text(value: str) -> str:
    return _CONTROL.sub("", value)


# Roots (an Issue, a Welcome) that scrub() returned, by identity: rendering the same
# loaded Issue again (cms.issue_cache hands out one object) skips the walk. Items are
# frozen dataclasses, never changed after loading.
_clean_roots: weakref.WeakValueDictionary[int, object] = weakref.WeakValueDictionary()


def scrub(value):
    """A copy of ``value`` (dataclasses, tuples, dicts, strings) without control
    characters. Unchanged objects are returned as they are."""
    if _clean_roots.get(id(value)) is value:
        return value
    cleaned = _scrub(value)
    if hasattr(cleaned, "__dataclass_fields__") and hasattr(cleaned, "__weakref__"):
        _clean_roots[id(cleaned)] = cleaned
    return cleaned


def _scrub(value):
    if isinstance(value, str):
        return _CONTROL.sub("", value) if _CONTROL.search(value) else value
    if isinstance(value, tuple):
        cleaned = tuple(_scrub(part) for part in value)
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    if isinstance(value, dict):
        cleaned = {key: _scrub(part) for key, part in value.items()}
        return value if all(cleaned[k] is value[k] for k in value) else cleaned
    names = getattr(value, "__dataclass_fields__", None)
    if names is not None and not isinstance(value, type):
        changes = {}
        for name in names:
            current = getattr(value, name)
            if current is None or current.__class__ in _ATOMS:
                continue
            cleaned = _scrub(current)
            if cleaned is not current:
                changes[name] = cleaned
        return dataclasses.replace(value, **changes) if changes else value
    return value


_ATOMS = frozenset({int, float, bool, date, datetime})
