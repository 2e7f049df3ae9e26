import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor(django_user_model):
    """A Wagtail editor: may edit pages, may not see campaigns or SES reports."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def sender(django_user_model):
    user = django_user_model.objects.create_user("sender", "sender@example.org", "pw")
    user.groups.add(Group.objects.get(name="Newsletter senders"))
    user.groups.add(Group.objects.get(name="Editors"))
    return user
