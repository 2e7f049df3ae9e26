"""The ECCP post builder and its validation, as pure functions of Items (no database)."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cms.items import Block, Kind, Person, Quote
from feeds.eccp.fields import groups
from feeds.eccp.post import (
    DEFAULT_AUDIENCE,
    ELLIPSIS,
    TEASER_MAX,
    build_post,
    cut_at_word,
)
from feeds.eccp.validation import ERROR, WARNING, validate
from tests.feeds.builders import barcelona, event_info, image, item, webinar


def messages(post, field=None, level=None):
    return [m for m in validate(post)
            if (field is None or m.field == field) and (level is None or m.level == level)]


def test_types_follow_the_kind_of_article():
    assert build_post(item(1, Kind.INTERVIEW)).type == "news"
    assert build_post(item(2, Kind.ACTIVITY_NEWS)).type == "news"
    assert build_post(barcelona()).type == "event"
    assert build_post(item(3, Kind.SUCCESS_STORY)).type == "success_story"
    gateway = build_post(item(4, Kind.GATEWAY_NEWS))
    assert gateway.type == "partnership_update"
    assert gateway.type_label == "Partnership update"


@pytest.mark.parametrize(("length", "level"), [
    (1, None), (100, None), (101, WARNING), (255, WARNING), (256, ERROR), (400, ERROR)])
def test_title_limits(length, level):
    post = build_post(item(1, title="T" * length))
    found = messages(post, "title")
    if level is None:
        assert found == []
    else:
        assert [m.level for m in found] == [level]
        assert str(length) in found[0].text


def test_empty_title_is_an_error():
    assert [m.level for m in messages(build_post(item(1, title="   ")), "title")] == [ERROR]


def test_short_summary_is_the_teaser_unchanged():
    post = build_post(item(1, summary="A short   teaser\nover two lines."))
    assert post.teaser == "A short teaser over two lines."
    assert not post.teaser_was_cut
    assert messages(post, "teaser") == []


def test_long_summary_is_cut_at_a_word_boundary_with_an_ellipsis():
    words = [f"word{n}" for n in range(80)]  # ~560 characters
    summary = " ".join(words)
    post = build_post(item(1, summary=summary))
    assert len(post.teaser) <= TEASER_MAX
    assert post.teaser.endswith(ELLIPSIS)
    kept = post.teaser[: -len(ELLIPSIS)].split(" ")
    assert kept == words[: len(kept)]  # whole words only, in order
    # the next word would not have fitted
    assert len(" ".join(words[: len(kept) + 1])) + len(ELLIPSIS) > TEASER_MAX
    assert post.teaser_was_cut
    assert [m.level for m in messages(post, "teaser")] == [WARNING]


@pytest.mark.parametrize("text", [
    "x" * 301,  # one long word: cut inside it rather than return nothing
    "a " * 200,
    ("Cluster, " * 40).strip(),
    "word " * 59 + "abcd",  # 299 characters: no cut
    "y" * 300,
])
def test_cut_at_word_never_exceeds_the_limit(text):
    out = cut_at_word(text)
    assert len(out) <= TEASER_MAX
    if len(" ".join(text.split())) <= TEASER_MAX:
        assert out == " ".join(text.split())
    else:
        assert out.endswith(ELLIPSIS)
        assert not out[: -len(ELLIPSIS)].endswith((" ", ","))


def test_cut_keeps_a_word_that_ends_exactly_at_the_limit():
    text = "a" * 298 + " bcd"
    assert cut_at_word(text) == "a" * 298 + ELLIPSIS
    assert cut_at_word("abc " * 100, limit=10) == "abc abc" + ELLIPSIS


def test_editor_teaser_wins_and_is_never_cut():
    post = build_post(item(1, summary="long " * 100, eccp_teaser="Our own words."))
    assert post.teaser == "Our own words."
    assert post.teaser_source == "editor"
    assert messages(post, "teaser") == []
    too_long = build_post(item(1, eccp_teaser="z" * 301))
    assert too_long.teaser == "z" * 301
    assert [m.level for m in messages(too_long, "teaser")] == [ERROR]


def test_body_blocks_become_the_eccp_subset():
    body = (
        Block(type="heading", text="Results & next <steps>"),
        Block(type="richtext", html='<p>See <a href="/about/">us</a> <b>now</b>.</p>'),
        Block(type="qa", number=1, text="Why clusters?", html="<p>They <i>help</i>.</p>"),
        Block(type="quote", text="Trust is key.", attribution="A. CEO, Mind the Byte"),
        Block(type="image", text="A caption", image=image("inline")),
    )
    post = build_post(item(1, body=body))
    assert post.body_html == (
        "<h2>Results &amp; next &lt;steps&gt;</h2>"
        '<p>See <a href="http://testserver/about/">us</a> <strong>now</strong>.</p>'
        "<h3>1. Why clusters?</h3><p>They <em>help</em>.</p>"
        "<blockquote><p>Trust is key.</p><p>— A. CEO, Mind the Byte</p></blockquote>")
    assert "<img" not in post.body_html and "inline" not in post.body_html
    assert post.dropped_images == 1
    assert [m.level for m in messages(post, "body_html")] == [WARNING]
    assert post.body_text == (
        "Results & next <steps>\n\nSee us <http://testserver/about/> now.\n\n"
        "1. Why clusters?\n\nThey help.\n\nTrust is key.\n\n— A. CEO, Mind the Byte")


def test_empty_body_is_an_error():
    post = build_post(item(1, body=(Block(type="image", image=image("only")),)))
    assert ERROR in [m.level for m in messages(post, "body_html")]


def test_hero_image_is_the_eccp_rendition_with_alt_and_credit():
    post = build_post(item(1))
    assert post.hero.url == "http://testserver/media/img1-eccp.png"
    assert post.hero.path == "img1-eccp.png"
    assert post.hero.filename == "hero.png"
    assert (post.hero.alt, post.hero.credit) == ("Alt of img1", "Credit")


def test_missing_alt_text_and_credit_are_errors_on_their_fields():
    bare = replace(image("x"), alt="", credit=" ")
    post = build_post(item(1, image=bare))
    assert [(m.field, m.level) for m in messages(post, level=ERROR)] == [
        ("hero_alt", ERROR), ("hero_credit", ERROR)]


def test_missing_hero_image_is_a_warning():
    post = build_post(item(1, with_image=False))
    assert post.hero is None
    assert [m.level for m in messages(post, "hero_image")] == [WARNING]


def test_classification_defaults_and_checks():
    post = build_post(item(1, countries=("jp", "es"), emerging_industries=("Medical devices",),
                           tags=("Japan", "SMEs")))
    assert post.classification.ecosystem == "Health"
    assert post.classification.countries == ("JP", "ES")
    assert post.classification.country_names == ("Japan", "Spain")
    assert messages(post, "countries") == [] and messages(post, "emerging_industries") == []
    bad = build_post(item(1, ecosystem="Biotech", countries=("XX",),
                          emerging_industries=("Rocketry",)))
    assert {m.field for m in messages(bad, level=ERROR)} == {
        "ecosystem", "countries", "emerging_industries"}


def test_canonical_url_and_language():
    post = build_post(item(1, language="en-GB"))
    assert post.canonical_url == "http://testserver/items/1/"
    assert post.language == "en"
    assert [m.level for m in messages(build_post(item(1, url="")), "canonical_url")] == [ERROR]
    assert [m.level for m in messages(build_post(item(1, url="/items/1/")),
                                      "canonical_url")] == [ERROR]


def test_event_fields():
    post = build_post(barcelona())
    event = post.event
    assert event.start.isoformat() == "2017-04-03T09:00:00+02:00"
    assert event.timezone == "Europe/Madrid"
    assert (event.event_type, event.event_type_label) == ("workshop", "Workshop")
    [row] = [row for group in groups(post, validate(post))[0] for row in group.rows
             if row.key == "event_type"]
    assert (row.value, row.note) == ("Workshop", "ECCP type: workshop")
    assert event.audience == DEFAULT_AUDIENCE["workshop"] and event.audience_defaulted
    assert not event.online
    assert (event.venue, event.city, event.country) == ("Fira Gran Via", "Barcelona", "ES")
    assert event.registration_url == "https://example.org/register"
    assert event.organiser == "EBD Group"
    assert event.ics_url == "http://testserver/feeds/events/1.ics"
    assert messages(post, level=ERROR) == []

    online = build_post(webinar()).event
    assert online.online and online.online_url == "https://example.org/webinar"


def test_event_without_registration_link_or_time_zone_is_refused():
    start = datetime(2017, 4, 3, 9, 0)  # naive: no time zone
    post = build_post(item(9, Kind.EVENT, event=event_info(start, start, "",
                                                           registration_url="")))
    assert {m.field for m in messages(post, level=ERROR)} == {
        "event_timezone", "event_registration_url"}


def test_event_neither_online_nor_located_is_an_error():
    tz = ZoneInfo("Europe/Berlin")
    when = datetime(2017, 11, 8, 9, 0, tzinfo=tz)
    post = build_post(item(9, Kind.EVENT, event=event_info(
        when, when, "Europe/Berlin", venue="", city="", country="", country_name="")))
    assert [m.field for m in messages(post, level=ERROR)] == ["event_location"]


def test_non_event_articles_carry_no_event_section():
    # activity news linked to an event is still news
    assert build_post(item(2, Kind.ACTIVITY_NEWS, event=barcelona().event)).event is None


def test_success_story_fields():
    story = item(3, Kind.SUCCESS_STORY, company="Mind the Byte", outcome="Deal signed",
                 quote=Quote("Perseverance and trust are key.",
                             Person("Alfons Nonell-Canals", "CEO", "")))
    post = build_post(story)
    assert post.story.quote == "Perseverance and trust are key."
    assert (post.story.person, post.story.role) == ("Alfons Nonell-Canals", "CEO")
    assert post.story.organisation == "Mind the Byte"  # falls back to the company
    assert messages(post, "story_quote") == []
    assert [m.level for m in messages(build_post(item(4, Kind.SUCCESS_STORY)),
                                      "story_quote")] == [WARNING]


def test_an_events_own_audience_is_used_without_a_warning():
    source = barcelona()
    own = replace(source, event=replace(source.event, audience=("SMEs", "Investors")))
    post = build_post(own)
    assert post.event.audience == ("SMEs", "Investors") and not post.event.audience_defaulted
    assert messages(post, "event_audience") == []
    assert [m.level for m in messages(build_post(source), "event_audience")] == [WARNING]
