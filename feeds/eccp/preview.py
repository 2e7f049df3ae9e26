"""The "ECCP" preview mode for article pages; registered from FeedsConfig.ready().

It renders the unsaved page from the editor's form, so editors see each field as it
will be pasted, with the validation messages on their fields, while they write.
"""

from django.template.response import TemplateResponse

from cms.models import ActivityNewsPage, EventPage, GatewayNewsPage, InterviewPage, SuccessStoryPage
from cms.previews import register

ARTICLE_PAGE_TYPES = (ActivityNewsPage, GatewayNewsPage, SuccessStoryPage, InterviewPage,
                      EventPage)


def render_preview(page, request):
    from .views import post_context

    response = TemplateResponse(request, "eccp/preview.html", post_context(page.as_item()))
    return response.render()


register("eccp", "ECCP", ARTICLE_PAGE_TYPES, render_preview)
