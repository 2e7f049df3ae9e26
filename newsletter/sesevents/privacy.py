"""Erasure: when a subscriber is erased, their SES events lose the address.

Events stay (campaign figures must not change after an erasure) but the recipient becomes
an opaque token shared by that person's events only, and the raw JSON, diagnostic and
user agent, which may repeat the address, are emptied. Messages appended but not yet
applied lose the address from their bodies.
"""

from __future__ import annotations

import re
import uuid

from .models import SesEvent, SnsMessage


def forget(email: str) -> int:
    """Pseudonymise every event of ``email``; returns how many changed."""
    from .normalise import normalise_address

    address = normalise_address(email)
    if not address:
        return 0
    token = f"erased-{uuid.uuid4().hex}"
    # Messages appended but not applied yet: the address leaves their bodies too, so the
    # events the apply makes from them carry the token.
    pattern = re.compile(re.escape(address), re.IGNORECASE)
    for message in SnsMessage.objects.filter(applied_at=None, body__icontains=address):
        message.body = pattern.sub(token, message.body)
        message.save(update_fields=["body"])
    return SesEvent.objects.filter(recipient=address).update(
        recipient=token, raw={}, diagnostic="", user_agent="",
    )


def forget_erased_subscriber(sender, instance, raw=False, **kwargs):
    """pre_save of subscribers.Subscriber: the row is being erased (email goes)."""
    if raw or instance.pk is None or instance.email or instance.erased_at is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("email", flat=True).first()
    if old:
        forget(old)
