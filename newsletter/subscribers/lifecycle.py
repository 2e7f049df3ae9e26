"""Every change to a subscriber's status or preferences, each appending a ConsentEvent.

Transitions:
    (new) ──request──► pending ──confirm──► confirmed
    confirmed ──unsubscribe──► unsubscribed            (suppressed)
    any ──mark_bounced / mark_complained──► bounced / complained   (suppressed)
    unsubscribed ──request──► pending ──confirm──► confirmed
                          (confirming takes the address off the list and applies the
                           details the request kept aside)
    bounced | complained ──request──► no change, no mail
    any ──erase──► personal data removed, suppression hash kept
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from . import topics as topic_list
from .addresses import email_hashes, normalise_email
from .models import ConsentEvent, Subscriber, SuppressedAddress
from .suppression import is_suppressed, suppress, unsuppress
from .tasks import send_subscriber_email, send_welcome_email

Status = Subscriber.Status
Action = ConsentEvent.Action
Source = ConsentEvent.Source

#: statuses whose address is on the suppression list
SUPPRESSED_STATUSES = {Status.UNSUBSCRIBED, Status.BOUNCED, Status.COMPLAINED}


class StaleConfirmation(Exception):
    """A confirmation link older than the latest request, or for a finished subscription."""


def _event(subscriber, action, source, *, ip=None, version="", detail=None, at=None):
    return ConsentEvent.objects.create(
        subscriber=subscriber, action=action, source=source, occurred_at=at or timezone.now(),
        consent_text_version=version, ip_address=ip if conf.record_ip() else None,
        detail=detail or {})


def _set_status(subscriber, status, now):
    subscriber.status = status
    subscriber.status_changed_at = now
    stamp = {Status.PENDING: "subscribed_at", Status.CONFIRMED: "confirmed_at",
             Status.UNSUBSCRIBED: "unsubscribed_at", Status.BOUNCED: "bounced_at",
             Status.COMPLAINED: "complained_at"}[status]
    setattr(subscriber, stamp, now)


def _send_later(subscriber_id: int, kind: str) -> None:
    transaction.on_commit(lambda: send_subscriber_email.enqueue(subscriber_id, kind))


def _welcome_later(subscriber_id: int) -> None:
    transaction.on_commit(lambda: send_welcome_email.enqueue(subscriber_id))


#: suppression reasons that no subscribe request lifts: such an address gets no mail.
#: Someone who unsubscribed, asked to be left alone or was erased may come back through
#: double opt-in; a complaint or a hard bounce came from the mailbox itself.
REFUSED_REASONS = {SuppressedAddress.Reason.BOUNCED, SuppressedAddress.Reason.COMPLAINED}


def _refused(email: str, subscriber: Subscriber | None) -> bool:
    """True for an address that must get no confirmation email: it bounced or complained."""
    if subscriber is not None and subscriber.status in (Status.BOUNCED, Status.COMPLAINED):
        return True
    return SuppressedAddress.objects.filter(
        email_hash__in=email_hashes(email), reason__in=REFUSED_REASONS).exists()


def request_subscription(email: str, *, name: str = "", organisation: str = "",
                         country: str = "", language: str = "",
                         topics: Iterable[str] | None = None, source: str = Source.FORM,
                         ip: str | None = None) -> None:
    """Someone asked to subscribe ``email``. Whatever the address's state, the caller
    answers the same way; what happens differs:

    - new: a pending row with the requested details and a confirmation email;
    - pending or unsubscribed: the row becomes pending and gets a confirmation email (at
      most one per resend interval); the requested details are kept aside
      (``requested_details``) and replace the row's only when the address confirms;
    - bounced or complained (the row's status or the suppression list says so): nothing
      is sent and nothing changes; the request is recorded on an existing row;
    - already confirmed: a reminder with the preference-centre link (same interval);
      nothing else changes, since anyone can type anyone's address.
    """
    email = normalise_email(email)
    chosen = topic_list.clean(topics) if topics is not None else list(topic_list.ALL)
    details = {"name": name, "organisation": organisation, "country": country,
               "language": language or "en", "topics": chosen}
    now = timezone.now()
    version = conf.consent_text_version()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if _refused(email, subscriber):
            if subscriber is not None:
                _event(subscriber, Action.SUBSCRIBE_REQUESTED, source, ip=ip, version=version,
                       detail={"topics": chosen, "language": details["language"],
                               "refused": "suppressed"})
            return
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, status=Status.PENDING, subscribed_at=now,
                        status_changed_at=now, **details)
            except IntegrityError:  # a concurrent request created it
                subscriber = Subscriber.objects.select_for_update().get(email=email)
            else:
                details = {}
        already = subscriber.status == Status.CONFIRMED and not is_suppressed(email)
        if not already:
            if subscriber.status != Status.PENDING:
                _set_status(subscriber, Status.PENDING, now)
            subscriber.subscribed_at = now
            subscriber.requested_details = details
        _event(subscriber, Action.SUBSCRIBE_REQUESTED, source, ip=ip, version=version,
               detail={"topics": chosen, "language": language or "en",
                       "already_confirmed": already})
        last = subscriber.confirmation_sent_at
        if last is None or (now - last).total_seconds() >= conf.resend_interval():
            subscriber.confirmation_sent_at = now
            kind = "already_subscribed" if already else "confirm"
            if not already:
                subscriber.confirm_nonce = secrets.token_hex(8)
            _event(subscriber, Action.CONFIRMATION_SENT, source, version=version,
                   detail={"email": kind})
            _send_later(subscriber.pk, kind)
        subscriber.save()


def _apply_requested_details(subscriber: Subscriber) -> None:
    details = subscriber.requested_details or {}
    for name in ("name", "organisation", "country", "language"):
        if name in details:
            setattr(subscriber, name, details[name])
    if "topics" in details:
        subscriber.topics = topic_list.clean(details["topics"])
    subscriber.requested_details = {}


def confirm(subscriber: Subscriber, *, nonce: str, ip: str | None = None) -> bool:
    """Double opt-in: the person followed the link in the confirmation email. Once
    committed, the welcome email is queued (subscribers.welcome).
    Returns False when already confirmed (nothing changes, nothing is sent); raises
    StaleConfirmation for a link that a newer request or an unsubscribe replaced."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.is_erased:
            raise StaleConfirmation(_("This subscription no longer exists."))
        if subscriber.status == Status.CONFIRMED and not is_suppressed(subscriber.email):
            return False
        if subscriber.status != Status.PENDING or not nonce or nonce != subscriber.confirm_nonce:
            raise StaleConfirmation(_("This confirmation link was replaced by a newer one."))
        now = timezone.now()
        requested = subscriber.consent_events.filter(
            action=Action.SUBSCRIBE_REQUESTED).order_by("-occurred_at", "-pk").first()
        version = requested.consent_text_version if requested else conf.consent_text_version()
        _set_status(subscriber, Status.CONFIRMED, now)
        _apply_requested_details(subscriber)
        subscriber.confirm_nonce = ""
        subscriber.consent_source = "Subscribe form (double opt-in)"
        subscriber.consented_at = now
        subscriber.save()
        unsuppress(subscriber.email)
        _event(subscriber, Action.CONFIRMED, Source.EMAIL_LINK, ip=ip, version=version)
        _welcome_later(subscriber.pk)  # the worker checks that the welcome is on
    return True


def update_preferences(subscriber: Subscriber, *, topics: Iterable[str], language: str,
                       name: str, ip: str | None = None) -> list[str]:
    """Preference centre. Returns the names of the fields that changed."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        chosen = topic_list.clean(topics)
        changed, detail = [], {}
        if chosen != subscriber.topics:
            changed.append("topics")
            detail["topics"] = {"from": subscriber.topics, "to": chosen}
            subscriber.topics = chosen
        if language != subscriber.language:
            changed.append("language")
            detail["language"] = {"from": subscriber.language, "to": language}
            subscriber.language = language
        if name != subscriber.name:
            changed.append("name")  # the value itself stays out of the log
            subscriber.name = name
        if changed:
            subscriber.save()
            detail["fields"] = changed
            _event(subscriber, Action.PREFERENCES_CHANGED, Source.PREFERENCES, ip=ip,
                   version=conf.consent_text_version(), detail=detail)
        return changed


def unsubscribe(subscriber: Subscriber, *, source: str, ip: str | None = None) -> None:
    """Stop all mail at once and put the address on the suppression list. Idempotent."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.is_erased:
            return
        if subscriber.status in SUPPRESSED_STATUSES:
            if not is_suppressed(subscriber.email):
                suppress(subscriber.email, subscriber.status)
            return
        _set_status(subscriber, Status.UNSUBSCRIBED, timezone.now())
        subscriber.confirm_nonce = ""
        subscriber.requested_details = {}
        subscriber.save()
        suppress(subscriber.email, SuppressedAddress.Reason.UNSUBSCRIBED)
        _event(subscriber, Action.UNSUBSCRIBED, source, ip=ip)


def _mark(email: str, status: str, action: str, detail: str) -> None:
    with transaction.atomic():
        current = SuppressedAddress.objects.filter(email_hash__in=email_hashes(email)).first()
        if not (current and current.reason == SuppressedAddress.Reason.COMPLAINED):
            suppress(email, status)  # a complaint is never downgraded to a bounce
        subscriber = Subscriber.objects.select_for_update().by_email(email).first()
        if subscriber is None or subscriber.status in (status, Status.COMPLAINED):
            return
        _set_status(subscriber, status, timezone.now())
        subscriber.confirm_nonce = ""
        subscriber.save()
        _event(subscriber, action, Source.SES, detail={"detail": detail[:1000]})


def mark_bounced(email: str, *, detail: str = "") -> None:
    """Hard bounce: status bounced and the address suppressed (known or not)."""
    _mark(email, Status.BOUNCED, Action.BOUNCED, detail)


def mark_complained(email: str, *, detail: str = "") -> None:
    """Complaint (spam button): status complained and the address suppressed."""
    _mark(email, Status.COMPLAINED, Action.COMPLAINED, detail)


def admin_update(subscriber: Subscriber, *, changed: list[str], user=None) -> None:
    """Record that an administrator edited the subscriber (the form saved the row)."""
    if changed:
        _event(subscriber, Action.ADMIN_CHANGED, Source.ADMIN,
               detail={"fields": sorted(changed), "user_id": getattr(user, "pk", None)})


def erase(subscriber: Subscriber, *, source: str = Source.ADMIN, user=None) -> None:
    """GDPR erasure: personal data removed; the address stays suppressed as a hash, so
    nobody re-imports it by mistake. Consent events keep what happened and when, but lose
    their IP addresses."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.is_erased:
            return
        if subscriber.email:
            reason = subscriber.status if subscriber.status in SUPPRESSED_STATUSES else "manual"
            if not is_suppressed(subscriber.email):
                suppress(subscriber.email, reason)
        if subscriber.status in (Status.PENDING, Status.CONFIRMED):
            _set_status(subscriber, Status.UNSUBSCRIBED, timezone.now())
        subscriber.email = None
        subscriber.email_hash = ""
        subscriber.name = subscriber.organisation = subscriber.country = ""
        subscriber.language = ""
        subscriber.topics = []
        subscriber.requested_details = {}
        subscriber.consent_source = ""
        subscriber.confirm_nonce = ""
        subscriber.erased_at = timezone.now()
        subscriber.save()
        # The one change ever made to consent events: their IP addresses go.
        ConsentEvent.objects.filter(subscriber=subscriber).update(ip_address=None)
        _scrub_audit_log(subscriber)
        _event(subscriber, Action.ERASED, source,
               detail={"user_id": getattr(user, "pk", None)})


def _scrub_audit_log(subscriber: Subscriber) -> None:
    """Wagtail's audit log titles entries with str(instance), the address: replace it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Subscriber), object_id=str(subscriber.pk),
    ).update(label=f"Subscriber #{subscriber.pk}")


def data_export(subscriber: Subscriber) -> dict:
    """Everything held about one subscriber (GDPR art. 15/20), as JSON-ready data."""
    def stamp(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "organisation": subscriber.organisation,
        "country": subscriber.country,
        "language": subscriber.language,
        "topics": subscriber.topics,
        "requested_details": subscriber.requested_details,
        "status": subscriber.status,
        "consent_source": subscriber.consent_source,
        "consented_at": stamp(subscriber.consented_at),
        "created_at": stamp(subscriber.created_at),
        "status_changed_at": stamp(subscriber.status_changed_at),
        "subscribed_at": stamp(subscriber.subscribed_at),
        "confirmed_at": stamp(subscriber.confirmed_at),
        "unsubscribed_at": stamp(subscriber.unsubscribed_at),
        "bounced_at": stamp(subscriber.bounced_at),
        "complained_at": stamp(subscriber.complained_at),
        "welcomed_at": stamp(subscriber.welcomed_at),
        "erased_at": stamp(subscriber.erased_at),
        "suppressed": bool(subscriber.email) and is_suppressed(subscriber.email),
        "consent_events": [
            {"action": event.action, "source": event.source,
             "occurred_at": stamp(event.occurred_at),
             "consent_text_version": event.consent_text_version,
             "ip_address": event.ip_address, "detail": event.detail}
            for event in subscriber.consent_events.order_by("occurred_at", "pk")
        ],
    }
