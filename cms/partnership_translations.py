"""The partnership settings as a snippet, so that wagtail-localize can translate them.

Wagtail's settings screen edits the default language's row of each site (its URL is
served by ``DefaultLanguageSettingsView``: Wagtail's own view would list the other
locales' rows as translations, with links that its URL scheme, keyed by site, cannot
express). This viewset lists every row (one per site and locale) under Snippets →
Partnership translations, where wagtail-localize's "Translate" and "Sync" actions apply. Rows are
made only by translating: nothing here creates a row without its site.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings import views as settings_views
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PartnershipSettings


class TranslateOnlyPolicy(ModelPermissionPolicy):
    """Model permissions, except that no one adds a row from scratch."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


class PartnershipTranslationsViewSet(SnippetViewSet):
    model = PartnershipSettings
    icon = "group"
    menu_label = _("Partnership translations")
    list_display = ["name", "locale", "site"]
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return TranslateOnlyPolicy(self.model)


class DefaultLanguageSettingsView(settings_views.EditView):
    """Settings → Partnership: the default language's row, without a locale switcher."""

    i18n_enabled = False


def settings_urls():
    """Registered ahead of wagtail.contrib.settings' own pattern for the same path
    (hook order -100), so that its reverse("wagtailsettings:edit") links land here."""
    return [path("settings/cms/partnershipsettings/<int:pk>/",
                 DefaultLanguageSettingsView.as_view(), name="partnership_settings_edit",
                 kwargs={"app_name": "cms", "model_name": "partnershipsettings"})]
