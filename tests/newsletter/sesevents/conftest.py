import json

import pytest
from django.core.cache import cache

from newsletter.sesevents import sns

from .signing import TOPIC_ARN, SnsSigner

URL = "/newsletter/ses/events/"


@pytest.fixture(scope="session")
def _signer():
    return SnsSigner()


@pytest.fixture
def signer(_signer, settings, monkeypatch):
    """A signer whose certificate the webhook 'fetches' from an in-memory table."""
    settings.SNS_TOPIC_ARNS = [TOPIC_ARN]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "sesevents-tests"}}
    cache.clear()
    sns.certificates.clear()
    fetched: list[str] = []
    table = {_signer.cert_url: _signer.pem}

    def fake_fetch(url):
        fetched.append(url)
        if url not in table:
            raise OSError(f"no such certificate {url}")
        return table[url]

    monkeypatch.setattr(sns, "fetch_pem", fake_fetch)
    _signer.fetched = fetched
    _signer.table = table
    yield _signer
    sns.certificates.clear()
    cache.clear()


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST to the webhook; with ``apply=True`` (the default) the background apply the
    webhook enqueues on commit runs too (the test backend runs tasks at once)."""
    def _post(message, *, apply=True, **extra):
        body = message if isinstance(message, str | bytes) else json.dumps(message)
        headers = {}
        if isinstance(message, dict) and "Type" in message:
            headers["HTTP_X_AMZ_SNS_MESSAGE_TYPE"] = message["Type"]
        headers.update(extra)
        with django_capture_on_commit_callbacks(execute=apply):
            return client.post(URL, data=body, content_type="text/plain; charset=utf-8", **headers)

    return _post


@pytest.fixture
def lifecycle(monkeypatch):
    """Records calls to the subscribers' lifecycle and the campaigns' ledger functions."""
    from newsletter.sesevents import effects

    calls: dict[str, list] = {"mark_bounced": [], "mark_complained": [], "settle": []}
    settled_ids: set[int] = set()

    def mark_bounced(email, *, detail=""):
        calls["mark_bounced"].append((email, detail))

    def mark_complained(email, *, detail=""):
        calls["mark_complained"].append((email, detail))

    def settle_from_send_event(delivery_id, message_id):
        calls["settle"].append((delivery_id, message_id))
        if delivery_id in settled_ids:
            return False
        settled_ids.add(delivery_id)
        return True

    monkeypatch.setattr(effects.lifecycle, "mark_bounced", mark_bounced)
    monkeypatch.setattr(effects.lifecycle, "mark_complained", mark_complained)
    monkeypatch.setattr(effects.ledger, "settle_from_send_event", settle_from_send_event)
    return calls


@pytest.fixture
def ledger(monkeypatch):
    """Stands in for newsletter.campaigns.ledger.settle_from_send_event; the subscribers'
    lifecycle functions stay real."""
    from newsletter.sesevents import effects

    calls: list[tuple[int, str]] = []
    unknown_rows: set[int] = set()

    def settle_from_send_event(delivery_id, message_id):
        calls.append((delivery_id, message_id))
        if delivery_id in unknown_rows:
            unknown_rows.discard(delivery_id)
            return True
        return False

    monkeypatch.setattr(effects.ledger, "settle_from_send_event", settle_from_send_event)
    return type("Ledger", (), {"calls": calls, "unknown": unknown_rows})
