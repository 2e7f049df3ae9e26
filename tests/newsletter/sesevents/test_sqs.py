"""SQS intake against moto in server mode (SQS + SNS over the real boto3 wire protocol):
``ses_setup --sqs`` builds the queue, and ``poll_ses_events`` applies every event once,
even with two pollers and a poller killed mid-batch."""

import io
import json
import threading
import urllib.request

import boto3
import pytest
from django.core.management import call_command
from django.db import connection

from newsletter.sesevents import apply, sqs
from newsletter.sesevents.models import SesEvent, SnsMessage
from newsletter.subscribers.suppression import is_suppressed
from tests.support.moto_ses import fake_aws_credentials, moto_server

from .signing import ses_event

WEBHOOK = "https://news.bioxclusters.example/newsletter/ses/events/"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:clusterpost-ses-events"


@pytest.fixture(scope="module")
def moto_endpoint():
    with fake_aws_credentials(), moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def aws(moto_endpoint, settings, monkeypatch):
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))
    monkeypatch.setenv("AWS_ENDPOINT_URL_SQS", moto_endpoint)  # the standard boto3 variable
    settings.SES_ENDPOINT_URL = moto_endpoint
    settings.AWS_REGION = "eu-west-1"
    # Not on the webhook's allow-list: ses_setup then leaves the HTTPS subscription out
    # (moto would try to POST every published message to it).
    settings.SNS_TOPIC_ARNS = []

    def client(name):
        return boto3.client(name, region_name="eu-west-1", endpoint_url=moto_endpoint)

    return client


def setup(*args):
    out = io.StringIO()
    call_command("ses_setup", "--webhook-url", WEBHOOK, "--sqs", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def queue(aws, settings):
    out = setup()
    url = out.split("SES_EVENTS_QUEUE_URL=")[1].split()[0]
    settings.SES_EVENTS_QUEUE_URL = url
    return url


def publish(aws, n, kind="Delivery", start=0, **fields):
    sns = aws("sns")
    for i in range(start, start + n):
        sns.publish(TopicArn=TOPIC, Message=json.dumps(
            ses_event(kind, [f"r{i}@example.org"], campaign=3, delivery=300 + i, **fields)))


def drain(client, queue_url):
    while sqs.poll_once(client, queue_url, wait=0).received:
        pass


def test_ses_setup_sqs_builds_queue_dead_letters_policy_and_raw_subscription(aws):
    first = setup()
    assert "+ created SQS queue 'clusterpost-ses-events-dlq'" in first
    assert "+ created SQS queue 'clusterpost-ses-events'" in first
    assert "+ subscribed the SQS queue to the topic (raw message delivery)" in first
    client = aws("sqs")
    url = client.get_queue_url(QueueName="clusterpost-ses-events")["QueueUrl"]
    assert f"SES_EVENTS_QUEUE_URL={url}" in first
    attributes = client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    [statement] = json.loads(attributes["Policy"])["Statement"]
    assert statement["Principal"] == {"Service": "sns.amazonaws.com"}
    assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": TOPIC}}
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":clusterpost-ses-events-dlq")
    assert int(redrive["maxReceiveCount"]) == sqs.MAX_RECEIVES
    subs = [s for s in aws("sns").list_subscriptions_by_topic(TopicArn=TOPIC)["Subscriptions"]
            if s["Protocol"] == "sqs"]
    assert len(subs) == 1
    raw = aws("sns").get_subscription_attributes(SubscriptionArn=subs[0]["SubscriptionArn"])
    assert raw["Attributes"]["RawMessageDelivery"] == "true"
    second = setup()
    assert "\n  + " not in second  # idempotent


@pytest.mark.django_db
def test_poll_ses_events_applies_each_event_once(aws, queue):
    publish(aws, 3)
    publish(aws, 1, kind="Bounce", start=10, bounce_type="Permanent")
    out = io.StringIO()
    call_command("poll_ses_events", "--once", "--wait", "1", stdout=out)
    assert "received 4, applied 4 (4 events)" in out.getvalue()
    assert SesEvent.objects.count() == 4 and is_suppressed("r10@example.org")
    assert not apply.pending().exists()  # applied in the poll, not left for a task
    client = sqs.client()
    assert sqs.poll_once(client, queue, wait=0).received == 0  # deleted after the commit


@pytest.mark.django_db
def test_poller_killed_before_its_commit_leaves_the_messages_for_another(aws, queue, monkeypatch):
    publish(aws, 5)
    client = sqs.client()
    real = apply.apply_messages

    def killed(rows):
        raise KeyboardInterrupt  # the process dies mid-batch, before the commit

    monkeypatch.setattr(apply, "apply_messages", killed)
    with pytest.raises(KeyboardInterrupt):
        sqs.poll_once(client, queue, wait=0, visibility_timeout=1)
    assert SnsMessage.objects.count() == 0  # rolled back
    monkeypatch.setattr(apply, "apply_messages", real)
    import time

    time.sleep(1.2)  # the visibility timeout ends; SQS delivers them again
    drain(client, queue)
    assert SesEvent.objects.count() == 5


@pytest.mark.django_db
def test_poller_killed_after_its_commit_deletes_the_redelivery_only(aws, queue, monkeypatch):
    publish(aws, 4)
    client = sqs.client()

    def killed(**kwargs):
        raise KeyboardInterrupt  # dies between the commit and the delete

    monkeypatch.setattr(client, "delete_message_batch", killed)
    with pytest.raises(KeyboardInterrupt):
        sqs.poll_once(client, queue, wait=0, visibility_timeout=1)
    assert SesEvent.objects.count() == 4
    import time

    time.sleep(1.2)
    fresh = sqs.client()
    polled = sqs.poll_once(fresh, queue, wait=0)
    assert (polled.received, polled.duplicates, polled.deleted) == (4, 4, 4)
    assert SesEvent.objects.count() == 4 and sqs.poll_once(fresh, queue, wait=0).received == 0


@pytest.mark.django_db
def test_failing_message_goes_to_the_dead_letter_queue_and_is_counted(
        aws, queue, monkeypatch, admin_client):
    from newsletter.sesevents import effects

    publish(aws, 1, kind="Bounce", start=0, bounce_type="Permanent")

    def broken(email, detail):
        raise RuntimeError("lifecycle is down")

    monkeypatch.setattr(effects, "suppress_bounced", broken)
    client = sqs.client()
    for _ in range(sqs.MAX_RECEIVES + 1):
        polled = sqs.poll_once(client, queue, wait=0, visibility_timeout=0)
        assert polled.deleted == 0
    assert SesEvent.objects.count() == 0 and sqs.dead_letter_count() == 1
    html = admin_client.get("/admin/ses-events/").content.decode()
    assert 'data-intake="dead-letters">1<' in html


@pytest.mark.django_db(transaction=True)
def test_two_pollers_at_once_apply_every_event_once(aws, queue):
    publish(aws, 40)
    errors = []

    def poller():
        try:
            drain(sqs.client(), queue)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=poller) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert SesEvent.objects.count() == 40
    assert SesEvent.objects.values("fingerprint").distinct().count() == 40
    assert SnsMessage.objects.filter(message_id__startswith="sqs:").count() == 40
