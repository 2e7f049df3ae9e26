"""Admin integration: the dashboard panel and the audit-log action of composed issues."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from .dashboard import DigestPanel
from .drafts import LOG_ACTION
from .notifications import EDITOR_ACTIONS


@hooks.register("register_log_actions")
def register_digest_log_actions(actions):
    actions.register_action(LOG_ACTION, _("Digest: composed"),
                            _("Composed by the newsletter digest"))


@hooks.register("construct_homepage_panels")
def add_digest_panel(request, panels):
    if not PagePermissionPolicy().user_has_any_permission(request.user, EDITOR_ACTIONS):
        return
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is not None and DigestPanel.wanted(site):
        panels.append(DigestPanel(site))
