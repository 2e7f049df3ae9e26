"""The ECCP body as plain text.

cms.plaintext's extractor collapses each text run on its own, so the space between
"Para " and a following link is lost ("Parax"). This extractor keeps word boundaries
across inline tags; the line handling is the same as cms.plaintext.html_to_text.
"""

import re
from html import unescape

from cms.plaintext import _TextExtractor

_SPACES = re.compile(r"\s+")


class _Extractor(_TextExtractor):
    def handle_data(self, data):
        self.parts.append(_SPACES.sub(" ", data))


def body_text(html: str) -> str:
    parser = _Extractor()
    parser.feed(html or "")
    parser.close()
    text = unescape("".join(parser.parts))
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
