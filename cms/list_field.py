"""ListField: the one way clusterpost stores a list of strings (topics, countries, tags...).

Python sees a ``list[str]`` of distinct, non-empty strings. The column is a JSONField holding
a JSON object ``{"term": position}``: ``{"JP": 0, "DE": 1}`` for ``["JP", "DE"]``.

Why an object and not a JSON array: membership is then a key lookup, which Django's public
JSONField API filters on every backend we run (``has_key``/``has_any_keys``/``has_keys``
become ``?``/``?|``/``?&`` on PostgreSQL and ``JSON_TYPE(...) IS NOT NULL`` on SQLite),
whereas array ``contains`` is not supported on SQLite. The position keeps the editor's order,
which PostgreSQL's jsonb (it sorts object keys) would otherwise lose.

A list with a ``vocabulary`` (e.g. subscriber topics, event audiences) keeps the vocabulary's
order, offers checkboxes in forms and rejects unknown terms. A free list (tags, sectors) is
typed comma-separated and keeps the typed order.

Older rows and page revisions held comma strings (``"DE, JP"``, ``",interview,event,"``);
``as_list`` still reads those, so reverting to an old revision keeps its lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _


def split_list(value: str) -> list[str]:
    """'a, b,, c' -> ['a', 'b', 'c']: comma-separated text as typed (or stored before)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _distinct(values: Iterable) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        text = str(value).strip() if value is not None else ""
        if text:
            seen.setdefault(text, None)
    return list(seen)


def as_list(value) -> list[str]:
    """Any stored or typed form of a list -> list[str]: the JSON object {"term": position},
    a JSON array, a sequence, or comma-separated text (the legacy storage)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "[{":
            try:
                return as_list(json.loads(text))
            except ValueError:
                pass
        return _distinct(split_list(text))
    if isinstance(value, dict):
        return _distinct(sorted(value, key=lambda term: (_position(value[term]), term)))
    if isinstance(value, Iterable):
        return _distinct(value)
    raise ValidationError(_("Not a list: %(value)r"), params={"value": value})


def _position(value) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def to_stored(values: Iterable[str]) -> dict[str, int]:
    """['JP', 'DE'] -> {'JP': 0, 'DE': 1}: the JSON a ListField writes."""
    return {term: position for position, term in enumerate(as_list(values))}


class CommaListFormField(forms.CharField):
    """A free list typed as 'Biotech, Medtech'."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        return split_list(super().to_python(value))


class ListField(models.JSONField):
    """A list of distinct strings, stored as a JSON object {"term": position} (module doc)."""

    description = _("List of strings")

    def __init__(self, *args, vocabulary: Sequence | None = None, **kwargs):
        # The vocabulary only shapes forms and validation, not the column: it stays out of
        # deconstruct() and so out of migrations.
        self.vocabulary = vocabulary
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    @property
    def vocabulary_choices(self) -> list[tuple[str, str]]:
        return [(term, term) if isinstance(term, str) else tuple(term)
                for term in self.vocabulary or ()]

    def _in_vocabulary_order(self, values: list[str]) -> list[str]:
        if not self.vocabulary:
            return values
        known = [term for term, _label in self.vocabulary_choices]
        chosen = set(values)
        return [term for term in known if term in chosen] + [
            term for term in values if term not in known]

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform):  # e.g. values("topics__event")
            return value
        return self._in_vocabulary_order(as_list(value))

    def to_python(self, value):
        return self._in_vocabulary_order(as_list(value))

    def get_prep_value(self, value):
        return super().get_prep_value(to_stored(self.to_python(value)))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if self.vocabulary:
            known = {term for term, _label in self.vocabulary_choices}
            unknown = [term for term in value if term not in known]
            if unknown:
                raise ValidationError(
                    _("Unknown values: %(unknown)s. Choose from: %(known)s."),
                    code="invalid_choice",
                    params={"unknown": ", ".join(unknown),
                            "known": ", ".join(label for _term, label in
                                               self.vocabulary_choices)})

    def formfield(self, **kwargs):
        options = {"required": not self.blank, "label": self.verbose_name.capitalize(),
                   "help_text": self.help_text}
        if self.vocabulary:
            options.update(form_class=forms.MultipleChoiceField,
                           choices=self.vocabulary_choices,
                           widget=forms.CheckboxSelectMultiple)
        else:
            options["form_class"] = CommaListFormField
        options.update(kwargs)
        form_class = options.pop("form_class")
        for unwanted in ("encoder", "decoder", "max_length"):
            options.pop(unwanted, None)
        return form_class(**options)
