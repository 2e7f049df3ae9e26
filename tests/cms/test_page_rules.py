"""Where each page type may be created, and that editors can create them in the admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import (
    ActivityNewsIndexPage,
    ActivityNewsPage,
    EventIndexPage,
    EventPage,
    GatewayNewsIndexPage,
    GatewayNewsPage,
    HomePage,
    InterviewIndexPage,
    InterviewPage,
    IssueIndexPage,
    IssuePage,
    SuccessStoryIndexPage,
    SuccessStoryPage,
)

INDEXES = {
    IssueIndexPage: IssuePage,
    InterviewIndexPage: InterviewPage,
    SuccessStoryIndexPage: SuccessStoryPage,
    GatewayNewsIndexPage: GatewayNewsPage,
    ActivityNewsIndexPage: ActivityNewsPage,
    EventIndexPage: EventPage,
}
# Unchecked checkboxes (emerging industries) are not in a browser's POST at all.
CLASSIFICATION = {"ecosystem": "Health", "sectors": "",
                  "countries": "", "tags": "", "eccp_teaser": "", "author": "", "image": ""}


class PageTreeRules(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_indexes(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, set(INDEXES))

    def test_each_index_holds_only_its_own_articles(self):
        for index, article in INDEXES.items():
            self.assertAllowedParentPageTypes(index, {HomePage})
            self.assertAllowedSubpageTypes(index, {article})
            self.assertAllowedParentPageTypes(article, {index})
            self.assertAllowedSubpageTypes(article, set())
            for other in set(INDEXES.values()) - {article}:
                self.assertCanNotCreateAt(index, other)

    def test_articles_cannot_sit_directly_under_home(self):
        for article in INDEXES.values():
            self.assertCanNotCreateAt(HomePage, article)

    def test_only_one_home_and_one_index_of_each_kind(self):
        home = HomePage.objects.get()
        for index in INDEXES:
            self.assertEqual(index.max_count, 1)
            # the demo site already has one of each: no second one may be created
            self.assertTrue(index.objects.exists())
            self.assertFalse(index.can_create_at(home))
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))


class CreatingPagesInTheAdmin(WagtailPageTestCase):
    def setUp(self):
        self.login()

    def test_interview(self):
        self.assertCanCreate(InterviewIndexPage.objects.get(), InterviewPage, nested_form_data({
            "title": "Interview with a policy officer", "slug": "policy-officer",
            "interviewee_name": "A. Officer", "interviewee_role": "Policy Officer",
            "interviewee_organisation": "EC", "portrait": "", "summary": "Standfirst.",
            "body": streamfield([("qa", {"question": "Why clusters?",
                                         "answer": rich_text("<p>Because.</p>")})]),
            **CLASSIFICATION}))
        page = InterviewPage.objects.get(slug="policy-officer")
        self.assertEqual([b.number for b in page.as_item().body], [1])

    def test_success_story(self):
        self.assertCanCreate(SuccessStoryIndexPage.objects.get(), SuccessStoryPage,
                             nested_form_data({
                                 "title": "A success", "slug": "a-success", "company": "ACME",
                                 "city": "Lyon", "country": "FR", "sector": "Medtech",
                                 "summary": "It worked.", "outcome": "Contract signed",
                                 "body": streamfield([("paragraph", rich_text("<p>x</p>"))]),
                                 "quote_text": "", "quote_name": "", "quote_role": "",
                                 "quote_organisation": "", "related_page": "",
                                 **CLASSIFICATION}))

    def test_gateway_news(self):
        self.assertCanCreate(GatewayNewsIndexPage.objects.get(), GatewayNewsPage,
                             nested_form_data({
                                 "title": "MoU with Boston", "slug": "mou-boston",
                                 "news_kind": "agreement", "gateway_organisations": "MassBio",
                                 "country": "US", "region": "Boston", "agreement_kind": "MoU",
                                 "signed_on": "2017-02-01", "duration": "three years",
                                 "event": "", "summary": "Signed.",
                                 "body": streamfield([("paragraph", rich_text("<p>x</p>"))]),
                                 **CLASSIFICATION}))

    def test_event(self):
        self.assertCanCreate(EventIndexPage.objects.get(), EventPage, nested_form_data({
            "title": "Workshop", "slug": "workshop", "event_kind": "workshop",
            "start_date": "2030-05-02", "start_time": "14:00", "end_date": "",
            "end_time": "17:00", "timezone": "Europe/Rome", "venue": "Palazzo",
            "city": "Turin", "country": "IT", "online_url": "", "registration_url": "",
            "organiser": "bioPmed", "contact": "", "summary": "A workshop.",
            "body": streamfield([]), **CLASSIFICATION}))
        event = EventPage.objects.get(slug="workshop")
        self.assertEqual(event.start_utc.hour, 12)  # 14:00 in Turin (CEST) is 12:00 UTC


class EditingAndPreviewingTheDemo(WagtailPageTestCase):
    def setUp(self):
        self.login()

    def test_every_demo_page_has_an_edit_view_and_a_preview(self):
        from django.urls import reverse
        from django.utils.html import escape

        pages = Page.objects.filter(depth__gte=2).specific()
        for page in pages:
            response = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
            self.assertEqual(response.status_code, 200, page.url)
        for page in pages:
            response = page.make_preview_request(preview_mode=page.default_preview_mode)
            self.assertEqual(response.status_code, 200, page.url)
            self.assertIn(escape(page.title), response.rendered_content)
