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
