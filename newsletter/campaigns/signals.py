"""Signals the campaigns app sends, so other apps react without campaigns importing them."""

from django.dispatch import Signal

# Sent once by every scheduling tick, with ``now`` (an aware datetime).
tick = Signal()
