"""Personalised MIME messages, fast: encode the issue once, substitute per recipient.

``MessageTemplate.build`` quoted-printable-encodes the text and HTML parts of a
rendered issue once, cut at the personal tokens. Each token sits between soft line
breaks (``=`` CRLF), so a personal value is encoded on its own, never splits or alters
the surrounding bytes, and the decoded part is exactly the personalised text.
``personalise`` then only encodes a few short values, writes the per-recipient
headers and joins bytes.
"""

from __future__ import annotations

import binascii
import html
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, parseaddr

from . import text as text_module
from . import tokens

CRLF = b"\r\n"
SOFT_BREAK = b"=\r\n"
MAX_QP_LINE = 76


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    preheader: str
    html: str  # contains the personal tokens (see tokens.py)
    text: str  # idem
    detail: str = "standard"  # full | standard | teaser | compact (see context.ItemView)
    web_url: str = ""  # the issue's public page (from SITE_URL): Archived-At, "View in browser"
    # What the partnership settings say, in the email's language (builder.email_sender
    # turns them into From and Reply-To): the From name, and the reply-to address.
    from_name: str = ""
    reply_to: str = ""


@dataclass(frozen=True)
class Sender:
    """From and Reply-To of a message. ``name`` may hold any characters (non-ASCII,
    commas, quotes): the header encodes it (RFC 2047) so it stays one display name."""

    address: str
    name: str = ""
    reply_to: str = ""  # "" (none: replies go to From), an address or "Name <address>"

    def from_header(self) -> str:
        return format_address(self.name, self.address, "From")

    def reply_to_header(self) -> str:
        if not self.reply_to:
            return ""
        name, address = parseaddr(self.reply_to)
        return format_address(name, address or self.reply_to, "Reply-To")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""  # subscriber-controlled: escaped in HTML, encoded in headers
    unsubscribe_url: str = ""  # https one-click URL, also in List-Unsubscribe
    preferences_url: str = ""
    unsubscribe_mailto: str = ""  # "mailto:..." for List-Unsubscribe; optional


# ---- personal values ------------------------------------------------------------------

def text_values(recipient: Recipient) -> dict[str, str]:
    return {
        tokens.GREETING: text_module.wrap(tokens.greeting_text(recipient.name)),
        tokens.UNSUBSCRIBE_URL: header_safe_url(recipient.unsubscribe_url),
        tokens.PREFERENCES_URL: header_safe_url(recipient.preferences_url),
    }


def html_values(recipient: Recipient) -> dict[str, str]:
    return {
        tokens.GREETING: tokens.greeting_html(recipient.name),
        tokens.UNSUBSCRIBE_URL: html.escape(header_safe_url(recipient.unsubscribe_url)),
        tokens.PREFERENCES_URL: html.escape(header_safe_url(recipient.preferences_url)),
    }


def substitute(template: str, values: Mapping[str, str]) -> str:
    return tokens.TOKEN_RE.sub(lambda match: values[match.group(0)], template)


def personalise_parts(rendered: RenderedIssue, recipient: Recipient) -> tuple[str, str]:
    """(html, text) for one recipient, unencoded: for previews and web pages."""
    return (substitute(rendered.html, html_values(recipient)),
            substitute(rendered.text, text_values(recipient)))


# ---- headers --------------------------------------------------------------------------

_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .'\-]{0,59}")
_HEADER_NAME = re.compile(r"[!-9;-~]+")
_ADDR = re.compile(r"[^\s<>(),;:\"\\\[\]]+@[^\s<>(),;:\"\\\[\]@]+")


def header_safe_url(url: str) -> str:
    url = (url or "").strip()
    if any(ch in url for ch in "\r\n\t <>\"") or not url.isascii():
        raise ValueError(f"Not a safe URL for an email: {url!r}")
    return url


def clean_address(address: str) -> str:
    address = (address or "").strip()
    if not _ADDR.fullmatch(address):
        raise ValueError(f"Not an email address: {address!r}")
    local, domain = address.rsplit("@", 1)
    if not domain.isascii():
        domain = domain.encode("idna").decode("ascii")
    if not local.isascii():
        raise ValueError(f"{address!r}: non-ASCII mailbox names need SMTPUTF8, not supported")
    return f"{local}@{domain}"


MAX_HEADER_LINE = 78  # RFC 5322's recommended line length
MAX_ENCODED_WORD = 75  # RFC 2047 §2
_WORD_OVERHEAD = len("=?utf-8?b??=")


def _word_bytes(room: int) -> int:
    """The most UTF-8 bytes whose base64 fits in ``room`` characters."""
    return max(4, (min(room, MAX_ENCODED_WORD) - _WORD_OVERHEAD) // 4 * 3)


def _split_words(value: str, first: int, rest: int) -> list[str]:
    """``value`` in pieces of at most ``first``, then ``rest``, UTF-8 bytes, never inside
    a character. A piece ends after a space where one is in its second half: decoders
    that wrongly show a space between adjacent encoded words (CPython's address parser,
    RFC 2047 §6.2 says to drop it) then double a space instead of splitting a word."""
    pieces, chunk, size, limit = [], [], 0, first
    for char in value:
        length = len(char.encode("utf-8"))
        if chunk and size + length > limit:
            spaces = [index for index, held in enumerate(chunk) if held == " "]
            cut = spaces[-1] + 1 if spaces and spaces[-1] + 1 >= len(chunk) // 2 else len(chunk)
            pieces.append("".join(chunk[:cut]))
            chunk, limit = chunk[cut:], rest
            size = len("".join(chunk).encode("utf-8"))
        chunk.append(char)
        size += length
    if chunk:
        pieces.append("".join(chunk))
    return pieces


def encode_words(value: str, header_name: str = "") -> str:
    """RFC 2047 base64 encoded words, each as long as RFC 2047 and a 78-character line
    allow (a display name of up to 45 bytes is one word), folded onto continuation lines.
    Always encoded, even for ASCII: quotes, commas, angle brackets and "=?" in the value
    stay inert."""
    first = _word_bytes(MAX_HEADER_LINE - len(header_name) - len(": "))
    rest = _word_bytes(MAX_HEADER_LINE - 1)
    return "\r\n ".join(
        "=?utf-8?b?" + binascii.b2a_base64(piece.encode("utf-8"), newline=False).decode("ascii")
        + "?=" for piece in _split_words(value, first, rest))


def format_address(name: str, address: str, header_name: str = "To") -> str:
    """'"Name" <addr>'; a name that is not plain ASCII becomes RFC 2047 encoded words,
    so quotes, angle brackets, commas or line breaks in it can never change the header.
    The address goes on a line of its own when it would make the last one too long."""
    address = clean_address(address)
    name = tokens.clean_name(name)
    if not name:
        return address
    if _PLAIN_NAME.fullmatch(name):
        return f'"{name}" <{address}>'
    words = encode_words(name, header_name)
    last_line = words.rpartition("\r\n")[2]
    used = len(last_line) + (len(header_name) + 2 if "\r\n" not in words else 0)
    separator = " " if used + len(address) + 3 <= MAX_HEADER_LINE else "\r\n "
    return f"{words}{separator}<{address}>"


def header_value(name: str, value: str) -> str:
    value = " ".join(str(value).split())  # no CR/LF can survive
    if value.isascii():
        return value
    return encode_words(value, name)


def header_line(name: str, value: str) -> bytes:
    if not _HEADER_NAME.fullmatch(name):
        raise ValueError(f"Not a header name: {name!r}")
    return f"{name}: {header_value(name, value)}\r\n".encode("ascii")


_ID_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,63}")


def sender_domain(sender: str) -> str:
    """The domain of a sender such as 'Name <news@example.org>' ("localhost" if none)."""
    _name, address = parseaddr(sender or "")
    return address.rpartition("@")[2].strip().lower() or "localhost"


def make_message_id(domain: str, prefix: str = "") -> str:
    """A unique Message-ID value, without angle brackets: ``[prefix.]random@domain``.
    The prefix (e.g. ``c7.d42`` for a campaign's delivery row) makes it traceable."""
    domain = (domain or "").strip().lower()
    if not domain or any(ch in domain for ch in "\r\n\t <>@") or not domain.isascii():
        raise ValueError(f"Not a domain for a Message-ID: {domain!r}")
    if prefix and not _ID_PREFIX.fullmatch(prefix):
        raise ValueError(f"Not a Message-ID prefix: {prefix!r}")
    unique = f"{uuid.uuid4().hex}.{secrets.token_hex(4)}"
    return f"{prefix}.{unique}@{domain}" if prefix else f"{unique}@{domain}"


# ---- quoted-printable, cut at the tokens ----------------------------------------------

def qp_encode(value: str) -> bytes:
    """Quoted-printable with CRLF line ends; every line at most 75 characters, so that a
    soft break may follow the last one."""
    data = value.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    encoded = binascii.b2a_qp(data, quotetabs=False, istext=True, header=False)
    encoded = encoded.replace(b"\n", CRLF)
    last_start = encoded.rfind(CRLF) + 2 if CRLF in encoded else 0
    last = encoded[last_start:]
    if len(last) >= MAX_QP_LINE:
        # cut before the last character or =XX escape, never inside one
        cut = len(last) - 3 if last[-3:-2] == b"=" else len(last) - 1
        encoded = encoded[:last_start] + last[:cut] + SOFT_BREAK + last[cut:]
    return encoded


def join_chunks(chunks: list[bytes]) -> bytes:
    """Join encoded chunks; a chunk that does not end a line gets a soft break."""
    out = []
    for chunk in chunks:
        if not chunk:
            continue
        if out and not out[-1].endswith(CRLF):
            out.append(SOFT_BREAK)
        out.append(chunk)
    return b"".join(out)


def encode_value(value: str) -> bytes:
    """A personal value, encoded, ending with a soft break (nothing when empty)."""
    return qp_encode(value) + SOFT_BREAK if value else b""


class _EncodedPart:
    """One body part as encoded literals and token names, ready to join.

    A literal that does not end a line carries a trailing soft break when a token
    follows, and every encoded value ends with one (``encode_value``), so a token's
    value always starts and ends its own encoded lines."""

    def __init__(self, value: str):
        self.pieces: list[bytes | str] = []
        position = 0
        for match in tokens.TOKEN_RE.finditer(value):
            literal = qp_encode(value[position:match.start()])
            if literal and not literal.endswith(CRLF):
                literal += SOFT_BREAK
            self.pieces.append(literal)
            self.pieces.append(match.group(0))
            position = match.end()
        self.pieces.append(qp_encode(value[position:]))

    def render(self, encoded_values: Mapping[str, bytes]) -> bytes:
        return b"".join([piece if piece.__class__ is bytes else encoded_values[piece]
                         for piece in self.pieces])


class MessageTemplate:
    """Built once per (issue, sender); ``personalise`` makes each recipient's message."""

    def __init__(self, *, static_headers: bytes, boundary: str, text_part: _EncodedPart,
                 html_part: _EncodedPart):
        self.static_headers = static_headers
        self.boundary = boundary.encode("ascii")
        self.text_part = text_part
        self.html_part = html_part
        self._text_head = (b"This is a multi-part message in MIME format.\r\n\r\n--"
                           + self.boundary + CRLF
                           + b'Content-Type: text/plain; charset="utf-8"\r\n'
                           + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n")
        self._html_head = (CRLF + b"--" + self.boundary + CRLF
                           + b'Content-Type: text/html; charset="utf-8"\r\n'
                           + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n")
        self._tail = CRLF + b"--" + self.boundary + b"--" + CRLF

    @classmethod
    def build(cls, rendered: RenderedIssue, *, sender: Sender,
              web_url: str | None = None) -> MessageTemplate:
        """The headers shared by every recipient, and the encoded parts. ``web_url``
        (Archived-At) defaults to the rendered issue's own."""
        web_url = rendered.web_url if web_url is None else web_url
        # "=_" can never occur in quoted-printable data, so the boundary cannot either.
        boundary = f"=_clusterpost_{secrets.token_hex(12)}"
        lines = [f"From: {sender.from_header()}".encode("ascii") + CRLF]
        reply_to = sender.reply_to_header()
        if reply_to:
            lines.append(f"Reply-To: {reply_to}".encode("ascii") + CRLF)
        subject = " ".join(rendered.subject.split())
        lines.append(b"Subject: " + encode_subject(subject) + CRLF)
        if web_url:
            lines.append(f"Archived-At: <{header_safe_url(web_url)}>".encode("ascii") + CRLF)
        lines.append(b"MIME-Version: 1.0\r\n")
        lines.append(f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"'.encode(
            "ascii") + CRLF)
        return cls(static_headers=b"".join(lines), boundary=boundary,
                   text_part=_EncodedPart(rendered.text), html_part=_EncodedPart(rendered.html))

    def personalise(self, recipient: Recipient, *, message_id: str,
                    extra_headers: Mapping[str, str] | None = None) -> bytes:
        """The complete RFC 5322 message for one recipient (CRLF line ends)."""
        if not message_id or any(ch in message_id for ch in "\r\n\t <>") \
                or not message_id.isascii():
            raise ValueError(f"Not a Message-ID: {message_id!r}")
        head = [
            b"Date: " + format_datetime(datetime.now(UTC)).encode("ascii") + CRLF,
            b"To: " + format_address(recipient.name, recipient.email).encode("ascii") + CRLF,
            b"Message-ID: <" + message_id.encode("ascii") + b">" + CRLF,
        ]
        unsubscribe = []
        if recipient.unsubscribe_url:
            unsubscribe.append(f"<{header_safe_url(recipient.unsubscribe_url)}>")
        if recipient.unsubscribe_mailto:
            mailto = header_safe_url(recipient.unsubscribe_mailto)
            if not mailto.startswith("mailto:"):
                raise ValueError(f"Not a mailto: URL: {mailto!r}")
            unsubscribe.append(f"<{mailto}>")
        if unsubscribe:
            head.append(("List-Unsubscribe: " + ",\r\n ".join(unsubscribe)).encode("ascii")
                        + CRLF)
        if (recipient.unsubscribe_url or "").startswith(("https://", "http://")):
            head.append(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")
        for name, value in (extra_headers or {}).items():
            head.append(header_line(name, value))
        text_values_encoded = {token: encode_value(value)
                               for token, value in text_values(recipient).items()}
        html_values_encoded = {token: encode_value(value)
                               for token, value in html_values(recipient).items()}
        return b"".join((
            *head,
            self.static_headers,
            CRLF,
            self._text_head,
            self.text_part.render(text_values_encoded),
            self._html_head,
            self.html_part.render(html_values_encoded),
            self._tail,
        ))


def encode_subject(subject: str) -> bytes:
    if subject.isascii():
        return Header(subject, "us-ascii", header_name="Subject").encode(
            linesep="\r\n").encode("ascii")
    return encode_words(subject, "Subject").encode("ascii")
