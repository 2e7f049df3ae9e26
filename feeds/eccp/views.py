"""Admin views: the ECCP view of one article, of one issue, and their pack downloads.

Only users who may edit the page see or export it. Downloads are POSTs (they write to
the audit log); a refused export returns to the view with the reasons.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .audit import log_export
from .display import post_context
from .pack import (
    PackRefused,
    article_items,
    build_issue_packs,
    build_pack,
    issue_zip,
    issue_zip_name,
    page_zip,
)
from .post import build_post
from .sources import article_item, is_article, is_issue, issue_data
from .validation import errors, validate


def for_editors_of(accept):
    """Load the page (404 unless ``accept(page)``) and answer 403 to users who may not
    edit it: a plain 403, not Wagtail's redirect to the dashboard, so that scripts and
    tests see the refusal for what it is."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, page_id: int):
            page = get_object_or_404(Page, pk=page_id).specific
            if not accept(page):
                raise Http404("This page has no ECCP post.")
            if not page.permissions_for_user(request.user).can_edit():
                return TemplateResponse(request, "eccp/forbidden.html", {
                    "page_title": _("Permission denied"), "header_title": _("Permission denied"),
                    "header_icon": "warning", "page": page}, status=403)
            return view(request, page)

        return wrapper

    return decorator


def _zip_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "private, no-store"
    return response


def _admin_context(request, page, title: str) -> dict:
    return {
        "page_title": title,
        "page_subtitle": page.get_admin_display_title(),
        "header_title": _("%(view)s: %(page)s") % {"view": title,
                                                    "page": page.get_admin_display_title()},
        "header_icon": "upload",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
             "label": page.get_parent().get_admin_display_title()},
            {"url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
             "label": page.get_admin_display_title()},
            {"url": "", "label": title},
        ],
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }


@for_editors_of(is_article)
def page_view(request, page):
    item, notices = article_item(page)
    context = {**_admin_context(request, page, _("ECCP post")), **post_context(item, notices),
               "pack_url": reverse("eccp:page_pack", args=[page.pk])}
    return TemplateResponse(request, "eccp/admin_page.html", context)


@require_POST
@for_editors_of(is_article)
def page_pack(request, page):
    item, _notices = article_item(page)
    try:
        pack = build_pack(item)
        data = page_zip(pack)
    except PackRefused as refused:
        messages.error(request, _("The ECCP pack was not created. %(problems)s")
                       % {"problems": " ".join(refused.problems)})
        return redirect("eccp:page", page.pk)
    log_export(page, user=request.user, scope="page", file=pack.zip_name, items=1,
               warnings=len(pack.warnings))
    return _zip_response(data, pack.zip_name)


@for_editors_of(is_issue)
def issue_view(request, page):
    issue, notices = issue_data(page)
    rows = []
    for item in article_items(issue):
        post = build_post(item)
        found = validate(post)
        item_pk = item.id.rsplit(":", 1)[-1]
        rows.append({
            "post": post,
            "errors": errors(found),
            "warnings": [m for m in found if not m.is_error],
            "url": reverse("eccp:page", args=[int(item_pk)]) if item_pk.isdigit() else "",
        })
    context = {**_admin_context(request, page, _("ECCP posts")),
               "rows": rows, "notices": notices,
               "blocked": any(row["errors"] for row in rows),
               "pack_url": reverse("eccp:issue_pack", args=[page.pk])}
    return TemplateResponse(request, "eccp/admin_issue.html", context)


@require_POST
@for_editors_of(is_issue)
def issue_pack(request, page):
    issue, _notices = issue_data(page)
    try:
        packs = build_issue_packs(issue)
        data = issue_zip(issue, packs)
    except PackRefused as refused:
        messages.error(request, _("The ECCP pack was not created. %(problems)s")
                       % {"problems": " ".join(refused.problems)})
        return redirect("eccp:issue", page.pk)
    name = issue_zip_name(issue)
    log_export(page, user=request.user, scope="issue", file=name, items=len(packs),
               warnings=sum(len(p.warnings) for p in packs))
    return _zip_response(data, name)
