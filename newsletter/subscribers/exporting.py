"""CSV export of subscribers, streamed row by row. The columns are the import's, so an
export can be imported elsewhere; status and timestamps follow."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from .models import Subscriber

COLUMNS = ("email", "name", "organisation", "country", "language", "topics", "consent_source",
           "consent_date", "status", "created_at", "confirmed_at", "unsubscribed_at")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Spreadsheet programs run cells that start with = + - @ (or a tab or CR before
    one) as formulas: such a cell gets a leading apostrophe, which they show as text."""
    return "'" + value if value.startswith(FORMULA_START) else value


def safe_row(values: Iterable[str]) -> list[str]:
    """Every cell of a CSV row neutralised, whatever its column: an address such as
    ``=1+2@example.org`` is valid, and so could any other value be."""
    return [_cell(str(value)) for value in values]


def unescape_cell(value: str) -> str:
    """The reverse of the export's neutralising, so that an export imports again."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def _stamp(value) -> str:
    return value.isoformat() if value else ""


def rows(queryset) -> Iterator[list[str]]:
    yield list(COLUMNS)
    for s in queryset.filter(erased_at__isnull=True).order_by("pk").iterator(chunk_size=2000):
        yield safe_row([s.email or "", s.name, s.organisation, s.country, s.language,
                        ";".join(s.topics), s.consent_source, _stamp(s.consented_at), s.status,
                        _stamp(s.created_at), _stamp(s.confirmed_at),
                        _stamp(s.unsubscribed_at)])


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset) -> Iterator[str]:
    """Lines of CSV text, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    for row in rows(queryset):
        yield writer.writerow(row)


def write_csv(handle, queryset) -> int:
    """Write to an open text file; returns the number of subscribers written."""
    writer = csv.writer(handle)
    count = -1
    for count, row in enumerate(rows(queryset)):  # noqa: B007
        writer.writerow(row)
    return max(count, 0)


def filtered(statuses: Iterable[str] | None = None):
    queryset = Subscriber.objects.all()
    statuses = list(statuses or [])
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    return queryset
