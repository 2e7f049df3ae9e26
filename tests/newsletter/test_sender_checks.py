"""The sender addresses are checked at start-up (``manage.py check``): a typo names the
setting instead of failing every message build."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from newsletter.checks import sender_addresses


def ids() -> list[str]:
    return [error.id for error in sender_addresses()]


def test_the_shipped_defaults_pass(settings):
    assert ids() == []


@pytest.mark.parametrize("value", [
    "bioXclusters plus <newsletter@bioxclusters.org>", "newsletter@bioxclusters.org",
    '"bioXclusters, plus" <newsletter@bioxclusters.org>', "Zoë Ångström <zoe@example.org>",
])
def test_one_address_with_or_without_a_name_passes(settings, value):
    settings.DEFAULT_FROM_EMAIL = value
    settings.NEWSLETTER_REPLY_TO = value
    assert ids() == []


@pytest.mark.parametrize("value", [
    "", "bioXclusters, plus <newsletter@bioxclusters.org>", "a@example.org, b@example.org",
    "news at example dot org", "x y@example.org", "Name <>", "news@localhost",
])
def test_a_malformed_from_address_is_an_error(settings, value):
    settings.DEFAULT_FROM_EMAIL = value
    assert ids() == ["newsletter.E001"]


@pytest.mark.parametrize("value", [
    "bioXclusters, plus <reply@bioxclusters.org>", "a@example.org, b@example.org", "x y@z.org",
])
def test_a_malformed_reply_to_is_an_error_and_empty_is_fine(settings, value):
    settings.NEWSLETTER_REPLY_TO = value
    [error] = sender_addresses()
    assert error.id == "newsletter.E002" and "NEWSLETTER_REPLY_TO" in error.msg
    settings.NEWSLETTER_REPLY_TO = ""
    assert ids() == []


def test_manage_py_check_stops_on_it(settings):
    settings.NEWSLETTER_REPLY_TO = "Support, Team <help@example.org>"
    with pytest.raises(SystemCheckError, match="newsletter.E002"):
        call_command("check")
