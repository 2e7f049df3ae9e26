"""CSV import: every kind of bad row and file, all-or-nothing, skipping, merging, suppression."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.items import Kind
from newsletter.subscribers import lifecycle
from newsletter.subscribers.importing import Importer, ImportFileError, import_csv
from newsletter.subscribers.models import ConsentEvent, Subscriber
from newsletter.subscribers.suppression import suppress

pytestmark = pytest.mark.django_db
HEADER = "email,name,organisation,country,topics,consent_source,consent_date\n"
GOOD = "ada@example.org,Ada,Engines Ltd,GB,interviews;events,Cologne fair sign-up sheet,2016-11-08\n"


def run(text, encoding="utf-8", **options):
    return import_csv(io.BytesIO(text.encode(encoding) if isinstance(text, str) else text), **options)


def accounted(report):
    return (report.created + report.updated + report.unchanged + report.duplicates
            + report.suppressed + len(report.bad_lines))


def test_good_file_creates_confirmed_subscribers_with_consent():
    report = run(HEADER + GOOD + "bob@example.org,,,Germany,,Website form 2015,08/11/2016\n")
    assert report.committed and report.created == 2 and not report.errors
    ada = Subscriber.objects.get(email="ada@example.org")
    assert ada.status == Subscriber.Status.CONFIRMED
    assert ada.topics == [Kind.INTERVIEW, Kind.EVENT] and ada.country == "GB"
    assert ada.consent_source == "Cologne fair sign-up sheet"
    assert timezone.localtime(ada.consented_at).date().isoformat() == "2016-11-08"
    bob = Subscriber.objects.get(email="bob@example.org")
    assert bob.country == "DE" and bob.topics == list(Kind.ARTICLES)
    assert timezone.localtime(bob.consented_at).strftime("%d%m") == "0811"  # day first
    event = ada.consent_events.get()
    assert event.action == ConsentEvent.Action.IMPORTED and event.source == "import"
    assert event.detail["lines"] == [2]
    assert Subscriber.objects.sendable([Kind.EVENT]).count() == 2
    assert str(report.imported_lines) == "2-3"


@pytest.mark.parametrize("row, column, reason", [
    ("not-an-email,Ada,,,,Form,2016-01-01", "email", "@"),
    (",Ada,,,,Form,2016-01-01", "email", "required"),
    ("a@example.org," + "x" * 201 + ",,,,Form,2016-01-01", "name", "longer than 200"),
    ("a@example.org,,,Atlantis,,Form,2016-01-01", "country", "unknown country"),
    ("a@example.org,,,,recipes,Form,2016-01-01", "topics", "unknown topic"),
    ("a@example.org,,,,,,2016-01-01", "consent_source", "required"),
    ("a@example.org,,,,,Form,", "consent_date", "required"),
    ("a@example.org,,,,,Form,yesterday", "consent_date", "not a date"),
    ("a@example.org,,,,,Form,2999-01-01", "consent_date", "future"),
    ("a@example.org,Ada,,,,Form", "(row)", "has 6 field(s); the header has 7"),
])
def test_each_kind_of_bad_row_is_reported_and_nothing_is_imported(row, column, reason):
    report = run(HEADER + GOOD + row + "\n")
    assert not report.committed and not report.ok
    [error] = report.errors
    assert (error.line, error.column) == (3, column)
    assert reason in error.reason
    assert not Subscriber.objects.exists()  # all-or-nothing
    assert "Nothing was imported" in report.summary()


def test_bad_language_is_reported():
    report = run("email,language,consent_source,consent_date\na@example.org,tlh,Form,2016-01-01\n")
    assert report.errors[0].column == "language"


def test_one_bad_row_can_have_several_errors_all_reported():
    report = run(HEADER + "nope,,,Atlantis,recipes,,\n")
    assert {e.column for e in report.errors} == {"email", "country", "topics", "consent_source",
                                                 "consent_date"}
    assert len(report.bad_lines) == 1


def test_skip_bad_rows_imports_the_rest_and_says_which_rows_went_in():
    text = HEADER + GOOD + "broken,,,,,Form,2016-01-01\n" + "cy@example.org,,,,,Form,2016-01-01\n"
    report = run(text, skip_bad_rows=True)
    assert report.committed and report.ok
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["ada@example.org",
                                                                          "cy@example.org"]
    assert list(report.imported_lines) == [2, 4] and list(report.bad_lines) == [3]
    summary = report.summary()
    assert "Rows that went in: lines 2, 4" in summary and "line 3, column email" in summary


def test_line_numbers_count_physical_lines_with_multiline_cells_and_blank_lines():
    text = HEADER + '"a@example.org","Ada\nLovelace",,,,Form,2016-01-01\n\nbad,,,,,Form,2016-01-01\n'
    report = run(text, skip_bad_rows=True)
    assert list(report.imported_lines) == [2] and list(report.bad_lines) == [5]


def test_duplicates_are_merged_within_and_across_batches():
    text = (HEADER + "a@example.org,Ada,,,interviews,Form,2016-01-01\n"
            + "A@EXAMPLE.ORG,,Engines,,events,Form,2016-01-01\n"
            + "b@example.org,,,,,Form,2016-01-01\n"
            + "c@example.org,,,,,Form,2016-01-01\n"
            + "a@example.org,,,FR,gateway news,Form,2016-01-01\n")
    report = Importer(batch_size=2).run(io.BytesIO(text.encode()))
    ada = Subscriber.objects.get(email="a@example.org")
    assert (ada.name, ada.organisation, ada.country) == ("Ada", "Engines", "FR")
    assert ada.topics == [Kind.INTERVIEW, Kind.GATEWAY_NEWS, Kind.EVENT]
    assert report.created == 3 and report.duplicates == 2
    assert accounted(report) == report.rows == 5
    assert Subscriber.objects.count() == 3


def test_suppressed_addresses_are_skipped_and_counted(make_subscriber):
    suppress("gone@example.org", "complained")
    left = make_subscriber("left@example.org")
    lifecycle.unsubscribe(left, source="admin")
    text = (HEADER + GOOD + "Gone@Example.org,,,,,Form,2016-01-01\n"
            + "left@example.org,,,,,Form,2016-01-01\n")
    report = run(text)
    assert report.committed and report.suppressed == 2 and list(report.suppressed_lines) == [3, 4]
    assert not Subscriber.objects.filter(email="gone@example.org").exists()
    left.refresh_from_db()
    assert left.status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.sendable().count() == 1
    assert accounted(report) == report.rows


def test_existing_subscribers_keep_their_choices_and_pending_ones_are_confirmed(make_subscriber):
    make_subscriber("ada@example.org", name="Ada", topics=[Kind.INTERVIEW])
    make_subscriber("pen@example.org", status=Subscriber.Status.PENDING)
    report = run(HEADER + "ada@example.org,Other,Org,,events,Form,2016-01-01\n"
                 + "pen@example.org,,,,,Fair,2016-01-01\n"
                 + "ada@example.org,,,,,Form,2016-01-01\n")
    ada = Subscriber.objects.get(email="ada@example.org")
    assert (ada.name, ada.organisation, ada.topics) == ("Ada", "Org", [Kind.INTERVIEW])
    assert Subscriber.objects.get(email="pen@example.org").status == Subscriber.Status.CONFIRMED
    assert report.updated == 2 and report.duplicates == 1 and report.created == 0
    assert accounted(report) == report.rows


def test_dry_run_saves_nothing_but_reports():
    report = run(HEADER + GOOD, dry_run=True)
    assert report.created == 1 and not report.committed
    assert "Dry run" in report.summary() and "would go in: lines 2" in report.summary()
    assert not Subscriber.objects.exists() and not ConsentEvent.objects.exists()


def test_semicolon_separated_with_bom_and_header_aliases():
    text = "\ufeffE-mail;Organization;Consent source;Consent date\nada@example.org;Engines;Form;2016-01-01\n"
    report = run(text)
    assert report.created == 1
    assert Subscriber.objects.get().organisation == "Engines"


def test_unknown_columns_are_a_warning():
    report = run("email,consent_source,consent_date,favourite_colour\na@example.org,Form,2016-01-01,blue\n")
    assert report.created == 1 and "favourite_colour" in report.warnings[0]


@pytest.mark.parametrize("content, message", [
    (b"", "The file is empty"),
    (b"\n", "first line must be the header"),
    (b"ada@example.org,Ada,Form,2016-01-01\n", "looks like data"),
    (b"email,name\nada@example.org,Ada\n", "Missing column(s) in the header: consent_source, consent_date"),
    (b"email,email,consent_source,consent_date\n", "named twice"),
    (HEADER.encode(), "no data rows"),
    (HEADER.encode() + "zoé@example.org,Zoé,,,,Form,2016-01-01\n".encode("latin-1"), "not UTF-8"),
    ("email,nömé,consent_source,consent_date\n".encode("latin-1"), "not UTF-8"),
])
def test_file_level_errors(content, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(content)
    assert not Subscriber.objects.exists()


def test_encoding_error_after_many_rows_rolls_everything_back():
    good = "".join(f"p{i}@example.org,,,,,Form,2016-01-01\n" for i in range(50))
    content = HEADER.encode() + good.encode() + "zoé@x.org,,,,,F,2016-01-01\n".encode("cp1252")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        Importer(batch_size=10).run(io.BytesIO(content))
    assert not Subscriber.objects.exists()


def test_command_imports_and_fails_clearly(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text(HEADER + GOOD + "bad,,,,,Form,2016-01-01\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_subscribers", str(path))
    assert "line 3, column email" in capsys.readouterr().out
    call_command("import_subscribers", str(path), "--skip-bad-rows")
    assert Subscriber.objects.count() == 1
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_subscribers", str(tmp_path / "missing.csv"))
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("import_subscribers", str(tmp_path / "empty.csv"))
    call_command("import_subscribers", str(path), "--dry-run", "--skip-bad-rows")
    assert "Dry run" in capsys.readouterr().out
