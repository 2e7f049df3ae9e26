"""Sending health: rolling bounce and complaint rates, next to the levels that matter.

Public API (stable: the admin dashboard tile and the campaign auto-pause build on it):

``Rate(events, sends, fraction)``
    One measured rate, frozen. ``events`` is the number of hard bounces (or complaints),
    ``sends`` the messages sent in the same span, ``fraction`` their ratio (0.0–1.0), or
    ``None`` when nothing was sent. Build one with ``Rate.of(events, sends)``;
    ``rate.percent`` is a display string such as ``"0.12%"`` (``"–"`` for ``None``).

``Thresholds``
    The published levels, frozen, as fractions: Amazon SES reviews an account at a bounce
    rate of 5% and may pause it at 10%; it reviews at a complaint rate of 0.1% and may
    pause at 0.5%. Gmail asks bulk senders to keep the user-reported spam rate below 0.1%
    and never let it reach 0.3%. ``THRESHOLDS`` is the instance; ``thresholds.bounce_level
    (rate)`` and ``thresholds.complaint_level(rate)`` return a :class:`Level`.

    ``thresholds.gmail_level(rate)`` judges a complaint rate against Gmail's guidance.

``Level``
    ``NONE`` (nothing sent), ``OK``, ``REVIEW`` (at or over the review level; for Gmail:
    at or over 0.1%), ``PAUSE`` (at or over the pause level; for Gmail: at or over 0.3%).

``WindowHealth(label, span, since, until, bounce, complaint, bounce_level,
complaint_level, gmail_level)``
    The rates over one rolling window ending at ``until``.

``AccountHealth(measured_at, day, week, thresholds)``
    ``account_health(now=None)`` returns it: ``day`` is the rolling 24 hours and ``week``
    the rolling 7 days ending at ``now`` (default: the current time). ``worst_level`` is
    the worst of the six levels, for a dashboard badge.

``CampaignHealth(campaign_id, bounce, complaint, stop)``
    ``campaign_health(campaign_id)`` returns it for one campaign (all its events so far).
    ``stop`` is the :class:`StopRule` applied; ``stop_reason`` is ``None`` while the
    campaign may keep sending, else a translated sentence for the editor saying which rate
    passed which stop threshold. The auto-pause uses this.

``StopRule(bounce, complaint, min_sends)``
    The configured stop thresholds (see ``conf.py``: by default half of SES's review
    levels, 2.5% and 0.05%, judged only once ``min_sends`` messages were sent, so that
    one bounce in three sends does not stop a campaign).

How rates are counted, the same way SES counts them: a hard bounce is a ``Permanent``
bounce event; a complaint is a complaint event; the denominator is the number of messages
sent, the larger of the Send events and the delivery ledger's ``sent`` rows (Send events
are only published when the configuration set asks for them). Windows are on the SES
event timestamp. For one campaign, recipients are counted once each.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.campaigns.models import Delivery, DeliveryStatus

from . import conf
from .models import SesEvent


class Level(enum.StrEnum):
    NONE = "none"
    OK = "ok"
    REVIEW = "review"
    PAUSE = "pause"


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}%"


@dataclass(frozen=True)
class Rate:
    events: int
    sends: int
    fraction: float | None

    @classmethod
    def of(cls, events: int, sends: int) -> Rate:
        return cls(events=events, sends=sends, fraction=(events / sends) if sends else None)

    @property
    def percent(self) -> str:
        return "–" if self.fraction is None else _percent(self.fraction)


@dataclass(frozen=True)
class Thresholds:
    bounce_review: float = 0.05
    bounce_pause: float = 0.10
    complaint_review: float = 0.001
    complaint_pause: float = 0.005
    gmail_spam_target: float = 0.001  # keep below
    gmail_spam_max: float = 0.003  # never reach

    @staticmethod
    def _level(rate: Rate, review: float, pause: float) -> Level:
        if rate.fraction is None:
            return Level.NONE
        if rate.fraction >= pause:
            return Level.PAUSE
        return Level.REVIEW if rate.fraction >= review else Level.OK

    def bounce_level(self, rate: Rate) -> Level:
        return self._level(rate, self.bounce_review, self.bounce_pause)

    def complaint_level(self, rate: Rate) -> Level:
        return self._level(rate, self.complaint_review, self.complaint_pause)

    def gmail_level(self, rate: Rate) -> Level:
        """The complaint rate against Gmail's spam-rate guidance (our complaints are the
        closest measure we have of Gmail's user-reported spam rate)."""
        return self._level(rate, self.gmail_spam_target, self.gmail_spam_max)


THRESHOLDS = Thresholds()
_ORDER = [Level.NONE, Level.OK, Level.REVIEW, Level.PAUSE]


@dataclass(frozen=True)
class WindowHealth:
    label: str
    span: timedelta
    since: datetime
    until: datetime
    bounce: Rate
    complaint: Rate
    bounce_level: Level
    complaint_level: Level
    gmail_level: Level


@dataclass(frozen=True)
class AccountHealth:
    measured_at: datetime
    day: WindowHealth
    week: WindowHealth
    thresholds: Thresholds

    @property
    def worst_level(self) -> Level:
        levels = (self.day.bounce_level, self.day.complaint_level, self.day.gmail_level,
                  self.week.bounce_level, self.week.complaint_level, self.week.gmail_level)
        return max(levels, key=_ORDER.index)


@dataclass(frozen=True)
class StopRule:
    bounce: float
    complaint: float
    min_sends: int

    @property
    def bounce_percent(self) -> str:
        return _percent(self.bounce)

    @property
    def complaint_percent(self) -> str:
        return _percent(self.complaint)

    @classmethod
    def configured(cls) -> StopRule:
        return cls(bounce=conf.autopause_bounce_rate(), complaint=conf.autopause_complaint_rate(),
                   min_sends=conf.autopause_min_sends())


@dataclass(frozen=True)
class CampaignHealth:
    campaign_id: int
    bounce: Rate
    complaint: Rate
    stop: StopRule

    @property
    def stop_reason(self) -> str | None:
        if self.bounce.sends < self.stop.min_sends:
            return None
        if self.complaint.fraction is not None and self.complaint.fraction >= self.stop.complaint:
            return _("Paused automatically: the complaint rate is %(rate)s (%(events)d of "
                     "%(sends)d sent), at or over the stop threshold of %(limit)s.") % {
                "rate": self.complaint.percent, "events": self.complaint.events,
                "sends": self.complaint.sends, "limit": _percent(self.stop.complaint)}
        if self.bounce.fraction is not None and self.bounce.fraction >= self.stop.bounce:
            return _("Paused automatically: the bounce rate is %(rate)s (%(events)d of "
                     "%(sends)d sent), at or over the stop threshold of %(limit)s.") % {
                "rate": self.bounce.percent, "events": self.bounce.events,
                "sends": self.bounce.sends, "limit": _percent(self.stop.bounce)}
        return None


def _window(label: str, span: timedelta, until: datetime, thresholds: Thresholds) -> WindowHealth:
    since = until - span
    T = SesEvent.Type
    counts = SesEvent.objects.filter(timestamp__gt=since, timestamp__lte=until).aggregate(
        sends=Count("id", filter=Q(event_type=T.SEND)),
        bounces=Count("id", filter=Q(event_type=T.BOUNCE, bounce_type="Permanent")),
        complaints=Count("id", filter=Q(event_type=T.COMPLAINT)),
    )
    ledger_sent = Delivery.objects.filter(
        status=DeliveryStatus.SENT, settled_at__gt=since, settled_at__lte=until).count()
    sends = max(counts["sends"], ledger_sent)
    bounce = Rate.of(counts["bounces"], sends)
    complaint = Rate.of(counts["complaints"], sends)
    return WindowHealth(label=label, span=span, since=since, until=until,
                        bounce=bounce, complaint=complaint,
                        bounce_level=thresholds.bounce_level(bounce),
                        complaint_level=thresholds.complaint_level(complaint),
                        gmail_level=thresholds.gmail_level(complaint))


def account_health(now: datetime | None = None) -> AccountHealth:
    """Rolling 24-hour and 7-day rates for the whole account (five queries)."""
    now = now or timezone.now()
    return AccountHealth(
        measured_at=now,
        day=_window(_("Last 24 hours"), timedelta(hours=24), now, THRESHOLDS),
        week=_window(_("Last 7 days"), timedelta(days=7), now, THRESHOLDS),
        thresholds=THRESHOLDS,
    )


def campaign_health(campaign_id: int, stop: StopRule | None = None) -> CampaignHealth:
    """One campaign's rates over all its events so far, with the stop rule (three queries)."""
    T = SesEvent.Type
    events = SesEvent.objects.filter(campaign_id=campaign_id)
    counts = events.aggregate(
        sends=Count("recipient", distinct=True, filter=Q(event_type=T.SEND)),
        bounces=Count("recipient", distinct=True,
                      filter=Q(event_type=T.BOUNCE, bounce_type="Permanent")),
        complaints=Count("recipient", distinct=True, filter=Q(event_type=T.COMPLAINT)),
    )
    ledger_sent = Delivery.objects.filter(campaign_id=campaign_id, status=DeliveryStatus.SENT).count()
    sends = max(counts["sends"], ledger_sent)
    return CampaignHealth(
        campaign_id=campaign_id,
        bounce=Rate.of(counts["bounces"], sends),
        complaint=Rate.of(counts["complaints"], sends),
        stop=stop or StopRule.configured(),
    )
