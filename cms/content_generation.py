"""Every content write bumps the content generation (cms.models.generation), which keys
the cache of loaded Issues (cms.issue_cache).

Connected: saves, deletes and many-to-many changes of every model of the apps whose data
feeds an Issue (cms, Wagtail's pages, sites, locales and collections, images and
renditions, tags, wagtail-localize's tables), and Wagtail's publish, unpublish and move
signals. Left out: models that only log, index or track work and never reach an Issue.
Writes that send no signal (``QuerySet.update``, ``bulk_create``, raw SQL, another
program) are seen once ISSUE_CACHE_SECONDS has passed.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import issue_cache
from .models.generation import bump_after_commit

CONTENT_APPS = ("cms", "wagtailcore", "wagtailimages", "taggit", "wagtail_localize")
NOT_CONTENT = {
    ("cms", "contentgeneration"),
    ("wagtailcore", "modellogentry"), ("wagtailcore", "pagelogentry"),
    ("wagtailcore", "referenceindex"), ("wagtailcore", "pagesubscription"),
    ("wagtailcore", "taskstate"), ("wagtailcore", "workflowstate"),
    ("wagtailcore", "comment"), ("wagtailcore", "commentreply"),
    ("wagtailcore", "uploadedfile"), ("wagtail_localize", "translationlog"),
}


def is_content(model) -> bool:
    """A model of the running code (not a migration's historical one) whose rows feed
    an Issue."""
    meta = model._meta
    return meta.apps is apps and meta.app_label in CONTENT_APPS and (meta.app_label, meta.model_name) not in NOT_CONTENT


def content_changed(sender, using="default", **kwargs) -> None:
    """A content write: forget this process's Issues now, bump the generation after the
    commit (other processes see it at their next read)."""
    issue_cache.clear()
    bump_after_commit(using or "default")


def _model_written(sender, **kwargs) -> None:
    if is_content(sender):
        content_changed(sender, **kwargs)


def _m2m_written(sender, action, using="default", **kwargs) -> None:
    if action.startswith("post_") and (is_content(sender) or is_content(kwargs["model"])
                                       or is_content(type(kwargs["instance"]))):
        content_changed(sender, using=using)


def connect() -> None:
    """Connect the signals (CmsConfig.ready)."""
    post_save.connect(_model_written, dispatch_uid="content_generation_save")
    post_delete.connect(_model_written, dispatch_uid="content_generation_delete")
    m2m_changed.connect(_m2m_written, dispatch_uid="content_generation_m2m")
    page_published.connect(content_changed, dispatch_uid="content_generation_publish")
    page_unpublished.connect(content_changed, dispatch_uid="content_generation_unpublish")
    post_page_move.connect(content_changed, dispatch_uid="content_generation_move")
