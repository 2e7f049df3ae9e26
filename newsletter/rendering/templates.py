"""The engine of the email templates (templates/newsletter/email/*.mjml): Jinja2.

Django's template engine spent about 85% of an issue's render walking its node tree
(bench/bench_render.py); Jinja2 compiles each template to Python once. The templates
keep Django's semantics where the output depends on them:

- every ``{{ value }}`` is escaped as Django escapes it (``conditional_escape``: ``'`` is
  ``&#x27;``, ``"`` is ``&quot;``); values marked safe (``mark_safe``, ``|safe``) are not;
- a missing variable or attribute renders as nothing, as in Django;
- ``{{ _("…") }}`` is Django's gettext in the active language (``makemessages`` reads
  these, as it reads ``{% translate %}``); texts with placeholders are built in Python
  (``context.py``), the way ``{% blocktranslate %}`` would;
- Django's ``linebreaksbr`` and ``truncatechars`` filters, and the trailing newline of
  each template, as Django's ``{% include %}`` keeps it.
"""

from __future__ import annotations

from functools import cache
from html import escape

import jinja2
from django.conf import settings
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.utils.translation import gettext

TEMPLATE_DIR = settings.BASE_DIR / "templates"


def escaped(value) -> str:
    """Django's ``conditional_escape`` without its lazy-string wrapper (a third of the
    render went there): the same ``html.escape``, values with ``__html__`` kept."""
    as_html = getattr(value, "__html__", None)
    return as_html() if as_html is not None else escape(str(value))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,  # finalize escapes every value, as Django does
        finalize=escaped,
        undefined=jinja2.ChainableUndefined,
        keep_trailing_newline=True,
        auto_reload=settings.DEBUG,
    )
    env.filters.update(linebreaksbr=linebreaksbr, truncatechars=truncatechars)
    env.globals["_"] = gettext
    return env


def get_template(name: str) -> jinja2.Template:
    return environment().get_template(name)
