"""Telling editors about a digest: a Wagtail notification email (the same machinery,
preferences and languages as moderation emails) to everyone who may edit issues.

It uses the "submitted for moderation" preference on each user's Wagtail profile
(Account → Notifications): a digest waiting for review is a page waiting for review.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.permission_policies.pages import PagePermissionPolicy

from .drafts import archive_for
from .models import Digest

EDITOR_ACTIONS = ("change", "publish")


def editors(site):
    """Active users who may edit the site's issues (superusers included)."""
    index = archive_for(site)
    return PagePermissionPolicy().users_with_any_permission_for_instance(EDITOR_ACTIONS, index)


def admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class DigestNotifier(EmailNotificationMixin, Notifier):
    notification = "submitted"
    template_directory = "digests/notifications/"

    def __init__(self):
        super().__init__((Digest,))

    def get_recipient_users(self, digest, **kwargs):
        return set(editors(digest.site))

    def get_template_set(self, digest, **kwargs):
        return {"subject": self.template_directory + "digest_subject.txt",
                "text": self.template_directory + "digest.txt",
                "html": self.template_directory + "digest.html"}

    def get_context(self, digest, **kwargs):
        context = super().get_context(digest, **kwargs)
        context["digest"] = digest
        context["issue"] = digest.issue
        if digest.issue_id:
            context["edit_url"] = admin_url(reverse("wagtailadmin_pages:edit",
                                                    args=[digest.issue_id]))
        context["settings_url"] = admin_url(reverse(
            "wagtailsettings:edit", args=["digests", "digestsettings", digest.site_id]))
        if digest.campaign_id:
            context["campaign_url"] = admin_url(reverse("campaigns_admin:detail",
                                                        args=[digest.campaign_id]))
        return context


def notify_editors(digest: Digest) -> bool:
    """Email the editors about this digest; True when every email went out."""
    return DigestNotifier()(digest)
