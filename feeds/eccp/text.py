"""The ECCP body as plain text: the same conversion every channel uses."""

from cms.plaintext import html_to_text


def body_text(html: str) -> str:
    return html_to_text(html)
