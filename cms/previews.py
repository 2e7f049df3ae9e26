"""Extra Wagtail preview modes contributed by other apps.

The email renderer registers "Email" and "Plain text" for IssuePage; the ECCP
export registers "ECCP" for article pages (one post) and for IssuePage (the posts of its
articles). One mode name may be registered for several page types, each with its own
renderer. Apps call ``register`` from their AppConfig.ready(); pages that mix in
``ChannelPreviewMixin`` pick the modes up.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class PreviewMode:
    name: str
    label: str
    page_types: tuple[type, ...]
    render: Callable[[object, HttpRequest], HttpResponse]


_modes: dict[tuple[str, tuple[type, ...]], PreviewMode] = {}


def register(name: str, label: str, page_types, render) -> None:
    """Add a mode for these page types; registering the same name and types again
    replaces it."""
    page_types = tuple(page_types)
    _modes[name, page_types] = PreviewMode(name, label, page_types, render)


def modes_for(page) -> list[PreviewMode]:
    return [mode for mode in _modes.values() if isinstance(page, mode.page_types)]


class ChannelPreviewMixin:
    @property
    def preview_modes(self):
        return [*super().preview_modes, *((m.name, m.label) for m in modes_for(self))]

    def serve_preview(self, request, mode_name):
        for mode in modes_for(self):
            if mode.name == mode_name:
                return mode.render(self, request)
        return super().serve_preview(request, mode_name)
