"""Issues built directly from cms.items dataclasses (no database): a small version of
the seed newsletter, and hypothesis strategies for random issues."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from cms.items import (
    Agreement,
    Block,
    EventInfo,
    Image,
    Issue,
    Item,
    Kind,
    Partnership,
    Person,
    Quote,
    Rendition,
    Section,
)

SITE = "http://testserver"
NOW = datetime(2017, 1, 10, 9, 0, tzinfo=UTC)


def image(name: str, alt: str, width: int = 1200, height: int = 675) -> Image:
    def rendition(purpose: str, w: int, h: int) -> Rendition:
        return Rendition(url=f"{SITE}/media/images/{name}.{purpose}.png", width=w, height=h,
                         mime_type="image/png", length=1000, path=f"images/{name}.png")

    return Image(alt=alt, credit="", caption="", renditions={
        "email": rendition("email", width, height),
        "card": rendition("card", 800, 450),
        "original": rendition("original", width, height),
    })


def item(kind: str, slug: str, title: str, **fields) -> Item:
    defaults = dict(kind=kind, id=f"clusterpost:page:{slug}", title=title,
                    summary=f"Summary of {title}.", body=(), url=f"{SITE}/{slug}/",
                    published=NOW, updated=NOW)
    defaults.update(fields)
    return Item(**defaults)


def event(start: datetime, end: datetime, zone: str, **fields) -> EventInfo:
    defaults = dict(start=start, end=end, timezone=zone, kind="conference",
                    kind_label="Conference", venue="", city="", country="", country_name="",
                    online_url="", registration_url="", organiser="", contact="",
                    ics_url=f"{SITE}/feeds/events/1.ics")
    defaults.update(fields)
    return EventInfo(**defaults)


def partnership(members=()) -> Partnership:
    return Partnership(
        name="bioXclusters plus", tagline="Four life-science clusters, one gateway",
        logo=image("logo", "bioXclusters plus", 400, 120),
        about_html="<p>The bioXclusters plus internationalisation project is the "
                   "continuation of the bioXclusters alliance (2012 to 2013).</p>",
        disclaimer="The content of this Newsletter represents the views of the author only "
                   "and is his/her sole responsibility.",
        postal_address="bioXclusters plus\nc/o Biocat\nPasseig Lluís Companys 23\n08010 Barcelona",
        sender_name="bioXclusters plus", sender_email="newsletter@bioxclusters.example",
        site_url=SITE, members=tuple(members))


def seed_like_issue() -> Issue:
    madrid = ZoneInfo("Europe/Madrid")
    london = ZoneInfo("Europe/London")
    interview = item(
        Kind.INTERVIEW, "interview", "Interview with Mr. José Freitas",
        person=Person("José Freitas", "Policy Officer", "European Commission"),
        image=image("freitas", "José Freitas"),
        body=(Block(type="qa", number=1, text="What are the key objectives of EU cluster policy?",
                    html="<p>To support regions and <a href=\"https://ec.europa.eu/\">Member "
                         "States</a> in their efforts.</p>"),
              Block(type="qa", number=2, text="How has bioXclusters plus progressed?",
                    html="<p>It has already made substantial progress.</p>")))
    story = item(Kind.SUCCESS_STORY, "mind-the-byte", "Mind The Byte", company="Mind the Byte",
                 location="Barcelona, Spain", outcome="Distribution agreement with Filgen",
                 quote=Quote("Perseverance and trust are key.",
                             Person("Alfons Nonell-Canals", "CEO", "Mind the Byte")))
    gateway = item(Kind.GATEWAY_NEWS, "mou-adelaide", "MoU signed with Adelaide (Australia)",
                   location="Adelaide, Australia",
                   agreement=Agreement("MoU", ("BioSA", "Health Industries South Australia"),
                                       date(2016, 6, 7), "two years"))
    barcelona = item(Kind.EVENT, "bes-2017", "Canada cluster matchmaking event in BES 2017",
                     event=event(datetime(2017, 4, 3, tzinfo=madrid),
                                 datetime(2017, 4, 6, 23, 59, tzinfo=madrid), "Europe/Madrid",
                                 all_day=True, city="Barcelona", country="ES",
                                 country_name="Spain",
                                 registration_url="https://www.ebdgroup.com/bes/"))
    webinar = item(Kind.EVENT, "webinar", "Clinical Trials Webinar (South Australia)",
                   event=event(datetime(2017, 1, 24, 9, 0, tzinfo=london),
                               datetime(2017, 1, 24, 10, 0, tzinfo=london), "Europe/London",
                               kind="webinar", kind_label="Webinar",
                               online_url="https://webinar.example/clinical-trials",
                               registration_url="https://webinar.example/register"))
    tool = item(Kind.SME_TOOL, "elsi", "eLSI e-learning platform", url="https://elsi.example/")
    members = [item(Kind.MEMBER_CLUSTER, f"m{i}", name, summary=region,
                    url=f"https://{name.lower()}.example/", image=image(name.lower(), name))
               for i, (name, region) in enumerate([
                   ("Lyonbiopole", "Auvergne-Rhône-Alpes"), ("Biocat", "Catalonia"),
                   ("BioM", "Bavaria"), ("bioPmed", "Piemonte")])]
    return Issue(
        id=1, title="Newsletter January 2017", slug="newsletter-january-2017",
        date=date(2017, 1, 10), subject="bioXclusters plus — Newsletter January 2017",
        preheader="EU cluster policy, Japan mission results, new gateways",
        intro_html="<p>Welcome to our newsletter.</p>",
        url=f"{SITE}/issues/newsletter-january-2017/",
        sections=(
            Section("interview", "Interview", (interview,)),
            Section("sme_tools", "SME tools", (tool,)),
            Section("success_stories", "SME success stories", (story,)),
            Section("gateways", "New agreements with International Gateways", (gateway,)),
            Section("upcoming", "Upcoming activities", (barcelona, webinar)),
            Section("about", "About bioXclusters plus", tuple(members)),
        ),
        partnership=partnership(members))


# ---- hypothesis -------------------------------------------------------------------------

# Any unicode except surrogates (which cannot be encoded); control characters included:
# the renderer must cope with them.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
titles = st.one_of(
    texts.filter(lambda s: s.strip()),
    st.sampled_from(["<script>alert(1)</script>", "Ü" * 120, "a" * 200, "x&y<z>\"'",
                     "%%CP-UNSUBSCRIBE-URL%%", "</mj-text><mj-raw>", "=?utf-8?q?x?=",
                     "line\nbreak\r\nhere", "🙂" * 30, "https://" + "x" * 150]),
)
richtext = texts.map(lambda s: "<p>" + s.replace("&", "&amp;").replace("<", "&lt;") + "</p>")
kinds = st.sampled_from([Kind.INTERVIEW, Kind.SUCCESS_STORY, Kind.GATEWAY_NEWS,
                         Kind.ACTIVITY_NEWS, Kind.EVENT, Kind.SME_TOOL])
images = st.one_of(st.none(), st.builds(
    image, st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True), texts,
    st.integers(1, 4000), st.integers(1, 4000)))


@st.composite
def random_items(draw):
    kind = draw(kinds)
    n = draw(st.integers(0, 10**6))
    blocks = draw(st.lists(st.one_of(
        st.builds(Block, type=st.just("richtext"), html=richtext),
        st.builds(Block, type=st.just("qa"), number=st.integers(1, 20), text=texts,
                  html=richtext),
        st.builds(Block, type=st.just("quote"), text=texts, attribution=texts),
        st.builds(Block, type=st.just("heading"), text=texts),
        st.builds(Block, type=st.just("image"), text=texts, image=images),
    ), max_size=4))
    fields = dict(body=tuple(blocks), summary=draw(texts), image=draw(images),
                  location=draw(texts))
    if kind == Kind.EVENT:
        zone = draw(st.sampled_from(["Europe/Berlin", "Asia/Tokyo", "UTC", "America/Toronto"]))
        start = draw(st.datetimes(min_value=datetime(2016, 1, 1), max_value=datetime(2018, 1, 1),
                                  timezones=st.just(ZoneInfo(zone))))
        hours = draw(st.integers(0, 24 * 10))
        fields["event"] = event(start, start + timedelta(hours=hours), zone,
                                all_day=draw(st.booleans()), venue=draw(texts), city=draw(texts),
                                registration_url=draw(st.sampled_from(
                                    ["", "https://reg.example/a?b=1&c=2"])))
    if kind == Kind.SUCCESS_STORY and draw(st.booleans()):
        fields["quote"] = Quote(draw(texts), Person(draw(texts), draw(texts), draw(texts)))
    if kind == Kind.INTERVIEW:
        fields["person"] = Person(draw(texts), draw(texts))
    return item(kind, f"item-{n}", draw(titles), **fields)


@st.composite
def random_issues(draw, max_items=40):
    keys = ["interview", "sme_tools", "activities", "success_stories", "gateways", "upcoming"]
    sections = []
    for key in draw(st.lists(st.sampled_from(keys), max_size=6)):
        items = draw(st.lists(random_items(), max_size=max(0, max_items // 4)))
        sections.append(Section(key, draw(titles), tuple(items), intro_html=draw(richtext)))
    members = draw(st.lists(random_items(), max_size=5))
    if draw(st.booleans()):
        sections.append(Section("about", draw(titles), tuple(members)))
    return Issue(id=draw(st.integers(1, 1000)), title=draw(titles), slug="random",
                 date=date(2017, 1, 10), subject=draw(titles), preheader=draw(texts),
                 intro_html=draw(richtext), url=f"{SITE}/issues/random/",
                 sections=tuple(sections), partnership=partnership(members))
