import pytest

from newsletter.campaigns import engine
from tests.support.fake_ses import FakeSes
from tests.support.messages import StubMessageBuilder
from tests.support.moto_ses import fake_aws_credentials


@pytest.fixture(autouse=True)
def _aws_env():
    with fake_aws_credentials():
        yield


@pytest.fixture
def fake_ses():
    with FakeSes() as fake:
        yield fake


@pytest.fixture
def make_subscribers(db):
    from newsletter.subscribers.models import Subscriber

    def make(n, *, prefix="reader", topics=None, status="confirmed"):
        people = [Subscriber(email=f"{prefix}{i}@example.org", name=f"Reader {i}",
                             status=status, topics=list(topics) if topics else None)
                  for i in range(n)]
        for person in people:
            if person.topics is None:
                person.topics = ["interview", "success_story", "gateway_news",
                                 "activity_news", "event"]
            person.save()
        return people

    return make


@pytest.fixture
def message_builder():
    """The builder the engine uses for a campaign in these tests: a stub with tiny
    messages. A test module overrides this fixture to send the real snapshot."""
    return StubMessageBuilder


@pytest.fixture
def ses_settings(settings, fake_ses, message_builder, monkeypatch):
    monkeypatch.setattr(engine, "build_message_builder", message_builder)
    settings.EMAIL_TRANSPORT = "ses"
    settings.SES_ENDPOINT_URL = fake_ses.url
    settings.SES_READ_TIMEOUT = 1
    settings.SES_CONNECT_TIMEOUT = 1
    settings.SES_MAX_SEND_RATE = None
    settings.CAMPAIGN_RETRY_BASE_DELAY = 0.01
    settings.CAMPAIGN_RETRY_MAX_DELAY = 0.05
    fake_ses.max_send_rate = 1000
    return settings
