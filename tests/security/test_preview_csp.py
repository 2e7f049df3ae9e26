"""Wagtail's preview panel frames a page rendered through the whole middleware stack:
that response must not carry the public pages' CSP (frame-ancestors 'none' would blank
the panel), while the public page itself keeps it."""

from django.urls import reverse

from tests.support.issue_forms import issue_form_data


def test_the_preview_of_a_page_can_be_framed_by_the_admin(admin_client, demo_issue):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[demo_issue.pk])
    assert admin_client.post(url, issue_form_data(demo_issue)).json()["is_valid"]
    preview = admin_client.get(url + "?mode=")
    assert preview.status_code == 200 and b"Newsletter January 2017" in preview.content
    assert "Content-Security-Policy" not in preview.headers
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"

    public = admin_client.get(demo_issue.url)
    assert "frame-ancestors 'none'" in public.headers["Content-Security-Policy"]
