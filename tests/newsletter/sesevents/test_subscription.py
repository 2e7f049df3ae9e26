"""SubscriptionConfirmation is confirmed only for an allow-listed topic and an SNS URL."""

import pytest

from newsletter.sesevents import sns
from newsletter.sesevents.models import SnsMessage

from .signing import OTHER_TOPIC_ARN

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmations(monkeypatch):
    seen = []
    real = sns.confirm_subscription

    def fake(url):
        # run the real URL check, then pretend the GET succeeded
        if sns.sns_url_region(url) is None:
            return real(url)
        seen.append(url)

    monkeypatch.setattr(sns, "confirm_subscription", fake)
    return seen


@pytest.mark.parametrize("version", ["1", "2"])
def test_allow_listed_subscription_is_confirmed(signer, post, confirmations, version):
    message = signer.subscription(version=version)
    response = post(message)
    assert response.status_code == 200 and response.content == b"confirmed\n"
    assert confirmations == [message["SubscribeURL"]]
    assert SnsMessage.objects.get().confirmed
    assert post(message).status_code == 200  # redelivered: not confirmed twice
    assert len(confirmations) == 1


def test_subscription_to_another_topic_is_not_confirmed(signer, post, confirmations):
    assert post(signer.subscription(topic_arn=OTHER_TOPIC_ARN)).status_code == 403
    assert confirmations == []
    assert SnsMessage.objects.count() == 0


@pytest.mark.parametrize("url", [
    "https://sns.eu-west-1.amazonaws.com.evil.example/?Action=ConfirmSubscription",
    "http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription",
    "https://evil.example/?Action=ConfirmSubscription",
    "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
])
def test_subscribe_url_must_be_sns_in_the_topic_region(signer, post, confirmations, url):
    assert post(signer.subscription(subscribe_url=url)).status_code == 403
    assert confirmations == []
    assert SnsMessage.objects.count() == 0


def test_failed_confirmation_asks_sns_to_retry(signer, post, monkeypatch):
    def down(url):
        raise OSError("timed out")

    monkeypatch.setattr(sns, "confirm_subscription", down)
    assert post(signer.subscription()).status_code == 503
    assert SnsMessage.objects.count() == 0


def test_unsubscribe_confirmation_is_noted_not_acted_on(signer, post, confirmations, caplog):
    message = signer.subscription(kind="UnsubscribeConfirmation")
    assert post(message).status_code == 200
    assert confirmations == []
    assert SnsMessage.objects.get().type == "UnsubscribeConfirmation"
    assert "unsubscribed this webhook" in caplog.text
