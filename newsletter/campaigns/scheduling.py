"""Schedule times: a wall-clock date and time in a named time zone (python-dateutil)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dateutil import parser as date_parser
from dateutil import tz
from django.utils import timezone
from django.utils.translation import gettext as _


class ScheduleError(ValueError):
    """A schedule the editor must correct; the message says how."""


def resolve(local: datetime | str, zone_name: str, *, now: datetime | None = None,
            allow_past: bool = False) -> datetime:
    """Turn a naive wall-clock time in ``zone_name`` into an aware UTC datetime.

    Refuses unknown zones, times that do not exist (a spring-forward gap) and times in
    the past, each with a message an editor can act on."""
    zone = tz.gettz(zone_name) if zone_name else None
    if zone is None or "/" not in zone_name and zone_name not in ("UTC", "GMT"):
        raise ScheduleError(
            _("Unknown time zone “%(zone)s”. Use an Area/City name such as Europe/Brussels.")
            % {"zone": zone_name})
    if isinstance(local, str):
        try:
            local = date_parser.isoparse(local.strip().replace(" ", "T", 1))
        except ValueError as exc:
            raise ScheduleError(_("Not a date and time: “%(value)s”; use YYYY-MM-DD HH:MM.")
                                % {"value": local}) from exc
    if timezone.is_aware(local):
        local = local.replace(tzinfo=None)
    aware = local.replace(tzinfo=zone)
    if not tz.datetime_exists(aware):
        raise ScheduleError(
            _("%(time)s does not exist in %(zone)s (the clocks skip it).")
            % {"time": f"{local:%Y-%m-%d %H:%M}", "zone": zone_name})
    aware = tz.resolve_imaginary(aware)
    when = aware.astimezone(UTC)
    now = now or timezone.now()
    if not allow_past and when <= now + timedelta(seconds=5):
        raise ScheduleError(
            _("%(time)s %(zone)s is in the past (it is now %(now)s there). Pick a later time.")
            % {"time": f"{local:%Y-%m-%d %H:%M}", "zone": zone_name,
               "now": f"{now.astimezone(zone):%Y-%m-%d %H:%M}"})
    return when


def parse_at(value: str, *, now: datetime | None = None) -> tuple[datetime, str]:
    """``"YYYY-MM-DD HH:MM Area/City"`` -> (aware datetime, zone name)."""
    parts = value.strip().rsplit(" ", 1)
    if len(parts) != 2:
        raise ScheduleError(
            f"{value!r}: expected \"YYYY-MM-DD HH:MM Area/City\", e.g. \"2027-01-20 09:00 Europe/Brussels\".")
    local, zone_name = parts
    return resolve(local, zone_name, now=now), zone_name
