"""``manage.py ses_setup`` against moto in server mode on 127.0.0.1 (real boto3 wire protocol)."""

import io
import os
import urllib.request
from unittest import mock

import boto3
import pytest
from django.core.management import CommandError, call_command

from tests.support.moto_ses import fake_aws_credentials, moto_server

WEBHOOK = "https://news.bioxclusters.example/newsletter/ses/events/"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:clusterpost-ses-events"


@pytest.fixture(scope="module")
def moto_endpoint():
    with fake_aws_credentials(), moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def aws(moto_endpoint, settings):
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))
    settings.SES_ENDPOINT_URL = moto_endpoint
    settings.AWS_REGION = "eu-west-1"
    settings.SES_CONFIGURATION_SET = "clusterpost"
    settings.SNS_TOPIC_ARNS = [TOPIC]
    settings.TRACK_OPENS = settings.TRACK_CLICKS = False

    def client(name):
        return boto3.client(name, region_name="eu-west-1", endpoint_url=moto_endpoint)

    return client


def run(*args):
    out = io.StringIO()
    call_command("ses_setup", *args, stdout=out)
    return out.getvalue()


def test_sets_everything_up_and_running_again_changes_nothing(aws):
    first = run("--webhook-url", WEBHOOK, "--domain", "bioxclusters.example")
    assert "+ created configuration set 'clusterpost'" in first
    assert f"+ created SNS topic {TOPIC}" in first
    assert "+ added event destination 'clusterpost-sns'" in first
    assert f"+ subscribed {WEBHOOK}" in first
    assert "+ created domain identity 'bioxclusters.example'" in first
    assert "+ set the MAIL FROM domain to bounce.bioxclusters.example" in first

    assert aws("sesv2").get_configuration_set(ConfigurationSetName="clusterpost")
    [destination] = aws("ses").describe_configuration_set(
        ConfigurationSetName="clusterpost", ConfigurationSetAttributeNames=["eventDestinations"]
    )["EventDestinations"]
    assert destination["SNSDestination"]["TopicARN"] == TOPIC
    assert {"send", "bounce", "complaint", "delivery", "reject"} <= set(destination["MatchingEventTypes"])
    assert "open" not in destination["MatchingEventTypes"]  # tracking is off
    [sub] = aws("sns").list_subscriptions_by_topic(TopicArn=TOPIC)["Subscriptions"]
    assert (sub["Protocol"], sub["Endpoint"]) == ("https", WEBHOOK)

    tokens = aws("ses").get_identity_dkim_attributes(
        Identities=["bioxclusters.example"])["DkimAttributes"]["bioxclusters.example"]["DkimTokens"]
    assert len(tokens) == 3
    for token in tokens:
        assert f"CNAME {token}._domainkey.bioxclusters.example  {token}.dkim.amazonses.com" in first
    assert 'TXT   bounce.bioxclusters.example  "v=spf1 include:amazonses.com ~all"' in first
    assert "MX    bounce.bioxclusters.example  10 feedback-smtp.eu-west-1.amazonses.com" in first
    assert "TXT   _dmarc.bioxclusters.example  \"v=DMARC1; p=none" in first

    second = run("--webhook-url", WEBHOOK, "--domain", "bioxclusters.example")
    assert "\n  + " not in second
    assert "0 change(s)" in second
    assert "= configuration set 'clusterpost'" in second and f"= SNS topic {TOPIC}" in second
    assert len(aws("sns").list_subscriptions_by_topic(TopicArn=TOPIC)["Subscriptions"]) == 1
    assert len(aws("sns").list_topics()["Topics"]) == 1
    for token in tokens:  # the same DNS records again
        assert f"{token}._domainkey.bioxclusters.example" in second


def test_dry_run_changes_nothing(aws):
    out = run("--dry-run", "--webhook-url", WEBHOOK, "--domain", "bioxclusters.example")
    assert "~ would create configuration set 'clusterpost'" in out
    assert "~ would create SNS topic 'clusterpost-ses-events'" in out
    assert "~ would subscribe" in out
    assert "Dry run: nothing was changed." in out
    assert "<token1>._domainkey.bioxclusters.example" in out
    assert aws("sesv2").list_configuration_sets()["ConfigurationSets"] == []
    assert aws("sns").list_topics()["Topics"] == []
    assert aws("sesv2").list_email_identities()["EmailIdentities"] == []


def test_dry_run_after_setup_reports_everything_in_place(aws):
    run("--webhook-url", WEBHOOK)
    out = run("--dry-run", "--webhook-url", WEBHOOK)
    assert "~ would" not in out and "= event destination 'clusterpost-sns'" in out


def test_dry_run_without_credentials_calls_nothing(settings):
    settings.SES_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens; any call would fail
    empty = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    empty.update(AWS_SHARED_CREDENTIALS_FILE="/nonexistent", AWS_CONFIG_FILE="/nonexistent",
                 AWS_EC2_METADATA_DISABLED="true")
    with mock.patch.dict(os.environ, empty, clear=True):
        out = run("--dry-run", "--webhook-url", WEBHOOK, "--domain", "bioxclusters.example")
    assert "no AWS credentials" in out
    assert "~ would create configuration set" in out
    assert "_dmarc.bioxclusters.example" in out


def test_does_not_subscribe_before_the_topic_is_allow_listed(aws, settings):
    settings.SNS_TOPIC_ARNS = []
    out = run("--webhook-url", WEBHOOK)
    assert f"SNS_TOPIC_ARNS={TOPIC}" in out
    assert aws("sns").list_subscriptions_by_topic(TopicArn=TOPIC)["Subscriptions"] == []
    settings.SNS_TOPIC_ARNS = [TOPIC]
    assert f"+ subscribed {WEBHOOK}" in run("--webhook-url", WEBHOOK)


def test_tracking_settings_add_open_and_click_events(aws, settings):
    settings.TRACK_OPENS = settings.TRACK_CLICKS = True
    run("--webhook-url", WEBHOOK)
    [destination] = aws("ses").describe_configuration_set(
        ConfigurationSetName="clusterpost", ConfigurationSetAttributeNames=["eventDestinations"]
    )["EventDestinations"]
    assert {"open", "click"} <= set(destination["MatchingEventTypes"])


def test_webhook_must_be_https(aws):
    with pytest.raises(CommandError, match="https"):
        run("--webhook-url", "http://news.bioxclusters.example/newsletter/ses/events/")


class StubResolver:
    """dnspython's resolve() for a fixed table; anything else is NXDOMAIN."""

    def __init__(self, table):
        self.table = table
        self.asked = []

    def resolve(self, name, kind):
        import dns.rdata
        import dns.rdataclass
        import dns.rdatatype
        import dns.resolver

        self.asked.append((name, kind))
        values = self.table.get((name, kind))
        if not values:
            raise dns.resolver.NXDOMAIN
        return [dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(kind), v)
                for v in values]


def published(tokens, *, dmarc=True):
    table = {(f"{t}._domainkey.bioxclusters.example", "CNAME"): [f"{t}.dkim.amazonses.com."]
             for t in tokens}
    table[("bounce.bioxclusters.example", "MX")] = ["10 feedback-smtp.eu-west-1.amazonses.com."]
    table[("bounce.bioxclusters.example", "TXT")] = ['"v=spf1 include:amazonses.com ~all"']
    if dmarc:
        table[("_dmarc.bioxclusters.example", "TXT")] = ['"v=DMARC1; p=none"']
    return table


def test_check_reads_published_dns_and_says_what_is_missing(aws, settings, monkeypatch):
    from newsletter.sesevents.management.commands.ses_setup import Command

    settings.DEFAULT_FROM_EMAIL = "bioXclusters <newsletter@bioxclusters.example>"
    run("--webhook-url", WEBHOOK, "--domain", "bioxclusters.example")
    tokens = aws("ses").get_identity_dkim_attributes(
        Identities=["bioxclusters.example"])["DkimAttributes"]["bioxclusters.example"]["DkimTokens"]
    monkeypatch.setattr(Command, "resolver", StubResolver(published(tokens, dmarc=False)))
    with pytest.raises(CommandError, match="1 DNS record"):
        run("--webhook-url", WEBHOOK, "--domain", "bioxclusters.example", "--check")
    monkeypatch.setattr(Command, "resolver", StubResolver(published(tokens)))
    out = run("--webhook-url", WEBHOOK, "--domain", "bioxclusters.example", "--check")
    assert "All DNS records SES needs are published." in out
    assert "DKIM d=bioxclusters.example: aligned" in out
    assert "MAIL FROM bounce.bioxclusters.example: aligned" in out


def test_alignment_warns_when_from_is_another_domain(aws, settings):
    settings.DEFAULT_FROM_EMAIL = "news@other-partner.example"
    out = run("--webhook-url", WEBHOOK, "--domain", "bioxclusters.example", "--dry-run")
    assert "DKIM d=bioxclusters.example: NOT aligned" in out
    assert "aligned with neither" in out


def test_account_options_say_when_the_endpoint_lacks_them(aws):
    out = run("--webhook-url", WEBHOOK, "--account-suppression", "--vdm")
    assert "lacks sesv2 GetAccount; account-level suppression not checked" in out  # moto 5.2
    assert "lacks sesv2 PutAccountVdmAttributes" in out


class FakeAccount:
    """sesv2's account calls, as AWS answers them."""

    def __init__(self):
        self.account = {"SuppressionAttributes": {"SuppressedReasons": ["BOUNCE"]}, "VdmAttributes": {}}
        self.calls = []

    def get_account(self):
        return self.account

    def put_account_suppression_attributes(self, SuppressedReasons):  # noqa: N803 - boto3 names
        self.calls.append(("suppression", SuppressedReasons))
        self.account["SuppressionAttributes"] = {"SuppressedReasons": SuppressedReasons}

    def put_account_vdm_attributes(self, VdmAttributes):  # noqa: N803
        self.calls.append(("vdm", VdmAttributes["VdmEnabled"]))
        self.account["VdmAttributes"] = {"VdmEnabled": VdmAttributes["VdmEnabled"]}


def test_account_suppression_and_vdm_are_turned_on_once():
    from newsletter.sesevents.provision import SesSetup, SetupOptions

    with fake_aws_credentials():
        setup = SesSetup(SetupOptions(configuration_set="c", topic_name="t", webhook_url=WEBHOOK,
                                      region="eu-west-1", account_suppression=True, vdm=True),
                         say=lambda line: None)
    setup.v2 = FakeAccount()
    setup.suppression_list()
    setup.deliverability_manager()
    assert setup.v2.calls == [("suppression", ["BOUNCE", "COMPLAINT"]), ("vdm", "ENABLED")]
    setup.suppression_list()
    setup.deliverability_manager()
    assert len(setup.v2.calls) == 2  # already on: nothing more
    assert "account-level suppression list (bounces and complaints)" in setup.result.unchanged
