"""Feed cache invalidation on publish, unpublish, move, delete and privacy changes;
connected from FeedsConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import PartnershipSettings

from . import cache


def _invalidate(**kwargs):
    # Now, for this process; and again after the commit, so that a request that
    # rendered the old content between the change and the commit is not kept.
    cache.invalidate()
    transaction.on_commit(cache.invalidate)


@receiver(page_published, dispatch_uid="feeds.page_published")
@receiver(page_unpublished, dispatch_uid="feeds.page_unpublished")
@receiver(post_page_move, dispatch_uid="feeds.post_page_move")
def page_changed(sender, instance=None, **kwargs):
    _invalidate()


@receiver(post_delete, dispatch_uid="feeds.post_delete")
def page_deleted(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        _invalidate()


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="feeds.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="feeds.restriction_deleted")
def privacy_changed(sender, instance=None, **kwargs):
    _invalidate()


@receiver(post_save, sender=PartnershipSettings, dispatch_uid="feeds.partnership_saved")
def partnership_changed(sender, instance=None, **kwargs):
    _invalidate()  # the name and logo of every feed
