"""Every forged, altered, misdirected, replayed or malformed message is rejected and
changes nothing; genuine v1 and v2 messages are accepted."""

import json
import logging

import pytest

from newsletter.sesevents import sns
from newsletter.sesevents.models import SesEvent, SnsMessage

from .signing import OTHER_TOPIC_ARN, SnsSigner, make_certificate, ses_event

pytestmark = pytest.mark.django_db


def assert_nothing_changed():
    assert SnsMessage.objects.count() == 0
    assert SesEvent.objects.count() == 0


@pytest.mark.parametrize("version", ["1", "2"])
def test_genuine_notification_is_stored(signer, post, lifecycle, version):
    message = signer.notification(ses_event("Delivery", ["Ann@Example.org"]), version=version)
    response = post(message)
    assert response.status_code == 200, response.content
    sns_message = SnsMessage.objects.get()
    assert sns_message.message_id == message["MessageId"]
    assert sns_message.signature_version == version
    event = SesEvent.objects.get()
    assert (event.event_type, event.recipient, event.campaign_id, event.delivery_id) == (
        "delivery", "ann@example.org", 7, 70)


def test_notification_with_subject_is_signed_over_subject(signer, post, lifecycle):
    message = signer.notification(ses_event("Delivery"), subject="Amazon SES Email Event Notification")
    assert post(message).status_code == 200
    message = signer.notification(ses_event("Delivery"), subject="original")
    message["Subject"] = "changed"
    assert post(message).status_code == 403


def test_forged_signature_is_rejected(signer, post, lifecycle, caplog):
    forger_key, _ = make_certificate()
    message = signer.notification(ses_event("Bounce"), key=forger_key)
    with caplog.at_level(logging.WARNING, logger="newsletter.sesevents.intake"):
        response = post(message)
    assert response.status_code == 403
    assert "signature does not verify" in caplog.text
    assert_nothing_changed()
    assert lifecycle["mark_bounced"] == []


@pytest.mark.parametrize("version", ["1", "2"])
def test_altered_message_is_rejected(signer, post, lifecycle, version):
    message = signer.notification(ses_event("Delivery", ["ann@example.org"]), version=version)
    message["Message"] = json.dumps(ses_event("Bounce", ["ann@example.org"]))
    assert post(message).status_code == 403
    assert_nothing_changed()
    assert lifecycle["mark_bounced"] == []


@pytest.mark.parametrize("field", ["MessageId", "TopicArn", "Timestamp", "Type"])
def test_altered_signed_field_is_rejected(signer, post, field, settings):
    message = signer.notification(ses_event("Delivery"))
    if field == "TopicArn":
        settings.SNS_TOPIC_ARNS = [message["TopicArn"], OTHER_TOPIC_ARN]
        message[field] = OTHER_TOPIC_ARN
    elif field == "Type":
        message[field] = "SubscriptionConfirmation"
    else:
        message[field] = message[field][:-2] + "00"
    assert post(message, HTTP_X_AMZ_SNS_MESSAGE_TYPE=message["Type"]).status_code == 403
    assert_nothing_changed()


def test_signature_version_cannot_be_downgraded(signer, post):
    message = signer.notification(ses_event("Delivery"), version="2")
    message["SignatureVersion"] = "1"
    assert post(message).status_code == 403
    for bad in ("3", None, ""):
        message["SignatureVersion"] = bad
        assert post(message).status_code == 403
    assert_nothing_changed()


@pytest.mark.parametrize("cert_url", [
    "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-x.pem",
    "http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns.eu-west-1.amazonaws.com@evil.example/SimpleNotificationService-x.pem",
    "https://evil.example@sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-x.pem",
    "https://sns.eu-west-1.amazonaws.com.cn.evil.example/SimpleNotificationService-x.pem",
    "https://evil.example/sns.eu-west-1.amazonaws.com/x.pem",
    "https://xsns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns-eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns.eu-west-1.amazonaws.co/SimpleNotificationService-x.pem",
    "https://SNS.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem",
    "https://sns.eu-west-1.amazonaws.com\\@evil.example/x.pem",
    "https://sns.eu-west-1.amazonaws.com/x.txt",
    "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",  # other region than topic
    "",
])
def test_certificate_not_on_an_sns_host_is_rejected_and_never_fetched(signer, post, lifecycle, cert_url):
    signer.table[cert_url] = signer.pem  # the attacker serves the right certificate
    message = signer.notification(ses_event("Bounce"), cert_url=cert_url)
    assert post(message).status_code == 403
    assert signer.fetched == []
    assert_nothing_changed()
    assert lifecycle["mark_bounced"] == []


@pytest.mark.parametrize("url,region", [
    ("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-a.pem", "eu-west-1"),
    ("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-a.pem", "cn-north-1"),
    ("https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-a.pem", "us-gov-west-1"),
])
def test_sns_certificate_hosts_are_accepted(url, region):
    assert sns.sns_url_region(url, path_suffix=".pem") == region


def test_unknown_topic_is_rejected(signer, post, lifecycle):
    message = signer.notification(ses_event("Complaint"), topic_arn=OTHER_TOPIC_ARN)
    assert post(message).status_code == 403
    assert signer.fetched == []  # rejected before any certificate work
    assert_nothing_changed()
    assert lifecycle["mark_complained"] == []


def test_no_topic_is_accepted_when_the_allow_list_is_empty(signer, post, settings):
    settings.SNS_TOPIC_ARNS = []
    assert post(signer.notification(ses_event("Delivery"))).status_code == 403
    assert_nothing_changed()


def test_replayed_message_changes_nothing(signer, post, lifecycle):
    message = signer.notification(ses_event("Bounce", ["ann@example.org"]))
    assert post(message).status_code == 200
    assert lifecycle["mark_bounced"] and len(lifecycle["mark_bounced"]) == 1
    snapshot = list(SesEvent.objects.values_list("id", "effect"))
    response = post(message)
    assert response.status_code == 200 and response.content == b"duplicate\n"
    assert SnsMessage.objects.count() == 1
    assert list(SesEvent.objects.values_list("id", "effect")) == snapshot
    assert len(lifecycle["mark_bounced"]) == 1


@pytest.mark.parametrize("body", [
    b"{not json", b"", b"\xff\xfe\x00garbage", b"[]", b'"Notification"', b"null",
    json.dumps({"Type": "Notification"}).encode(),
])
def test_malformed_body_is_rejected(signer, post, body, caplog):
    with caplog.at_level(logging.WARNING, logger="newsletter.sesevents.intake"):
        response = post(body)
    assert response.status_code == 403
    assert "SES webhook rejected" in caplog.text
    assert_nothing_changed()


def test_oversized_body_is_rejected_without_parsing(signer, post, settings, monkeypatch):
    settings.SES_WEBHOOK_MAX_BYTES = 4096
    message = signer.notification(ses_event("Delivery", [f"r{i}@example.org" for i in range(200)]))
    body = json.dumps(message)
    assert len(body) > 4096
    monkeypatch.setattr("newsletter.sesevents.intake.jsonlimits.loads",
                        lambda *a, **k: pytest.fail("parsed an oversized body"))
    assert post(body).status_code == 413
    assert_nothing_changed()


def test_default_limit_rejects_a_body_over_256_kb(signer, post):
    message = signer.notification(ses_event("Delivery"))
    message["Padding"] = "x" * (256 * 1024)
    assert post(message).status_code == 413
    assert_nothing_changed()


def test_only_post_is_allowed(client, signer):
    assert client.get("/newsletter/ses/events/").status_code == 405
    assert client.put("/newsletter/ses/events/", data="{}").status_code == 405


def test_message_type_header_must_match(signer, post):
    message = signer.notification(ses_event("Delivery"))
    assert post(message, HTTP_X_AMZ_SNS_MESSAGE_TYPE="SubscriptionConfirmation").status_code == 403
    assert_nothing_changed()


def test_expired_certificate_is_rejected(signer, post):
    old = SnsSigner(expired=True)
    signer.table[old.cert_url] = old.pem
    assert post(old.notification(ses_event("Delivery"))).status_code == 403
    assert_nothing_changed()


def test_certificate_that_is_not_a_certificate_is_rejected(signer, post):
    signer.table[signer.cert_url] = b"<html>captive portal</html>"
    assert post(signer.notification(ses_event("Delivery"))).status_code == 403
    assert_nothing_changed()


def test_unreachable_certificate_asks_sns_to_retry(signer, post, settings):
    del signer.table[signer.cert_url]
    message = signer.notification(ses_event("Delivery"))
    assert post(message).status_code == 503
    assert_nothing_changed()
    signer.table[signer.cert_url] = signer.pem
    # The failed fetch is remembered briefly: no second fetch, SNS is asked to retry.
    assert post(message).status_code == 503 and len(signer.fetched) == 1
    settings.SNS_CERT_FAILURE_CACHE = 0  # later the same message gets through
    assert post(message).status_code == 200
    assert SesEvent.objects.count() == 1


def test_certificate_is_fetched_once_and_cached(signer, post):
    for _ in range(3):
        assert post(signer.notification(ses_event("Delivery"))).status_code == 200
    assert signer.fetched == [signer.cert_url]
    sns.certificates.clear()  # a new process: the Django cache still has it
    assert post(signer.notification(ses_event("Delivery"))).status_code == 200
    assert signer.fetched == [signer.cert_url]


def test_real_fetch_refuses_to_run_for_a_lookalike(signer):
    with pytest.raises(sns.VerificationError):
        sns.confirm_subscription("https://sns.eu-west-1.amazonaws.com.evil.example/?Action=x")


def test_lone_surrogate_in_a_signed_field_is_rejected_not_a_crash(signer, post):
    message = signer.notification(ses_event("Delivery"))
    body = json.dumps(message).replace(json.dumps(message["MessageId"]), '"\\ud800"')
    assert post(body).status_code == 403
    assert_nothing_changed()
