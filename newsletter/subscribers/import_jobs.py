"""Admin CSV imports as background tasks: the upload becomes an ImportJob (the file kept
in the database), a django-tasks task runs it once the request's transaction has
committed, and the job page shows its progress and then the report.

The import itself is importing.import_csv: one transaction, so a file is imported whole
or not at all, also when the task dies half-way. Progress (rows and bytes read) goes to
Django's cache, which a worker in another process can update only when the cache is
shared (Redis or a file cache; not the database cache, whose writes would wait for the
import's transaction); otherwise the page shows the status alone until the end.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from .importing import ImportFileError, import_csv
from .models import ImportJob

logger = logging.getLogger(__name__)

#: row errors kept on the job for the page (the command line import lists them all)
ERRORS_SHOWN = 500
PROGRESS_SECONDS = 24 * 3600
KEEP_DAYS = 30  # finished jobs (their reports) are deleted after this many days


def _progress_key(job: ImportJob) -> str:
    return f"subscribers:import-progress:{job.public_id}"


def create(upload, *, dry_run: bool, skip_bad_rows: bool, user) -> ImportJob:
    """Keep the uploaded file in a queued job (tasks.queue_import runs it). Reports of
    jobs finished more than KEEP_DAYS ago go: their row errors may quote addresses."""
    ImportJob.objects.filter(finished_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)).delete()
    content = b"".join(upload.chunks())
    return ImportJob.objects.create(
        created_by=user if getattr(user, "pk", None) else None, file_name=upload.name[:255],
        file_size=len(content), content=content, dry_run=dry_run, skip_bad_rows=skip_bad_rows)


def progress(job: ImportJob) -> dict:
    """{"rows": rows read so far, "percent": share of the file read} while it runs."""
    state = cache.get(_progress_key(job)) or {}
    rows, position = state.get("rows", 0), state.get("bytes", 0)
    percent = min(100, round(100 * position / job.file_size)) if job.file_size else 0
    return {"rows": rows, "percent": percent}


def run(job_id: int) -> str:
    """Run one queued job; returns its final status. A job that is not queued any more
    (run already, by another worker) is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now())
    job = ImportJob.objects.filter(pk=job_id).first()
    if not claimed or job is None:
        return job.status if job else ""
    key = _progress_key(job)

    def report_progress(rows: int, position: int) -> None:
        cache.set(key, {"rows": rows, "bytes": position}, PROGRESS_SECONDS)

    try:
        report = import_csv(io.BytesIO(bytes(job.content)), dry_run=job.dry_run,
                            skip_bad_rows=job.skip_bad_rows, user=job.created_by,
                            progress=report_progress)
    except ImportFileError as exc:
        _finish(job, ImportJob.Status.FAILED, failure=str(exc))
    except Exception as exc:
        # The import's transaction rolled back: nothing of this file went in.
        logger.exception("subscriber import %s failed", job.pk)
        _finish(job, ImportJob.Status.FAILED,
                failure=f"The import stopped ({type(exc).__name__}); nothing was imported.")
        raise
    else:
        _finish(job, ImportJob.Status.DONE, summary=report.summary(with_errors=False),
                committed=report.committed, error_count=len(report.errors),
                errors=[str(error) for error in report.errors[:ERRORS_SHOWN]])
    finally:
        cache.delete(key)
    return job.status


def _finish(job: ImportJob, status: str, **fields) -> None:
    """Store the outcome and drop the uploaded file."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.status, job.finished_at, job.content = status, timezone.now(), b""
    job.save()
