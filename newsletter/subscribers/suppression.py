"""The suppression list: addresses never to be mailed again, stored as keyed hashes.

Only confirming again through double opt-in takes an address off the list
(lifecycle.confirm calls ``unsuppress``)."""

from __future__ import annotations

from .addresses import email_hash, email_hashes
from .models import SuppressedAddress

REASONS = {choice for choice, _label in SuppressedAddress.Reason.choices}


def is_suppressed(email: str) -> bool:
    return SuppressedAddress.objects.filter(email_hash__in=email_hashes(email)).exists()


def suppress(email: str, reason: str) -> None:
    if reason not in REASONS:
        raise ValueError(f"unknown suppression reason {reason!r}; use one of {sorted(REASONS)}")
    digest = email_hash(email)
    updated = SuppressedAddress.objects.filter(email_hash=digest).update(reason=reason)
    if not updated:
        SuppressedAddress.objects.get_or_create(email_hash=digest, defaults={"reason": reason})


def unsuppress(email: str) -> None:
    SuppressedAddress.objects.filter(email_hash__in=email_hashes(email)).delete()
