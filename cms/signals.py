"""Cache invalidation for values the content model caches."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from .models.partnership import PARTNERSHIP_NAME_CACHE_KEY, PartnershipSettings


@receiver([post_save, post_delete], sender=PartnershipSettings)
@receiver([post_save, post_delete], sender=Site)
def drop_partnership_name(**kwargs):
    cache.delete(PARTNERSHIP_NAME_CACHE_KEY)
