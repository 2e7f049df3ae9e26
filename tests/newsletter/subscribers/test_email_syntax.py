"""Address checks use email-validator's public API only: the same decisions as the library."""

import pytest
from email_validator import EmailNotValidError, validate_email

from newsletter.subscribers.addresses import normalise_email
from newsletter.subscribers.email_syntax import check_syntax

ADDRESSES = [
    "anna@example.org", "Anna.Smith+news@Example.ORG", "o'brien@example.ie",
    "zoë@exämple.de", "user@xn--exmple-cua.de", "李小龙@例子.中国", "a@b.co",
    "x" * 64 + "@example.org", "x" * 65 + "@example.org", "a@" + "b" * 64 + ".org",
    "plainaddress", "@example.org", "anna@", "anna@@example.org", "anna@example",
    "anna@-example.org", "anna@example..org", "anna.@example.org", ".anna@example.org",
    "an na@example.org", "anna@exa_mple.org", "anna@localhost", "anna@123.123.123.123",
    "anna@[127.0.0.1]", "user@example.org\n", "ünïcødé@example.com", "a@b@c.org",
    "anna@example.org.", "anna@ex\u200bample.org", "",
]


def library_decision(address):
    try:
        return normalise_email(validate_email(address, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def our_decision(address):
    try:
        return check_syntax(address)
    except EmailNotValidError:
        return None


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_same_accept_and_reject_decisions_as_email_validator(address):
    assert our_decision(address) == library_decision(address)


def test_the_set_holds_both_accepted_and_rejected_addresses():
    decisions = [our_decision(address) for address in ADDRESSES]
    assert sum(d is None for d in decisions) >= 10
    assert sum(d is not None for d in decisions) >= 5

