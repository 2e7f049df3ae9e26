from django.core.management.base import CommandError

from newsletter.subscribers.models import Subscriber


def subscriber_by_email(email: str) -> Subscriber:
    subscriber = Subscriber.objects.by_email(email).first()
    if subscriber is None:
        raise CommandError(f"No subscriber with the address {email!r}.")
    return subscriber
