"""Public pages: subscribe (+ embeddable snippet), confirm, preference centre, unsubscribe.

Pages reached through a token never change anything on GET (link scanners prefetch),
are not cached and send no Referer to other sites (the token is in the URL)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms import languages as site_languages

from . import conf, framing, lifecycle, links, ratelimit, tokens
from . import topics as topic_list
from .forms import PreferencesForm, SubscribeForm
from .models import ConsentEvent, Subscriber


def private_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"  # never to other sites; Origin stays set for CSRF
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def invalid_link(request, error: tokens.InvalidToken | str, *, status: int = 400):
    message = str(error)
    expired = isinstance(error, tokens.InvalidToken) and error.expired
    return render(request, "subscribers/invalid_link.html",
                  {"message": message, "expired": expired}, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        if not ratelimit.allow("subscribe", request):
            limit, window = conf.rate_limit()
            response = render(request, "subscribers/rate_limited.html",
                              {"minutes": max(1, window // 60)}, status=429)
            response["Retry-After"] = str(window)
            return response
        form = SubscribeForm(request.POST)
        if form.is_valid():
            if not form.is_bot:
                data = form.cleaned_data
                lifecycle.request_subscription(
                    data["email"], name=data["name"], organisation=data["organisation"],
                    country=data["country"], language=data["language"], topics=data["topics"],
                    source=ConsentEvent.Source.FORM, ip=ratelimit.client_ip(request))
            # The same answer for new, pending, confirmed and suppressed addresses (and bots).
            return redirect("newsletter:subscribers:subscribe_thanks")
    else:
        initial = {key: request.GET[key] for key in ("email", "name", "organisation")
                   if request.GET.get(key)}
        # The page's language, or the browser's on the unprefixed (default) URL.
        initial["language"] = (site_languages.supported(request.GET.get("language", ""))
                               or site_languages.visitor_language(request))
        if request.GET.getlist("topics"):
            initial["topics"] = topic_list.clean(request.GET.getlist("topics")) or list(topic_list.ALL)
        form = SubscribeForm(initial=initial)
    return render(request, "subscribers/subscribe.html", {
        "form": form, "consent_version": conf.consent_text_version(),
        "privacy_url": conf.privacy_url()})


def subscribe_thanks(request):
    return render(request, "subscribers/subscribe_thanks.html")


def embed(request):
    """Shows partner sites the HTML snippet to paste (a GET form that pre-fills ours) and
    the <iframe> alternative, allowed from EMBED_ALLOWED_ORIGINS."""
    action = settings.SITE_URL + reverse("newsletter:subscribers:subscribe")
    snippet = render(request, "subscribers/embed_snippet.html", {"action": action}).content.decode()
    frame_url = settings.SITE_URL + reverse("newsletter:subscribers:embed_frame")
    return render(request, "subscribers/embed.html", {
        "snippet": snippet.strip(), "frame_url": frame_url,
        "allowed_origins": conf.embed_allowed_origins()})


@framing.embeddable
def embed_frame(request):
    """The embeddable sign-up form: one address field that continues on our subscribe
    page in a new tab (no cookie, no CSRF token needed inside a partner's frame)."""
    return render(request, "subscribers/embed_frame.html")


@private_page
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber, payload = tokens.read_token(token, tokens.CONFIRM)
    except tokens.InvalidToken as error:
        return invalid_link(request, error)
    if request.method == "POST":
        try:
            lifecycle.confirm(subscriber, nonce=payload.get("n", ""), ip=ratelimit.client_ip(request))
        except lifecycle.StaleConfirmation as error:
            return invalid_link(request, str(error))
        subscriber.refresh_from_db()
        return render(request, "subscribers/confirmed.html", {
            "subscriber": subscriber, "preferences_url": links.preferences_url(subscriber)})
    already = subscriber.status == Subscriber.Status.CONFIRMED
    if not already and payload.get("n") != subscriber.confirm_nonce:
        return invalid_link(request, _("This confirmation link was replaced by a newer one. "
                                       "Please use the link in the latest email."))
    return render(request, "subscribers/confirm.html", {
        "subscriber": subscriber, "already": already,
        "preferences_url": links.preferences_url(subscriber) if already else ""})


@private_page
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber, _payload = tokens.read_token(token, tokens.PREFERENCES)
    except tokens.InvalidToken as error:
        return invalid_link(request, error)
    if subscriber.is_erased:
        return invalid_link(request, _("This link is not valid any more."))
    active = subscriber.status in (Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING)
    saved = False
    if request.method == "POST" and active:
        form = PreferencesForm(request.POST)
        if form.is_valid():
            changed = lifecycle.update_preferences(
                subscriber, topics=form.cleaned_data["topics"],
                language=form.cleaned_data["language"], name=form.cleaned_data["name"],
                ip=ratelimit.client_ip(request))
            subscriber.refresh_from_db()
            saved = True
            form = PreferencesForm(initial=_preferences_initial(subscriber))
            form.changed = changed
    else:
        form = PreferencesForm(initial=_preferences_initial(subscriber))
    return render(request, "subscribers/preferences.html", {
        "subscriber": subscriber, "form": form, "saved": saved, "active": active,
        "unsubscribe_url": links.unsubscribe_url(subscriber)})


def _preferences_initial(subscriber):
    return {"topics": subscriber.topics, "language": subscriber.language or "en",
            "name": subscriber.name}


@private_page
@csrf_exempt  # RFC 8058: the POST comes from a mail provider; the signed URL authenticates
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber, _payload = tokens.read_token(token, tokens.UNSUBSCRIBE)
    except tokens.InvalidToken as error:
        return invalid_link(request, error)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        lifecycle.unsubscribe(
            subscriber, ip=ratelimit.client_ip(request),
            source=ConsentEvent.Source.ONE_CLICK if one_click else ConsentEvent.Source.UNSUBSCRIBE_PAGE)
        return render(request, "subscribers/unsubscribed.html", {"subscriber": subscriber})
    done = subscriber.is_erased or subscriber.status in lifecycle.SUPPRESSED_STATUSES
    return render(request, "subscribers/unsubscribe.html", {
        "subscriber": subscriber, "done": done,
        "preferences_url": "" if done else links.preferences_url(subscriber)})
