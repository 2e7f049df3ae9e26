"""LANGUAGES from the environment, with the first as the default."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import language_choices


def test_codes_become_django_language_choices_in_order():
    assert language_choices(["en", "FR", "ca"]) == [
        ("en", "English"), ("fr", "French"), ("ca", "Catalan")]


@pytest.mark.parametrize("codes", [["en", "klingon"], [], ["zh-cn"]])
def test_an_unknown_code_stops_start_up(codes):
    with pytest.raises(ImproperlyConfigured, match="LANGUAGES"):
        language_choices(codes)


def test_wagtail_content_languages_are_the_site_languages(settings):
    assert settings.LANGUAGE_CODE == settings.LANGUAGES[0][0] == "en"
    assert settings.WAGTAIL_I18N_ENABLED
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    assert [code for code, _ in settings.LANGUAGES] == ["en", "fr", "de", "es", "it", "ca"]
