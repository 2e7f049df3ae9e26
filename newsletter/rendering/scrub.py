"""Remove the control characters that no channel can carry (and that make MJML's parser
fail) from every string of an Issue, before it is rendered."""

from __future__ import annotations

import dataclasses
import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def scrub_text(value: str) -> str:
    return _CONTROL.sub("", value)


def scrub(value):
    """A copy of ``value`` (dataclasses, tuples, dicts, strings) without control
    characters. Unchanged objects are returned as they are."""
    if isinstance(value, str):
        return _CONTROL.sub("", value) if _CONTROL.search(value) else value
    if isinstance(value, tuple):
        cleaned = tuple(scrub(part) for part in value)
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    if isinstance(value, dict):
        cleaned = {key: scrub(part) for key, part in value.items()}
        return value if all(cleaned[k] is value[k] for k in value) else cleaned
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            cleaned = scrub(current)
            if cleaned is not current:
                changes[field.name] = cleaned
        return dataclasses.replace(value, **changes) if changes else value
    return value
