"""Public pages: identical answers, rate limit, honeypot, CSRF, tokens, one-click."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from cms.items import Kind
from newsletter.subscribers import lifecycle, links, tokens
from newsletter.subscribers.models import ConsentEvent, Subscriber
from newsletter.subscribers.suppression import is_suppressed

from .conftest import link_in, read_outbox

pytestmark = pytest.mark.django_db
Status = Subscriber.Status
SUBSCRIBE = "/newsletter/subscribe/"


def form(email="ada@example.org", **extra):
    data = {"email": email, "name": "Ada", "organisation": "", "country": "", "language": "en",
            "topics": list(Kind.ARTICLES), "consent": "on", "website": ""}
    data.update(extra)
    return data


def path_of(url):
    return url.removeprefix("http://testserver")


def test_subscribe_page_renders_consent_wording_and_honeypot(client, settings):
    settings.CONSENT_TEXT = "I agree to wording number seven."
    settings.CONSENT_TEXT_VERSION = "seven"
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "I agree to wording number seven." in body and "version seven" in body
    assert 'name="website"' in body and 'name="csrfmiddlewaretoken"' in body


def test_embed_page_shows_a_snippet_that_prefills_the_form(client):
    response = client.get("/newsletter/subscribe/embed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/newsletter/subscribe/" in body and "method=&quot;get&quot;" in body
    prefilled = client.get(SUBSCRIBE, {"email": "partner@example.org"}).content.decode()
    assert 'value="partner@example.org"' in prefilled


def test_identical_answer_for_new_pending_confirmed_and_suppressed(client, make_subscriber,
                                                                   django_capture_on_commit_callbacks):
    make_subscriber("confirmed@example.org")
    make_subscriber("pending@example.org", status=Status.PENDING)
    gone = make_subscriber("gone@example.org")
    lifecycle.unsubscribe(gone, source="admin")
    answers = []
    for address in ("new@example.org", "pending@example.org", "confirmed@example.org",
                    "gone@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(SUBSCRIBE, form(address))
        answers.append((response.status_code, response["Location"]))
        followed = client.get(response["Location"])
        answers.append((followed.status_code, followed.content))
    assert answers[0::2] == [(302, "/newsletter/subscribe/thanks/")] * 4
    assert len(set(answers[1::2])) == 1


def test_honeypot_gets_the_same_answer_and_does_nothing(client, outbox):
    response = client.post(SUBSCRIBE, form(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/newsletter/subscribe/thanks/"
    assert not Subscriber.objects.exists()
    assert read_outbox(outbox) == []


def test_bad_address_and_missing_consent_are_shown(client):
    response = client.post(SUBSCRIBE, form("not-an-address", consent=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "errorlist" in body and "Please tick the box" in body
    assert not Subscriber.objects.exists()


def test_rate_limit_per_ip(settings):
    settings.SUBSCRIBE_RATE_LIMIT = 3
    client = Client(REMOTE_ADDR="198.51.100.1")
    codes = [client.post(SUBSCRIBE, form(f"p{i}@example.org")).status_code for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Subscriber.objects.count() == 3
    # Another IP is not affected.
    other = Client(REMOTE_ADDR="198.51.100.2")
    assert other.post(SUBSCRIBE, form("q@example.org")).status_code == 302


def test_subscribe_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    assert client.post(SUBSCRIBE, form()).status_code == 403
    assert not Subscriber.objects.exists()


def test_confirmation_email_is_multipart_and_its_link_confirms(client, outbox,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, form())
    [message] = read_outbox(outbox)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Message-ID"] and message["Date"]
    html = message.get_body(preferencelist=("html",)).get_content()
    url = link_in(message, "/newsletter/confirm/")
    assert url in html
    # GET only shows a button (scanners prefetch): still pending.
    page = client.get(path_of(url))
    assert page.status_code == 200 and b"Confirm my subscription" in page.content
    assert Subscriber.objects.get().status == Status.PENDING
    done = client.post(path_of(url))
    assert done.status_code == 200 and b"Subscription confirmed" in done.content
    assert Subscriber.objects.get().status == Status.CONFIRMED
    # The link again: a friendly "already subscribed" page.
    again = client.get(path_of(url))
    assert again.status_code == 200 and b"already confirmed" in again.content


def test_a_newer_request_replaces_the_confirmation_link(client, settings,
                                                        django_capture_on_commit_callbacks, outbox):
    settings.SUBSCRIBERS_RESEND_INTERVAL = 0
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(SUBSCRIBE, form())
    first, second = (link_in(m, "/newsletter/confirm/") for m in read_outbox(outbox))
    assert client.post(path_of(first)).status_code == 400
    assert client.post(path_of(second)).status_code == 200


def test_expired_confirmation_link(client, make_subscriber, settings):
    subscriber = make_subscriber(status=Status.PENDING, confirm_nonce="abc")
    url = links.confirm_url(subscriber)
    settings.SUBSCRIBERS_CONFIRM_MAX_AGE = -1
    response = client.get(path_of(url))
    assert response.status_code == 400 and b"expired" in response.content


@pytest.mark.parametrize("name", ["confirm", "preferences", "unsubscribe"])
def test_tampered_tokens_get_400_and_change_nothing(client, make_subscriber, name):
    subscriber = make_subscriber()
    token = tokens.make_token(subscriber, name)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for method in (client.get, client.post):
        response = method(f"/newsletter/{name}/{forged}/")
        assert response.status_code == 400
        assert b"This link does not work" in response.content
    garbage = client.post(f"/newsletter/{name}/not-a-token/")
    assert garbage.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED and not subscriber.consent_events.exists()


def test_token_for_another_purpose_is_refused(client, make_subscriber):
    subscriber = make_subscriber()
    preferences_token = tokens.make_token(subscriber, tokens.PREFERENCES)
    response = client.post(f"/newsletter/unsubscribe/{preferences_token}/",
                           {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED


def test_token_signed_with_another_key_is_refused(client, make_subscriber):
    subscriber = make_subscriber()
    foreign = signing.dumps({"s": subscriber.public_id.hex}, key="another-site-key",
                            salt="newsletter.subscribers.unsubscribe")
    assert client.post(f"/newsletter/unsubscribe/{foreign}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED


def test_one_click_post_without_csrf_unsubscribes(make_subscriber):
    subscriber = make_subscriber()
    client = Client(enforce_csrf_checks=True)
    url = links.unsubscribe_url(subscriber)
    assert url.startswith("http://testserver/newsletter/unsubscribe/")
    response = client.post(path_of(url), "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    assert subscriber.consent_events.get().source == ConsentEvent.Source.ONE_CLICK
    assert is_suppressed(subscriber.email)
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_get_never_unsubscribes(client, make_subscriber):
    subscriber = make_subscriber()
    for _ in range(3):
        response = client.get(path_of(links.unsubscribe_url(subscriber)))
        assert response.status_code == 200 and b"<form method=\"post\">" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED


def test_unsubscribe_token_does_not_expire(client, make_subscriber, settings):
    subscriber = make_subscriber()
    url = links.unsubscribe_url(subscriber)
    settings.SUBSCRIBERS_CONFIRM_MAX_AGE = -1
    settings.SUBSCRIBERS_PREFERENCES_MAX_AGE = -1
    assert client.post(path_of(url)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED


def test_campaign_link_factory_gives_the_same_links_and_they_work(client, make_subscriber,
                                                                  settings, monkeypatch):
    """The send loop's fast link builder must match the one-off link functions, and its
    links must work (the factory resolves URLs once and signs the unsubscribe token
    once for both the https and the mailto link)."""
    import time

    settings.SITE_URL = "https://news.bioxclusters.example"
    subscriber = make_subscriber()
    frozen = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: frozen)
    fast = links.EmailLinkFactory().for_subscriber(subscriber)
    assert fast.unsubscribe_url == links.unsubscribe_url(subscriber)
    assert fast.preferences_url == links.preferences_url(subscriber)
    assert fast.unsubscribe_mailto == links.unsubscribe_mailto(subscriber)
    assert fast.unsubscribe_url.startswith("https://news.bioxclusters.example/newsletter/")
    assert client.get(path_of(fast.preferences_url)).status_code == 200
    assert client.post(path_of(fast.unsubscribe_url)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED


def test_preference_centre_changes_topics_language_name(client, make_subscriber):
    subscriber = make_subscriber(name="Ada")
    url = path_of(links.preferences_url(subscriber))
    page = client.get(url)
    assert page.status_code == 200 and b"ada@example.org" in page.content
    response = client.post(url, {"topics": [Kind.EVENT, Kind.INTERVIEW], "language": "fr",
                                 "name": "Ada King"})
    assert response.status_code == 200 and b"Your preferences are saved" in response.content
    subscriber.refresh_from_db()
    assert subscriber.topics == [Kind.INTERVIEW, Kind.EVENT]
    assert (subscriber.language, subscriber.name) == ("fr", "Ada King")
    # No topics at all is refused (unsubscribe instead).
    refused = client.post(url, {"language": "fr", "name": "Ada King"})
    assert b"Choose at least one topic" in refused.content
    subscriber.refresh_from_db()
    assert subscriber.topics == [Kind.INTERVIEW, Kind.EVENT]


def test_preference_centre_is_csrf_protected(make_subscriber):
    subscriber = make_subscriber()
    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(links.preferences_url(subscriber)),
                           {"topics": [Kind.EVENT], "language": "de", "name": "X"})
    assert response.status_code == 403


def test_unsubscribed_preference_centre_offers_no_resubscribe_shortcut(client, make_subscriber):
    subscriber = make_subscriber()
    lifecycle.unsubscribe(subscriber, source="admin")
    url = path_of(links.preferences_url(subscriber))
    body = client.get(url).content.decode()
    assert "unsubscribed" in body and "Save preferences" not in body
    client.post(url, {"topics": [Kind.EVENT], "language": "en", "name": ""})
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED


def test_mailto_link_carries_an_unsubscribe_token(make_subscriber):
    subscriber = make_subscriber()
    mailto = links.unsubscribe_mailto(subscriber)
    assert mailto.startswith("mailto:unsubscribe@bioxclusters.example?subject=unsubscribe%20")
    token = mailto.rsplit("%20", 1)[1]
    from urllib.parse import unquote
    found, _ = tokens.read_token(unquote(token), tokens.UNSUBSCRIBE)
    assert found == subscriber


def test_thanks_and_rate_limit_pages_render(client):
    assert client.get(reverse("newsletter:subscribers:subscribe_thanks")).status_code == 200


def test_privacy_link_shown_when_configured(client, settings):
    settings.SUBSCRIBERS_PRIVACY_URL = "https://example.org/privacy"
    assert b'href="https://example.org/privacy"' in client.get(SUBSCRIBE).content


def test_already_subscribed_email_carries_working_preference_link(
        client, make_subscriber, outbox, django_capture_on_commit_callbacks):
    make_subscriber("ada@example.org", name="Ada")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, form("ada@example.org"))
    [message] = read_outbox(outbox)
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(preferencelist=("html",)).get_content()
    url = link_in(message, "/newsletter/preferences/")
    assert url in html and "/newsletter/unsubscribe/" in html
    page = client.get(path_of(url))
    assert page.status_code == 200 and b"ada@example.org" in page.content
