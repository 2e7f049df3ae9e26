"""The email templates' engine (newsletter.rendering.templates, Jinja2) writes what
Django's template engine writes for the same template: escaping, safe values, missing
variables, translations, filters and include whitespace."""

from __future__ import annotations

import pytest
from django.template import Context, Engine
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from newsletter.rendering.templates import environment, escaped, get_template

DJANGO = Engine(libraries={}, builtins=["django.template.defaultfilters",
                                        "django.template.defaulttags",
                                        "django.templatetags.i18n"])

# The same template in both languages: what the email templates use.
JINJA_SOURCE = ('<a title="{{ value }}">{{ value }}</a>|{{ html }}|{{ value|linebreaksbr }}|'
                '{{ value|truncatechars(12) }}|{{ missing }}|{{ missing.deeper.still }}|'
                '{% if items %}{% for item in items %}{{ item }}{% if not loop.last %},'
                '{% endif %}{% endfor %}{% endif %}|{{ number }}')
DJANGO_SOURCE = ('<a title="{{ value }}">{{ value }}</a>|{{ html }}|{{ value|linebreaksbr }}|'
                 '{{ value|truncatechars:12 }}|{{ missing }}|{{ missing.deeper.still }}|'
                 '{% if items %}{% for item in items %}{{ item }}{% if not forloop.last %},'
                 '{% endif %}{% endfor %}{% endif %}|{{ number }}')


def both(context: dict) -> tuple[str, str]:
    ours = environment().from_string(JINJA_SOURCE).render(context)
    django = DJANGO.from_string(DJANGO_SOURCE).render(Context(context, autoescape=True))
    return ours, django


@given(st.text(), st.lists(st.text(max_size=8), max_size=4), st.integers())
def test_any_value_renders_as_django_renders_it(value, items, number):
    ours, django = both({"value": value, "html": mark_safe(value), "items": items,
                         "number": number})
    assert ours == django


@pytest.mark.parametrize("value", [
    "Dr. \"Q\" O'Brien & <b>Bob</b>", "l’équipe\nsecond line", "{{ not a tag }} {% nor this %}",
    "100% sure", "", "x" * 40,
])
def test_awkward_values_render_as_django_renders_them(value):
    ours, django = both({"value": value, "html": mark_safe(value), "items": [value, "b"],
                         "number": 1200})
    assert ours == django
    assert "&lt;b&gt;" in ours or "<b>" not in value


@given(st.text())
def test_escaping_is_djangos(value):
    assert escaped(value) == conditional_escape(value)
    assert escaped(mark_safe(value)) == value


def test_lazy_translations_are_escaped_in_the_active_language():
    with translation.override("fr"):
        assert escaped(gettext_lazy("Unsubscribe")) == "Se désabonner"


def test_underscore_is_gettext_in_the_active_language():
    template = environment().from_string('{{ _("Unsubscribe") }} · {{ _("View in browser") }}')
    assert template.render() == "Unsubscribe · View in browser"
    with translation.override("fr"):
        assert "Se désabonner" in template.render()


def test_includes_keep_the_trailing_newline_and_see_the_including_scope():
    """Django's {% include %} keeps a template's final newline; the email templates' MJML
    layout (and so the HTML) depends on it. An include sees ``with`` variables."""
    section_heading = get_template("newsletter/email/section_heading.mjml")
    rendered = section_heading.render(section={"anchor": "s1", "title": "News & more"},
                                      style={"BRAND": "#000", "BRAND_TEXT": "#fff"})
    assert rendered.endswith("<mj-spacer height=\"18px\" />\n")
    assert 'id="s1"' in rendered and "News &amp; more" in rendered
    outer = environment().from_string(
        '{% with section=s %}{% include "newsletter/email/section_heading.mjml" %}{% endwith %}')
    assert outer.render(s={"anchor": "a2", "title": "T"}, style={}) == \
        section_heading.render(section={"anchor": "a2", "title": "T"}, style={})
