"""Starting a campaign reads GetAccount; when that call fails, an explicit
SES_MAX_SEND_RATE still lets the campaign start, and without it the error stands."""

import pytest

from newsletter.campaigns import account
from newsletter.campaigns.models import SendRateBucket
from newsletter.transports import AccountError, PermanentError, TemporaryError, Transport


class NoAccountAccess(Transport):
    name = "no-account"

    def __init__(self, error):
        self.error = error

    def get_quota(self):
        raise self.error


@pytest.mark.django_db
def test_failed_get_account_with_an_explicit_rate_still_starts(settings):
    settings.SES_MAX_SEND_RATE = 25
    transport = NoAccountAccess(PermanentError("AccessDenied: ses:GetAccount"))
    assert account.configure_rate(transport) == 25.0
    assert SendRateBucket.objects.filter(key="no-account").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("error", [TemporaryError("Could not read the SES account"),
                                   PermanentError("AccessDenied")])
def test_failed_get_account_without_a_rate_stops_the_start(settings, error):
    settings.SES_MAX_SEND_RATE = None
    with pytest.raises(type(error)):
        account.configure_rate(NoAccountAccess(error))


@pytest.mark.django_db
def test_account_errors_stop_the_start_even_with_a_rate(settings):
    settings.SES_MAX_SEND_RATE = 25
    with pytest.raises(AccountError):
        account.configure_rate(NoAccountAccess(AccountError("Sending paused")))
