"""Shared test support (local SES endpoint, helpers)."""
