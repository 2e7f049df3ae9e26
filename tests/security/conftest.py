"""Fixtures for the security tests: admin users with chosen permissions, the outbox."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path) -> Path:
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings.OUTBOX_DIR


def read_outbox(directory: Path) -> list[email.message.EmailMessage]:
    if not directory.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(directory.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)]


@pytest.fixture
def staff(django_user_model):
    """staff(*"app.codename", username=..., email=...) -> a user who may use the admin."""
    def make(*codenames, username="editor", email="editor@example.org", groups=()):
        user = django_user_model.objects.create_user(username=username, email=email,
                                                     password="x", is_staff=True)
        for perm in ["wagtailadmin.access_admin", *codenames]:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                             codename=codename))
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make
