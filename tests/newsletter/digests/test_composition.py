"""What a digest is made of: the window, the sections, the wording, the minimum."""

from datetime import timedelta

import pytest

from newsletter.digests.runner import plan_for, wording_for

from .conftest import OCCURRENCE, PREVIOUS_AT, published_at

pytestmark = pytest.mark.django_db


def titles(section):
    return [entry.title if hasattr(entry, "title") else str(entry) for entry in section.entries]


def by_key(plan):
    return {section.key: section for section in plan.sections}


def test_window_starts_at_the_previous_issue_to_the_second(schedule, articles):
    plan = plan_for(schedule, until=OCCURRENCE)
    assert plan.since == PREVIOUS_AT and plan.since_source == "previous issue"
    sections = by_key(plan)
    stories = titles(sections["success_stories"])
    assert "Story just after the previous issue" in stories  # one second after: in
    assert "Story before the previous issue" not in stories  # one second before: out
    new_titles = {page.title for page in plan.new_articles}
    assert "Draft activity news" not in new_titles  # drafts never
    assert "activities" not in sections  # its only page is a draft: the section is left out
    assert new_titles == {"Interview with Ana", "Story just after the previous issue",
                          "A newer story", "MoU with Osaka"}


def test_each_kind_goes_to_its_section_newest_first_in_layout_order(schedule, articles):
    plan = plan_for(schedule, until=OCCURRENCE)
    assert [s.key for s in plan.sections] == ["interview", "success_stories", "gateways",
                                              "upcoming", "about"]
    sections = by_key(plan)
    assert titles(sections["success_stories"]) == ["A newer story",
                                                   "Story just after the previous issue"]
    assert titles(sections["interview"]) == ["Interview with Ana"]
    assert titles(sections["gateways"]) == ["MoU with Osaka"]


def test_upcoming_holds_the_events_of_the_next_n_days(schedule, articles):
    plan = plan_for(schedule, until=OCCURRENCE)
    assert titles(by_key(plan)["upcoming"]) == ["Matchmaking in March"]
    left = {item.title: item.reason for item in plan.left_out}
    assert left["Summer fair"] == "not within the upcoming days"
    schedule.upcoming_days = 120
    plan = plan_for(schedule, until=OCCURRENCE)
    assert titles(by_key(plan)["upcoming"]) == ["Matchmaking in March", "Summer fair"]
    # A newly published event counts as a new article; an older one does not.
    assert "Summer fair" in {p.title for p in plan.new_articles}
    assert "Matchmaking in March" not in {p.title for p in plan.new_articles}


def test_until_is_inclusive_and_later_articles_wait_for_the_next_issue(schedule, articles, tree):
    late = published_at(tree.story("Published after the occurrence"),
                        OCCURRENCE + timedelta(seconds=1))
    exact = published_at(tree.story("Published at the occurrence"), OCCURRENCE)
    plan = plan_for(schedule, until=OCCURRENCE)
    stories = titles(by_key(plan)["success_stories"])
    assert exact.title in stories and late.title not in stories


def test_since_option_overrides_the_previous_issue(schedule, articles):
    plan = plan_for(schedule, until=OCCURRENCE, since=PREVIOUS_AT - timedelta(seconds=2))
    assert plan.since_source == "--since"
    assert "Story before the previous issue" in titles(by_key(plan)["success_stories"])


def test_the_layout_decides_sections_and_titles(schedule, articles):
    schedule.layout = [("gateways", {"title": "Our gateways"}),
                       ("interview", {"title": ""})]
    schedule.save()
    plan = plan_for(schedule, until=OCCURRENCE)
    assert [(s.key, s.title) for s in plan.sections] == [("gateways", "Our gateways"),
                                                         ("interview", "")]
    left = {item.title: item.reason for item in plan.left_out}
    assert "A newer story" in left and "section in the layout" in left["A newer story"]


def test_pages_already_in_the_previous_issue_are_not_repeated(schedule, articles,
                                                              previous_issue):
    previous_issue.sections = [{"type": "success_stories", "value": {
        "title": "Stories", "items": [articles["story_newer"].pk]}}]
    previous_issue.save_revision().publish()
    published_at(previous_issue, PREVIOUS_AT)
    plan = plan_for(schedule, until=OCCURRENCE)
    assert titles(by_key(plan)["success_stories"]) == ["Story just after the previous issue"]
    assert any(item.title == "A newer story" and "already in" in item.reason
               for item in plan.left_out)


def test_wording_follows_the_series_and_the_lead_items(schedule, articles):
    plan = plan_for(schedule, until=OCCURRENCE)
    wording = wording_for(schedule, plan)
    assert wording.title == "Newsletter February 2027"
    assert wording.subject == "bioXclusters plus newsletter, February 2027: Interview with Ana"
    assert wording.preheader.startswith("Interview with Ana, A newer story, MoU with Osaka")
    assert wording.intro_html.startswith("<p>In this issue: Interview, SME success stories")
    assert len(wording.subject) <= 150 and len(wording.preheader) <= 150


def test_record_says_what_the_digest_was_made_from(schedule, articles):
    plan = plan_for(schedule, until=OCCURRENCE)
    record = plan.made_from()
    assert record["since"] == PREVIOUS_AT.isoformat()
    assert record["previous_issue"]["title"] == "Newsletter January 2027"
    stories = next(s for s in record["sections"] if s["key"] == "success_stories")
    assert [e["page"] for e in stories["entries"]] == [articles["story_newer"].pk,
                                                       articles["story_new"].pk]
    assert {"page": articles["far"].pk, "title": "Summer fair",
            "reason": "not within the upcoming days"} in record["left_out"]
