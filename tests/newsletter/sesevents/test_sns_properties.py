"""Properties of verification, checked with hypothesis on sns.verify directly."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.sesevents import sns

from .signing import ses_event

FIELDS = ["Message", "MessageId", "Timestamp", "TopicArn", "Subject"]


@pytest.fixture
def signed(signer):
    message = signer.notification(ses_event("Bounce"), subject="s")
    assert sns.verify(message).message_id == message["MessageId"]
    return message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), position=st.integers(min_value=0), char=st.characters())
def test_any_change_to_a_signed_field_is_rejected(signed, field, position, char):
    value = signed[field]
    position %= len(value)
    changed = value[:position] + char + value[position + 1:]
    if changed == value:
        return
    message = dict(signed, **{field: changed})
    with pytest.raises(sns.VerificationError):
        sns.verify(message)


@settings(max_examples=200, deadline=None)
@given(host=st.text(alphabet=st.sampled_from("sn.eu-wst1amzoc@:/\\"), min_size=1, max_size=40))
def test_only_exact_sns_hosts_are_accepted(host):
    region = sns.sns_url_region(f"https://{host}/SimpleNotificationService-a.pem", path_suffix=".pem")
    if region is not None:
        assert host in (f"sns.{region}.amazonaws.com", f"sns.{region}.amazonaws.com.cn")
