"""Topics a subscriber can choose: the article kinds of cms.items."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from cms.items import Kind

ALL = tuple(Kind.ARTICLES)
# What readers tick, in their language (Kind.LABELS stay English: imports parse them).
CHOICES = (
    (Kind.INTERVIEW, _("Interviews")),
    (Kind.SUCCESS_STORY, _("SME success stories")),
    (Kind.GATEWAY_NEWS, _("Gateway news")),
    (Kind.ACTIVITY_NEWS, _("Activity news")),
    (Kind.EVENT, _("Events")),
)


def _aliases() -> dict[str, str]:
    table = {}
    for kind in ALL:
        label = Kind.LABELS[kind].lower()
        for form in {kind, kind.replace("_", " "), label, label.removeprefix("sme ")}:
            table[form] = kind
            table[form + "s"] = kind
            table[form.replace(" ", "_")] = kind
            table[form.replace(" ", "-")] = kind
    table["success stories"] = table["sme success stories"] = Kind.SUCCESS_STORY
    table["news"] = None  # ambiguous on purpose
    return {key: value for key, value in table.items() if value}


ALIASES = _aliases()


def parse(value: str) -> list[str]:
    """'Interviews; events' -> ['interview', 'event']. Empty -> all topics.
    Raises ValueError naming the first unknown topic."""
    value = (value or "").strip()
    if not value:
        return list(ALL)
    chosen = set()
    for part in value.replace("|", ";").replace(",", ";").split(";"):
        part = " ".join(part.strip().lower().split())
        if not part:
            continue
        kind = ALIASES.get(part)
        if kind is None:
            raise ValueError(f"unknown topic {part!r} (known: {', '.join(ALL)})")
        chosen.add(kind)
    return clean(chosen)


def clean(values: Iterable[str]) -> list[str]:
    """Known topics only, in the canonical order."""
    wanted = set(values)
    return [kind for kind in ALL if kind in wanted]
