"""`manage.py quickstart --no-serve`: migrate, demo, admin credentials; again and again."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.demo.loader import find_demo_issue

pytestmark = pytest.mark.django_db


def run_quickstart(settings, tmp_path):
    settings.BASE_DIR = tmp_path  # the admin password file goes to BASE_DIR/var
    out = StringIO()
    call_command("quickstart", no_serve=True, stdout=out)
    return out.getvalue()


def test_quickstart_sets_up_and_prints_credentials(settings, tmp_path, client):
    output = run_quickstart(settings, tmp_path)
    login = next(line for line in output.splitlines() if "Login:" in line)
    username, password = login.split("Login:")[1].strip().split(" / ")
    assert username == "admin"
    assert (tmp_path / "var" / "admin-password.txt").read_text().strip() == password
    assert oct((tmp_path / "var" / "admin-password.txt").stat().st_mode)[-3:] == "600"
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200
    assert find_demo_issue() is not None
    assert "Newsletter January 2017" in output and "http://127.0.0.1:8000/admin/" in output

    # again: same credentials, nothing duplicated
    again = run_quickstart(settings, tmp_path)
    assert f"Login:  admin / {password}" in again
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert " 1 created" not in again
