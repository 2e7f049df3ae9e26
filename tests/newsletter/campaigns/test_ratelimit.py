"""The shared send-rate bucket (GCRA on one database row) and the 24-hour quota guard."""

import threading

import pytest
from django.db import connection

from newsletter.campaigns import ratelimit


@pytest.mark.django_db
def test_slots_are_spaced_at_the_rate_with_headroom_and_no_burst_after_idle(settings):
    settings.SES_RATE_HEADROOM = 1.0
    ratelimit.configure("t", rate=10, day_remaining=None)
    first = ratelimit.reserve("t", 100, now=1000.0)
    assert len(first.slots) == 3  # 0.25 s of look-ahead at 10/s: 1000.0, .1, .2
    assert first.slots == pytest.approx((1000.0, 1000.1, 1000.2))
    # Asking again at once: the next slot would be too far ahead; told how long to wait.
    early = ratelimit.reserve("t", 100, now=1000.0)
    assert early.slots == () and early.wait == pytest.approx(0.05)
    # A little later the next slots continue where the last ended.
    second = ratelimit.reserve("t", 100, now=1000.1)
    assert second.slots == pytest.approx((1000.3,))
    # After a long pause the bucket does not hand out a burst.
    later = ratelimit.reserve("t", 100, now=2000.0)
    assert later.slots[0] == pytest.approx(2000.0) and len(later.slots) == 3


@pytest.mark.django_db
def test_headroom_lowers_the_rate(settings):
    settings.SES_RATE_HEADROOM = 0.5
    ratelimit.configure("h", rate=10, day_remaining=None)
    slots = ratelimit.reserve("h", 2, now=0.0).slots
    assert slots[1] - slots[0] == pytest.approx(0.2)


@pytest.mark.django_db
def test_quota_guard_hands_out_what_is_left_then_refuses():
    ratelimit.configure("q", rate=None, day_remaining=5, day_limit=50)
    assert len(ratelimit.reserve("q", 3).slots) == 3
    assert len(ratelimit.reserve("q", 3).slots) == 2
    with pytest.raises(ratelimit.QuotaExhausted, match="24-hour"):
        ratelimit.reserve("q", 1)
    ratelimit.give_back("q", 1)
    assert len(ratelimit.reserve("q", 3).slots) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_together_never_exceed_the_rate(settings):
    """Two threads with their own database connections share one bucket."""
    settings.SES_RATE_HEADROOM = 1.0
    rate = 40.0
    ratelimit.configure("shared", rate=rate, day_remaining=None)
    slots, lock = [], threading.Lock()

    def worker():
        import time

        deadline = time.time() + 1.5
        try:
            while time.time() < deadline:
                got = ratelimit.reserve("shared", 5)
                with lock:
                    slots.extend(got.slots)
                time.sleep(got.wait or 0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slots.sort()
    assert len(slots) > 40
    gaps = [b - a for a, b in zip(slots, slots[1:], strict=False)]
    assert min(gaps) >= 1 / rate - 1e-6  # no two slots closer than the rate allows
    for i, start in enumerate(slots):  # no one-second window holds more than the rate
        assert sum(1 for s in slots[i:] if s < start + 1.0) <= rate
