"""What happens after a transport call: the retry policy (no hidden retries below us).

- sent                    -> the row is ``sent`` with the provider's MessageId
- TemporaryError          -> back to ``pending`` after exponential backoff with full
                             jitter; after ``max_attempts`` the row is ``failed``
- PermanentError          -> ``failed`` with the reason
- AccountError            -> the row goes back to ``pending`` untouched and the campaign
                             pauses with the reason shown to the editor
- UnknownOutcomeError and
  anything unexpected     -> ``unknown``: the message may have been sent; never resent on
                             the spot (an SES Send event or the grace period settles it)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from newsletter.transports import (
    AccountError,
    PermanentError,
    SendResult,
    TemporaryError,
    UnknownOutcomeError,
)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 2.0  # seconds
    max_delay: float = 300.0

    @classmethod
    def from_settings(cls) -> RetryPolicy:
        return cls(
            max_attempts=int(getattr(settings, "CAMPAIGN_MAX_ATTEMPTS", cls.max_attempts)),
            base_delay=float(getattr(settings, "CAMPAIGN_RETRY_BASE_DELAY", cls.base_delay)),
            max_delay=float(getattr(settings, "CAMPAIGN_RETRY_MAX_DELAY", cls.max_delay)),
        )

    def backoff(self, attempt: int, rng: random.Random | None = None) -> timedelta:
        """Full jitter: uniform in [base/2, min(max, base * 2**(attempt-1))]."""
        rng = rng or random
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, attempt - 1)))
        return timedelta(seconds=rng.uniform(min(self.base_delay / 2, ceiling), ceiling))


@dataclass(frozen=True)
class Outcome:
    kind: str  # "sent" | "retry" | "failed" | "pause" | "unknown"
    message_id: str = ""
    reason: str = ""


def classify(result: SendResult | BaseException, attempts_so_far: int,
             policy: RetryPolicy) -> Outcome:
    """``attempts_so_far`` counts this attempt too."""
    if isinstance(result, SendResult):
        return Outcome("sent", message_id=result.provider_message_id)
    reason = getattr(result, "reason", "") or f"{type(result).__name__}: {result}"
    if isinstance(result, AccountError):
        return Outcome("pause", reason=reason)
    if isinstance(result, PermanentError):
        return Outcome("failed", reason=reason)
    if isinstance(result, TemporaryError):
        if attempts_so_far >= policy.max_attempts:
            return Outcome("failed", reason=f"Gave up after {attempts_so_far} attempts: {reason}")
        return Outcome("retry", reason=reason)
    if isinstance(result, UnknownOutcomeError):
        return Outcome("unknown", reason=reason)
    return Outcome("unknown", reason=f"Unexpected error while sending: {reason}")
