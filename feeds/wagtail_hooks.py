"""Admin integration for feeds: the ECCP views, their buttons and the audit log action."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from cms.items import Kind

from .eccp.audit import EXPORT_ACTION


@hooks.register("register_admin_urls")
def register_eccp_urls():
    return [path("eccp/", include("feeds.eccp.urls", namespace="eccp"))]


@hooks.register("register_log_actions")
def register_eccp_log_actions(actions):
    actions.register_action(EXPORT_ACTION, _("Export ECCP pack"), _("ECCP pack exported"))


class EccpMenuItem(PageMenuItem):
    """ "ECCP post" on articles, "ECCP posts" on issues; only for users who may edit."""

    icon_name = "upload"

    def __init__(self, *, page, priority=45):
        if _is_issue_class(page.specific_class):
            label, url = _("ECCP posts"), reverse("eccp:issue", args=[page.pk])
        else:
            label, url = _("ECCP post"), reverse("eccp:page", args=[page.pk])
        super().__init__(label=label, url=url, priority=priority, page=page)

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def _is_issue_class(cls) -> bool:
    from cms.models import IssuePage

    return cls is not None and issubclass(cls, IssuePage)


def _has_eccp(page) -> bool:
    cls = page.specific_class
    return getattr(cls, "kind", "") in Kind.ARTICLES or _is_issue_class(cls)


@hooks.register("register_page_header_buttons")
def eccp_page_header_buttons(page, user, view_name, next_url=None):
    if _has_eccp(page):
        yield EccpMenuItem(page=page)


@hooks.register("register_page_listing_more_buttons")
def eccp_page_listing_more_buttons(page, user, next_url=None):
    if _has_eccp(page):
        yield EccpMenuItem(page=page)
