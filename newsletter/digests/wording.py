"""The words a composed digest starts with; editors change any of them.

- the title follows the series: the previous issue's title with its month and year
  replaced ("Newsletter January 2017" -> "Newsletter February 2027"), else
  "Newsletter <month year>";
- the subject: "<partnership> newsletter, <month year>: <lead item>";
- the preheader: the lead item of each section;
- the intro: a one-sentence stub naming the sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.lists import format_list
from django.utils.html import escape
from django.utils.translation import gettext as _

from .composition import Plan
from .words import babel_locale

SUBJECT_MAX = 150
PREHEADER_MAX = 150


@dataclass(frozen=True)
class Wording:
    title: str
    subject: str
    preheader: str
    intro_html: str


def month_year(day: date) -> str:
    """"February 2027" in the active language (CLDR's stand-alone month)."""
    return format_date(day, "LLLL y", locale=babel_locale())


def series_title(previous_title: str | None, previous_date: date | None, issue_date: date) -> str:
    if previous_title and previous_date:
        old = month_year(previous_date)
        if old in previous_title:
            return previous_title.replace(old, month_year(issue_date))
    return _("Newsletter %(month_year)s") % {"month_year": month_year(issue_date)}


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis so that the text fits ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _leads(plan: Plan) -> list[str]:
    return [section.entries[0].title if hasattr(section.entries[0], "title")
            else str(section.entries[0]) for section in plan.sections if section.entries]


def word(plan: Plan, issue_date: date, partnership_name: str, section_titles: list[str]) -> Wording:
    previous = plan.previous_issue
    title = series_title(previous.title if previous else None,
                         previous.issue_date if previous else None, issue_date)
    leads = _leads(plan)
    subject = _("%(name)s newsletter, %(month_year)s") % {
        "name": partnership_name, "month_year": month_year(issue_date)}
    if leads:
        subject = _("%(subject)s: %(lead)s") % {"subject": subject, "lead": leads[0]}
    locale = babel_locale()
    preheader = format_list(leads, locale=locale) if leads else ""
    named = [t for t in section_titles if t]
    intro = (_("In this issue: %(sections)s.") % {"sections": format_list(named, locale=locale)}
             if named else "")
    return Wording(title=shorten(title, 255), subject=shorten(subject, SUBJECT_MAX),
                   preheader=shorten(preheader, PREHEADER_MAX),
                   intro_html=f"<p>{escape(intro)}</p>" if intro else "")
