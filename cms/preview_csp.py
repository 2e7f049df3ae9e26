"""Wagtail renders a page preview by passing a stand-in request for the page's public URL
through the whole middleware stack. That response is shown inside the admin's preview
panel, so the public pages' Content-Security-Policy (``frame-ancestors 'none'``) must not
apply to it: the admin, which frames it, is left out of the policy too."""


def exempt_previews_from_csp(get_response):
    def middleware(request):
        response = get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_exempt = True  # django-csp's own exemption flag (csp_exempt)
        return response

    return middleware
