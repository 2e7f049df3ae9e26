"""Admin wiring for email issues: the "Send test" page header button, its view, the
harmless target of test links, the audit-log label of the action, and the subscriber
counts per language of the "Before you send" panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.issue_languages import AUDIENCE_HOOK

from . import send_test, welcome_preview
from .subscribers.languages import sendable_by_language


@hooks.register("register_admin_urls")
def register_send_test_urls():
    return [
        path("newsletter/issues/<int:page_id>/send-test/", send_test.send_test_view,
             name="newsletter_send_test"),
        path("newsletter/test-link/<slug:kind>/", send_test.test_link_view,
             name="newsletter_test_link"),
        path("newsletter/welcome-preview/<str:language>/<slug:mode>/",
             welcome_preview.welcome_preview_view, name="newsletter_welcome_preview"),
    ]


@hooks.register("register_page_header_buttons")
def send_test_button(page, user, view_name, next_url=None):
    from cms.models import IssuePage

    if not isinstance(page.specific_deferred, IssuePage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(_("Send test"), reverse("newsletter_send_test", args=[page.id]), icon_name="mail",
                 attrs={"title": _("Send this issue as a test email")}, priority=35)


@hooks.register("register_log_actions")
def register_send_test_action(actions):
    actions.register_action(send_test.LOG_ACTION, _("Send test"), _("Test email sent"))


@hooks.register(AUDIENCE_HOOK)
def subscribers_by_language():
    """The "Before you send" panel's subscriber count per language."""
    return sendable_by_language()
