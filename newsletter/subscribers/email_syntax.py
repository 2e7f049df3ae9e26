"""Address syntax checks with email-validator (no DNS), fast enough for large imports.

Most of email-validator's time goes into checking the domain (IDNA, UTS #46), and a
mailing list has few distinct domains. ``domain_cache()`` memoises that pure function
while an import runs; the result is exactly what email-validator would return."""

from __future__ import annotations

import functools
import importlib
import threading
from contextlib import contextmanager

from email_validator import validate_email

from .addresses import normalise_email

# The package re-exports the function under its module's name: fetch the module itself.
_module = importlib.import_module("email_validator.validate_email")
_lock = threading.Lock()
_depth = 0
_original = _module.validate_email_domain_name


def check_syntax(address: str) -> str:
    """The normalised address, or EmailNotValidError with a readable reason."""
    return normalise_email(validate_email(address, check_deliverability=False).normalized)


@contextmanager
def domain_cache(maxsize: int = 20_000):
    global _depth
    with _lock:
        if _depth == 0:
            _module.validate_email_domain_name = functools.lru_cache(maxsize=maxsize)(_original)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _module.validate_email_domain_name = _original
