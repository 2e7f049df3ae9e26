"""Plain Items for the DB-free feed tests."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cms.items import Block, EventInfo, Image, Item, Kind, Rendition


def image(name="pic") -> Image:
    return Image(alt=f"Alt of {name}", credit="Credit", caption="", renditions={
        purpose: Rendition(url=f"http://testserver/media/{name}-{purpose}.png", width=800,
                           height=450, mime_type="image/png", length=12345,
                           path=f"{name}-{purpose}.png")
        for purpose in ("email", "card", "eccp", "original")})


def item(n=1, kind=Kind.INTERVIEW, *, body=None, event=None, with_image=True, **fields) -> Item:
    published = datetime(2017, 1, n % 28 + 1, 9, 0, tzinfo=UTC)
    defaults = dict(
        kind=kind, id=f"clusterpost:page:{n}", title=f"Item {n}", summary=f"Summary {n}",
        body=body if body is not None else (
            Block(type="heading", text="Heading"),
            Block(type="richtext", html='<p>Para <a href="http://testserver/x/">x</a></p>'),
            Block(type="qa", number=1, text="Why?", html="<p>Because.</p>"),
            Block(type="quote", text="Trust is key.", attribution="A. CEO"),
        ),
        url=f"http://testserver/items/{n}/", published=published, updated=published,
        author="bioXclusters plus", image=image(f"img{n}") if with_image else None,
        sectors=("Biotech",), countries=("JP", "ES"), event=event,
    )
    defaults.update(fields)
    return Item(**defaults)


def event_info(start, end, tz, *, all_day=False, **fields) -> EventInfo:
    defaults = dict(
        start=start, end=end, timezone=tz, kind="workshop", kind_label="Workshop",
        venue="Fira Gran Via", city="Barcelona", country="ES", country_name="Spain",
        online_url="", registration_url="https://example.org/register", organiser="EBD Group",
        contact="Jane Doe <jane@example.org>", ics_url="http://testserver/feeds/events/1.ics",
        all_day=all_day)
    defaults.update(fields)
    return EventInfo(**defaults)


def barcelona(n=7) -> Item:
    tz = ZoneInfo("Europe/Madrid")
    return item(n, Kind.EVENT, title="BIO-Europe Spring 2017",
                event=event_info(datetime(2017, 4, 3, 9, 0, tzinfo=tz),
                                 datetime(2017, 4, 6, 18, 0, tzinfo=tz), "Europe/Madrid"))


def webinar(n=8) -> Item:
    tz = ZoneInfo("Europe/London")
    return item(n, Kind.EVENT, title="Clinical trials in South Australia (webinar)",
                event=event_info(datetime(2017, 1, 24, 9, 0, tzinfo=tz),
                                 datetime(2017, 1, 24, 10, 0, tzinfo=tz), "Europe/London",
                                 venue="", city="", country="", country_name="",
                                 online_url="https://example.org/webinar", contact=""))
