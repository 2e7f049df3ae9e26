"""Plain text from the simple, sanitised HTML that rich text produces."""

import re
from html import unescape
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "figure", "div"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.list_stack: list[list[int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "br":
            self.parts.append("\n")
        if tag in {"ul", "ol"}:
            self.list_stack.append([0 if tag == "ol" else -1])
        if tag == "li":
            marker = "- "
            if self.list_stack and self.list_stack[-1][0] >= 0:
                self.list_stack[-1][0] += 1
                marker = f"{self.list_stack[-1][0]}. "
            self.parts.append("\n" + marker)
        if tag == "a":
            self.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href and not href.startswith("mailto:"):
                self.parts.append(f" <{href}>")
        if tag in {"ul", "ol"} and self.list_stack:
            self.list_stack.pop()
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        # Collapse runs of whitespace but keep them: "Read <a>more</a> now" needs its spaces.
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    text = unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
