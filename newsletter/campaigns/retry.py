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
from enum import StrEnum

from newsletter.transports import (
    AccountError,
    PermanentError,
    SendResult,
    TemporaryError,
    UnknownOutcomeError,
)

from . import conf


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = conf.MAX_ATTEMPTS
    base_delay: float = conf.RETRY_BASE_DELAY  # seconds
    max_delay: float = conf.RETRY_MAX_DELAY

    @classmethod
    def from_settings(cls) -> RetryPolicy:
        return cls(max_attempts=conf.max_attempts(), base_delay=conf.retry_base_delay(),
                   max_delay=conf.retry_max_delay())

    def backoff(self, attempt: int, rng: random.Random | None = None) -> timedelta:
        """Full jitter: uniform in [base/2, min(max, base * 2**(attempt-1))]."""
        rng = rng or random
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, attempt - 1)))
        return timedelta(seconds=rng.uniform(min(self.base_delay / 2, ceiling), ceiling))


class OutcomeKind(StrEnum):
    """What one transport call (or the check before it) came to."""

    SENT = "sent"
    RETRY = "retry"  # temporary error: pending again after a backoff
    FAILED = "failed"
    PAUSE = "pause"  # the account refused: the row waits, the campaign pauses
    UNKNOWN = "unknown"  # the message may have been sent
    SKIPPED = "skipped"  # not sendable any more (unsubscribed, suppressed, erased)


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    message_id: str = ""
    reason: str = ""


def classify(result: SendResult | BaseException, attempts_so_far: int,
             policy: RetryPolicy) -> Outcome:
    """``attempts_so_far`` counts this attempt too."""
    if isinstance(result, SendResult):
        return Outcome(OutcomeKind.SENT, message_id=result.provider_message_id)
    reason = getattr(result, "reason", "") or f"{type(result).__name__}: {result}"
    if isinstance(result, AccountError):
        return Outcome(OutcomeKind.PAUSE, reason=reason)
    if isinstance(result, PermanentError):
        return Outcome(OutcomeKind.FAILED, reason=reason)
    if isinstance(result, TemporaryError):
        if attempts_so_far >= policy.max_attempts:
            return Outcome(OutcomeKind.FAILED, reason=f"Gave up after {attempts_so_far} attempts: {reason}")
        return Outcome(OutcomeKind.RETRY, reason=reason)
    if isinstance(result, UnknownOutcomeError):
        return Outcome(OutcomeKind.UNKNOWN, reason=reason)
    return Outcome(OutcomeKind.UNKNOWN, reason=f"Unexpected error while sending: {reason}")
