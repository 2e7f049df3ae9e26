"""The "Send test" action on an issue: the editor types addresses, the rendered issue
goes to each through the configured transport, and the action is written to Wagtail's
audit log. Who may send to whom, and how often: newsletter/test_sends.py.

Test messages are personalised for a sample reader. Their unsubscribe and preference
links (and List-Unsubscribe) point at ``test_link``, an admin page that explains what
the link does in a real send and changes nothing.
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from email_validator import EmailNotValidError, validate_email
from wagtail.log_actions import log
from wagtail.models import Page

from . import test_sends
from .rendering import render_issue
from .rendering.builder import EmailBuilder, sample_recipient
from .rendering.html import IssueTooLargeError
from .transports import OutgoingMessage, TransportError, get_transport

LOG_ACTION = test_sends.LOG_ACTION
MAX_ADDRESSES = 20
SEPARATORS = re.compile(r"[\s,;]+")


def parse_addresses(value: str) -> tuple[list[str], list[str]]:
    """(valid normalised addresses, error messages naming each bad address)."""
    good, errors = [], []
    for candidate in SEPARATORS.split(value or ""):
        if not candidate:
            continue
        try:
            result = validate_email(candidate, check_deliverability=False)
        except EmailNotValidError as exc:
            errors.append(_("“%(address)s” is not a valid email address: %(reason)s")
                          % {"address": candidate, "reason": exc})
            continue
        if result.normalized not in good:
            good.append(result.normalized)
    return good, errors


class SendTestForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("Send a test to"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "editor@example.org, …"}),
        help_text=format_lazy(gettext_lazy("One or more addresses, separated by commas or new "
                                           "lines (at most {count})."), count=MAX_ADDRESSES))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.allowed = test_sends.allowed_addresses(user)

    def clean_addresses(self):
        good, errors = parse_addresses(self.cleaned_data["addresses"])
        if errors:
            raise forms.ValidationError(errors)
        if not good:
            raise forms.ValidationError(_("Type at least one email address."))
        if len(good) > MAX_ADDRESSES:
            raise forms.ValidationError(
                _("At most %(limit)d addresses per test (%(given)d given).")
                % {"limit": MAX_ADDRESSES, "given": len(good)})
        outside = test_sends.refused(good, self.allowed)
        if outside:
            raise forms.ValidationError(_(
                "You may send tests only to your own address and the test list (%(allowed)s), "
                "not to %(refused)s. Members of “Newsletter senders” may send to any "
                "address.") % {"allowed": ", ".join(self.allowed) or _("none set"),
                               "refused": ", ".join(outside)})
        left = test_sends.remaining(self.user)
        if len(good) > left:
            raise forms.ValidationError(ngettext(
                "You may send %(count)d more test message for now (%(wanted)d asked); "
                "try again later.",
                "You may send %(count)d more test messages for now (%(wanted)d asked); "
                "try again later.", left) % {"count": left, "wanted": len(good)})
        return good


class PartialSendError(Exception):
    """The transport failed for ``failed``; the addresses in ``sent`` already got it."""

    def __init__(self, error: TransportError, failed: str, sent: list[str], ids: list[str]):
        super().__init__(error.reason)
        self.error, self.failed, self.sent, self.ids = error, failed, sent, ids


def send_test_messages(page, addresses: list[str], user) -> list[str]:
    """Render the latest revision once and send one message per address, built like a
    campaign's (newsletter.rendering.builder) but marked as a test. Returns the
    provider message ids. Raises IssueTooLargeError, or PartialSendError naming the
    address the transport failed on and those already sent."""
    issue = page.get_latest_revision_as_object().as_issue(include_drafts=True)
    builder = EmailBuilder.for_test(render_issue(issue))
    transport = get_transport()
    sent, ids = [], []
    try:
        for address in addresses:
            message_id = builder.new_message_id()
            raw = builder.message(sample_recipient(user, address), message_id)
            try:
                result = transport.send(OutgoingMessage(
                    sender=builder.sender, recipient=address, raw=raw, message_id=message_id,
                    tags={"kind": "test"}))
            except TransportError as exc:
                raise PartialSendError(exc, address, sent, ids) from exc
            sent.append(address)
            ids.append(result.provider_message_id)
    finally:
        transport.close()
    return ids


def send_test_view(request, page_id: int):
    page = get_object_or_404(Page, id=page_id).specific
    from cms.models import IssuePage

    if not isinstance(page, IssuePage):
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    initial = {"addresses": request.user.email} if request.user.email else {}
    form = SendTestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        addresses = form.cleaned_data["addresses"]
        try:
            sent = send_test_messages(page, addresses, request.user)
        except IssueTooLargeError as exc:
            form.add_error(None, str(exc))
        except PartialSendError as exc:
            already = (_("It was sent to %(addresses)s before that.")
                       % {"addresses": ", ".join(exc.sent)} if exc.sent
                       else _("Nothing was sent."))
            form.add_error(None, _("The test could not be sent to %(address)s: %(reason)s. "
                                   "%(already)s") % {"address": exc.failed,
                                                     "reason": exc.error.reason,
                                                     "already": already})
            log(instance=page, action=LOG_ACTION, user=request.user,
                data={"recipients": exc.sent, "failed": exc.failed,
                      "transport": settings.EMAIL_TRANSPORT, "messages": exc.ids})
        else:
            log(instance=page, action=LOG_ACTION, user=request.user,
                data={"recipients": addresses, "transport": settings.EMAIL_TRANSPORT,
                      "messages": sent})
            messages.success(request, _("Test of “%(title)s” sent to %(addresses)s.")
                             % {"title": page.title, "addresses": ", ".join(addresses)})
            return redirect("wagtailadmin_pages:edit", page.id)
    return TemplateResponse(request, "newsletter/admin/send_test.html", {
        "page": page, "form": form, "transport": settings.EMAIL_TRANSPORT,
        "unpublished": page.unpublished_pages(), "allowed": form.allowed,
        "remaining": test_sends.remaining(request.user),
    })


def test_link_view(request, kind: str):
    return TemplateResponse(request, "newsletter/admin/test_link.html", {"kind": kind})
