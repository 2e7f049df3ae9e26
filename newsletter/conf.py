"""The newsletter app's own settings (the "Send test" action), each with its default.
Override them in cms/settings (the README lists the environment variables)."""

from django.conf import settings


def test_recipients() -> list[str]:
    """Addresses every editor may send tests to, besides their own account's address."""
    return list(getattr(settings, "TEST_RECIPIENTS", None) or [])


def send_test_rate_limit() -> tuple[int, int]:
    """(test messages, window seconds) one user may send; default 50 per hour."""
    return (int(getattr(settings, "SEND_TEST_RATE_LIMIT", 50)),
            int(getattr(settings, "SEND_TEST_RATE_WINDOW", 3600)))
