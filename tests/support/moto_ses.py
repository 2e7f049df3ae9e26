"""moto in server mode on 127.0.0.1, to check the boto3 sesv2 wire protocol."""

from __future__ import annotations

import contextlib
import os

FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@contextlib.contextmanager
def fake_aws_credentials():
    """Fake credentials so boto3 never looks anywhere else (no metadata service)."""
    old = {key: os.environ.get(key) for key in FAKE_AWS_ENV}
    os.environ.update(FAKE_AWS_ENV)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def moto_server():
    """Yield the endpoint URL of a ThreadedMotoServer bound to 127.0.0.1 on a free port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def verify_identity(endpoint_url: str, identity: str, region: str = "eu-west-1") -> None:
    """moto refuses to send from unverified identities; create (= verify) one."""
    import boto3

    client = boto3.client("sesv2", region_name=region, endpoint_url=endpoint_url)
    client.create_email_identity(EmailIdentity=identity)
    with contextlib.suppress(Exception):
        client.create_configuration_set(ConfigurationSetName="clusterpost")
