"""Admin views: an issue's campaigns (create, confirm with the audience size), a
campaign's live progress (polls a JSON endpoint) and its controls. Viewing needs
campaigns.view_campaign or send_campaign; every action needs campaigns.send_campaign
(the "Newsletter senders" group)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cms import languages
from cms.issue_lookup import default_language_version
from cms.items import Kind
from cms.models import IssuePage
from newsletter.subscribers import topics as topic_list

from . import actions, conf, ledger, progress, snapshots
from .forms import CampaignForm
from .languages import audience_by_language, figures_by_language, issue_versions
from .models import Campaign, CampaignState, Delivery, DeliveryStatus, InvalidTransition
from .scheduling import ScheduleError

SEND = "campaigns.send_campaign"


def can_view(user) -> bool:
    return user.has_perm(SEND) or user.has_perm("campaigns.view_campaign")


def _require_view(request):
    if not can_view(request.user):
        raise PermissionDenied


def _require_send(request):
    if not request.user.has_perm(SEND):
        raise PermissionDenied


def issue_campaigns(request, page_id):
    """The issue's campaigns and the form to send or schedule a new one. POSTing the
    form shows a confirmation with the audience size; only "confirm" acts."""
    _require_view(request)
    page = get_object_or_404(IssuePage.objects.select_related("locale"), pk=page_id)
    if not languages.in_default_language(page):
        return _to_default_language_issue(request, page)
    form = CampaignForm(request.POST or None)
    context = {"page": page, "form": form, "can_send": request.user.has_perm(SEND),
               "campaigns": Campaign.objects.filter(issue=page).order_by("-pk")}
    if request.method == "POST":
        _require_send(request)
        if not page.live:
            messages.error(request, _("Publish the issue before sending it: the email links "
                                      "to its web version."))
        elif form.is_valid():
            draft = Campaign(issue=page, topics=sorted(form.cleaned_data["topics"]))
            audience = actions.audience_size(draft)
            if "confirm" in request.POST:
                return _create_and_go(request, page, form, audience)
            context.update({"confirm": True, "audience": audience,
                            "audience_html": format_html("<strong data-audience>{}</strong>",
                                                         audience),
                            "audience_by_topic": _audience_by_topic(page, form.cleaned_data["topics"]),
                            "scheduled_at": form.cleaned_data["scheduled_at"],
                            "languages": audience_by_language(
                                ledger.audience_queryset(draft), issue_versions(page))})
    return TemplateResponse(request, "campaigns/issue_campaigns.html", context)


def _to_default_language_issue(request, page):
    """A translation's "Send / campaigns" leads to its source issue: one campaign sends
    every language, and the issue's readers are counted once, whatever they read."""
    source = default_language_version(page)
    if source.pk == page.pk:
        raise Http404("This translation has no issue in the default language.")
    messages.info(request, _(
        "Campaigns are sent from the %(language)s issue: each subscriber gets the "
        "translation in their language where it is published.")
        % {"language": languages.native_name(languages.default())})
    return redirect("campaigns_admin:issue", source.pk)


def _audience_by_topic(page, topics) -> list[tuple[str, int]]:
    """Who each chosen topic reaches (every article topic when none is chosen)."""
    chosen = sorted(topics) or list(Kind.ARTICLES)
    labels = dict(topic_list.CHOICES)
    return [(labels[topic], actions.audience_size(Campaign(issue=page, topics=[topic])))
            for topic in chosen]


def _create_and_go(request, page, form, audience):
    if audience == 0:
        messages.error(request, _("Nobody to send to: no confirmed subscriber matches "
                                  "(or the issue already reached them all)."))
        return redirect("campaigns_admin:issue", page.pk)
    campaign = actions.create(page, topics=form.cleaned_data["topics"], user=request.user)
    try:
        if form.cleaned_data["scheduled_at"]:
            actions.schedule(campaign, form.cleaned_data["scheduled_at"],
                             form.cleaned_data["timezone"], user=request.user)
            messages.success(request, ngettext(
                "Campaign scheduled for %(count)d subscriber.",
                "Campaign scheduled for %(count)d subscribers.", audience) % {"count": audience})
        else:
            actions.send_now(campaign, user=request.user)
            messages.success(request, ngettext(
                "Sending to %(count)d subscriber.", "Sending to %(count)d subscribers.",
                campaign.audience_size) % {"count": campaign.audience_size})
    except (InvalidTransition, ScheduleError) as exc:
        messages.error(request, str(exc))
    except Exception as exc:  # e.g. the account could not be read: tell the editor why
        actions.cancel(campaign, user=request.user)
        messages.error(request, _("Could not start the campaign: %(error)s") % {"error": exc})
        return redirect("campaigns_admin:issue", page.pk)
    return redirect("campaigns_admin:detail", campaign.pk)


def campaign_detail(request, campaign_id):
    _require_view(request)
    campaign = get_object_or_404(Campaign.objects.select_related("issue"), pk=campaign_id)
    unknown = (Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.UNKNOWN)
               .select_related("subscriber").order_by("pk")[:200])
    failed = (Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.FAILED)
              .select_related("subscriber").order_by("pk")[:200])
    return TemplateResponse(request, "campaigns/campaign_detail.html", {
        **_sent_version(campaign),
        "campaign": campaign, "page": campaign.issue, "figures": progress.snapshot(campaign),
        "header_title": _("Campaign %(number)s") % {"number": campaign.pk},
        "unknown": unknown, "failed": failed, "can_send": request.user.has_perm(SEND),
        "languages": figures_by_language(campaign),
        "progress_url": reverse("campaigns_admin:progress", args=[campaign.pk]),
        "poll_ms": conf.progress_poll_ms(),
    })


def _sent_version(campaign: Campaign) -> dict:
    """The revision the campaign sends, links to it in Wagtail's revision views, and
    the pages published since its snapshot while it is still sending or paused."""
    snapshot = snapshots.find(campaign)
    if snapshot is None:
        return {"snapshot": None}
    page_id = campaign.issue_id
    revision_id = snapshot.revision_id
    return {
        "snapshot": snapshot,
        "revision_url": revision_id and reverse("wagtailadmin_pages:revisions_view",
                                                args=[page_id, revision_id]),
        "compare_url": revision_id and reverse("wagtailadmin_pages:revisions_compare",
                                               args=[page_id, revision_id, "live"]),
        "published_since": (snapshots.published_since(snapshot)
                            if campaign.state in (CampaignState.SENDING, CampaignState.PAUSED)
                            else []),
    }


def campaign_progress(request, campaign_id):
    _require_view(request)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return JsonResponse(progress.snapshot(campaign))


ACTIONS = {
    "pause": (actions.pause, gettext_lazy("Campaign paused. Messages already handed to SES "
                                          "are settled."),
              gettext_lazy("Could not pause the campaign: %(error)s")),
    "resume": (actions.resume, gettext_lazy("Campaign resumed."),
               gettext_lazy("Could not resume the campaign: %(error)s")),
    "cancel": (actions.cancel, gettext_lazy("Campaign cancelled. Nothing more will be sent."),
               gettext_lazy("Could not cancel the campaign: %(error)s")),
}


@require_POST
def campaign_action(request, campaign_id, action):
    _require_send(request)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if action == "resend_unknown":
        count = actions.resend_unknown(campaign, user=request.user)
        messages.info(request, ngettext("%(count)d unsettled message queued again.",
                                        "%(count)d unsettled messages queued again.", count)
                      % {"count": count} if count else
                      _("No unknown message is past the grace period yet."))
        return redirect("campaigns_admin:detail", campaign.pk)
    if action not in ACTIONS:
        raise PermissionDenied
    function, message, failure = ACTIONS[action]
    if action == "resume" and campaign.pause_reason and request.POST.get("confirm") != "yes":
        # The campaign paused itself (sending health, account): a sender must confirm.
        messages.error(request, _("This campaign paused itself: %(reason)s Tick the box to "
                                  "confirm that you want to resume it.") % {
                                      "reason": campaign.pause_reason})
        return redirect("campaigns_admin:detail", campaign.pk)
    try:
        function(campaign, user=request.user)
        # str() now: the message store would translate a lazy text after the view, outside
        # the editor's admin language.
        messages.success(request, str(message))
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    except Exception as exc:  # e.g. resume could not read the SES account
        messages.error(request, failure % {"error": exc})
    return redirect("campaigns_admin:detail", campaign.pk)
