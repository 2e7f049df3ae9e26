"""Who may show our pages in a frame. Every page is DENY (X-Frame-Options) and
``frame-ancestors 'none'`` (Content-Security-Policy) by default; the embeddable sign-up
form alone may be framed by our own pages and by the partner origins listed in
EMBED_ALLOWED_ORIGINS."""

from __future__ import annotations

from functools import wraps

from csp.constants import SELF
from csp.decorators import csp_replace

from . import conf


def embeddable(view):
    """Let EMBED_ALLOWED_ORIGINS (and this site) frame the view's pages."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        origins = conf.embed_allowed_origins()
        framed_by = csp_replace({"frame-ancestors": [SELF, *origins]})(view)
        response = framed_by(request, *args, **kwargs)
        if origins:
            # Browsers that know frame-ancestors ignore X-Frame-Options; older ones would
            # refuse every partner with it, so it is left out.
            response.xframe_options_exempt = True
        else:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return wrapped
