"""render_issue: the quality gates on a seed-like issue, on random issues (hypothesis)
and on the demo issue from the database."""

import re

import pytest
from hypothesis import HealthCheck, given, settings

from cms.items import Kind
from cms.links import section_anchor
from newsletter.rendering import RenderedIssue, render_issue
from newsletter.rendering import tokens as T
from newsletter.rendering.html import IssueTooLargeError, render_html
from newsletter.rendering.tokens import Placeholders

from .email_gates import check_html, check_links_absolute, check_text
from .email_samples import random_issues, random_items, seed_like_issue


def test_seed_like_issue_passes_the_gates():
    issue = seed_like_issue()
    rendered = render_issue(issue)
    assert isinstance(rendered, RenderedIssue)
    check_html(rendered.html)
    check_links_absolute(rendered.html)
    check_text(rendered.text, issue)
    assert rendered.subject == "bioXclusters plus — Newsletter January 2017"
    assert rendered.preheader.startswith("EU cluster policy")


def test_layout_follows_the_seed():
    issue = seed_like_issue()
    html = render_issue(issue).html
    # header: logo and issue name; the preheader is the hidden preview text
    assert 'alt="bioXclusters plus"' in html and "Newsletter January 2017" in html
    assert "EU cluster policy, Japan mission results" in html
    # table of contents: every section's anchor in the message and on the web version
    for index, section in enumerate(issue.sections, start=1):
        anchor = section_anchor(section.key, index)
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
        assert f'<a name="{anchor}"></a>' in html
        assert f'href="{issue.url}#{anchor}"' in html
        assert section.title in html
    # interview: numbered questions and answers
    assert "1. What are the key objectives of EU cluster policy?" in html
    assert "2. How has bioXclusters plus progressed?" in html
    # success story quote
    assert "Perseverance and trust are key." in html and "Alfons Nonell-Canals" in html
    # gateway news: the agreement
    assert "MoU with BioSA and Health Industries South Australia, signed" in html
    # events: date, time zone, place, registration button and calendar link
    assert "3\u2009–\u20096 April 2017<br /><strong>Time zone:</strong> Europe/Madrid" in html
    assert "24 January 2017, 09:00–10:00 GMT<br /><strong>Time zone:</strong> Europe/London" in html
    assert "Barcelona, Spain" in html
    assert 'href="https://www.ebdgroup.com/bes/"' in html and ">Register<" in html
    assert html.count("http://testserver/feeds/events/1.ics") == 2
    assert "Add to calendar" in html
    # SME tools, About with members, disclaimer, footer
    assert "eLSI e-learning platform" in html
    for member in ("Lyonbiopole", "Biocat", "BioM", "bioPmed"):
        assert member in html
    assert "represents the views of the author only" in html
    assert "Passeig Lluís Companys 23" in html
    assert f'href="{T.UNSUBSCRIBE_URL}"' in html and f'href="{T.PREFERENCES_URL}"' in html
    assert html.count(T.GREETING) == 1
    assert 'href="http://testserver/issues/newsletter-january-2017/"' in html  # web version
    assert ">View in browser<" in html


def test_no_google_fonts_and_no_external_css():
    html = render_issue(seed_like_issue()).html
    assert "googleapis" not in html and "<link" not in html and "@import" not in html


def test_images_are_2x_renditions_with_real_sizes():
    html = render_issue(seed_like_issue()).html
    tag = re.search(r'<img [^>]*src="http://testserver/media/images/freitas.email.png"[^>]*>',
                    html).group(0)
    # the 1200 x 675 rendition shown 552 px wide: height follows the aspect ratio
    assert 'width="552"' in tag and 'height="310"' in tag and 'alt="José Freitas"' in tag
    assert "height:auto" in tag  # scales down on phones without distortion


def test_past_events_have_no_registration_or_calendar_link():
    import dataclasses
    from datetime import date

    issue = dataclasses.replace(seed_like_issue(), date=date(2017, 5, 1))
    rendered = render_issue(issue)
    assert ">Register<" not in rendered.html and "Add to calendar" not in rendered.html
    assert "Register:" not in rendered.text


def test_plain_text_is_built_from_items():
    issue = seed_like_issue()
    text = render_issue(issue).text
    assert "<" not in text.replace("<https://ec.europa.eu/>", "")
    assert "INTERVIEW\n" in text
    assert "1. What are the key objectives of EU cluster policy?" in text
    assert "Register: https://www.ebdgroup.com/bes/" in text
    assert "Add to calendar: http://testserver/feeds/events/1.ics" in text
    assert f"Unsubscribe:\n{T.UNSUBSCRIBE_URL}" in text
    assert f"Update your preferences:\n{T.PREFERENCES_URL}" in text
    assert text.count(T.GREETING) == 1


def test_content_cannot_forge_personal_tokens():
    issue = seed_like_issue()
    import dataclasses

    evil = dataclasses.replace(issue.sections[0].items[0],
                               title=f"Click {T.UNSUBSCRIBE_URL} {T.GREETING}")
    section = dataclasses.replace(issue.sections[0], items=(evil,))
    issue = dataclasses.replace(issue, sections=(section, *issue.sections[1:]))
    rendered = render_issue(issue)
    assert rendered.html.count(T.UNSUBSCRIBE_URL) == 1  # the footer's own
    assert rendered.html.count(T.GREETING) == 1
    assert rendered.text.count(T.UNSUBSCRIBE_URL) == 1


def test_scripts_in_content_are_escaped_or_removed():
    import dataclasses

    issue = seed_like_issue()
    item = dataclasses.replace(
        issue.sections[0].items[0], title="<script>alert(1)</script>",
        body=(issue.sections[0].items[0].body[0].__class__(
            type="richtext", html='<p>x<script>alert(2)</script><img src="/a.png"></p>'),))
    section = dataclasses.replace(issue.sections[0], items=(item,))
    issue = dataclasses.replace(issue, sections=(section,))
    html = render_issue(issue).html
    assert "<script" not in html and "&lt;script&gt;alert(1)" in html
    check_html(html)


def test_large_issue_falls_back_to_teasers_then_titles():
    import dataclasses

    issue = seed_like_issue()
    interview = issue.sections[0].items[0]
    long_body = tuple(dataclasses.replace(interview.body[0], number=n,
                                          html="<p>" + "Lorem ipsum dolor sit amet. " * 200 + "</p>")
                      for n in range(1, 30))
    big = dataclasses.replace(interview, body=long_body)
    issue = dataclasses.replace(issue, sections=(dataclasses.replace(
        issue.sections[0], items=(big,)), *issue.sections[1:]))
    rendered = render_issue(issue)
    assert rendered.detail == "teaser"
    check_html(rendered.html)
    check_text(rendered.text, issue)
    assert "Read more" in rendered.html


def test_too_large_even_compact_is_a_clear_error():
    import dataclasses

    issue = seed_like_issue()
    items = tuple(dataclasses.replace(issue.sections[1].items[0], title=f"Tool {n} " + "x" * 300,
                                      url=f"https://tools.example/{n}/" + "y" * 200)
                  for n in range(400))
    issue = dataclasses.replace(issue, sections=(dataclasses.replace(issue.sections[1],
                                                                     items=items),))
    with pytest.raises(IssueTooLargeError, match="too large for an email"):
        render_issue(issue)


def test_detail_levels_can_be_forced():
    html, detail = render_html(seed_like_issue(), Placeholders(), levels=("compact",))
    assert detail == "compact"
    assert "Perseverance and trust are key." not in html  # no quotes in compact
    assert "Mind The Byte" in html


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_issues())
def test_random_issues_pass_the_gates(issue):
    rendered = render_issue(issue)
    check_html(rendered.html)
    check_links_absolute(rendered.html)
    check_text(rendered.text, issue)
    assert rendered.html.count(T.UNSUBSCRIBE_URL) == 1
    assert rendered.text.count(T.UNSUBSCRIBE_URL) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_items())
def test_every_item_kind_renders_alone(item):
    import dataclasses

    issue = seed_like_issue()
    issue = dataclasses.replace(issue, sections=(dataclasses.replace(
        issue.sections[0], key=item.kind if item.kind != Kind.SME_TOOL else "sme_tools",
        items=(item,)),))
    rendered = render_issue(issue)
    check_html(rendered.html)
    check_text(rendered.text, issue)


# ---- the demo issue from the database -----------------------------------------------------

@pytest.mark.django_db
def test_demo_issue_passes_the_gates(demo_issue):
    issue = demo_issue.as_issue()
    rendered = render_issue(issue)
    check_html(rendered.html)
    check_links_absolute(rendered.html)
    check_text(rendered.text, issue)
    assert rendered.detail == "standard"
    assert "Newsletter January 2017" in rendered.html
    assert len(issue.items) >= 10
    for item in issue.items:
        assert item.url in rendered.text
    # the interview's numbered questions are all in the email
    interview = next(item for item in issue.items if item.kind == Kind.INTERVIEW)
    for block in interview.body:
        if block.type == "qa":
            assert f"{block.number}. " in rendered.text
    for event in (item.event for item in issue.items if item.event):
        assert event.timezone.replace("_", " ") in rendered.html


@pytest.mark.parametrize("detail", ["full", "standard", "teaser", "compact"])
def test_every_detail_level_renders(detail):
    issue = seed_like_issue()
    html, used = render_html(issue, Placeholders(), levels=(detail,))
    assert used == detail
    check_html(html)
    check_links_absolute(html)
    from newsletter.rendering.text import render_text

    check_text(render_text(issue, Placeholders(), detail), issue)


@pytest.mark.django_db
@pytest.mark.parametrize("detail", ["full", "standard", "teaser", "compact"])
def test_demo_issue_renders_at_every_detail_level(demo_issue, detail):
    from newsletter.rendering.html import mjml_to_html, render_mjml

    html = mjml_to_html(render_mjml(demo_issue.as_issue(), detail=detail,
                                    placeholders=Placeholders()))
    assert "Newsletter January 2017" in html and "<script" not in html
