"""The WSGI application that ``bench_sns.py`` serves with gunicorn: ``cms.wsgi`` with the
one network access of verification, the certificate fetch, read from a local file.

    BENCH_SNS_CERT=/path/cert.pem   the PEM that "fetching" any SigningCertURL returns
    BENCH_SNS_UNVERIFIED=1          a baseline: the topic check instead of the signature
    BENCH_SNS_SITE=1                a baseline: the site's full stack for the webhook too
                                    (middleware, URL resolving, the view), as before the
                                    slim path

Everything else (settings, the slim path or the middleware, the view, the INSERT) is
production's.
"""

import os
from pathlib import Path

from cms import wsgi
from newsletter.sesevents import conf, sns

_PEM = Path(os.environ["BENCH_SNS_CERT"]).read_bytes()
sns.fetch_pem = lambda url: _PEM  # noqa: E731 - the certificate "fetch", offline


def _unverified(message):
    if not isinstance(message, dict) or message.get("TopicArn") not in conf.topic_arns():
        raise sns.VerificationError("topic")
    return sns.SnsEnvelope(type=message["Type"], message_id=message["MessageId"],
                           topic_arn=message["TopicArn"], message=message["Message"],
                           timestamp=None, signature_version=message["SignatureVersion"])


if os.environ.get("BENCH_SNS_UNVERIFIED") == "1":
    sns.verify = _unverified
application = wsgi.site if os.environ.get("BENCH_SNS_SITE") == "1" else wsgi.application
