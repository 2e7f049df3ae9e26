"""Any SMTP server, including the SES SMTP interface (port 587, STARTTLS).

One connection per transport instance, opened lazily and reused; the delivery engine
gives each sending thread its own instance (smtplib connections are not thread-safe).
Classification: 4xx replies are temporary, 5xx permanent (454/421 temporary too);
a timeout or a dropped connection after DATA was sent is an unknown outcome.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import threading

from django.conf import settings

from .base import (
    AccountError,
    OutgoingMessage,
    PermanentError,
    SendResult,
    TemporaryError,
    Transport,
    UnknownOutcomeError,
)
from .conf import smtp_ca_file


def classify_smtp_reply(code: int, text: str):
    reason = f"SMTP {code}: {text}"
    lowered = text.lower()
    if "daily message quota exceeded" in lowered or "account" in lowered and "paused" in lowered:
        return AccountError(reason, code=str(code))
    if 400 <= code < 500:
        return TemporaryError(reason, code=str(code))
    if code == 535:  # authentication failed: every message would fail
        return AccountError(reason, code=str(code))
    return PermanentError(reason, code=str(code))


class SmtpTransport(Transport):
    name = "smtp"
    calls_ready = True

    def __init__(self, *, host=None, port=None, username=None, password=None, starttls=None,
                 timeout: float | None = None, ca_file: str | None = None):
        self.host = host or settings.SMTP_HOST
        self.port = port or settings.SMTP_PORT
        self.username = settings.SMTP_USERNAME if username is None else username
        self.password = settings.SMTP_PASSWORD if password is None else password
        self.starttls = settings.SMTP_STARTTLS if starttls is None else starttls
        self.timeout = timeout or settings.SES_READ_TIMEOUT
        # The certificate authorities to trust: the system's, or a PEM bundle (a relay
        # with a private CA). The server's name is always checked.
        self.ca_file = smtp_ca_file() if ca_file is None else (ca_file or None)
        self._local = threading.local()

    def _connection(self) -> smtplib.SMTP:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            conn.ehlo()
            if self.starttls:
                conn.starttls(context=ssl.create_default_context(cafile=self.ca_file))
                conn.ehlo()
            if self.username:
                conn.login(self.username, self.password)
        # Set-up errors that every message would hit pause the campaign with the reason.
        except smtplib.SMTPAuthenticationError as exc:
            raise AccountError(f"SMTP login refused: {exc.smtp_code} {exc.smtp_error!r}") from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise AccountError(f"{self.host}:{self.port} does not offer STARTTLS; refusing to "
                               "send in clear text (set SMTP_STARTTLS=false only for a local "
                               "relay).", code="STARTTLS") from exc
        except ssl.SSLCertVerificationError as exc:
            raise AccountError(f"The TLS certificate of {self.host}:{self.port} was not "
                               f"accepted: {exc.verify_message or exc}. Set SMTP_CA_FILE for a "
                               "private certificate authority.", code="TLS") from exc
        except smtplib.SMTPResponseException as exc:
            raise classify_smtp_reply(exc.smtp_code, _text(exc.smtp_error)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryError(f"Could not connect to {self.host}:{self.port}: {exc}") from exc
        self._local.conn = conn
        return conn

    def _drop(self):
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                conn.close()

    def send(self, message: OutgoingMessage) -> SendResult:
        conn = self._connection()
        message.about_to_leave()
        try:
            conn.mail(message.sender)
            code, text = conn.rcpt(message.recipient)
            if code not in (250, 251):
                conn.rset()
                raise classify_smtp_reply(code, _text(text))
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            raise TemporaryError(f"SMTP server disconnected before DATA: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise classify_smtp_reply(exc.smtp_code, _text(exc.smtp_error)) from exc
        except (TimeoutError, OSError) as exc:
            self._drop()
            raise TemporaryError(f"SMTP error before DATA: {exc}") from exc
        # From here on the message may have been accepted.
        try:
            code, text = conn.data(message.raw)
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise classify_smtp_reply(exc.smtp_code, _text(exc.smtp_error)) from exc
        except (smtplib.SMTPServerDisconnected, TimeoutError, OSError) as exc:
            self._drop()
            raise UnknownOutcomeError(f"SMTP connection lost during DATA: {exc}") from exc
        if code != 250:
            raise classify_smtp_reply(code, _text(text))
        reply = _text(text)
        # SES answers "250 Ok <message-id>"; other servers often give a queue id.
        queue_id = reply.split()[-1] if reply.split() else message.message_id
        return SendResult(provider_message_id=queue_id)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.quit()
        self._drop()


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
