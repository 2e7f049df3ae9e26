"""Fixtures for the subscribers tests: a private outbox, a clean cache, helpers."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path) -> Path:
    settings.OUTBOX_DIR = tmp_path / "outbox"
    cache.clear()
    yield settings.OUTBOX_DIR
    cache.clear()


def read_outbox(directory: Path) -> list[email.message.EmailMessage]:
    if not directory.exists():
        return []
    files = sorted(directory.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


def link_in(message, path: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://\S*" + re.escape(path) + r"\S+/", text)
    assert match, f"no {path} link in:\n{text}"
    return match.group(0)


@pytest.fixture
def make_subscriber(db):
    from newsletter.subscribers.models import Subscriber

    def make(email="ada@example.org", status=Subscriber.Status.CONFIRMED, **fields):
        return Subscriber.objects.create(email=email, status=status, **fields)

    return make
