"""The content generation: one row whose counter goes up after every committed content
write (cms.content_generation connects the signals). Caches of loaded content key their
entries by it, so every process sees a write by any other process at its next read."""

from django.db import connections, models, transaction
from django.db.models import F


class ContentGeneration(models.Model):
    """The one row (pk 1) holding the counter."""

    ROW = 1

    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"content generation {self.n}"

    @classmethod
    def current(cls, using: str = "default") -> int:
        """The counter, in one query (0 before the first write)."""
        return cls.objects.using(using).filter(pk=cls.ROW).values_list("n", flat=True).first() or 0


def bump_after_commit(using: str) -> None:
    """Bump the counter once the current transaction on ``using`` commits (at once
    outside a transaction). The bump is its own autocommit statement after the commit,
    so a transaction never holds the hot row's lock while it takes others (no
    lock-order deadlock on PostgreSQL). Robust: a failed bump is logged and never fails
    the write that committed (ISSUE_CACHE_SECONDS bounds what it leaves stale)."""
    if not pending(using):
        transaction.on_commit(_Bump(using), using=using, robust=True)


class _Bump:
    """The on-commit callback, recognisable in the connection's list (``pending``)."""

    def __init__(self, using: str):
        self.using = using

    def __call__(self) -> None:
        _bump(self.using)


def _bump(using: str) -> None:
    updated = ContentGeneration.objects.using(using).filter(pk=ContentGeneration.ROW).update(
        n=F("n") + 1)
    if not updated:  # the row is gone (a flushed test database): start it again
        ContentGeneration.objects.using(using).get_or_create(pk=ContentGeneration.ROW,
                                                             defaults={"n": 1})


def pending(using: str = "default") -> bool:
    """Whether the current transaction on ``using`` wrote content that is not committed
    yet (a bump is waiting for the commit). Reads Django's list of on-commit callbacks,
    which a rolled-back savepoint or transaction empties of its own."""
    connection = connections[using]
    return any(isinstance(callback, _Bump)
               for _sids, callback, *_robust in connection.run_on_commit)
