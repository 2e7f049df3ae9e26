"""The HTML of an item's text blocks inside one mj-text. Written in Python rather than
one template include per block: an issue has ~100 blocks and Django's include costs
more than the block itself (see bench/bench_render.py). Every value is escaped here;
``html`` fields are rich text already sanitised by context.email_html."""

from __future__ import annotations

from html import escape

from . import style

_CREDIT = f'<p style="margin:-8px 0 12px;font-size:12px;color:{style.MUTED};">{{}}</p>'
_HEADING = ('<h4 style="margin:16px 0 8px;font-size:18px;line-height:1.3;font-weight:bold;'
            f'color:{style.HEADING};">{{}}</h4>')
_QUESTION = ('<h4 style="margin:18px 0 8px;font-size:17px;line-height:1.35;font-weight:bold;'
             f'color:{style.HEADING};">{{}}</h4>')
_OUTCOME = '<p style="margin:0 0 12px;font-weight:bold;">{}</p>'
_SUMMARY = '<p style="margin:0 0 12px;{}">{}</p>'
_QUOTE = ('<blockquote style="margin:16px 0;padding:12px 16px;'
          f'background:{style.QUOTE_BACKGROUND};border-left:4px solid {style.BRAND};'
          f'color:{style.HEADING};"><span style="font-style:italic;font-size:17px;">'
          '“{}”</span>{}</blockquote>')
_ATTRIBUTION = f'<br><span style="font-size:14px;color:{style.MUTED};">— {{}}</span>'
_READ_MORE = ('<p style="margin:4px 0 0;font-size:15px;"><a href="{}" '
              f'style="color:{style.LINK};font-weight:bold;">{{}}</a></p>')


def _lines(text: str) -> str:
    """Escaped text with its line breaks as <br> (like Django's linebreaksbr)."""
    return "<br>".join(escape(line) for line in text.replace("\r\n", "\n").split("\n"))


def block_html(block) -> str:
    kind = block.type
    if kind == "richtext":
        return block.html
    if kind == "qa":
        number = f"{block.number}. " if block.number else ""
        return _QUESTION.format(escape(number + block.text)) + block.html
    if kind == "heading":
        return _HEADING.format(escape(block.text))
    if kind == "quote":
        attribution = _ATTRIBUTION.format(escape(block.attribution)) if block.attribution else ""
        return _QUOTE.format(escape(block.text), attribution)
    if kind == "summary":
        return _SUMMARY.format("font-style:italic;" if block.attribution else "",
                               _lines(block.text))
    if kind == "outcome":
        return _OUTCOME.format(escape(block.text))
    if kind == "credit":
        return _CREDIT.format(escape(block.text))
    if kind == "readmore":
        return _READ_MORE.format(escape(block.text), escape(block.html))
    return ""
