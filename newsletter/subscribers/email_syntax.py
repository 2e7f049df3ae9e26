"""Address syntax checks with email-validator's public API, without DNS."""

from __future__ import annotations

from email_validator import validate_email

from .addresses import normalise_email


def check_syntax(address: str) -> str:
    """The normalised address, or EmailNotValidError with a readable reason."""
    return normalise_email(validate_email(address, check_deliverability=False).normalized)
