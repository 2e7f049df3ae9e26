"""CSV import of subscribers, used by ``manage.py import_subscribers`` and the admin upload.

The file is streamed: rows are validated one by one and written in batches
(one lookup query, one bulk_create and one bulk_update per batch), inside one
transaction. A bad row stops nothing from being *checked*: every bad row is reported
with its line, column and reason. Then, unless bad rows are to be skipped, the whole
import is rolled back; ``dry_run`` always rolls back after reporting what would happen.

Columns (header names are case-insensitive; ',' ';' or tab separated; UTF-8):
    email*, consent_source*, consent_date*, name, organisation, country, topics, language
Imported people count as confirmed: the file states where and when they consented.
Addresses on the suppression list (or unsubscribed, bounced, complained) are skipped.
"""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from django.db import connection, models, transaction
from django.utils import timezone
from email_validator import EmailNotValidError

from cms import languages as site_languages

from . import conf, countries
from . import topics as topic_list
from .addresses import email_hashes
from .email_syntax import check_syntax
from .exporting import unescape_cell
from .models import ConsentEvent, Subscriber, SuppressedAddress

REQUIRED = ("email", "consent_source", "consent_date")
OPTIONAL = ("name", "organisation", "country", "topics", "language")
ALIASES = {"e_mail": "email", "email_address": "email", "organization": "organisation",
           "company": "organisation", "consent": "consent_source", "consented_at": "consent_date",
           "consent_given": "consent_date", "source": "consent_source"}
MAX_LENGTH = {"name": 200, "organisation": 200, "consent_source": 200}
DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M")
BATCH_SIZE = 2000
INACTIVE = {Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED}


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong encoding, empty, no usable header."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def __str__(self):
        return f"line {self.line}, column {self.column}: {self.reason}"


class LineSet:
    """Line numbers, kept as ranges (100,000 consecutive lines cost one tuple)."""

    def __init__(self):
        self.ranges: list[list[int]] = []
        self.count = 0

    def add(self, line: int):
        self.count += 1
        if self.ranges and self.ranges[-1][1] == line - 1:
            self.ranges[-1][1] = line
        else:
            self.ranges.append([line, line])

    def __len__(self):
        return self.count

    def __iter__(self):
        for start, end in self.ranges:
            yield from range(start, end + 1)

    def __str__(self):
        if not self.ranges:
            return "none"
        return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.ranges)


@dataclass
class ImportReport:
    dry_run: bool = False
    skip_bad_rows: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_lines: LineSet = field(default_factory=LineSet)
    imported_lines: LineSet = field(default_factory=LineSet)
    suppressed_lines: LineSet = field(default_factory=LineSet)
    warnings: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def suppressed(self) -> int:
        return len(self.suppressed_lines)

    @property
    def ok(self) -> bool:
        return not self.errors or self.skip_bad_rows

    def summary(self, *, with_errors: bool = True) -> str:
        lines = []
        if self.dry_run:
            lines.append("Dry run: nothing was saved. This is what the import would do.")
        elif self.committed:
            lines.append("Import finished.")
        else:
            lines.append(f"Nothing was imported: {len(self.bad_lines)} bad row(s). Fix them, "
                         "or import again skipping bad rows.")
        lines += [
            f"Data rows read: {self.rows}",
            f"New subscribers: {self.created}",
            f"Existing subscribers updated: {self.updated}",
            f"Existing subscribers unchanged: {self.unchanged}",
            f"Duplicate rows merged: {self.duplicates}",
            f"Suppressed addresses skipped: {self.suppressed}"
            + (f" (lines {self.suppressed_lines})" if self.suppressed else ""),
            f"Bad rows: {len(self.bad_lines)}" + (f" (lines {self.bad_lines})" if self.bad_lines else ""),
        ]
        if self.committed or self.dry_run:
            verb = "would go in" if self.dry_run else "went in"
            lines.append(f"Rows that {verb}: lines {self.imported_lines}")
        lines += [f"Warning: {warning}" for warning in self.warnings]
        if with_errors:
            lines += [f"Error: {error}" for error in self.errors]
        return "\n".join(lines)


@dataclass
class Record:
    line: int
    email: str
    name: str
    organisation: str
    country: str
    topics: list[str]
    language: str
    consent_source: str
    consent_date: datetime
    lines: list[int] = field(default_factory=list)

    def merge(self, other: Record) -> None:
        """A later row for the same address: fill blanks, add topics."""
        for name in ("name", "organisation", "country"):
            if not getattr(self, name) and getattr(other, name):
                setattr(self, name, getattr(other, name))
        self.topics = topic_list.clean(set(self.topics) | set(other.topics))
        self.lines.append(other.line)


class _Rollback(Exception):
    pass


def _column_name(raw: str) -> str:
    name = "_".join(raw.strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


def _parse_date(value: str) -> datetime:
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD (or DD/MM/YYYY)") from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _open_text(fileobj: BinaryIO):
    """Lines of UTF-8 text (a BOM is dropped). Decoding errors surface while reading."""
    return io.TextIOWrapper(fileobj, encoding="utf-8-sig", errors="strict", newline="")


class Importer:
    def __init__(self, *, dry_run=False, skip_bad_rows=False, source=ConsentEvent.Source.IMPORT,
                 user=None, batch_size=BATCH_SIZE, progress=None):
        self.report = ImportReport(dry_run=dry_run, skip_bad_rows=skip_bad_rows)
        self.source = source
        self.user_id = getattr(user, "pk", None)
        self.batch_size = batch_size
        self.languages = set(site_languages.codes())
        self.seen: set[str] = set()  # addresses already met in this file
        self.created_here: set[str] = set()
        self.now = timezone.now()
        # progress(rows read, bytes read) after every batch, for the admin's progress page
        self.progress = progress or (lambda rows, position: None)
        self.fileobj = None

    # --- reading ---------------------------------------------------------------------------
    def _header(self, text):
        try:
            first = text.readline()
        except UnicodeDecodeError as exc:
            raise self._encoding_error(exc, 1) from exc
        if not first.strip():
            if first == "":
                raise ImportFileError("The file is empty.")
            raise ImportFileError("Line 1 is blank: the first line must be the header "
                                  f"naming the columns ({', '.join(REQUIRED + OPTIONAL)}).")
        delimiter = max((",", ";", "\t"), key=first.count)
        header = next(csv.reader([first], delimiter=delimiter))
        columns = [_column_name(name) for name in header]
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            looks_like_data = any("@" in name for name in header)
            hint = (" Line 1 looks like data: add a header line first." if looks_like_data
                    else f" Found: {', '.join(h.strip() for h in header)}.")
            raise ImportFileError(f"Missing column(s) in the header: {', '.join(missing)}.{hint} "
                                  f"Required: {', '.join(REQUIRED)}; optional: {', '.join(OPTIONAL)}.")
        doubled = sorted({name for name in columns if columns.count(name) > 1 and name})
        if doubled:
            raise ImportFileError(f"Column(s) named twice in the header: {', '.join(doubled)}.")
        unknown = [raw for raw, name in zip(header, columns, strict=True)
                   if name not in REQUIRED + OPTIONAL]
        if unknown:
            self.report.warnings.append(f"ignored column(s): {', '.join(unknown)}")
        return first, delimiter, columns

    @staticmethod
    def _encoding_error(exc: UnicodeDecodeError, line: int) -> ImportFileError:
        return ImportFileError(
            f"The file is not UTF-8 text (undecodable byte 0x{exc.object[exc.start]:02x} "
            f"at or after line {line}). Save it as \"CSV UTF-8\" and try again.")

    def _validate(self, line: int, values: dict[str, str]) -> Record | None:
        errors = []

        def bad(column, reason):
            errors.append(RowError(line, column, reason))

        email = values.get("email", "").strip()
        if not email:
            bad("email", "email is required")
        else:
            try:
                email = check_syntax(email)
            except EmailNotValidError as exc:
                bad("email", str(exc))
        for name, limit in MAX_LENGTH.items():
            if len(values.get(name, "").strip()) > limit:
                bad(name, f"longer than {limit} characters")
        country = ""
        try:
            country = countries.to_code(values.get("country", ""))
        except ValueError as exc:
            bad("country", str(exc))
        chosen = list(topic_list.ALL)
        try:
            chosen = topic_list.parse(values.get("topics", ""))
        except ValueError as exc:
            bad("topics", str(exc))
        raw_language = values.get("language", "").strip()
        language = site_languages.supported(raw_language) if raw_language else site_languages.default()
        if language not in self.languages:
            bad("language", f"unknown language {raw_language!r} (use one of "
                            f"{', '.join(code for code, _label in conf.languages())})")
        source = values.get("consent_source", "").strip()
        if not source:
            bad("consent_source", "consent source is required: say where and how the person agreed")
        consented = None
        raw_date = values.get("consent_date", "").strip()
        if not raw_date:
            bad("consent_date", "consent date is required")
        else:
            try:
                consented = _parse_date(raw_date)
                if consented > self.now:
                    bad("consent_date", f"{raw_date!r} is in the future")
            except ValueError as exc:
                bad("consent_date", str(exc))
        if errors:
            self._bad(line, errors)
            return None
        return Record(line=line, email=email, name=values.get("name", "").strip(),
                      organisation=values.get("organisation", "").strip(), country=country,
                      topics=chosen, language=language, consent_source=source,
                      consent_date=consented, lines=[line])

    def _bad(self, line, errors):
        self.report.errors.extend(errors)
        self.report.bad_lines.add(line)

    def run(self, fileobj: BinaryIO) -> ImportReport:
        self.fileobj = fileobj
        text = _open_text(fileobj)
        first, delimiter, columns = self._header(text)
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter, strict=False)
        next(reader)  # the header again
        try:
            with transaction.atomic():
                self._rows(reader, columns)
                if self.report.dry_run or not self.report.ok:
                    raise _Rollback
                self.report.committed = True
        except _Rollback:
            pass
        return self.report

    def _rows(self, reader, columns):
        batch: list[Record] = []
        width = len(columns)
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                raise self._encoding_error(exc, line) from exc
            except csv.Error as exc:
                self.report.rows += 1
                self._bad(line, [RowError(line, "(row)", f"unreadable CSV: {exc}")])
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # blank lines are not rows
            self.report.rows += 1
            if len(row) != width:
                self._bad(start, [RowError(start, "(row)",
                                           f"has {len(row)} field(s); the header has {width}")])
                continue
            record = self._validate(start, dict(zip(columns, map(unescape_cell, row), strict=True)))
            if record is not None:
                batch.append(record)
                if len(batch) >= self.batch_size:
                    self._flush(batch)
                    batch = []
                    self.progress(self.report.rows, self.fileobj.tell())
        if batch:
            self._flush(batch)
        if self.report.rows == 0:
            raise ImportFileError("The file has a header but no data rows.")

    # --- writing ---------------------------------------------------------------------------
    def _flush(self, batch: list[Record]) -> None:
        report = self.report
        records: dict[str, Record] = {}
        for record in batch:
            if record.email in records:
                records[record.email].merge(record)
            else:
                records[record.email] = record
        keys = conf.hash_keys()
        hashes = {email: email_hashes(email, keys) for email in records}
        suppressed = set(SuppressedAddress.objects.filter(
            email_hash__in=[h for hs in hashes.values() for h in hs]).values_list("email_hash", flat=True))
        existing = {s.email: s for s in Subscriber.objects.filter(email__in=list(records))}
        new, changed, events = [], [], []
        for email, record in records.items():
            current = existing.get(email)
            if any(h in suppressed for h in hashes[email]) or (current and current.status in INACTIVE):
                for line in record.lines:
                    report.suppressed_lines.add(line)
                continue
            # Later rows for one address are merged into the first: count them once here.
            repeated = email in self.seen
            report.duplicates += len(record.lines) - 1 + (1 if repeated else 0)
            self.seen.add(email)
            detail = {"consent_source": record.consent_source,
                      "consent_date": record.consent_date.isoformat(), "lines": record.lines,
                      "user_id": self.user_id}
            if current is None:
                new.append({
                    "public_id": uuid.uuid4(), "email": email, "email_hash": hashes[email][0],
                    "name": record.name, "organisation": record.organisation,
                    "country": record.country, "language": record.language,
                    "topics": record.topics, "consent_source": record.consent_source,
                    "consented_at": record.consent_date})
                self.created_here.add(email)
                events.append((email, detail))
                report.created += 1
            else:
                if self._update(current, record):
                    changed.append(current)
                    events.append((current.pk, detail | {"merged": True}))
                    if not repeated:
                        report.updated += 1
                elif not repeated:
                    report.unchanged += 1
            for line in record.lines:
                report.imported_lines.add(line)
        _insert_rows(Subscriber, new, {
            "status": Subscriber.Status.CONFIRMED, "created_at": self.now,
            "status_changed_at": self.now, "confirmed_at": self.now})
        if changed:
            Subscriber.objects.bulk_update(changed, [
                "name", "organisation", "country", "topics", "status", "status_changed_at",
                "confirmed_at", "consent_source", "consented_at", "confirm_nonce",
                "requested_details"],
                batch_size=self.batch_size)
        ids = {}
        if new:  # one query for the new rows' ids
            ids = dict(Subscriber.objects.filter(email__in=[row["email"] for row in new])
                       .values_list("email", "pk"))
        _insert_rows(ConsentEvent, [
            {"subscriber_id": ids[key] if isinstance(key, str) else key, "detail": detail}
            for key, detail in events],
            {"action": ConsentEvent.Action.IMPORTED, "source": self.source, "occurred_at": self.now})

    def _update(self, subscriber: Subscriber, record: Record) -> bool:
        changed = False
        for name in ("name", "organisation", "country"):
            if not getattr(subscriber, name) and getattr(record, name):
                setattr(subscriber, name, getattr(record, name))
                changed = True
        if subscriber.email in self.created_here:
            topics = topic_list.clean(set(subscriber.topics) | set(record.topics))
            if topics != subscriber.topics:
                subscriber.topics, changed = topics, True
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.status_changed_at = subscriber.confirmed_at = self.now
            subscriber.consent_source = record.consent_source
            subscriber.consented_at = record.consent_date
            subscriber.confirm_nonce = ""
            subscriber.requested_details = {}
            changed = True
        return changed


def _insert_rows(model, rows: list[dict], common: dict) -> None:
    """INSERT many rows with executemany, from plain dicts (attname -> value) plus values
    common to all rows. bulk_create's per-row model instances and per-field SQL compilation
    are the slowest part of a large import. Values still go through each field's own
    get_db_prep_save, so every database gets what the ORM would send; fields given
    nowhere take their default, computed once (so no callable defaults that must differ
    per row, such as public_id, may be left out)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    per_row = [f for f in fields if f.attname in rows[0]]
    fixed = {f.attname: f.get_db_prep_save(common[f.attname] if f.attname in common
                                           else f.get_default(), connection)
             for f in fields if f.attname not in rows[0]}
    plain = {f.attname for f in per_row if isinstance(f, models.CharField)}
    # Import dates and topic lists repeat across rows: each distinct one is prepared once.
    repeated: dict = {}

    def prepare(field, value):
        if value is None:
            return value
        if isinstance(value, datetime | list):
            key = (field.attname, tuple(value) if isinstance(value, list) else value)
            if key not in repeated:
                repeated[key] = field.get_db_prep_save(value, connection)
            return repeated[key]
        return field.get_db_prep_save(value, connection)

    special = [f for f in per_row if f.attname not in plain]
    values = []
    for row in rows:
        prepared = fixed | row
        for model_field in special:
            prepared[model_field.attname] = prepare(model_field, row[model_field.attname])
        values.append(tuple(prepared[f.attname] for f in fields))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # in-process: executemany is the fastest path
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for start in range(0, len(values), 500):
                cursor.executemany(sql, values[start:start + 500])
            return
        # A server: one multi-row INSERT per chunk saves a round trip and an execution per row.
        limit = connection.features.max_query_params or 65535
        chunk = max(1, min(1000, (limit - 1) // len(fields)))
        for start in range(0, len(values), chunk):
            part = values[start:start + chunk]
            sql = (f"INSERT INTO {table} ({columns}) VALUES "
                   + ", ".join([f"({placeholders})"] * len(part)))
            cursor.execute(sql, [value for row in part for value in row])


def import_csv(fileobj: BinaryIO, **options) -> ImportReport:
    """Import a CSV file opened in binary mode. Raises ImportFileError for an unreadable
    file; row problems are in the report."""
    return Importer(**options).run(fileobj)

