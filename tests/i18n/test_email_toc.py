"""The French issue's table of contents: its web links go to the French web version,
whose sections carry the same ids, and read "sur le web"."""

import re
from urllib.parse import urlsplit

import pytest

from newsletter.rendering import render_issue

pytestmark = pytest.mark.django_db


def test_french_toc_links_the_french_web_version(client, french_issue):
    issue = french_issue.as_issue()
    rendered = render_issue(issue)
    web_links = re.findall(r'<a href="([^"#]+#section-[^"]+)"[^>]*>([^<]+)</a>', rendered.html)
    listed = [s for s in issue.sections if s.items or s.key == "about"]
    assert len(web_links) == len(listed)
    page = client.get(urlsplit(issue.url).path)
    assert page.status_code == 200
    for url, label in web_links:
        assert url.startswith(issue.url + "#") and "/fr/" in url
        assert label == "sur le web"
        assert f'id="{urlsplit(url).fragment}"' in page.content.decode()
    assert f"{issue.url}#section-" in rendered.text
