"""Finding 9: production refuses unsafe settings, turns on HTTPS protections for an https
SITE_URL and passes ``check --deploy`` with only the variables the README lists; every
page outside the admin is unframeable and sends a strict Content-Security-Policy."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_production_env(tmp_path) -> dict[str, str]:
    """The variables of the README's "Running in production" example, with real values
    where the README shows "…"."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    command = block.split("\npython ", 1)[0].replace("\\\n", " ")
    pairs = dict(re.findall(r"([A-Z][A-Z0-9_]+)=(\S+)", command))
    assert {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS"} <= set(pairs)
    fill = {"SECRET_KEY": secrets.token_urlsafe(50),
            "SUBSCRIBERS_HASH_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
            "SNS_TOPIC_ARNS": "arn:aws:sns:eu-west-1:123456789012:clusterpost-ses-events"}
    return {name: (fill.get(name, value) if "…" in value else value)
            for name, value in pairs.items()}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean | env,
                          capture_output=True, text=True, timeout=120)


SHOW = ("import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'proxy': s.SECURE_PROXY_SSL_HEADER, 'hsts': s.SECURE_HSTS_SECONDS, "
        "'redirect': s.SECURE_SSL_REDIRECT, 'frame': s.X_FRAME_OPTIONS, 'debug': s.DEBUG}))")


def test_check_deploy_reports_nothing_with_the_readme_variables(tmp_path):
    env = readme_production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={"PATH": os.environ.get("PATH", ""), "HOME": "/tmp"} | env,
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout and "WARNINGS" not in result.stderr


def test_https_site_gets_hsts_and_the_redirect_and_no_blind_proxy_header(tmp_path):
    env = readme_production_env(tmp_path)
    env.pop("TRUSTED_PROXY", None)
    shown = json.loads(run_python(SHOW, env).stdout)
    assert shown["hsts"] >= 31536000 and shown["redirect"] is True
    assert shown["proxy"] is None and shown["frame"] == "DENY" and shown["debug"] is False
    trusted = json.loads(run_python(SHOW, env | {"TRUSTED_PROXY": "on",
                                                 "SECURE_HSTS_SECONDS": "600"}).stdout)
    assert trusted["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"] and trusted["hsts"] == 600
    plain = json.loads(run_python(SHOW, env | {"SITE_URL": "http://intranet.example"}).stdout)
    assert plain["hsts"] == 0 and plain["redirect"] is False


@pytest.mark.parametrize("unsafe", [{"DEBUG": "on"},
                                    {"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"},
                                    {"SECRET_KEY": ""}], ids=["debug", "dev-key", "no-key"])
def test_production_refuses_to_start_when_unsafe(tmp_path, unsafe):
    result = run_python(SHOW, readme_production_env(tmp_path) | unsafe)
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


# ---- headers on the running site ----------------------------------------------------------

class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, <style>, style="…", on…=."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        data_only = dict(attrs).get("type", "").endswith("json")  # data, never run
        if tag == "script" and "src" not in names and not data_only:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name in names if name == "style" or name.startswith("on")]


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


PUBLIC = ["/", "/newsletter/subscribe/", "/newsletter/subscribe/thanks/",
          "/newsletter/subscribe/embed/", "/feeds/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_are_unframeable_with_a_strict_csp_and_nothing_inline(client, demo_issue,
                                                                           path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    finder = InlineFinder()
    finder.feed(response.content.decode())
    assert finder.found == []


@pytest.mark.django_db
def test_every_kind_of_article_page_has_nothing_inline(client, demo_issue):
    from wagtail.models import Page

    site_pages = Page.objects.live().descendant_of(demo_issue.get_parent().get_parent())
    for page in [demo_issue, *site_pages[:40]]:
        response = client.get(page.url)
        if response.status_code != 200:
            continue
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert finder.found == [], page.url
        assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_the_embeddable_form_may_be_framed_only_by_the_listed_origins(client, settings):
    url = "/newsletter/subscribe/embed/frame/"
    closed = client.get(url)
    assert directives(closed)["frame-ancestors"] == "'self'"
    assert closed["X-Frame-Options"] == "SAMEORIGIN"
    settings.EMBED_ALLOWED_ORIGINS = ["https://partner.example.org"]
    opened = client.get(url)
    assert directives(opened)["frame-ancestors"] == "'self' https://partner.example.org"
    assert "X-Frame-Options" not in opened
    finder = InlineFinder()
    finder.feed(opened.content.decode())
    assert finder.found == []
    assert 'action="/newsletter/subscribe/"' in opened.content.decode()
    embed_page = client.get("/newsletter/subscribe/embed/").content.decode()
    assert "https://partner.example.org" in embed_page and "<iframe" in embed_page


@pytest.mark.django_db
def test_the_wagtail_admin_still_works_outside_the_csp(client, django_user_model, demo_issue):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    for path in ("/admin/", f"/admin/pages/{demo_issue.id}/edit/", "/admin/subscribers/",
                 "/admin/subscriber-tools/import/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" not in response
        assert response["X-Frame-Options"] == "DENY"
    preview = client.get(f"/admin/pages/{demo_issue.id}/edit/preview/")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"  # Wagtail's preview panel frames it
    # An editor's userbar on a public page loads only our own files.
    page = client.get(demo_issue.url)
    finder = InlineFinder()
    finder.feed(page.content.decode())
    assert "wagtail-userbar" in page.content.decode() and finder.found == []


@pytest.mark.django_db
def test_an_embed_origin_cannot_rewrite_the_policy(client, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.EMBED_ALLOWED_ORIGINS = ["https://partner.example.org; script-src *"]
    with pytest.raises(ImproperlyConfigured):
        client.get("/newsletter/subscribe/embed/frame/")
