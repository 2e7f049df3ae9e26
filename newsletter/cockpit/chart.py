"""The subscriber growth chart: grouped weekly bars as inline SVG, coloured with the
Wagtail admin's CSS variables (so it follows the admin's light and dark themes)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .figures import Week

SERIES = (
    ("confirmed", "var(--w-color-positive-100)"),
    ("unsubscribed", "var(--w-color-warning-100)"),
    ("bounced", "var(--w-color-critical-200)"),
)


def series_labels() -> dict[str, str]:
    return {"confirmed": _("New confirmations"), "unsubscribed": _("Unsubscribes"),
            "bounced": _("Bounces and complaints")}


def growth_svg(weeks: list[Week], *, width: int = 640, height: int = 200) -> SafeString:
    """The chart is decorative for screen readers (``aria-hidden``): the table next to it
    carries the same figures."""
    left, bottom, top = 32, 28, 8
    plot_w, plot_h = width - left - 8, height - top - bottom
    peak = max([max(w.confirmed, w.unsubscribed, w.bounced) for w in weeks] + [1])
    slot = plot_w / max(len(weeks), 1)
    bar = max(slot / (len(SERIES) + 1), 1)
    bars, labels = [], []
    for index, week in enumerate(weeks):
        x0 = left + index * slot + bar / 2
        for offset, (name, colour) in enumerate(SERIES):
            value = getattr(week, name)
            bar_h = value * plot_h / peak
            bars.append((f"{x0 + offset * bar:.1f}", f"{top + plot_h - bar_h:.1f}", f"{bar:.1f}",
                         f"{bar_h:.1f}", colour, name, value))
        if index % 2 == 0:
            labels.append((f"{x0:.1f}", height - 8, date_format(week.start, "j M")))
    return format_html(
        '<svg class="cockpit-chart" xmlns="http://www.w3.org/2000/svg" width="100%" '
        'viewBox="0 0 {w} {h}" aria-hidden="true" focusable="false">'
        '<line x1="{l}" y1="{base}" x2="{w}" y2="{base}" style="stroke: var(--w-color-border-field-default)"/>'
        '<text x="0" y="{ty}" font-size="11" style="fill: var(--w-color-text-meta)">{peak}</text>'
        '{bars}{labels}</svg>',
        w=width, h=height, l=left, base=top + plot_h, ty=top + 10, peak=peak,
        bars=format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" style="fill: {}" '
                                  'data-series="{}" data-value="{}"/>', bars),
        labels=format_html_join("", '<text x="{}" y="{}" font-size="11" '
                                    'style="fill: var(--w-color-text-meta)">{}</text>', labels),
    )
