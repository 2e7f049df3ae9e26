"""Finding 8: admin CSV imports are capped in size and run as a background task, with
the same all-or-nothing result and line-numbered row errors."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from newsletter.subscribers import import_jobs, importing
from newsletter.subscribers.models import ImportJob, Subscriber

pytestmark = pytest.mark.django_db
IMPORT = "/admin/subscriber-tools/import/"
GOOD = (b"email,consent_source,consent_date\nada@example.org,Fair,2016-01-01\n"
        b"bob@example.org,Fair,2016-01-02\n")


@pytest.fixture
def importer(client, staff):
    user = staff("subscribers.view_subscriber", "subscribers.import_subscribers")
    client.force_login(user)
    client.user = user
    return client


def upload(client, content, **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile("list.csv", content), **fields})


def test_a_file_over_the_cap_is_refused_before_anything_is_kept(importer, settings):
    settings.SUBSCRIBERS_IMPORT_MAX_BYTES = 64
    response = upload(importer, GOOD + b"x" * 64)
    assert response.status_code == 200
    assert "the admin takes files up to 64" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_is_queued_after_commit_and_the_request_returns(importer,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(importer, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.public_id}/")
    assert len(callbacks) == 1  # the task is enqueued once the job row is committed
    assert job.status == ImportJob.Status.QUEUED and bytes(job.content) == GOOD
    assert not Subscriber.objects.exists()
    page = importer.get(response["Location"]).content.decode()
    assert "Waiting for a background worker" in page and 'http-equiv="refresh"' in page


def test_end_to_end_with_the_immediate_backend(importer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(importer, GOOD)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.committed
    assert bytes(job.content) == b""  # the uploaded file is gone once the import is done
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "ada@example.org", "bob@example.org"]
    page = importer.get(response["Location"]).content.decode()
    assert "Rows that went in: lines 2-3" in page and 'http-equiv="refresh"' not in page


def test_bad_rows_stop_the_whole_import_and_are_listed_with_their_lines(
        importer, django_capture_on_commit_callbacks):
    content = GOOD + b"not-an-address,Fair,2016-01-01\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(importer, content)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and not job.committed
    assert not Subscriber.objects.exists()
    page = importer.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page and "line 4, column email" in page


def test_a_task_that_dies_half_way_leaves_no_partial_import(importer, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    real_flush = importing.Importer._flush

    def flush_then_die(self, batch):
        real_flush(self, batch)  # the first batch is written ...
        raise RuntimeError("worker killed")  # ... then the task dies

    monkeypatch.setattr(importing.Importer, "_flush", flush_then_die)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(importer, GOOD)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and not job.committed
    assert "nothing was imported" in job.failure and bytes(job.content) == b""
    assert not Subscriber.objects.exists()
    assert "nothing was imported" in importer.get(response["Location"]).content.decode()


def test_progress_is_shown_while_the_import_runs(importer, monkeypatch):
    rows = b"".join(b"p%d@example.org,Fair,2016-01-01\n" % n for n in range(30))
    job = import_jobs.create(SimpleUploadedFile("big.csv", b"email,consent_source,consent_date\n"
                                                + rows), dry_run=True, skip_bad_rows=False,
                             user=importer.user)
    seen = []
    real_flush = importing.Importer._flush

    def watch(self, batch):
        real_flush(self, batch)
        seen.append(importer.get(f"{IMPORT}{job.public_id}/").content.decode())

    monkeypatch.setattr(importing.Importer, "_flush", watch)
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    monkeypatch.setattr(importing.Importer.__init__, "__kwdefaults__",
                        {**importing.Importer.__init__.__kwdefaults__, "batch_size": 10})
    assert import_jobs.run(job.pk) == ImportJob.Status.DONE
    assert "Checking and importing: 10 rows read" in seen[1]
    assert 'http-equiv="refresh"' in seen[1] and "<progress" in seen[1]
    assert cache.get(f"subscribers:import-progress:{job.public_id}") is None


def test_a_job_runs_once(importer):
    job = import_jobs.create(SimpleUploadedFile("l.csv", GOOD), dry_run=False,
                             skip_bad_rows=False, user=importer.user)
    assert import_jobs.run(job.pk) == ImportJob.Status.DONE
    assert import_jobs.run(job.pk) == ImportJob.Status.DONE  # a second delivery does nothing
    assert Subscriber.objects.count() == 2


def test_someone_elses_import_report_stays_private(importer, client, staff):
    job = import_jobs.create(SimpleUploadedFile("l.csv", GOOD), dry_run=True,
                             skip_bad_rows=False, user=importer.user)
    other = staff("subscribers.import_subscribers", username="other", email="o@example.org")
    client.force_login(other)
    response = client.get(f"{IMPORT}{job.public_id}/")
    assert response.status_code in (302, 403)


def test_old_reports_are_deleted_when_a_new_file_comes(importer):
    from datetime import timedelta

    from django.utils import timezone

    old = import_jobs.create(SimpleUploadedFile("old.csv", GOOD), dry_run=True,
                             skip_bad_rows=False, user=importer.user)
    import_jobs.run(old.pk)
    ImportJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=import_jobs.KEEP_DAYS + 1))
    recent = import_jobs.create(SimpleUploadedFile("new.csv", GOOD), dry_run=True,
                                skip_bad_rows=False, user=importer.user)
    assert list(ImportJob.objects.all()) == [recent]
