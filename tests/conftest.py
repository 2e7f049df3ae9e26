"""Shared fixtures. Domain-specific fixtures live in each folder's conftest.py."""

import pytest


@pytest.fixture
def home(db):
    """The site root HomePage that migration cms.0002 creates for the default Site."""
    from cms.models import HomePage

    return HomePage.objects.get()
