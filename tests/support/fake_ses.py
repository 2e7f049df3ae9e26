"""A small local endpoint speaking enough of the SES v2 REST protocol for boto3's
``sesv2`` client: SendEmail and GetAccount.

It covers what moto lacks: account quotas, injected latency, throttling (429),
server errors (500), account errors and read timeouts. It records every SendEmail it
accepts (recipient, EmailTags, arrival time) so tests can count the messages each
recipient received. Binds 127.0.0.1 only.

In-process::

    with FakeSes(latency=0.05) as ses:
        ... SES_ENDPOINT_URL=ses.url ...
        ses.counts()  # {recipient: n}

As a separate process (benchmarks, so the endpoint does not share the sender's GIL)::

    python -m tests.support.fake_ses --latency 0.05   # prints "PORT <n>" and serves
    GET /_fake/stats  -> JSON {"accepted": n, "arrivals": [...], "counts": {...}}
"""

from __future__ import annotations

import argparse
import base64
import collections
import contextlib
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEND_PATH = "/v2/email/outbound-emails"
ACCOUNT_PATH = "/v2/email/account"


class Fault:
    """What the endpoint does with one SendEmail instead of accepting it."""

    THROTTLE = "throttle"  # 429 TooManyRequestsException
    RATE = "rate"  # 400 Throttling "Maximum sending rate exceeded."
    SERVER_ERROR = "server_error"  # 500 InternalFailure
    REJECT = "reject"  # 400 MessageRejected
    PAUSED = "paused"  # 400 SendingPausedException
    QUOTA = "quota"  # 400 LimitExceededException "Daily message quota exceeded."
    TIMEOUT_AFTER_ACCEPT = "timeout_after_accept"  # recorded as accepted, answer too late


ERRORS = {
    Fault.THROTTLE: (429, "TooManyRequestsException", "Too many requests."),
    Fault.RATE: (400, "Throttling", "Maximum sending rate exceeded."),
    Fault.SERVER_ERROR: (500, "InternalFailure", "Internal failure."),
    Fault.REJECT: (400, "MessageRejected", "Email address is not verified."),
    Fault.PAUSED: (400, "SendingPausedException", "Sending is paused for this account."),
    Fault.QUOTA: (400, "LimitExceededException", "Daily message quota exceeded."),
}


class FakeSes:
    def __init__(self, *, latency: float = 0.0, max_send_rate: float = 14.0,
                 max_24_hour_send: float = 50000.0, sent_last_24_hours: float = 0.0,
                 timeout_delay: float = 3.0, keep_raw: bool = False, port: int = 0):
        self.latency = latency
        self.max_send_rate = max_send_rate
        self.max_24_hour_send = max_24_hour_send
        self.sent_last_24_hours = sent_last_24_hours
        self.timeout_delay = timeout_delay
        self.keep_raw = keep_raw
        self.port = port
        self.lock = threading.Lock()
        self.accepted: list[dict] = []
        self.arrivals: list[float] = []  # when each accepted SendEmail request arrived
        self.requests = 0
        # Faults: a per-recipient plan (list consumed in order), and a function hook.
        self.plan: dict[str, collections.deque] = {}
        self.fault_for = None  # callable(recipient, n_request) -> Fault | None
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # --- control -----------------------------------------------------------------
    def fail(self, recipient: str, *faults: str) -> None:
        self.plan.setdefault(recipient, collections.deque()).extend(faults)

    def counts(self) -> collections.Counter:
        with self.lock:
            return collections.Counter(m["to"] for m in self.accepted)

    def tags_of(self, recipient: str) -> list[dict]:
        with self.lock:
            return [m["tags"] for m in self.accepted if m["to"] == recipient]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeSes:
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = _QuietServer(("127.0.0.1", self.port), handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 256
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       kwargs={"poll_interval": 0.1})
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- behaviour -----------------------------------------------------------------
    def _next_fault(self, recipient: str) -> str | None:
        with self.lock:
            self.requests += 1
            n = self.requests
            queue = self.plan.get(recipient)
            if queue:
                return queue.popleft()
        if self.fault_for is not None:
            return self.fault_for(recipient, n)
        return None

    def _accept(self, body: dict, received_at: float | None = None) -> str:
        message_id = f"fake-{uuid.uuid4().hex}"
        to = (body.get("Destination", {}).get("ToAddresses") or [""])[0]
        record = {
            "to": to,
            "from": body.get("FromEmailAddress", ""),
            "tags": {t["Name"]: t["Value"] for t in body.get("EmailTags", [])},
            "configuration_set": body.get("ConfigurationSetName"),
            "message_id": message_id,
            "at": received_at or time.time(),
        }
        if self.keep_raw:
            record["raw"] = base64.b64decode(body["Content"]["Raw"]["Data"])
        with self.lock:
            self.accepted.append(record)
            self.arrivals.append(record["at"])
            self.sent_last_24_hours += 1
        return message_id

    def stats(self) -> dict:
        with self.lock:
            return {
                "accepted": len(self.accepted),
                "requests": self.requests,
                "arrivals": list(self.arrivals),
                "counts": dict(collections.Counter(m["to"] for m in self.accepted)),
            }


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Clients killed mid-request (the crash test) reset connections: not our error.
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one response must not wait for a delayed ACK
    fake: FakeSes

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass

    def _reply(self, status: int, payload: dict, error_type: str | None = None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", uuid.uuid4().hex)
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str):
        self._reply(status, {"__type": code, "message": message}, error_type=code)

    def do_GET(self):  # noqa: N802
        fake = self.fake
        if self.path.startswith(ACCOUNT_PATH):
            self._reply(200, {
                "DedicatedIpAutoWarmupEnabled": False,
                "EnforcementStatus": "HEALTHY",
                "ProductionAccessEnabled": True,
                "SendingEnabled": True,
                "SendQuota": {
                    "Max24HourSend": fake.max_24_hour_send,
                    "MaxSendRate": fake.max_send_rate,
                    "SentLast24Hours": fake.sent_last_24_hours,
                },
            })
        elif self.path.startswith("/_fake/stats"):
            self._reply(200, fake.stats())
        else:
            self._error(404, "NotFoundException", f"No route {self.path}")

    def do_POST(self):  # noqa: N802
        fake = self.fake
        received_at = time.time()  # when the request reached "SES", before any latency
        length = int(self.headers.get("Content-Length", "0") or 0)
        raw = self.rfile.read(length)
        if not self.path.startswith(SEND_PATH):
            self._error(404, "NotFoundException", f"No route {self.path}")
            return
        try:
            body = json.loads(raw)
            recipient = (body.get("Destination", {}).get("ToAddresses") or [""])[0]
        except (ValueError, AttributeError):
            self._error(400, "BadRequestException", "Malformed JSON body.")
            return
        if fake.latency:
            time.sleep(fake.latency)
        fault = fake._next_fault(recipient)
        if fault == Fault.TIMEOUT_AFTER_ACCEPT:
            message_id = fake._accept(body, received_at)
            time.sleep(fake.timeout_delay)  # longer than the client's read timeout
            with contextlib.suppress(OSError):
                self._reply(200, {"MessageId": message_id})
            return
        if fault in ERRORS:
            status, code, message = ERRORS[fault]
            self._error(status, code, message)
            return
        self._reply(200, {"MessageId": fake._accept(body, received_at)})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--max-send-rate", type=float, default=14.0)
    args = parser.parse_args(argv)
    fake = FakeSes(latency=args.latency, max_send_rate=args.max_send_rate,
                   max_24_hour_send=-1, port=args.port).start()
    print(f"PORT {fake.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
