"""A small line chart as inline SVG, drawn on the server: no JavaScript, nothing remote."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = {
    "delivery": "#2e7d32",
    "bounce": "#c62828",
    "complaint": "#6a1b9a",
    "open": "#1565c0",
    "click": "#ef6c00",
}
LABELS = {"delivery": "Delivered", "bounce": "Bounced", "complaint": "Complained",
          "open": "Opened", "click": "Clicked"}


def _ticks(maximum: int) -> list[int]:
    """0 up to at least ``maximum`` in 1-2-5 steps, at most six ticks."""
    if maximum <= 4:
        return list(range(0, max(maximum, 1) + 1))
    raw = maximum / 5
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, maximum + step, step))


def line_chart(timeline: list[dict], *, series=tuple(COLOURS), bucket: str = "hour",
               width: int = 720, height: int = 260) -> SafeString:
    """``timeline`` rows are {"bucket": datetime, "<series>": count, …}."""
    left, right, top, bottom = 56, 44, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    if not timeline:
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="60" '
            f'viewBox="0 0 {width} 60"><title>No events yet</title>'
            f'<text x="8" y="34" font-size="14">No events yet</text></svg>'
        )
    maximum = max(max(row.get(name, 0) for name in series) for row in timeline)
    ticks = _ticks(maximum)
    top_value = max(ticks[-1], 1)
    count = len(timeline)

    def x(i: int) -> float:
        return left + (plot_w * (i / (count - 1)) if count > 1 else plot_w / 2)

    def y(value: int) -> float:
        return top + plot_h - plot_h * value / top_value

    fmt = "%d %b %H:%M" if bucket == "hour" else "%d %b"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="sesevents-chart" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
        f'fill="currentColor">',
        f"<title>Events per {escape(bucket)}</title>",
    ]
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="#ddd" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" '
                     f'text-anchor="end">{tick}</text>')
    label_every = max(1, count // 6)
    for i, row in enumerate(timeline):
        if i % label_every == 0 or i == count - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" font-size="11" '
                         f'text-anchor="middle">{escape(row["bucket"].strftime(fmt))}</text>')
    for name in series:
        points = " ".join(f"{x(i):.1f},{y(row.get(name, 0)):.1f}" for i, row in enumerate(timeline))
        colour = COLOURS[name]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}" '
                     f'data-series="{name}"><title>{LABELS[name]}</title></polyline>')
        if count == 1:
            parts.append(f'<circle cx="{x(0):.1f}" cy="{y(timeline[0].get(name, 0)):.1f}" r="3" fill="{colour}"/>')
    for n, name in enumerate(series):
        lx = left + n * 120
        parts.append(f'<rect x="{lx}" y="{height - 18}" width="12" height="12" fill="{COLOURS[name]}"/>')
        parts.append(f'<text x="{lx + 16}" y="{height - 8}" font-size="12">{LABELS[name]}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
