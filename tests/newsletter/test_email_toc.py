"""The email's table of contents against caniemail's data on local anchors
(tests/newsletter/caniemail/, vendored with its source and licence).

Every client and platform caniemail marks unsupported (``n``, or untested ``u``) in any
version must find, for every entry, a link to the same section on the web version: a
page that exists (fetched with the test client) and holds the fragment's id. Every one
marked supported (``y``, partial ``a``) must find each anchor's target in the message,
as an empty ``<a name>`` where the note says ``id`` is ignored (Outlook on Windows,
Gmail's webmail, Yahoo's)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from cms.demo.loader import find_demo_issue, load_demo
from newsletter.rendering import render_issue

pytestmark = pytest.mark.django_db

CANIEMAIL = Path(__file__).parent / "caniemail" / "html-anchor-links.md"
NAME_ONLY_NOTE = "7"  # "Works when targeting an empty anchor with the corresponding name attribute"


def _front_matter_value(text: str, key: str) -> dict:
    """One ``key: {...}`` mapping of the page's front matter. caniemail writes it as a
    YAML flow mapping (tab-indented, bare keys, trailing commas), which PyYAML refuses:
    quote the bare keys, drop the trailing commas and read it as JSON."""
    start = text.index(f"\n{key}: {{") + len(key) + 3
    depth = 0
    for end in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            break
    block = text[start:end + 1]
    block = re.sub(r"([{,]\s*)([A-Za-z][\w-]*)\s*:", r'\1"\2":', block)
    block = re.sub(r",(\s*})", r"\1", block)
    return json.loads(block)


def caniemail_support() -> list[tuple[str, set[str], set[str]]]:
    """(client/platform, statuses over its versions, note numbers) from the vendored page."""
    text = CANIEMAIL.read_text(encoding="utf-8")
    out = []
    for client, platforms in _front_matter_value(text, "stats").items():
        for platform, versions in platforms.items():
            statuses, notes = set(), set()
            for value in versions.values():
                status, *marks = value.split()
                statuses.add(status)
                notes.update(mark.lstrip("#") for mark in marks)
            out.append((f"{client}/{platform}", statuses, notes))
    return out


SUPPORT = caniemail_support()
UNSUPPORTED = [(name, notes) for name, statuses, notes in SUPPORT if statuses & {"n", "u"}]
SUPPORTED = [(name, notes) for name, statuses, notes in SUPPORT if statuses & {"y", "a"}]


def test_the_vendored_data_names_the_clients_of_the_issue():
    """The data is read, not assumed: the clients #16 names are among the unsupported
    (in some version), Outlook on Windows needs name anchors."""
    unsupported = {name for name, _notes in UNSUPPORTED}
    assert {"gmail/ios", "outlook/ios", "outlook/android", "yahoo/ios",
            "yahoo/android"} <= unsupported
    assert NAME_ONLY_NOTE in dict(SUPPORTED)["outlook/windows"]
    assert "Works when targeting an empty anchor with the corresponding `name` attribute" \
        in _front_matter_value(CANIEMAIL.read_text(encoding="utf-8"), "notes_by_num")[NAME_ONLY_NOTE]


class _Rows(HTMLParser):
    """The links of each innermost table row, and the anchor targets (ids, a names)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[dict]] = []
        self._open: list[list[dict]] = []
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.names.add(attrs["name"])
        if tag == "tr":
            self._open.append([])
        elif tag == "a" and "href" in attrs and self._open:
            self._open[-1].append(attrs)
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._text is not None and self._open:
            self._open[-1][-1]["text"] = " ".join("".join(self._text).split())
            self._text = None
        if tag == "tr" and self._open:
            row = self._open.pop()
            if row:
                self.rows.append(row)


@pytest.fixture(scope="module")
def demo(django_db_blocker):
    """The demo Issue, read once for the module (the session's demo is committed; a
    flush by a transactional test is undone the way tests/conftest.py does it)."""
    with django_db_blocker.unblock():
        page = find_demo_issue()
        if page is None:
            load_demo(translations=False)
            page = find_demo_issue()
        return page.as_issue()


@pytest.fixture(scope="module")
def toc(demo):
    """The demo issue's email and its table of contents: one row of links per entry,
    checked against the sections the entries must cover. Rendered once for the module."""
    issue = demo
    rendered = render_issue(issue)
    parsed = _Rows()
    parsed.feed(rendered.html)
    entries = [row for row in parsed.rows if row[0]["href"].startswith("#")]
    listed = [section for section in issue.sections if section.items or section.key == "about"]
    assert [row[0]["text"] for row in entries] == [" ".join(s.title.split()) for s in listed]
    return rendered, parsed, entries


@pytest.fixture(scope="module")
def _web_pages() -> dict[str, set[str]]:
    return {}


@pytest.fixture
def web_page_ids(client, _web_pages):
    """The ids on a page of the web version, fetched once per path for the module."""
    pages = _web_pages

    def ids(url: str) -> set[str]:
        path = urlsplit(url).path
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, (url, response.status_code)
            parsed = _Rows()
            parsed.feed(response.content.decode())
            pages[path] = parsed.ids
        return pages[path]

    return ids


@pytest.mark.parametrize(("client_name", "notes"), UNSUPPORTED, ids=[n for n, _ in UNSUPPORTED])
def test_clients_without_local_anchors_get_a_working_web_link_per_entry(
        toc, web_page_ids, client_name, notes):
    _rendered, _parsed, entries = toc
    for anchor_link, *others in entries:
        web = [link for link in others if not link["href"].startswith("#")]
        assert len(web) == 1, (client_name, anchor_link["text"], others)
        url = web[0]["href"]
        assert url.startswith(settings.SITE_URL + "/"), url
        fragment = urlsplit(url).fragment
        assert fragment, url
        assert fragment in web_page_ids(url), (client_name, url)
        assert web[0]["text"] == "on the web"
        assert anchor_link["text"] in web[0]["aria-label"]


@pytest.mark.parametrize(("client_name", "notes"), SUPPORTED, ids=[n for n, _ in SUPPORTED])
def test_clients_with_local_anchors_find_every_target_in_the_message(toc, client_name, notes):
    _rendered, parsed, entries = toc
    for anchor_link, *_others in entries:
        target = anchor_link["href"][1:]
        if NAME_ONLY_NOTE in notes:
            assert target in parsed.names, (client_name, target)
        else:
            assert target in parsed.ids | parsed.names, (client_name, target)


def test_in_message_and_web_anchors_are_the_same_id(toc):
    """One naming rule (cms.links.section_anchor): the in-message target and the web
    page's section share the fragment."""
    _rendered, parsed, entries = toc
    for anchor_link, web_link in entries:
        assert urlsplit(web_link["href"]).fragment == anchor_link["href"][1:]
        assert anchor_link["href"][1:] in parsed.ids & parsed.names


def test_the_text_part_lists_each_section_with_its_web_link(demo, web_page_ids):
    issue = demo
    text = render_issue(issue).text
    toc_block = text.split("IN THIS ISSUE\n", 1)[1].split("\n\n", 1)[0].split("\n")
    listed = [section for section in issue.sections if section.items or section.key == "about"]
    assert len(toc_block) == 2 * len(listed)
    for section, title_line, url_line in zip(listed, toc_block[::2], toc_block[1::2], strict=True):
        assert title_line == f"- {section.title}"
        url = url_line.strip()
        assert url.startswith(issue.url + "#") and url_line.startswith("  ")
        assert urlsplit(url).fragment in web_page_ids(url)


def test_an_issue_without_a_web_version_keeps_only_the_anchors(demo):
    """No public URL (e.g. never published): no web links rather than broken ones."""
    issue = replace(demo, url="")
    rendered = render_issue(issue)
    parsed = _Rows()
    parsed.feed(rendered.html)
    entries = [row for row in parsed.rows if row[0]["href"].startswith("#")]
    assert entries and all(len(row) == 1 for row in entries)
    toc_block = rendered.text.split("IN THIS ISSUE\n", 1)[1].split("\n\n", 1)[0]
    assert "://" not in toc_block
