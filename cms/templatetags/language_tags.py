"""``{% language_links as links %}``: the current page in every language it exists in,
for the language switcher and the hreflang alternates (cms.language_links)."""

from django import template

from cms import language_links as links_module

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    return links_module.language_links(context.get("page"),
                                       request.path if request is not None else None)


@register.filter
def default_language_url(links) -> str:
    return links_module.default_language_url(links)
