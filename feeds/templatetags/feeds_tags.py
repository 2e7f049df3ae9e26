"""``{% calendar_subscribe_url %}``: the events calendar as a ``webcal://`` address, which
calendar apps open as a subscription (not a one-off import)."""

from django import template
from django.urls import reverse

from cms.links import absolute_url

register = template.Library()


def webcal(url: str) -> str:
    scheme, separator, rest = url.partition("://")
    return f"webcal://{rest}" if separator and scheme in ("http", "https") else url


@register.simple_tag
def calendar_subscribe_url() -> str:
    return webcal(absolute_url(reverse("feeds:calendar")))
