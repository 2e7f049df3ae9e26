"""Who may send a test of an issue to whom, and how many (issue 14, finding 2).

- Editors (anyone who may edit the issue) send tests only to their own account's address
  and to the addresses in TEST_RECIPIENTS.
- Members of "Newsletter senders" (campaigns.send_campaign) may send to any address.
- Everybody is held to SEND_TEST_RATE_LIMIT test messages per SEND_TEST_RATE_WINDOW
  seconds, counted from Wagtail's audit log, where every test send is written: the count
  is shared by every web process and survives restarts.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.models import PageLogEntry

from . import conf

LOG_ACTION = "clusterpost.send_test"
SEND_PERMISSION = "campaigns.send_campaign"


def may_send_anywhere(user) -> bool:
    return user.is_active and user.has_perm(SEND_PERMISSION)


def allowed_addresses(user) -> list[str] | None:
    """The addresses this user may send tests to; None: any address."""
    if may_send_anywhere(user):
        return None
    own = [user.email] if getattr(user, "email", "") else []
    return list(dict.fromkeys(own + conf.test_recipients()))


def refused(addresses: list[str], allowed: list[str] | None) -> list[str]:
    """The addresses outside ``allowed`` (compared without regard to case)."""
    if allowed is None:
        return []
    permitted = {address.lower() for address in allowed}
    return [address for address in addresses if address.lower() not in permitted]


def sent_recently(user) -> int:
    """Test messages this user sent within the rate window, from the audit log."""
    _limit, window = conf.send_test_rate_limit()
    since = timezone.now() - timedelta(seconds=window)
    entries = PageLogEntry.objects.filter(action=LOG_ACTION, user=user, timestamp__gte=since)
    return sum(len(data.get("recipients") or []) for data in entries.values_list("data", flat=True))


def remaining(user) -> int:
    limit, _window = conf.send_test_rate_limit()
    return max(0, limit - sent_recently(user))
