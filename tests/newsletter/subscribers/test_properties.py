"""Property tests: topic storage and the address normal form."""

from hypothesis import given
from hypothesis import strategies as st

from cms.items import Kind
from newsletter.subscribers import topics
from newsletter.subscribers.addresses import email_hash, normalise_email
from newsletter.subscribers.models import Subscriber

topic_sets = st.sets(st.sampled_from(Kind.ARTICLES))


@given(topic_sets)
def test_topics_are_stored_as_keys_in_canonical_order(chosen):
    field = Subscriber._meta.get_field("topics")
    stored = field.get_prep_value(list(chosen))
    # What SubscriberQuerySet.sendable's has_any_keys relies on: one key per topic.
    assert set(stored) == set(chosen)
    assert field.to_python(stored) == topics.clean(chosen)


@given(topic_sets.filter(bool))
def test_topic_labels_parse_back(chosen):
    text = "; ".join(Kind.LABELS[kind] + "s" for kind in chosen)
    assert topics.parse(text) == topics.clean(chosen)


@given(st.emails())
def test_hash_ignores_case_and_spaces(address):
    variant = "  " + address.upper() + " "
    assert normalise_email(variant) == normalise_email(address)
    assert email_hash(variant) == email_hash(address)
