"""SQS intake: the durable path for production.

SES → SNS topic → SQS queue (raw message delivery; a dead-letter queue after
``MAX_RECEIVES`` failed receives) → ``manage.py poll_ses_events`` → the same apply as the
webhook (``apply.apply_messages``).

Each poll receives up to 10 messages (long poll), appends and applies them in one
transaction, and deletes them only after that transaction committed. So:

- a poller killed before the commit leaves the messages in the queue; they come back
  after the visibility timeout and another poller applies them;
- a poller killed after the commit but before the delete leaves messages that come back
  with the same SQS MessageId: they are recognised (``SnsMessage.message_id`` is
  ``sqs:<MessageId>``) and only deleted;
- a message that fails to apply is not deleted; after ``MAX_RECEIVES`` receives SQS moves
  it to the dead-letter queue, whose size the SES report shows.

Several pollers may run at once: SQS gives each message to one receiver at a time, and
the MessageId unique constraint catches the rest. The queue policy lets only our SNS
topic send, so bodies are trusted like the verified webhook's; a body that is still an
SNS envelope (raw delivery off) is verified with the webhook's rules.

The client comes from the standard boto3 configuration (credentials, ``AWS_REGION``,
``AWS_ENDPOINT_URL_SQS`` for a local endpoint).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import boto3
from botocore.config import Config
from django.conf import settings
from django.db import transaction

from . import apply, conf, handlers, jsonlimits, sns
from .models import SnsMessage

log = logging.getLogger(__name__)
BATCH = 10
MAX_RECEIVES = 5
WAIT_SECONDS = 20


def client():
    return boto3.client("sqs", region_name=settings.AWS_REGION,
                        config=Config(retries={"mode": "standard", "max_attempts": 3},
                                      connect_timeout=5, read_timeout=WAIT_SECONDS + 10))


@dataclass
class Polled:
    received: int = 0
    applied: int = 0  # messages appended and applied now
    duplicates: int = 0  # seen before (e.g. redelivered after a crash): deleted only
    failed: int = 0  # left in the queue
    deleted: int = 0
    events: int = 0
    paused: list[int] = field(default_factory=list)


def _body(message: dict, queue_url: str) -> dict:
    """The append() arguments for one SQS message. A raw-delivery body is the SES event;
    an SNS envelope is verified and unwrapped."""
    body = message["Body"]
    fields = {"message_id": f"sqs:{message['MessageId']}", "kind": SnsMessage.Type.NOTIFICATION,
              "topic_arn": queue_url[-256:], "sent_at": None, "signature_version": "",
              "body": body}
    try:
        parsed = jsonlimits.loads(body, max_depth=conf.webhook_max_depth())
    except ValueError:
        return fields  # not JSON: stored, and logged as not an SES event when applied
    if isinstance(parsed, dict) and parsed.get("Type") == "Notification" and "Signature" in parsed:
        envelope = sns.verify(parsed)
        fields.update(message_id=envelope.message_id, topic_arn=envelope.topic_arn,
                      sent_at=envelope.timestamp, signature_version=envelope.signature_version,
                      body=envelope.message)
    return fields


def _append_and_apply(messages: list[dict], queue_url: str, polled: Polled) -> None:
    rows = []
    for message in messages:
        row = handlers.append(**_body(message, queue_url))
        if row is None:
            polled.duplicates += 1
        else:
            rows.append(row)
    if rows:
        done = apply.apply_messages(rows)
        polled.events += done.stored
        polled.paused += done.paused
    polled.applied += len(rows)


def apply_received(messages: list[dict], queue_url: str) -> tuple[Polled, list[dict]]:
    """Append and apply received messages; returns the result and the messages that may
    be deleted (their transaction committed)."""
    polled = Polled(received=len(messages))
    try:
        with transaction.atomic():
            _append_and_apply(messages, queue_url, polled)
        return polled, list(messages)
    except Exception:
        log.exception("SES events (SQS): a batch failed; applying its messages one by one")
    polled = Polled(received=len(messages))
    done = []
    for message in messages:
        try:
            with transaction.atomic():
                _append_and_apply([message], queue_url, polled)
            done.append(message)
        except Exception as exc:
            polled.failed += 1
            log.warning("SES events (SQS): message %s failed (receive %s); left for "
                        "redelivery: %s", message.get("MessageId"),
                        message.get("Attributes", {}).get("ApproximateReceiveCount"), exc)
    return polled, done


def poll_once(sqs, queue_url: str, *, wait: int = WAIT_SECONDS,
              visibility_timeout: int | None = None) -> Polled:
    """One long poll of up to 10 messages: receive, apply, commit, then delete."""
    params = {"QueueUrl": queue_url, "MaxNumberOfMessages": BATCH, "WaitTimeSeconds": wait,
              "MessageSystemAttributeNames": ["ApproximateReceiveCount"]}
    if visibility_timeout is not None:
        params["VisibilityTimeout"] = visibility_timeout
    messages = sqs.receive_message(**params).get("Messages", [])
    if not messages:
        return Polled()
    polled, done = apply_received(messages, queue_url)
    if done:
        answer = sqs.delete_message_batch(QueueUrl=queue_url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
        polled.deleted = len(answer.get("Successful", []))
        for failure in answer.get("Failed", []):
            log.warning("SES events (SQS): could not delete a message: %s", failure)
    return polled


def dead_letter_queue_url(sqs, queue_url: str) -> str | None:
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])
    policy = attributes.get("Attributes", {}).get("RedrivePolicy")
    if not policy:
        return None
    arn = json.loads(policy)["deadLetterTargetArn"]
    _, _, _, _, account, name = arn.split(":", 5)
    return sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]


def dead_letter_count(sqs=None) -> int | None:
    """Messages waiting in the dead-letter queue of ``SES_EVENTS_QUEUE_URL`` (None when no
    queue is configured). Raises botocore errors."""
    queue_url = conf.queue_url()
    if not queue_url:
        return None
    sqs = sqs or client()
    dlq = dead_letter_queue_url(sqs, queue_url)
    if dlq is None:
        return None
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
    return int(attributes["Attributes"]["ApproximateNumberOfMessages"])
