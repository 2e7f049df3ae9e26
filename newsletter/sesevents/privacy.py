"""Erasure: when a subscriber is erased, their SES events lose the address.

Events stay (campaign figures must not change after an erasure) but the recipient becomes
an opaque token shared by that person's events only, and the raw JSON, diagnostic and
user agent, which may repeat the address, are emptied.
"""

from __future__ import annotations

import uuid

from .models import SesEvent


def forget(email: str) -> int:
    """Pseudonymise every event of ``email``; returns how many changed."""
    from .normalise import normalise_address

    address = normalise_address(email)
    if not address:
        return 0
    return SesEvent.objects.filter(recipient=address).update(
        recipient=f"erased-{uuid.uuid4().hex}", raw={}, diagnostic="", user_agent="",
    )


def forget_erased_subscriber(sender, instance, raw=False, **kwargs):
    """pre_save of subscribers.Subscriber: the row is being erased (email goes)."""
    if raw or instance.pk is None or instance.email or instance.erased_at is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("email", flat=True).first()
    if old:
        forget(old)
