"""The digest's section layout: which issue sections to fill, in which order, under
which titles. The keys are the issue's own section types (cms.blocks.IssueSectionsBlock)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks

from cms.blocks import IssueSectionsBlock

SECTION_KEYS = tuple(IssueSectionsBlock.base_blocks)


class LayoutSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120, required=False,
        help_text=gettext_lazy("Empty: the section type's own title "
                               "(for About: “About” and the partnership's name)."))

    class Meta:
        icon = "list-ul"


# One child per issue section type, each at most once (the composer fills one per kind).
DigestLayoutBlock = type("DigestLayoutBlock", (blocks.StreamBlock,), {
    "__module__": __name__,
    "__doc__": "The ordered sections a digest fills.",
    **{key: LayoutSectionBlock(label=child.meta.label, icon=child.meta.icon)
       for key, child in IssueSectionsBlock.base_blocks.items()},
    "Meta": type("Meta", (), {"block_counts": {key: {"max_num": 1} for key in SECTION_KEYS}}),
})


def default_layout() -> list[tuple[str, dict]]:
    """The seed issue's sections, in its order."""
    return [
        ("interview", {"title": _("Interview")}),
        ("sme_tools", {"title": _("SME tools")}),
        ("activities", {"title": _("News about our activities")}),
        ("success_stories", {"title": _("SME success stories")}),
        ("gateways", {"title": _("Gateway news")}),
        ("upcoming", {"title": _("Upcoming activities")}),
        ("about", {"title": ""}),
    ]
