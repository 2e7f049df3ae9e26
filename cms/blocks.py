"""StreamField blocks for article bodies and issue sections."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .images import ImageBank, image_item
from .items import Block
from .richtext import richtext_html


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=500)
    answer = blocks.RichTextBlock()

    class Meta:
        icon = "help"
        label = "Question and answer"
        template = "cms/blocks/question_answer.html"
        preview_value = {
            "question": "What are the key objectives of EU cluster policy?",
            "answer": "<p>To support regions and Member States in developing world-class clusters.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        preview_value = {
            "quote": "Perseverance and trust are key.",
            "attribution": "Alfons Nonell-Canals, CEO, Mind the Byte",
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=500)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=255, form_classname="title", icon="title",
                               template="cms/blocks/heading.html")
    paragraph = blocks.RichTextBlock(icon="pilcrow", template="cms/blocks/paragraph.html")
    quote = QuoteBlock()
    image = CaptionedImageBlock()


class InterviewBodyBlock(blocks.StreamBlock):
    qa = QuestionAnswerBlock()
    paragraph = blocks.RichTextBlock(icon="pilcrow", template="cms/blocks/paragraph.html")
    quote = QuoteBlock()
    image = CaptionedImageBlock()


def body_image_ids(stream_value) -> set[int]:
    """The primary keys of the images in a body, read from its stored data (no query)."""
    return {raw["value"].get("image") for raw in (stream_value.raw_data if stream_value else ())
            if raw["type"] == "image" and raw["value"].get("image") is not None}


def body_richtext_sources(stream_value) -> list[str]:
    """The stored rich text of a body's paragraphs and answers (no query)."""
    out = []
    for raw in stream_value.raw_data if stream_value else ():
        if raw["type"] == "paragraph":
            out.append(raw["value"] or "")
        elif raw["type"] == "qa":
            out.append(raw["value"].get("answer") or "")
    return out


def body_blocks(stream_value, images: ImageBank | None = None) -> tuple[Block, ...]:
    """A StreamField value -> plain ``Block`` tuple; questions are numbered in order.

    Image blocks take their image from ``images`` (loaded in bulk, see cms.models.loading),
    or from one ImageBank for this body alone, never one query per image."""
    if not stream_value:
        return ()
    if images is None:
        images = ImageBank.load(body_image_ids(stream_value))
    out = []
    number = 0
    for index, raw in enumerate(stream_value.raw_data):
        kind = raw["type"]
        if kind == "image":
            # From the stored ids: resolving the chooser would fetch the images again.
            image = images.get(raw["value"].get("image"))
            caption = raw["value"].get("caption") or ""
            if image is not None:
                out.append(Block(type="image", text=caption,
                                 image=image_item(image, caption=caption)))
            continue
        value = stream_value[index].value
        if kind == "paragraph":
            out.append(Block(type="richtext", html=richtext_html(value)))
        elif kind == "heading":
            out.append(Block(type="heading", text=str(value)))
        elif kind == "qa":
            number += 1
            out.append(Block(type="qa", number=number, text=value["question"],
                             html=richtext_html(value["answer"])))
        elif kind == "quote":
            out.append(Block(type="quote", text=value["quote"], attribution=value["attribution"]))
    return tuple(out)


# ---- issue sections ---------------------------------------------------------------------

class SectionBlock(blocks.StructBlock):
    """A titled section of an issue; subclasses set which pages or snippets it may hold."""

    title = blocks.CharBlock(max_length=120)
    intro = blocks.RichTextBlock(required=False, features=["bold", "italic", "link"])

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/section.html"


def _section(key, label, default_title, items_block, icon):
    return type(
        f"{key.title().replace('_', '')}SectionBlock",
        (SectionBlock,),
        {
            "__module__": __name__,
            "items": blocks.ListBlock(items_block, min_num=0),
            "Meta": type("Meta", (), {"label": label, "icon": icon,
                                      "default": {"title": default_title}}),
        },
    )


InterviewSectionBlock = _section(
    "interview", "Interview", "Interview",
    blocks.PageChooserBlock(page_type="cms.InterviewPage"), "user")
SmeToolsSectionBlock = _section(
    "sme_tools", "SME tools", "SME tools", SnippetChooserBlock("cms.SmeTool"), "cogs")
ActivitiesSectionBlock = _section(
    "activities", "News about our activities", "News about our activities",
    blocks.PageChooserBlock(page_type=["cms.ActivityNewsPage", "cms.EventPage"]), "calendar-check")
SuccessStoriesSectionBlock = _section(
    "success_stories", "SME success stories", "SME success stories",
    blocks.PageChooserBlock(page_type="cms.SuccessStoryPage"), "pick")
GatewaysSectionBlock = _section(
    "gateways", "Gateway news", "New agreements with International Gateways",
    blocks.PageChooserBlock(page_type="cms.GatewayNewsPage"), "globe")
UpcomingSectionBlock = _section(
    "upcoming", "Upcoming activities", "Upcoming activities",
    blocks.PageChooserBlock(page_type="cms.EventPage"), "date")


class AboutSectionBlock(blocks.StructBlock):
    """The partnership's About block; its text and members come from the site settings."""

    title = blocks.CharBlock(max_length=120, default="About bioXclusters plus")

    class Meta:
        icon = "info-circle"
        label = "About"
        template = "cms/blocks/section.html"


class IssueSectionsBlock(blocks.StreamBlock):
    interview = InterviewSectionBlock()
    sme_tools = SmeToolsSectionBlock()
    activities = ActivitiesSectionBlock()
    success_stories = SuccessStoriesSectionBlock()
    gateways = GatewaysSectionBlock()
    upcoming = UpcomingSectionBlock()
    about = AboutSectionBlock()

    class Meta:
        block_counts = {"about": {"max_num": 1}}


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
