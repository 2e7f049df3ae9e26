import pytest

from tests.support.fake_ses import FakeSes
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
def ses_settings(settings, fake_ses):
    settings.EMAIL_TRANSPORT = "ses"
    settings.SES_ENDPOINT_URL = fake_ses.url
    settings.SES_READ_TIMEOUT = 1
    settings.SES_CONNECT_TIMEOUT = 1
    settings.SES_MAX_SEND_RATE = None
    settings.CAMPAIGN_MESSAGE_BUILDER = "tests.support.messages.StubMessageBuilder"
    settings.CAMPAIGN_RETRY_BASE_DELAY = 0.01
    settings.CAMPAIGN_RETRY_MAX_DELAY = 0.05
    fake_ses.max_send_rate = 1000
    return settings
