"""How much of an item the email shows: one rule for the HTML part and the text part.

``detail`` is "full" (every body included), "standard" (the interview's questions and
answers in full, every other item as its teaser, outcome and quote), "teaser"
(summaries, outcomes and quotes) or "compact" (titles and links only)."""

from __future__ import annotations

from dataclasses import dataclass

from cms.items import Issue, Item, Kind

FULL = "full"
STANDARD = "standard"
TEASER = "teaser"
COMPACT = "compact"
LEVELS = (FULL, STANDARD, TEASER, COMPACT)


@dataclass(frozen=True)
class Shown:
    """Which parts of one item the email shows."""

    image: bool
    outcome: bool
    summary: bool
    body: bool
    quote: bool
    event_links: bool  # register, add to calendar, join online: until the event is over


def shown(item: Item, issue: Issue, detail: str) -> Shown:
    if detail not in LEVELS:
        raise ValueError(f"Unknown detail level {detail!r}; expected one of {LEVELS}")
    more = detail != COMPACT
    return Shown(
        image=more,
        outcome=more and bool(item.outcome),
        summary=more and bool(item.summary),
        body=detail == FULL or (detail == STANDARD and item.kind == Kind.INTERVIEW),
        quote=more and item.quote is not None,
        event_links=item.event is not None and item.event.end.date() >= issue.date,
    )
