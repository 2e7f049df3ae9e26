"""The "ECCP" preview modes; registered from FeedsConfig.ready().

Both render the unsaved page from the editor's form, so editors see each field as it
will be pasted, with the validation messages on their fields, while they write:

- on an article page, its one post;
- on an issue, the posts its ECCP pack would hold: one per published article, in
  reading order, each with its messages, and a warning naming the chosen articles left
  out because they are not published (as the "ECCP posts" view and the pack do).
"""

from django.template.response import TemplateResponse

from cms.models import (
    ActivityNewsPage,
    EventPage,
    GatewayNewsPage,
    InterviewPage,
    IssuePage,
    SuccessStoryPage,
)
from cms.previews import register

from .display import issue_post_contexts, post_context
from .sources import left_out_notices

ARTICLE_PAGE_TYPES = (ActivityNewsPage, GatewayNewsPage, SuccessStoryPage, InterviewPage,
                      EventPage)


def render_preview(page, request):
    response = TemplateResponse(request, "eccp/preview.html", post_context(page.as_item()))
    return response.render()


def render_issue_preview(page, request):
    posts = issue_post_contexts(page.as_issue())
    context = {
        "issue_title": page.title, "posts": posts, "notices": left_out_notices(page),
        "blocked_count": sum(1 for post in posts if post["error_count"]),
    }
    return TemplateResponse(request, "eccp/issue_preview.html", context).render()


register("eccp", "ECCP", ARTICLE_PAGE_TYPES, render_preview)
register("eccp", "ECCP", [IssuePage], render_issue_preview)
