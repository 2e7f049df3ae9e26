from email.utils import parseaddr

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Site, TranslatableMixin

from .. import languages
from ..admin_panels import WelcomePreviewPanel
from ..blocks import LinkBlock
from ..images import ImageBank, image_item
from ..items import Partnership
from ..plaintext import html_to_text
from ..richtext import richtext_html
from ..translations import localized_rows
from .snippets import MemberCluster


def _sending_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _from_name_help() -> str:
    return gettext(
        "The name every email shows as its sender: issues, test sends, the welcome and the "
        "confirmation emails, each in its language (translate it with the other fields). "
        "Leave empty to use the partnership’s name. The address is always the server’s "
        "verified sending address, %(address)s.") % {"address": _sending_address()}


def _reply_to_help() -> str:
    if settings.NEWSLETTER_REPLY_TO:
        return gettext(
            "The server’s configuration (NEWSLETTER_REPLY_TO) sends replies to every email "
            "to %(reply_to)s. This address is shown in the site’s footer as the contact "
            "address, and receives replies only once that configuration is removed.") % {
                "reply_to": settings.NEWSLETTER_REPLY_TO}
    return gettext(
        "Replies to every email go to this address, and the site’s footer shows it as the "
        "contact address. Leave empty to receive replies at the sending address, "
        "%(address)s.") % {"address": _sending_address()}


@register_setting(icon="group")
class PartnershipSettings(TranslatableMixin, BaseSiteSetting):
    """Who the newsletter is from: shown in every issue, page footer and feed.

    Translatable: the settings screen edits the default language's row; translations
    are rows of the same site in other locales, made and kept in sync with
    wagtail-localize (Snippets → Partnership → Translate)."""

    # One row per site and locale, instead of BaseSiteSetting's one per site.
    site = models.ForeignKey(Site, editable=False, on_delete=models.CASCADE)

    name = models.CharField(max_length=255, default="bioXclusters plus")
    tagline = models.CharField(max_length=255, blank=True)
    logo = models.ForeignKey("cms.PartnershipImage", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    about = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])
    funding_disclaimer = models.TextField(blank=True)
    postal_address = models.TextField(
        blank=True, help_text="Required in every bulk email (CAN-SPAM, ePrivacy).")
    sender_name = models.CharField(max_length=255, blank=True)
    sender_email = models.EmailField(blank=True)
    social_links = StreamField([("link", LinkBlock())], blank=True, use_json_field=True)
    # The welcome email (newsletter.subscribers.welcome): the switch holds for every
    # language; the subject and text are translated like the other fields.
    welcome_enabled = models.BooleanField(
        _("send a welcome email"), default=False,
        help_text=_("Sent once to each new subscriber, in their language, right after they "
                    "confirm their subscription. Untick to stop sending it in every "
                    "language; the text is kept."))
    welcome_subject = models.CharField(
        _("welcome subject"), max_length=150, blank=True,
        help_text=_("Leave empty for “Welcome to” and the partnership’s name."))
    welcome_text = RichTextField(
        _("welcome text"), blank=True, features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Required while the welcome email is on. The email adds a greeting, a "
                    "link to the latest issue, the preference centre and the unsubscribe "
                    "link."))

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo")],
                        heading="Identity"),
        FieldPanel("about"),
        FieldPanel("funding_disclaimer"),
        # The one sender rule: newsletter.rendering.builder.email_sender. The help texts
        # are read when the screen is shown: they name the server's addresses.
        MultiFieldPanel([
            FieldPanel("sender_name", heading=_("From name"),
                       help_text=lazy(_from_name_help, str)()),
            FieldPanel("sender_email", heading=_("Reply-to address"),
                       help_text=lazy(_reply_to_help, str)()),
            FieldPanel("postal_address"),
        ], heading=_("Sender")),
        FieldPanel("social_links"),
        MultiFieldPanel([FieldPanel("welcome_enabled"), FieldPanel("welcome_subject"),
                         FieldPanel("welcome_text"), WelcomePreviewPanel()],
                        heading=_("Welcome email")),
    ]

    class Meta:
        verbose_name = "Partnership"
        unique_together = [("translation_key", "locale"), ("site", "locale")]

    def clean(self):
        super().clean()
        if self.welcome_enabled and not html_to_text(richtext_html(self.welcome_text)).strip():
            raise ValidationError({"welcome_text": _(
                "Write the welcome text, or untick “Send a welcome email”.")})

    @classmethod
    def for_site(cls, site):
        """The default language's settings of the site (the ones the settings screen
        edits); ``for_site_in`` gives a translation."""
        if site is None:
            raise cls.DoesNotExist(f"{cls} does not exist for site None.")
        default = Locale.get_default()
        instance = cls.base_queryset().filter(site=site, locale=default).first()
        return instance or cls.objects.create(site=site, locale=default)

    @classmethod
    def for_default_site(cls) -> "PartnershipSettings | None":
        """The default site's settings in the default language; None when no site is the
        default."""
        site = _default_site()
        return None if site is None else cls.for_site(site)

    @classmethod
    def for_default_site_in(cls, language: str) -> "PartnershipSettings | None":
        """The default site's settings in ``language`` (or the default language's); None
        when no site is the default."""
        site = _default_site()
        return None if site is None else cls.for_site_in(site, languages.locale_for(language))

    @classmethod
    def for_site_in(cls, site, locale) -> "PartnershipSettings":
        """The site's settings in ``locale``, or the default language's where there is
        no translation yet."""
        default = cls.for_site(site)
        if locale is None or locale.pk == default.locale_id:
            return default
        return default.get_translation_or_none(locale) or default

    def as_partnership(self, *, members=None, images: ImageBank | None = None) -> Partnership:
        """The plain Partnership in this row's language. ``members`` (MemberCluster rows of
        that language) and ``images`` (their logos and this logo) may come loaded in bulk
        (cms.models.loading)."""
        members = localized_rows(MemberCluster, self.locale) if members is None else members
        if images is None:
            images = ImageBank.load(self.image_ids(members))
        return Partnership(
            name=self.name,
            tagline=self.tagline,
            logo=image_item(images.get(self.logo_id), purposes=["email", "original"]),
            about_html=richtext_html(self.about),
            disclaimer=self.funding_disclaimer,
            postal_address=self.postal_address,
            sender_name=self.from_name,
            sender_email=self.sender_email,
            site_url=settings.SITE_URL,
            social_links=tuple((link.value["label"], link.value["url"])
                               for link in self.social_links),
            members=tuple(member.as_item(images) for member in members),
        )

    @property
    def from_name(self) -> str:
        """The name every email is from (newsletter.rendering.builder.email_sender): the
        "From name", or the partnership's name."""
        return self.sender_name.strip() or self.name

    def image_ids(self, members) -> set[int]:
        """The images the Partnership shows: its logo and its members' logos."""
        return {pk for pk in (self.logo_id, *(member.logo_id for member in members))
                if pk is not None}


def _default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


PARTNERSHIP_NAME_CACHE_KEY = "cms:partnership-name"


def partnership_name() -> str:
    """The default site's partnership name in one cached lookup (articles' default author).
    Saving the settings drops the cache entry (cms.signals); other processes' local
    caches expire within a minute."""
    name = cache.get(PARTNERSHIP_NAME_CACHE_KEY)
    if name is None:
        name = (PartnershipSettings.objects.filter(site__is_default_site=True,
                                                   locale__language_code=languages.default())
                .values_list("name", flat=True).first()) or PartnershipSettings._meta.get_field(
                    "name").default
        cache.set(PARTNERSHIP_NAME_CACHE_KEY, name, 60)
    return name
