"""The seams between SES events and the rest of clusterpost.

Each function calls one function that another app owns and says, in a short string that
is stored on the event, what happened. If the other app's function is not available the
event is still stored and the string says so.
"""

from __future__ import annotations

import logging
from importlib import import_module

log = logging.getLogger(__name__)


def _function(module: str, name: str):
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        log.warning("SES events: %s.%s is not available; effect not applied", module, name)
        return None


def settle_unknown_delivery(delivery_id: int, ses_message_id: str) -> str:
    """A Send event settles an ``unknown`` ledger row (DESIGN.md, "No hidden retries")."""
    settle = _function("newsletter.campaigns.ledger", "settle_from_send_event")
    if settle is None:
        return "not applied: campaigns ledger missing"
    return f"settled delivery {delivery_id}" if settle(delivery_id, ses_message_id) else ""


def suppress_bounced(email: str, detail: str) -> str:
    mark_bounced = _function("newsletter.subscribers.lifecycle", "mark_bounced")
    if mark_bounced is None:
        return "not applied: subscribers lifecycle missing"
    mark_bounced(email, detail=detail)
    return "suppressed (bounced)"


def suppress_complained(email: str, detail: str) -> str:
    mark_complained = _function("newsletter.subscribers.lifecycle", "mark_complained")
    if mark_complained is None:
        return "not applied: subscribers lifecycle missing"
    mark_complained(email, detail=detail)
    return "suppressed (complaint)"
