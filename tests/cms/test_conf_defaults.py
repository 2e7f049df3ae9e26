"""Each app's conf.py holds its settings' defaults; cms/settings/base.py agrees with it."""

import os

import pytest
from django.test import override_settings

import cms.settings.base as base
from feeds import conf as feeds_conf
from newsletter.transports import conf as transports_conf

DEFAULTS = [(conf, name) for conf in (feeds_conf, transports_conf) for name in conf.DEFAULTS]


@pytest.mark.parametrize(("conf", "name"), DEFAULTS,
                         ids=[name for _conf, name in DEFAULTS])
def test_base_settings_use_the_conf_defaults(conf, name):
    if name in os.environ:
        pytest.skip(f"{name} is set in the environment")
    assert getattr(base, name) == conf.DEFAULTS[name]


@pytest.mark.parametrize(("conf", "name"), DEFAULTS,
                         ids=[name for _conf, name in DEFAULTS])
def test_a_missing_setting_falls_back_to_its_default(conf, name, settings):
    delattr(settings, name)
    assert conf.setting(name) == conf.DEFAULTS[name]


def test_the_accessors_read_the_settings():
    with override_settings(FEEDS_LENGTH="7", FEEDS_CACHE_ENABLED=0, FEEDS_CACHE_SECONDS=5,
                           FEEDS_MAX_AGE=6, CAMPAIGN_CONCURRENCY=10, SMTP_CA_FILE=""):
        assert (feeds_conf.feed_length(), feeds_conf.cache_enabled(),
                feeds_conf.cache_seconds(), feeds_conf.max_age()) == (7, False, 5, 6)
        assert transports_conf.ses_pool_size() == 10 + transports_conf.SPARE_CONNECTIONS
        assert transports_conf.smtp_ca_file() is None
    with override_settings(SMTP_CA_FILE="/etc/ca.pem"):
        assert transports_conf.smtp_ca_file() == "/etc/ca.pem"
