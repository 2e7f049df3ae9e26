"""Personal tokens: placeholders that MJML and the text builder leave in the rendered
issue and that are replaced per recipient, after rendering.

Tokens are printable ASCII without ``=`` or whitespace, so quoted-printable leaves them
byte-for-byte intact; the MIME builder also keeps each one on a line of its own.
"""

from __future__ import annotations

import html
import re
import secrets
import unicodedata

from django.utils.translation import gettext

PREFIX = "%%CP-"

GREETING = "%%CP-GREETING%%"
UNSUBSCRIBE_URL = "%%CP-UNSUBSCRIBE-URL%%"
PREFERENCES_URL = "%%CP-PREFERENCES-URL%%"

ALL = (GREETING, UNSUBSCRIBE_URL, PREFERENCES_URL)
TOKEN_RE = re.compile("|".join(re.escape(token) for token in ALL))

# Characters that may never reach a header or the greeting: C0/C1 controls, line and
# paragraph separators, bidi overrides (they could make a name display as something else).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_name(name: str) -> str:
    """A subscriber's name, safe for a greeting or a header: NFC, no control characters,
    whitespace collapsed."""
    name = unicodedata.normalize("NFC", name or "")
    return " ".join(_UNSAFE.sub(" ", name).split())


def greeting_text(name: str) -> str:
    name = clean_name(name)
    return gettext("Dear %(name)s,") % {"name": name} if name else gettext("Hello,")


def greeting_html(name: str) -> str:
    return html.escape(greeting_text(name), quote=True)


class Placeholders:
    """Per-render random stand-ins for the tokens while templates and MJML run.

    Content cannot know the random part, so whatever an item says, only the renderer's
    own placeholders become tokens; a literal token typed into content is defused.
    """

    def __init__(self):
        nonce = secrets.token_hex(8)
        self.greeting = f"cpx{nonce}greeting"
        self.unsubscribe_url = f"cpx{nonce}unsubscribe"
        self.preferences_url = f"cpx{nonce}preferences"
        self._pairs = (
            (self.greeting, GREETING),
            (self.unsubscribe_url, UNSUBSCRIBE_URL),
            (self.preferences_url, PREFERENCES_URL),
        )

    def __getitem__(self, name):  # for Django templates (see context.Lookup)
        return getattr(self, name)

    def to_tokens(self, rendered: str) -> str:
        rendered = rendered.replace(PREFIX, "%% CP-")  # defuse tokens typed into content
        for placeholder, token in self._pairs:
            rendered = rendered.replace(placeholder, token)
        return rendered
