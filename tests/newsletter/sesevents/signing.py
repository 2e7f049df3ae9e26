"""Signing SNS messages the way Amazon SNS does, with a key and a self-signed certificate
made here. Used by the tests and by bench/bench_sns.py; nothing here reaches a network."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from newsletter.sesevents.sns import canonical_string

REGION = "eu-west-1"
TOPIC_ARN = f"arn:aws:sns:{REGION}:123456789012:clusterpost-ses-events"
OTHER_TOPIC_ARN = f"arn:aws:sns:{REGION}:123456789012:someone-else"


def make_certificate(*, days_valid: int = 2, expired: bool = False):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = datetime.now(UTC)
    start, end = (now - timedelta(days=10), now - timedelta(days=1)) if expired else (
        now - timedelta(days=1), now + timedelta(days=days_valid))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.PEM)


class SnsSigner:
    def __init__(self, region: str = REGION, *, expired: bool = False):
        self.region = region
        self.key, self.pem = make_certificate(expired=expired)
        self.cert_url = (
            f"https://sns.{region}.amazonaws.com/"
            f"SimpleNotificationService-{uuid.uuid4().hex[:32]}.pem"
        )

    def sign(self, message: dict, *, version: str = "1", key=None) -> dict:
        message = dict(message)
        message["SignatureVersion"] = version
        message.setdefault("SigningCertURL", self.cert_url)
        algorithm = hashes.SHA1() if version == "1" else hashes.SHA256()
        signature = (key or self.key).sign(canonical_string(message), padding.PKCS1v15(), algorithm)
        message["Signature"] = base64.b64encode(signature).decode()
        return message

    def notification(self, payload, *, topic_arn: str = TOPIC_ARN, version: str = "1",
                     message_id: str | None = None, subject: str | None = None,
                     cert_url: str | None = None, key=None) -> dict:
        message = {
            "Type": "Notification",
            "MessageId": message_id or str(uuid.uuid4()),
            "TopicArn": topic_arn,
            "Message": payload if isinstance(payload, str) else json.dumps(payload),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "UnsubscribeURL": f"https://sns.{self.region}.amazonaws.com/?Action=Unsubscribe",
        }
        if subject is not None:
            message["Subject"] = subject
        if cert_url is not None:
            message["SigningCertURL"] = cert_url
        return self.sign(message, version=version, key=key)

    def subscription(self, *, kind: str = "SubscriptionConfirmation", topic_arn: str = TOPIC_ARN,
                     subscribe_url: str | None = None, version: str = "1") -> dict:
        token = uuid.uuid4().hex * 2
        message = {
            "Type": kind,
            "MessageId": str(uuid.uuid4()),
            "Token": token,
            "TopicArn": topic_arn,
            "Message": f"You have chosen to subscribe to the topic {topic_arn}.",
            "SubscribeURL": subscribe_url or (
                f"https://sns.{self.region}.amazonaws.com/?Action=ConfirmSubscription"
                f"&TopicArn={topic_arn}&Token={token}"
            ),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
        return self.sign(message, version=version)


def ses_event(event_type: str, recipients=("ann@example.org",), *, campaign=7, delivery=70,
              message_id: str | None = None, when: datetime | None = None, **detail) -> dict:
    """An SES event-publishing payload (the SNS Message) as SES writes it."""
    when = when or datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    tags = {"ses:configuration-set": ["clusterpost"]}
    if campaign is not None:
        tags["campaign"] = [str(campaign)]
    if delivery is not None:
        tags["delivery"] = [str(delivery)]
    mail = {
        "timestamp": stamp,
        "source": "newsletter@bioxclusters.example",
        "messageId": message_id or f"0102{uuid.uuid4().hex}-000000",
        "destination": list(recipients),
        "tags": tags,
    }
    payload = {"eventType": event_type, "mail": mail}
    if event_type == "Bounce":
        payload["bounce"] = {
            "bounceType": detail.get("bounce_type", "Permanent"),
            "bounceSubType": detail.get("bounce_subtype", "General"),
            "bouncedRecipients": [
                {"emailAddress": r, "action": "failed", "status": "5.1.1",
                 "diagnosticCode": "smtp; 550 5.1.1 user unknown"} for r in recipients
            ],
            "timestamp": stamp,
            "feedbackId": uuid.uuid4().hex,
        }
    elif event_type == "Complaint":
        payload["complaint"] = {
            "complainedRecipients": [{"emailAddress": r} for r in recipients],
            "timestamp": stamp, "feedbackId": uuid.uuid4().hex, "complaintFeedbackType": "abuse",
        }
    elif event_type == "Delivery":
        payload["delivery"] = {"timestamp": stamp, "recipients": list(recipients),
                               "processingTimeMillis": 500, "smtpResponse": "250 2.6.0 Message received"}
    elif event_type == "Send":
        payload["send"] = {}
    elif event_type == "Reject":
        payload["reject"] = {"reason": "Bad content"}
    elif event_type == "DeliveryDelay":
        payload["deliveryDelay"] = {
            "timestamp": stamp, "delayType": "MailboxFull", "expirationTime": stamp,
            "delayedRecipients": [{"emailAddress": r, "status": "4.2.2",
                                   "diagnosticCode": "smtp; 452 4.2.2 Mailbox full"} for r in recipients],
        }
    elif event_type == "Subscription":
        payload["subscription"] = {"contactList": "news", "timestamp": stamp, "source": "UnsubscribeHeader",
                                   "newTopicPreferences": {"unsubscribeAll": True}}
    elif event_type == "Open":
        payload["open"] = {"ipAddress": "192.0.2.1", "timestamp": stamp, "userAgent": "Mozilla/5.0"}
    elif event_type == "Click":
        payload["click"] = {"ipAddress": "192.0.2.1", "timestamp": stamp, "userAgent": "Mozilla/5.0",
                            "link": detail.get("link", "https://bioxclusters.example/news/1"),
                            "linkTags": {}}
    elif event_type == "Rendering Failure":
        payload["failure"] = {"errorMessage": "Attribute 'name' is not present", "templateName": "t"}
    return payload
