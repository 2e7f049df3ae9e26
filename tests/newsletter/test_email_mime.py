"""MessageTemplate: one encoding per issue, per-recipient token substitution; the decoded
parts equal the expected personalised text and HTML for any name."""

import email
import html
import re
from email import policy

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsletter.rendering import (
    MessageTemplate,
    Recipient,
    RenderedIssue,
    Sender,
    make_message_id,
    personalise_parts,
    render_issue,
)
from newsletter.rendering import tokens as T
from newsletter.rendering.mime import join_chunks, qp_encode

from .email_samples import seed_like_issue

FROM = Sender("newsletter@bioxclusters.example", "bioXclusters plus",
              reply_to="info@bioxclusters.example")


@pytest.fixture(scope="module")
def rendered():
    return render_issue(seed_like_issue())


@pytest.fixture(scope="module")
def template(rendered):
    return MessageTemplate.build(rendered, sender=FROM,
                                 web_url="http://testserver/issues/newsletter-january-2017/")


def recipient(name="Zoë", **fields):
    defaults = dict(email="zoe@example.org", name=name,
                    unsubscribe_url="https://news.example/u/1:abc?x=1&y=2",
                    preferences_url="https://news.example/p/1:def",
                    unsubscribe_mailto="mailto:unsubscribe@bioxclusters.example?subject=u1")
    defaults.update(fields)
    return Recipient(**defaults)


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    body = message.get_body(preferencelist=("html",)).get_content()
    return body.replace("\r\n", "\n"), text.replace("\r\n", "\n")


def to_name(raw: bytes) -> str:
    """The To display name, decoded by the RFC 2047 reference decoder (the newer
    policy parser inserts spaces between adjacent encoded words, which RFC 2047 §6.2
    says to drop)."""
    from email.header import decode_header, make_header
    from email.utils import parseaddr

    value = email.message_from_bytes(raw, policy=policy.compat32)["To"]
    name, _address = parseaddr(value)
    return str(make_header(decode_header(name))) if "=?" in value else name


def normalise(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n")


def check_message(raw: bytes, rendered: RenderedIssue, who: Recipient) -> None:
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    for line in raw.split(b"\r\n"):
        assert len(line) <= 998
    head, _, body = raw.partition(b"\r\n\r\n")
    for line in body.split(b"\r\n"):
        assert len(line) <= 76, line
    message = parse(raw)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    got_html, got_text = parts(message)
    want_html, want_text = personalise_parts(rendered, who)
    assert got_text == normalise(want_text)
    assert got_html == normalise(want_html)
    if T.PREFIX not in who.name:  # a name is shown as typed, even one that looks like a token
        assert T.PREFIX not in got_html and T.PREFIX not in got_text
    assert message.defects == []
    for part in message.iter_parts():
        assert part.defects == []


def test_headers_and_parts(rendered, template):
    who = recipient()
    message_id = make_message_id("bioxclusters.example")
    raw = template.personalise(who, message_id=message_id, extra_headers={
        "X-SES-CONFIGURATION-SET": "clusterpost", "X-SES-MESSAGE-TAGS": "campaign=7, delivery=42"})
    check_message(raw, rendered, who)
    message = parse(raw)
    assert message["From"].addresses[0].addr_spec == "newsletter@bioxclusters.example"
    assert message["From"].addresses[0].display_name == "bioXclusters plus"
    assert message["To"].addresses[0].display_name == "Zoë"
    assert message["To"].addresses[0].addr_spec == "zoe@example.org"
    assert message["Reply-To"] == "info@bioxclusters.example"
    assert message["Subject"] == "bioXclusters plus — Newsletter January 2017"
    assert b"Subject: =?utf-8?" in raw  # RFC 2047 for the non-ASCII dash
    assert message["Message-ID"] == f"<{message_id}>"
    assert message["MIME-Version"] == "1.0"
    assert message["Date"].datetime.tzinfo is not None
    assert message["List-Unsubscribe"] == (
        "<https://news.example/u/1:abc?x=1&y=2>, "
        "<mailto:unsubscribe@bioxclusters.example?subject=u1>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Archived-At"] == "<http://testserver/issues/newsletter-january-2017/>"
    assert message["X-SES-CONFIGURATION-SET"] == "clusterpost"
    assert message["X-SES-MESSAGE-TAGS"] == "campaign=7, delivery=42"
    got_html, got_text = parts(message)
    assert "Dear Zoë," in got_text and "Dear Zoë," in got_html
    assert 'href="https://news.example/u/1:abc?x=1&amp;y=2"' in got_html
    assert "https://news.example/u/1:abc?x=1&y=2" in got_text
    assert 'href="https://news.example/p/1:def"' in got_html


def test_no_name_and_no_links(rendered, template):
    who = Recipient(email="plain@example.org")
    raw = template.personalise(who, message_id=make_message_id("example.org"))
    check_message(raw, rendered, who)
    message = parse(raw)
    assert message["To"] == "plain@example.org"
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert "Hello," in parts(message)[1]


NASTY_NAMES = [
    "José Müller-Lüdenscheidt", 'Dr. "Quote" O\'Brien', "<script>alert('x')</script>",
    "a=b=c =?utf-8?q?x?= =3D", "x" * 500, "Name\r\nBcc: victim@example.org",
    "Zoë 🙂 李小龙", "=", "   ", "\u202eevil", "Ann, Bob <bob@example.org>", "%%CP-GREETING%%",
    " ".join(["Wolfeschlegelsteinhausenbergerdorff"] * 12),
]


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_names_are_escaped_and_header_safe(rendered, template, name):
    who = recipient(name=name)
    raw = template.personalise(who, message_id=make_message_id("example.org"))
    check_message(raw, rendered, who)
    message = parse(raw)
    assert message["Bcc"] is None
    assert len(message["To"].addresses) == 1
    assert message["To"].addresses[0].addr_spec == "zoe@example.org"
    assert to_name(raw) == T.clean_name(name)
    got_html, got_text = parts(message)
    assert "<script>" not in got_html
    assert html.escape(T.greeting_text(name), quote=True) in got_html
    assert "".join(T.greeting_text(name).split()) in "".join(got_text.split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
       query=st.text(st.characters(min_codepoint=33, max_codepoint=126,
                                   exclude_characters='<>"'), max_size=120))
@example(name="é" * 200, query="=" * 100)
def test_any_name_and_url_round_trip(rendered, template, name, query):
    who = recipient(name=name, unsubscribe_url=f"https://news.example/u/?t={query}",
                    preferences_url=f"https://news.example/p/{query}")
    raw = template.personalise(who, message_id=make_message_id("example.org"))
    check_message(raw, rendered, who)


def test_build_once_personalise_many(rendered, template):
    first = template.personalise(recipient(name="A"), message_id="1@example.org")
    second = template.personalise(recipient(name="B", email="b@example.org"),
                                  message_id="2@example.org")
    assert b"Dear A," in first and b"Dear B," in second
    assert b"Dear B," not in first


def test_unsafe_inputs_are_refused(template):
    with pytest.raises(ValueError):
        template.personalise(recipient(email="a@b.c\r\nBcc: x@y.z"), message_id="1@x")
    with pytest.raises(ValueError):
        template.personalise(recipient(unsubscribe_url="https://x/\r\nBcc: x@y.z"),
                             message_id="1@x")
    with pytest.raises(ValueError):
        template.personalise(recipient(), message_id="<1@x>\r\nBcc: x")
    with pytest.raises(ValueError):
        template.personalise(recipient(), message_id="1@x", extra_headers={"Bad Name": "x"})
    with pytest.raises(ValueError):
        template.personalise(recipient(unsubscribe_mailto="https://x/"), message_id="1@x")
    with pytest.raises(ValueError):
        make_message_id("exa mple.org")


def test_extra_header_values_cannot_inject(template):
    raw = template.personalise(recipient(), message_id="1@x",
                               extra_headers={"X-Tag": "a\r\nBcc: victim@example.org"})
    message = parse(raw)
    assert message["Bcc"] is None and message["X-Tag"] == "a Bcc: victim@example.org"


def test_message_ids_are_unique():
    ids = {make_message_id("example.org") for _ in range(2000)}
    assert len(ids) == 2000
    assert all(re.fullmatch(r"[0-9a-f.]+@example\.org", value) for value in ids)


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400))
def test_qp_chunks_decode_exactly(value):
    import quopri

    encoded = join_chunks([qp_encode(value), qp_encode(value[::-1])])
    for line in encoded.split(b"\r\n"):
        assert len(line) <= 76
    decoded = quopri.decodestring(encoded.replace(b"\r\n", b"\n")).decode("utf-8")
    assert decoded == normalise(value + value[::-1]).replace("\r", "\n")


def test_non_ascii_subject_and_sender():
    rendered = RenderedIssue(subject="Ñewsletter — ünïcode " + "ü" * 80, preheader="",
                             html=f"<p>{T.GREETING}</p>", text=f"{T.GREETING}\n")
    template = MessageTemplate.build(rendered, sender=Sender("news@example.org", "Clústers"))
    raw = template.personalise(Recipient("a@example.org", "Ann"), message_id="1@example.org")
    message = parse(raw)
    assert message["Subject"] == rendered.subject
    assert message["From"].addresses[0].display_name == "Clústers"
    head = raw.partition(b"\r\n\r\n")[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))


@pytest.mark.parametrize("name", [
    'Clústers, "plus" & Co',  # a comma and quotes: still one address
    "Clústers — édition française, « plus »",  # 44 bytes: one encoded word
    "Zoë Ünïcode-Ñame " * 5 + "Ωmega",  # several words, cut after a space
    "ü" * 70,  # no space to cut at
])
@pytest.mark.parametrize("header", ["From", "Reply-To"])
def test_sender_names_come_back_whole(name, header):
    from email.header import decode_header, make_header
    from email.utils import quote

    sender = Sender("newsletter@bioxclusters.example", name,
                    reply_to=f'"{quote(name)}" <r@example.org>')  # as NEWSLETTER_REPLY_TO
    rendered = RenderedIssue(subject="S", preheader="", html="<p>x</p>", text="x\n")
    raw = MessageTemplate.build(rendered, sender=sender).personalise(
        Recipient("a@example.org"), message_id="1@example.org")
    head = raw.partition(b"\r\n\r\n")[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    [address] = parse(raw)[header].addresses
    assert address.addr_spec == ("newsletter@bioxclusters.example" if header == "From"
                                 else "r@example.org")
    # CPython's address parser shows a space between adjacent encoded words (RFC 2047
    # §6.2 says to drop it): names that fit one word come back exactly, longer ones with
    # every word whole; the reference decoder always gives the exact name.
    if len(name.encode()) <= 39:
        assert address.display_name == name
    if " " in name:
        assert address.display_name.split() == name.split()
    else:
        assert address.display_name.replace(" ", "") == name
    value = email.message_from_bytes(raw, policy=policy.compat32)[header]
    decoded = str(make_header(decode_header(value)))
    assert decoded.rpartition(" <")[0] == name
