"""Property tests: topic storage and the address normal form."""

from hypothesis import given
from hypothesis import strategies as st

from cms.items import Kind
from newsletter.subscribers import topics
from newsletter.subscribers.addresses import email_hash, normalise_email

topic_sets = st.sets(st.sampled_from(Kind.ARTICLES))


@given(topic_sets)
def test_topics_round_trip_and_match_with_one_like(chosen):
    stored = topics.encode(chosen)
    assert topics.decode(stored) == topics.clean(chosen)
    for kind in Kind.ARTICLES:
        # What SubscriberQuerySet.sendable's LIKE '%,kind,%' relies on.
        assert (f",{kind}," in stored) == (kind in chosen)


@given(topic_sets.filter(bool))
def test_topic_labels_parse_back(chosen):
    text = "; ".join(Kind.LABELS[kind] + "s" for kind in chosen)
    assert topics.parse(text) == topics.clean(chosen)


@given(st.emails())
def test_hash_ignores_case_and_spaces(address):
    variant = "  " + address.upper() + " "
    assert normalise_email(variant) == normalise_email(address)
    assert email_hash(variant) == email_hash(address)
