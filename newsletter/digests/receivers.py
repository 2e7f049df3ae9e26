"""The digest schedule runs on the campaigns' scheduling tick (signals.tick)."""

import logging

from .runner import run_schedules

logger = logging.getLogger(__name__)


def compose_due_digests(sender, now, **kwargs):
    """Compose every digest that is due. A failure is logged and never stops the tick
    (the campaigns' own work is already done by the time the signal is sent)."""
    try:
        run_schedules(now)
    except Exception:  # noqa: BLE001 - the tick must go on; the next one retries
        logger.exception("Composing the due newsletter digests failed")
