"""The filter behind templates/wagtailcore/shared/richtext.html (see cms/richtext.py)."""

from django import template
from django.utils.safestring import mark_safe

from cms.richtext import web_html

register = template.Library()


@register.filter
def sanitised_richtext(html: str) -> str:
    return mark_safe(web_html(str(html)))  # noqa: S308 - nh3 has just cleaned it
