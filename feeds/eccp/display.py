"""What eccp/_post.html shows for one post: its fields in groups with their validation
messages. Shared by the admin views and the "ECCP" preview modes."""

from cms.items import Issue, Item

from .fields import groups
from .pack import article_items
from .post import build_post
from .validation import errors, validate


def post_context(item: Item, notices=(), *, dom_prefix: str = "") -> dict:
    """Template context for eccp/_post.html. ``dom_prefix`` keeps the element ids (the
    copy buttons' targets) unique when a page shows several posts."""
    post = build_post(item)
    found = validate(post)
    rows, leftover = groups(post, found)
    error_count = len(errors(found))
    return {
        "post": post, "groups": rows, "leftover": leftover, "notices": list(notices),
        "error_count": error_count, "warning_count": len(found) - error_count,
        "dom_prefix": dom_prefix,
    }


def issue_post_contexts(issue: Issue) -> list[dict]:
    """One post_context per ECCP post of the issue (its articles, in reading order)."""
    return [post_context(item, dom_prefix=f"post{n}-")
            for n, item in enumerate(article_items(issue), start=1)]
