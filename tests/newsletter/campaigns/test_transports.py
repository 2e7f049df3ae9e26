"""The SES transport speaks the real boto3 sesv2 wire protocol (moto server and the
local fake endpoint) and classifies every failure; the SMTP transport likewise."""

import base64
import socketserver
import ssl
import threading

import pytest

from newsletter.transports import (
    AccountError,
    OutgoingMessage,
    PermanentError,
    TemporaryError,
    UnknownOutcomeError,
    get_transport,
)
from newsletter.transports.ses import SesTransport
from newsletter.transports.smtp import SmtpTransport
from tests.support.fake_ses import Fault
from tests.support.moto_ses import moto_server, verify_identity

RAW = (b"From: newsletter@bioxclusters.example\r\nTo: reader@example.org\r\n"
       b"Subject: Hello\r\nMessage-ID: <m1@bioxclusters.example>\r\n\r\nHi\r\n")


def message(**kwargs):
    defaults = {"sender": "newsletter@bioxclusters.example", "recipient": "reader@example.org",
                "raw": RAW, "message_id": "m1@bioxclusters.example",
                "tags": {"campaign": "7", "delivery": "42"}}
    return OutgoingMessage(**{**defaults, **kwargs})


def test_get_transport_picks_ses_by_setting(settings):
    settings.EMAIL_TRANSPORT = "ses"
    settings.SES_ENDPOINT_URL = "http://127.0.0.1:9"
    transport = get_transport()
    assert isinstance(transport, SesTransport)
    config = transport.client.meta.config
    assert config.retries["total_max_attempts"] == 1
    assert config.read_timeout == settings.SES_READ_TIMEOUT
    assert config.max_pool_connections == settings.CAMPAIGN_CONCURRENCY + 4
    assert transport.client.meta.endpoint_url == "http://127.0.0.1:9"


def test_moto_accepts_raw_mail_from_a_verified_identity_and_rejects_others():
    with moto_server() as url:
        transport = SesTransport(endpoint_url=url, configuration_set="")
        with pytest.raises(PermanentError, match="MessageRejected"):
            transport.send(message())  # moto: the sender identity is not verified
        verify_identity(url, "bioxclusters.example")
        result = transport.send(message())
        assert result.provider_message_id
        transport.close()


def test_fake_endpoint_records_tags_configuration_set_and_raw_content(settings):
    from tests.support.fake_ses import FakeSes

    with FakeSes(keep_raw=True) as fake:
        transport = SesTransport(endpoint_url=fake.url)
        result = transport.send(message())
        [record] = fake.accepted
        assert record["message_id"] == result.provider_message_id
        assert record["tags"] == {"campaign": "7", "delivery": "42"}
        assert record["configuration_set"] == settings.SES_CONFIGURATION_SET
        assert record["raw"] == RAW
        quota = transport.get_quota()
        assert quota.max_send_rate == 14 and quota.remaining_24_hours == 49999


def _capture_requests(client) -> list:
    """The prepared HTTP requests a client is about to put on the wire."""
    captured = []
    client.meta.events.register("before-send.sesv2.SendEmail",
                                lambda request, **kwargs: captured.append(request))
    return captured


def test_spliced_body_is_byte_for_byte_what_botocore_would_send():
    """The transport hands botocore a placeholder and swaps in the base64 message; the
    wire body must equal a plain boto3 send_email of the same message."""
    from tests.support.fake_ses import FakeSes

    raw = RAW + (b"A long line of the body, with = and \\ and \"quotes\".\r\n" * 3000)
    with FakeSes(keep_raw=True) as fake_ses:
        _send_both_ways(fake_ses, raw)


def _send_both_ways(fake_ses, raw):
    import boto3
    from botocore.config import Config

    transport = SesTransport(endpoint_url=fake_ses.url, configuration_set="clusterpost")
    plain = boto3.session.Session().client(
        "sesv2", region_name="eu-west-1", endpoint_url=fake_ses.url,
        config=Config(retries={"total_max_attempts": 1}))
    ours, theirs = _capture_requests(transport.client), _capture_requests(plain)

    transport.send(message(raw=raw))
    plain.send_email(FromEmailAddress="newsletter@bioxclusters.example",
                     Destination={"ToAddresses": ["reader@example.org"]},
                     Content={"Raw": {"Data": raw}}, ConfigurationSetName="clusterpost",
                     EmailTags=[{"Name": "campaign", "Value": "7"},
                                {"Name": "delivery", "Value": "42"}])

    assert ours[0].body == theirs[0].body
    assert int(ours[0].headers["Content-Length"]) == len(theirs[0].body)
    assert [record["raw"] for record in fake_ses.accepted] == [raw, raw]
    # A later call without the splice (another thread, or an error path) is unaffected.
    assert getattr(transport._hooks.local, "raw", None) is None


def test_spliced_request_carries_a_valid_sigv4_signature(fake_ses):
    """The payload hash in the signature covers the real body, not the placeholder."""
    import os
    import re

    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    transport = SesTransport(endpoint_url=fake_ses.url)
    captured = _capture_requests(transport.client)
    transport.send(message())
    [sent] = captured
    headers = {key.lower(): (value.decode() if isinstance(value, bytes) else value)
               for key, value in sent.headers.items()}
    authorization = headers["authorization"]
    signature = re.search(r"Signature=([0-9a-f]{64})", authorization).group(1)
    signed = re.search(r"SignedHeaders=([^,]+)", authorization).group(1).split(";")
    headers = {name: headers[name] for name in signed if name in headers}  # host: from the URL

    request = AWSRequest(method=sent.method, url=sent.url, data=sent.body, headers=headers)
    request.context["timestamp"] = headers["x-amz-date"]
    credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"],
                              os.environ["AWS_SECRET_ACCESS_KEY"],
                              os.environ.get("AWS_SESSION_TOKEN"))
    auth = SigV4Auth(credentials, "ses", "eu-west-1")
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)),
                              request)
    assert signature == expected
    assert base64_of(RAW).encode() in sent.body
    # and a signature over the placeholder body would differ
    request.data = sent.body.replace(base64_of(RAW).encode(), b"AAAA")
    assert auth.signature(auth.string_to_sign(request, auth.canonical_request(request)),
                          request) != signature


def test_ses_calls_the_ready_hook_once_after_signing_before_the_request_leaves(fake_ses):
    events = []
    transport = SesTransport(endpoint_url=fake_ses.url)
    transport.client.meta.events.register("before-sign.sesv2.SendEmail",
                                          lambda **kwargs: events.append("signing"))
    transport.send(message(ready=lambda: events.append(("ready", fake_ses.requests))))
    assert events == ["signing", ("ready", 0)]  # signed already, nothing sent yet
    assert fake_ses.requests == 1
    transport.send(message())  # no hook: nothing left over from the last call
    assert events == ["signing", ("ready", 0), "signing"]


def test_outbox_calls_the_ready_hook_before_writing(tmp_path):
    from newsletter.transports.outbox import OutboxTransport

    seen = []
    transport = OutboxTransport(tmp_path)
    transport.send(message(ready=lambda: seen.append(list(tmp_path.iterdir()))))
    assert seen == [[]] and len(list(tmp_path.glob("*.eml"))) == 1


def test_splice_falls_back_to_json_when_the_placeholder_is_ambiguous():
    """A tag that happens to hold the placeholder's text must not be replaced."""
    import json

    from newsletter.transports.ses import _SendHooks

    hooks = _SendHooks()
    text = hooks.QUOTED.decode().strip('"')
    body = json.dumps({"Content": {"Raw": {"Data": text}},
                       "EmailTags": [{"Name": "odd", "Value": text}]}).encode()
    params = {"body": body}
    hooks.set(message())
    hooks.splice(params)
    document = json.loads(params["body"])
    assert document["Content"]["Raw"]["Data"] == base64_of(RAW)
    assert document["EmailTags"][0]["Value"] == text
    hooks.splice(params)  # nothing pending: a no-op
    assert json.loads(params["body"]) == document


def base64_of(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode()


@pytest.mark.parametrize("fault, error, code", [
    (Fault.THROTTLE, TemporaryError, "TooManyRequestsException"),
    (Fault.RATE, TemporaryError, "Throttling"),
    (Fault.SERVER_ERROR, TemporaryError, "InternalFailure"),
    (Fault.REJECT, PermanentError, "MessageRejected"),
    (Fault.PAUSED, AccountError, "SendingPausedException"),
    (Fault.QUOTA, AccountError, "LimitExceededException"),
])
def test_ses_errors_are_classified(fake_ses, fault, error, code):
    transport = SesTransport(endpoint_url=fake_ses.url)
    fake_ses.fail("reader@example.org", fault)
    with pytest.raises(error) as caught:
        transport.send(message())
    assert caught.value.code == code and caught.value.reason
    assert fake_ses.requests == 1  # no hidden retry
    assert fake_ses.counts() == {}


def test_read_timeout_after_the_request_went_out_is_unknown(fake_ses):
    fake_ses.timeout_delay = 2
    transport = SesTransport(endpoint_url=fake_ses.url, read_timeout=0.5)
    fake_ses.fail("reader@example.org", Fault.TIMEOUT_AFTER_ACCEPT)
    with pytest.raises(UnknownOutcomeError):
        transport.send(message())
    assert fake_ses.counts() == {"reader@example.org": 1}  # it did arrive
    assert fake_ses.requests == 1


def test_connection_refused_is_temporary():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport = SesTransport(endpoint_url=f"http://127.0.0.1:{port}", connect_timeout=0.5)
    with pytest.raises(TemporaryError):
        transport.send(message())


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP: replies scripted by the test via the server's ``replies``."""

    def handle(self):
        server = self.server
        tls = None  # the TLS version, once STARTTLS is done
        user = None  # the authenticated user
        self.wfile.write(b"220 fake ESMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.split(b" ")[0].split(b":")[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                offers = [b"250-fake"]
                if getattr(server, "tls_context", None) and not tls:
                    offers.append(b"250-STARTTLS")
                if tls:
                    offers.append(b"250-AUTH PLAIN")
                self.wfile.write(b"\r\n".join([*offers, b"250 8BITMIME"]) + b"\r\n")
            elif verb == b"STARTTLS":
                self.wfile.write(b"220 go ahead\r\n")
                try:
                    self.connection = server.tls_context.wrap_socket(self.connection,
                                                                     server_side=True)
                except (ssl.SSLError, OSError) as exc:  # the client refused our certificate
                    server.sessions.append({"tls_error": str(exc)})
                    return
                tls = self.connection.version()
                self.rfile = self.connection.makefile("rb")
                self.wfile = socketserver._SocketWriter(self.connection)
            elif verb == b"AUTH":
                credentials = base64.b64decode(line.split()[2]).split(b"\0")
                if tls and credentials[1:] == [b"ses-user", b"ses-secret"]:
                    user = credentials[1].decode()
                    self.wfile.write(b"235 ok\r\n")
                else:
                    self.wfile.write(b"535 Authentication Credentials Invalid\r\n")
            elif verb == b"MAIL":
                if getattr(server, "tls_context", None) and not (tls and user):
                    self.wfile.write(b"530 Must issue a STARTTLS command first\r\n")
                    continue
                server.sessions.append({"tls": tls, "user": user})
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"RCPT":
                self.wfile.write(server.replies.get("rcpt", b"250 ok") + b"\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go\r\n")
                body = b""
                while not body.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    body += chunk
                if server.replies.get("data") == "hang":
                    threading.Event().wait(2)
                    return
                server.received.append(body)
                self.wfile.write(server.replies.get("data", b"250 Ok 0102-queued") + b"\r\n")
            elif verb == b"RSET":
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"502 no\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    server.replies, server.received, server.sessions = {}, [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def smtp(server, timeout=5):
    return SmtpTransport(host="127.0.0.1", port=server.server_address[1], username="",
                         starttls=False, timeout=timeout)


def test_smtp_sends_and_classifies_replies(smtp_server):
    transport = smtp(smtp_server)
    seen = []
    sent = transport.send(message(ready=lambda: seen.append(len(smtp_server.received))))
    assert sent.provider_message_id == "0102-queued"
    assert seen == [0]  # called once, before the SMTP transaction
    assert b"Subject: Hello" in smtp_server.received[0]
    smtp_server.replies["rcpt"] = b"450 mailbox busy"
    with pytest.raises(TemporaryError):
        transport.send(message())
    smtp_server.replies["rcpt"] = b"550 no such user"
    with pytest.raises(PermanentError):
        transport.send(message())
    smtp_server.replies["rcpt"] = b"250 ok"
    smtp_server.replies["data"] = b"454 Throttling failure: Maximum sending rate exceeded."
    with pytest.raises(TemporaryError):
        transport.send(message())
    smtp_server.replies["data"] = b"554 Message rejected: Daily message quota exceeded."
    with pytest.raises(AccountError):
        transport.send(message())
    transport.close()


def test_smtp_timeout_after_data_is_unknown(smtp_server):
    smtp_server.replies["data"] = "hang"
    transport = smtp(smtp_server, timeout=0.5)
    with pytest.raises(UnknownOutcomeError):
        transport.send(message())


@pytest.fixture
def pki(tmp_path):
    from tests.support.tls import make_pki

    return make_pki(tmp_path / "pki")


def tls_server(server, pki):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert_file, pki.key_file)
    server.tls_context = context
    return server


def test_smtp_starttls_verifies_the_certificate_then_logs_in_and_sends(smtp_server, pki):
    """Like the SES SMTP interface on 587: STARTTLS, AUTH, then the message."""
    tls_server(smtp_server, pki)
    transport = SmtpTransport(host="127.0.0.1", port=smtp_server.server_address[1],
                              username="ses-user", password="ses-secret", starttls=True,
                              ca_file=str(pki.ca_file), timeout=5)
    assert transport.send(message()).provider_message_id == "0102-queued"
    assert smtp_server.sessions == [{"tls": "TLSv1.3", "user": "ses-user"}]
    assert b"Subject: Hello" in smtp_server.received[0]
    transport.close()


def test_smtp_untrusted_certificate_pauses_with_a_clear_reason(smtp_server, pki):
    tls_server(smtp_server, pki)
    transport = SmtpTransport(host="127.0.0.1", port=smtp_server.server_address[1],
                              username="ses-user", password="ses-secret", starttls=True,
                              ca_file="", timeout=5)  # the system's CAs: ours is unknown
    with pytest.raises(AccountError, match="certificate .* not accepted.*SMTP_CA_FILE"):
        transport.send(message())
    assert smtp_server.received == []


def test_smtp_wrong_password_and_missing_starttls_pause(smtp_server, pki):
    tls_server(smtp_server, pki)
    port = smtp_server.server_address[1]
    wrong = SmtpTransport(host="127.0.0.1", port=port, username="ses-user", password="nope",
                          starttls=True, ca_file=str(pki.ca_file), timeout=5)
    with pytest.raises(AccountError, match="login refused"):
        wrong.send(message())
    smtp_server.tls_context = None  # a server that does not offer STARTTLS
    clear = SmtpTransport(host="127.0.0.1", port=port, username="ses-user",
                          password="ses-secret", starttls=True, timeout=5)
    with pytest.raises(AccountError, match="does not offer STARTTLS"):
        clear.send(message())
    assert smtp_server.received == []
