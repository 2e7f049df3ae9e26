"""One-command SES setup: configuration set → SNS topic → event destination → HTTPS
subscription to the webhook, then the DNS records the sending domain needs.

Every step first reads what exists and changes only what is missing, so running it again
changes nothing. With ``dry_run`` only read calls are made (none at all without
credentials) and the plan is printed.

SES v2 (``sesv2``) is used throughout. Where an endpoint does not implement a v2 call
(moto answers a bare HTTP 404 for configuration-set event destinations and the MAIL FROM
attributes), the same resource is handled through the classic SES API, which AWS keeps
in step with v2, and the output says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

EVENT_TYPES_V2 = ["SEND", "REJECT", "BOUNCE", "COMPLAINT", "DELIVERY", "DELIVERY_DELAY",
                  "RENDERING_FAILURE", "SUBSCRIPTION"]
V2_TO_CLASSIC = {"SEND": "send", "REJECT": "reject", "BOUNCE": "bounce", "COMPLAINT": "complaint",
                 "DELIVERY": "delivery", "DELIVERY_DELAY": "deliveryDelay",
                 "RENDERING_FAILURE": "renderingFailure", "SUBSCRIPTION": "subscription",
                 "OPEN": "open", "CLICK": "click"}


class SetupError(Exception):
    pass


def not_implemented(exc: Exception) -> bool:
    """A bare HTTP 404 without an AWS error code: the endpoint lacks this API call."""
    if not isinstance(exc, ClientError):
        return False
    error = exc.response.get("Error", {})
    return error.get("Code") in ("404", "NotImplemented", "InvalidAction") or (
        exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404
        and "<html" in str(error.get("Message", "")).lower()
    )


def error_code(exc: Exception) -> str:
    return exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""


@dataclass
class SetupOptions:
    configuration_set: str
    topic_name: str
    webhook_url: str
    region: str
    endpoint_url: str | None = None
    domain: str = ""
    mail_from_subdomain: str = "bounce"
    destination_name: str = "clusterpost-sns"
    track_opens: bool = False
    track_clicks: bool = False
    dry_run: bool = False
    # The webhook's SNS_TOPIC_ARNS: subscribing before the topic is on it would make the
    # webhook refuse SNS's SubscriptionConfirmation.
    allowed_topics: tuple[str, ...] = ()
    from_address: str = ""  # DEFAULT_FROM_EMAIL, for the DMARC alignment check
    sqs_queue: str = ""  # with --sqs: the queue's name (its dead-letter queue adds -dlq)
    max_receives: int = 5
    account_suppression: bool = False
    vdm: bool = False

    @property
    def event_types(self) -> list[str]:
        types = list(EVENT_TYPES_V2)
        if self.track_opens:
            types.append("OPEN")
        if self.track_clicks:
            types.append("CLICK")
        return types


@dataclass
class SetupResult:
    topic_arn: str = ""
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dns: list[tuple[str, str, str, str]] = field(default_factory=list)  # type, name, value, why
    queue_url: str = ""
    aligned: bool | None = None  # DMARC alignment of the From domain (None: no --domain)


class SesSetup:
    def __init__(self, options: SetupOptions, say: Callable[[str], None] = print):
        self.o = options
        self.say = say
        self.result = SetupResult()
        config = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=15)
        session = boto3.session.Session(region_name=options.region)
        self.has_credentials = session.get_credentials() is not None
        kwargs = {"region_name": options.region, "endpoint_url": options.endpoint_url, "config": config}
        self.v2 = session.client("sesv2", **kwargs)
        self.classic = session.client("ses", **kwargs)
        self.sns = session.client("sns", **kwargs)
        self.sqs = session.client("sqs", region_name=options.region, config=config)
        self.account = ""

    # -- reporting ----------------------------------------------------------------------
    def _done(self, what: str) -> None:
        self.result.changed.append(what)
        self.say(f"  + {what}")

    def _exists(self, what: str) -> None:
        self.result.unchanged.append(what)
        self.say(f"  = {what}")

    def _plan(self, what: str) -> None:
        self.result.planned.append(what)
        self.say(f"  ~ would {what}")

    def _note(self, text: str) -> None:
        self.result.notes.append(text)
        self.say(f"  ! {text}")

    # -- steps ----------------------------------------------------------------------------
    def run(self) -> SetupResult:
        o = self.o
        if not o.webhook_url.startswith("https://"):
            raise SetupError(f"the webhook URL must be https (got {o.webhook_url!r}); "
                             "pass --webhook-url or set SITE_URL")
        header = "Plan (dry run, nothing is changed)" if o.dry_run else "Setting up"
        self.say(f"{header}: region {o.region}" + (f", endpoint {o.endpoint_url}" if o.endpoint_url else ""))
        if o.dry_run and not self.has_credentials:
            self._note("no AWS credentials: showing the plan without checking what exists")
            self._offline_plan()
        else:
            try:
                self.configuration_set()
                self.topic()
                self.event_destination()
                self.subscription()
                if o.sqs_queue:
                    self.queue()
                if o.account_suppression:
                    self.suppression_list()
                if o.vdm:
                    self.deliverability_manager()
                if o.domain:
                    self.identity()
            except (ClientError, BotoCoreError) as exc:
                raise SetupError(f"AWS said: {exc}") from exc
        self.dns_records()
        self.alignment()
        return self.result

    def _offline_plan(self) -> None:
        o = self.o
        self._plan(f"create configuration set {o.configuration_set!r} (if missing)")
        self._plan(f"create SNS topic {o.topic_name!r} (if missing)")
        self._plan(f"add event destination {o.destination_name!r}: {', '.join(o.event_types)} → the topic")
        self._plan(f"subscribe {o.webhook_url} (https) to the topic")
        if o.domain:
            self._plan(f"create domain identity {o.domain!r} with Easy DKIM and MAIL FROM "
                       f"{o.mail_from_subdomain}.{o.domain}")

    def configuration_set(self) -> None:
        name = self.o.configuration_set
        try:
            self.v2.get_configuration_set(ConfigurationSetName=name)
            self._exists(f"configuration set {name!r}")
            return
        except ClientError as exc:
            if error_code(exc) != "NotFoundException":
                raise
        if self.o.dry_run:
            self._plan(f"create configuration set {name!r}")
            return
        self.v2.create_configuration_set(ConfigurationSetName=name)
        self._done(f"created configuration set {name!r}")

    def _find_topic(self) -> str:
        suffix = f":{self.o.topic_name}"
        for page in self.sns.get_paginator("list_topics").paginate():
            for topic in page.get("Topics", []):
                if topic["TopicArn"].endswith(suffix):
                    return topic["TopicArn"]
        return ""

    def topic(self) -> None:
        arn = self._find_topic()
        if arn:
            self._exists(f"SNS topic {arn}")
        elif self.o.dry_run:
            self._plan(f"create SNS topic {self.o.topic_name!r}")
            arn = f"arn:aws:sns:{self.o.region}:<account>:{self.o.topic_name}"
        else:
            arn = self.sns.create_topic(Name=self.o.topic_name)["TopicArn"]
            self._done(f"created SNS topic {arn}")
        self.result.topic_arn = arn

    def event_destination(self) -> None:
        o = self.o
        wanted_types = set(o.event_types)
        destination = {"Enabled": True, "MatchingEventTypes": sorted(wanted_types),
                       "SnsDestination": {"TopicArn": self.result.topic_arn}}
        try:
            existing = self.v2.get_configuration_set_event_destinations(
                ConfigurationSetName=o.configuration_set)["EventDestinations"]
            use_classic = False
        except ClientError as exc:
            if error_code(exc) == "NotFoundException" and o.dry_run:
                existing, use_classic = [], False  # the configuration set itself is planned
            elif not_implemented(exc):
                self._note("this endpoint lacks sesv2 configuration-set event destinations; "
                           "using the classic SES API for them")
                existing, use_classic = self._classic_destinations(), True
            else:
                raise
        current = next((d for d in existing if d.get("Name") == o.destination_name), None)
        label = f"event destination {o.destination_name!r} ({', '.join(sorted(wanted_types))})"
        if current is not None:
            same = (set(current.get("MatchingEventTypes", [])) == wanted_types
                    and current.get("SnsDestination", {}).get("TopicArn") == self.result.topic_arn
                    and current.get("Enabled", False))
            if same:
                self._exists(label)
                return
            if o.dry_run:
                self._plan(f"update {label}")
                return
            if use_classic:
                self._note(f"{label} differs and this endpoint cannot update it; "
                           "change it in the SES console")
                return
            self.v2.update_configuration_set_event_destination(
                ConfigurationSetName=o.configuration_set, EventDestinationName=o.destination_name,
                EventDestination=destination)
            self._done(f"updated {label}")
            return
        if o.dry_run:
            self._plan(f"add {label} → {self.result.topic_arn}")
            return
        if use_classic:
            self.classic.create_configuration_set_event_destination(
                ConfigurationSetName=o.configuration_set,
                EventDestination={
                    "Name": o.destination_name, "Enabled": True,
                    "MatchingEventTypes": [V2_TO_CLASSIC[t] for t in sorted(wanted_types)],
                    "SNSDestination": {"TopicARN": self.result.topic_arn},
                })
        else:
            self.v2.create_configuration_set_event_destination(
                ConfigurationSetName=o.configuration_set, EventDestinationName=o.destination_name,
                EventDestination=destination)
        self._done(f"added {label}")

    def _classic_destinations(self) -> list[dict]:
        try:
            described = self.classic.describe_configuration_set(
                ConfigurationSetName=self.o.configuration_set,
                ConfigurationSetAttributeNames=["eventDestinations"])
        except ClientError as exc:
            if error_code(exc) == "ConfigurationSetDoesNotExist" and self.o.dry_run:
                return []
            raise
        classic_to_v2 = {v: k for k, v in V2_TO_CLASSIC.items()}
        return [
            {"Name": d["Name"], "Enabled": d.get("Enabled", False),
             "MatchingEventTypes": [classic_to_v2.get(t, t.upper()) for t in d.get("MatchingEventTypes", [])],
             "SnsDestination": {"TopicArn": d.get("SNSDestination", {}).get("TopicARN", "")}}
            for d in described.get("EventDestinations", [])
        ]

    def subscription(self) -> None:
        url, arn = self.o.webhook_url, self.result.topic_arn
        pending = None
        if "<account>" not in arn:
            for page in self.sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=arn):
                for sub in page.get("Subscriptions", []):
                    if sub.get("Protocol") == "https" and sub.get("Endpoint") == url:
                        pending = sub.get("SubscriptionArn") == "PendingConfirmation"
        if pending is False:
            self._exists(f"HTTPS subscription of {url} (confirmed)")
            return
        if self.o.dry_run:
            self._plan(("ask SNS to resend the confirmation of " if pending else "subscribe ")
                       + f"{url} to the topic")
            return
        if arn not in self.o.allowed_topics:
            self._note(f"not subscribing {url} yet: the webhook would refuse the confirmation. "
                       f"Set SNS_TOPIC_ARNS={arn} on the site, deploy, then run ses_setup again")
            return
        # Subscribing again while pending makes SNS send the confirmation again.
        self.sns.subscribe(TopicArn=arn, Protocol="https", Endpoint=url, ReturnSubscriptionArn=True)
        if pending:
            self._done(f"asked SNS to resend the confirmation request to {url}")
        else:
            self._done(f"subscribed {url}; SNS sends it a SubscriptionConfirmation, "
                       "which the webhook confirms")

    # -- SQS intake -----------------------------------------------------------------------
    def _queue_url(self, name: str) -> str:
        try:
            return self.sqs.get_queue_url(QueueName=name)["QueueUrl"]
        except ClientError as exc:
            if "NonExistentQueue" not in error_code(exc) and "QueueDoesNotExist" not in error_code(exc):
                raise
            return ""

    def _ensure_queue(self, name: str) -> tuple[str, str]:
        url = self._queue_url(name)
        if url:
            self._exists(f"SQS queue {name!r}")
        elif self.o.dry_run:
            self._plan(f"create SQS queue {name!r}")
            return "", f"arn:aws:sqs:{self.o.region}:<account>:{name}"
        else:
            url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
            self._done(f"created SQS queue {name!r}")
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def queue_policy(self, queue_arn: str) -> dict:
        """Only our topic may send to the queue."""
        return {"Version": "2012-10-17", "Statement": [{
            "Sid": "OnlyTheSesEventsTopic", "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
            "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": self.result.topic_arn}},
        }]}

    def queue(self) -> None:
        o = self.o
        _dlq_url, dlq_arn = self._ensure_queue(f"{o.sqs_queue}-dlq")
        url, arn = self._ensure_queue(o.sqs_queue)
        wanted = {
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn,
                                         "maxReceiveCount": o.max_receives}),
            "Policy": json.dumps(self.queue_policy(arn)),
            "ReceiveMessageWaitTimeSeconds": "20",
            "VisibilityTimeout": "60",
        }
        if url:
            current = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            differs = sorted(k for k, v in wanted.items() if not _same_attribute(current.get(k), v))
            if not differs:
                self._exists(f"queue policy (only {self.result.topic_arn}) and dead-letter queue "
                             f"after {o.max_receives} receives")
            elif o.dry_run:
                self._plan(f"set {', '.join(differs)} on the queue")
            else:
                self.sqs.set_queue_attributes(QueueUrl=url, Attributes={k: wanted[k] for k in differs})
                self._done(f"set {', '.join(differs)} on the queue")
        self.result.queue_url = url
        self.queue_subscription(arn)

    def queue_subscription(self, queue_arn: str) -> None:
        topic = self.result.topic_arn
        existing = None
        if "<account>" not in topic:
            for page in self.sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic):
                for sub in page.get("Subscriptions", []):
                    if sub.get("Protocol") == "sqs" and sub.get("Endpoint") == queue_arn:
                        existing = sub["SubscriptionArn"]
        if existing:
            raw = self.sns.get_subscription_attributes(SubscriptionArn=existing)["Attributes"].get(
                "RawMessageDelivery", "false")
            if raw == "true":
                self._exists("SQS subscription to the topic, raw message delivery")
            elif self.o.dry_run:
                self._plan("turn on raw message delivery of the SQS subscription")
            else:
                self.sns.set_subscription_attributes(SubscriptionArn=existing,
                                                     AttributeName="RawMessageDelivery",
                                                     AttributeValue="true")
                self._done("turned on raw message delivery of the SQS subscription")
            return
        if self.o.dry_run:
            self._plan("subscribe the SQS queue to the topic (raw message delivery)")
            return
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                           Attributes={"RawMessageDelivery": "true"}, ReturnSubscriptionArn=True)
        self._done("subscribed the SQS queue to the topic (raw message delivery)")

    # -- account --------------------------------------------------------------------------
    def _account(self) -> dict | None:
        try:
            return self.v2.get_account()
        except ClientError as exc:
            if not_implemented(exc):
                return None
            raise

    def suppression_list(self) -> None:
        wanted = ["BOUNCE", "COMPLAINT"]
        account = self._account()
        if account is None:
            self._note("this endpoint lacks sesv2 GetAccount; account-level suppression not checked")
            return
        current = sorted((account.get("SuppressionAttributes") or {}).get("SuppressedReasons") or [])
        if current == wanted:
            self._exists("account-level suppression list (bounces and complaints)")
        elif self.o.dry_run:
            self._plan("turn on the account-level suppression list for bounces and complaints")
        else:
            self.v2.put_account_suppression_attributes(SuppressedReasons=wanted)
            self._done("turned on the account-level suppression list for bounces and complaints")

    def deliverability_manager(self) -> None:
        account = self._account()
        enabled = ((account or {}).get("VdmAttributes") or {}).get("VdmEnabled") == "ENABLED"
        if enabled:
            self._exists("Virtual Deliverability Manager")
            return
        if self.o.dry_run:
            self._plan("turn on Virtual Deliverability Manager (engagement dashboard, "
                       "optimized shared delivery; billed by AWS)")
            return
        try:
            self.v2.put_account_vdm_attributes(VdmAttributes={
                "VdmEnabled": "ENABLED",
                "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
                "GuardianAttributes": {"OptimizedSharedDelivery": "ENABLED"},
            })
        except ClientError as exc:
            if not not_implemented(exc):
                raise
            self._note("this endpoint lacks sesv2 PutAccountVdmAttributes; turn VDM on in the console")
            return
        self._done("turned on Virtual Deliverability Manager")

    def identity(self) -> None:
        domain = self.o.domain
        try:
            identity = self.v2.get_email_identity(EmailIdentity=domain)
            self._exists(f"domain identity {domain!r}")
        except ClientError as exc:
            if error_code(exc) != "NotFoundException":
                raise
            if self.o.dry_run:
                self._plan(f"create domain identity {domain!r} with Easy DKIM")
                identity = {}
            else:
                identity = self.v2.create_email_identity(EmailIdentity=domain)
                self._done(f"created domain identity {domain!r} with Easy DKIM")
        self.dkim_tokens = list((identity.get("DkimAttributes") or {}).get("Tokens") or [])
        if not self.dkim_tokens and identity:
            # moto's sesv2 leaves Tokens out; the classic API reads the same identity.
            attrs = self.classic.get_identity_dkim_attributes(Identities=[domain])["DkimAttributes"]
            self.dkim_tokens = list(attrs.get(domain, {}).get("DkimTokens") or [])
        self.mail_from(identity)

    def mail_from(self, identity: dict) -> None:
        domain, wanted = self.o.domain, f"{self.o.mail_from_subdomain}.{self.o.domain}"
        current = (identity.get("MailFromAttributes") or {}).get("MailFromDomain", "")
        use_classic = False
        if not current and identity:
            attrs = self.classic.get_identity_mail_from_domain_attributes(Identities=[domain])
            current = attrs["MailFromDomainAttributes"].get(domain, {}).get("MailFromDomain", "")
        if current == wanted:
            self._exists(f"MAIL FROM domain {wanted}")
            return
        if self.o.dry_run:
            self._plan(f"set the MAIL FROM domain of {domain} to {wanted}")
            return
        try:
            self.v2.put_email_identity_mail_from_attributes(
                EmailIdentity=domain, MailFromDomain=wanted, BehaviorOnMxFailure="USE_DEFAULT_VALUE")
        except ClientError as exc:
            if not not_implemented(exc):
                raise
            use_classic = True
            self.classic.set_identity_mail_from_domain(
                Identity=domain, MailFromDomain=wanted, BehaviorOnMXFailure="UseDefaultValue")
        self._done(f"set the MAIL FROM domain to {wanted}" + (" (classic SES API)" if use_classic else ""))

    def dns_records(self) -> None:
        domain = self.o.domain
        if not domain:
            return
        tokens = getattr(self, "dkim_tokens", None) or ["<token1>", "<token2>", "<token3>"]
        mail_from = f"{self.o.mail_from_subdomain}.{domain}"
        records = [("CNAME", f"{t}._domainkey.{domain}", f"{t}.dkim.amazonses.com", "Easy DKIM")
                   for t in tokens]
        records += [
            ("MX", mail_from, f"10 feedback-smtp.{self.o.region}.amazonses.com", "custom MAIL FROM"),
            ("TXT", mail_from, '"v=spf1 include:amazonses.com ~all"', "SPF for the MAIL FROM domain"),
            ("TXT", f"_dmarc.{domain}", f'"v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}"',
             "DMARC: start with p=none, then quarantine"),
        ]
        self.result.dns = records
        self.say(f"\nDNS records for {domain}:")
        for kind, name, value, why in records:
            self.say(f"  {kind:<5} {name}  {value}    ; {why}")

    def alignment(self) -> None:
        """DMARC needs the From domain aligned (relaxed) with the DKIM domain or the MAIL
        FROM domain; Outlook.com has required it of bulk senders since May 2025."""
        domain, sender = self.o.domain, self.o.from_address
        if not domain or "@" not in sender:
            return
        from_domain = sender.rsplit("@", 1)[1].strip(" >").lower()
        mail_from = f"{self.o.mail_from_subdomain}.{domain}"
        dkim = aligned(from_domain, domain)
        spf = aligned(from_domain, mail_from)
        self.result.aligned = dkim or spf
        self.say(f"\nDMARC alignment of From {from_domain}:")
        self.say(f"  DKIM d={domain}: {'aligned' if dkim else 'NOT aligned'}")
        self.say(f"  MAIL FROM {mail_from}: {'aligned' if spf else 'NOT aligned'}")
        if not self.result.aligned:
            self._note(f"DEFAULT_FROM_EMAIL's domain {from_domain} is aligned with neither; "
                       f"send from an address @{domain} or run ses_setup --domain {from_domain}")


def _same_attribute(current, wanted: str) -> bool:
    if current is None:
        return False
    try:
        return json.loads(current) == json.loads(wanted)
    except ValueError:
        return str(current) == wanted


def organisational(domain: str) -> str:
    """The registrable part of a domain, roughly: its last two labels (three for common
    two-label public suffixes such as co.uk). Enough for relaxed DMARC alignment here."""
    labels = domain.lower().rstrip(".").split(".")
    if len(labels) >= 3 and labels[-2] in ("co", "com", "ac", "org", "gov", "net", "edu"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def aligned(from_domain: str, other: str) -> bool:
    """Relaxed DMARC alignment: the same organisational domain."""
    return organisational(from_domain) == organisational(other)
