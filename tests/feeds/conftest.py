"""Fixtures for the feed tests: a small site tree built through Wagtail's own API
(add_child, save_revision().publish(), unpublish), so signals fire as in the admin."""

import io
import json
from datetime import date, time

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from PIL import Image as PILImage


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class Tree:
    """Index pages under the home page, and helpers that add published articles."""

    def __init__(self, home):
        from cms.models import (
            ActivityNewsIndexPage,
            EventIndexPage,
            GatewayNewsIndexPage,
            InterviewIndexPage,
            IssueIndexPage,
            SuccessStoryIndexPage,
        )

        self.home = home
        self.indexes = {}
        for key, model in [
            ("interview", InterviewIndexPage), ("success_story", SuccessStoryIndexPage),
            ("gateway_news", GatewayNewsIndexPage), ("activity_news", ActivityNewsIndexPage),
            ("event", EventIndexPage), ("issue", IssueIndexPage),
        ]:
            existing = model.objects.first()
            if existing is None:
                existing = home.add_child(instance=model(title=key.replace("_", " ").title(),
                                                         slug=f"{key.replace('_', '-')}s"))
                publish(existing)
            self.indexes[key] = existing

    def _add(self, key, page, live=True):
        page.live = live  # add_child() would otherwise create it live
        self.indexes[key].add_child(instance=page)
        if live:
            publish(page)
        else:
            page.save_revision()
            page.refresh_from_db()
        return page

    def interview(self, title="An interview", *, live=True, body=None, **fields):
        from cms.models import InterviewPage

        body = body if body is not None else [
            {"type": "qa", "value": {"question": "What is a cluster?",
                                     "answer": "<p>A group of <b>firms</b>.</p>"}},
            {"type": "qa", "value": {"question": "Why join?",
                                     "answer": "<p>To <a href=\"/about/\">grow</a>.</p>"}},
        ]
        page = InterviewPage(title=title, summary=fields.pop("summary", f"Summary of {title}"),
                             interviewee_name=fields.pop("interviewee_name", "Ana Example"),
                             body=json.dumps(body), **fields)
        return self._add("interview", page, live)

    def story(self, title="A success story", *, live=True, body=None, **fields):
        from cms.models import SuccessStoryPage

        body = body if body is not None else [
            {"type": "heading", "value": "The deal"},
            {"type": "paragraph", "value": "<p>Signed in Tokyo.</p>"},
            {"type": "quote", "value": {"quote": "Trust is key.", "attribution": "A. CEO"}},
        ]
        page = SuccessStoryPage(title=title, summary=fields.pop("summary", f"Summary of {title}"),
                                company=fields.pop("company", "Mind the Byte"),
                                body=json.dumps(body), **fields)
        return self._add("success_story", page, live)

    def gateway(self, title="Gateway news", *, live=True, **fields):
        from cms.models import GatewayNewsPage

        page = GatewayNewsPage(title=title, summary=f"Summary of {title}",
                               gateway_organisations="BioSA", country="AU",
                               body=json.dumps([{"type": "paragraph", "value": "<p>MoU.</p>"}]),
                               **fields)
        return self._add("gateway_news", page, live)

    def activity(self, title="Activity news", *, live=True, **fields):
        from cms.models import ActivityNewsPage

        page = ActivityNewsPage(title=title, summary=f"Summary of {title}",
                                activity_kind="matchmaking",
                                body=json.dumps([{"type": "paragraph", "value": "<p>Met.</p>"}]),
                                **fields)
        return self._add("activity_news", page, live)

    def event(self, title="An event", *, live=True, start_date=date(2017, 4, 3),
              start_time=time(9, 0), end_date=None, end_time=None, timezone="Europe/Madrid",
              **fields):
        from cms.models import EventPage

        page = EventPage(title=title, summary=fields.pop("summary", f"Summary of {title}"),
                         event_kind=fields.pop("event_kind", "workshop"),
                         start_date=start_date, start_time=start_time, end_date=end_date,
                         end_time=end_time, timezone=timezone,
                         body=json.dumps([{"type": "paragraph", "value": "<p>Come.</p>"}]),
                         **fields)
        return self._add("event", page, live)


@pytest.fixture
def tree(home):
    return Tree(home)


@pytest.fixture
def image(db):
    """A real PartnershipImage (a generated PNG) with alt text and credit."""
    from cms.models import PartnershipImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (20, 90, 160)).save(buffer, format="PNG")
    return PartnershipImage.objects.create(
        title="Test image", description="A blue rectangle", credit="Test credit",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="blue.png"))
