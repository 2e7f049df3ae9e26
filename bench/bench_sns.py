"""SES events per second into the webhook, against messages per second out of one worker.

    .venv/bin/python bench/bench_sns.py [--messages 2000] [--connections 8] [--threads 8]
                                        [--no-send]
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_sns.py   # on PostgreSQL

One run measures, on one machine:

1. **Intake**: signed SNS Delivery notifications POSTed over keep-alive HTTP connections
   to a real server, as production runs it: gunicorn serving ``cms.wsgi`` (production
   settings, persistent DB connections) with ONE worker process of ``--threads`` threads
   (gthread). The whole path: gunicorn → the webhook's slim WSGI path → SNS signature
   verification (cached certificate) → dedup → one INSERT and its commit → enqueue check
   → 200. SNS posts concurrently, so the figure uses ``--connections`` client connections
   at once, driven by one selector thread with pre-built requests (the client shares the
   machine's CPUs with the server, so it is kept cheap).
   Scenarios, interleaved over 4 rounds so that a noisy neighbour slows them alike:
   - verified, N connections: the figure;
   - verified, 1 connection (requests one after another);
   - no signature check (topic check only), N connections;
   - the baseline: the site's full stack (middleware, URL resolving, the Django view),
     as before the slim path, N connections;
   - SQLite only: ``SQLITE_SYNCHRONOUS=FULL`` (an fsync per commit), N connections and
     1 connection.
   Each scenario also reports the CPU time (user + system) of the server's worker
   process per event, which the other builds on a shared machine inflate less than
   wall time.
2. **Apply**: the background apply of everything appended (``apply.drain()``, batches of
   ``SES_EVENTS_APPLY_BATCH``): events stored and their effects, per second.
3. **Send**: ``bench/bench_send.py --quick --skip-memory`` in a subprocess (it always
   uses SQLite), before and after the intake; its "unlimited, one worker process"
   figure is the send rate, the higher of the two runs.

The goal: one web process takes at least 2× as many events per second as one worker
sends messages per second. Nothing here reaches a network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
WEBHOOK = "/newsletter/ses/events/"
TICKS = os.sysconf("SC_CLK_TCK")


def send_rate(env: dict) -> float | None:
    """messages/s of one worker, from bench_send.py's quick mode (same machine, now)."""
    result = subprocess.run([PYTHON, str(ROOT / "bench" / "bench_send.py"), "--quick",
                             "--skip-memory"], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    match = re.search(r"unlimited, one worker process: ([\d.]+) msg/s", result.stdout)
    if not match:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
        return None
    return float(match.group(1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn (one gthread worker) on 127.0.0.1:<free port>, stopped by its pid on exit."""

    def __init__(self, env: dict, threads: int, logfile: Path):
        self.port = free_port()
        self.logfile = logfile
        self.log = logfile.open("w")
        self.proc = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "sns_server:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "30",
             "--backlog", "256", "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self.worker_pid = 0

    def start(self) -> Server:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited; see {self.logfile}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                conn.request("GET", WEBHOOK)  # 405: the worker is up and Django loaded
                conn.getresponse().read()
                conn.close()
                children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
                self.worker_pid = int(children.read_text().split()[0])
                return self
            except (OSError, IndexError, ValueError):
                time.sleep(0.3)
        sys.exit(f"gunicorn did not start; see {self.logfile}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the worker process (all its threads)."""
        fields = Path(f"/proc/{self.worker_pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def http_request(port: int, body: bytes) -> bytes:
    """One POST as SNS sends it (its headers, keep-alive), as bytes on the wire."""
    head = (f"POST {WEBHOOK} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "User-Agent: Amazon Simple Notification Service Agent\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "x-amz-sns-message-type: Notification\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def post_all(port: int, bodies: list[bytes], connections: int) -> float:
    """Seconds to POST every body over ``connections`` keep-alive connections at once,
    one request at a time on each (as SNS delivers); every answer must be 200 "queued".

    The client is one thread with a selector over raw sockets and pre-built requests, so
    that it takes as little as possible of the CPU the server shares with it (an
    http.client thread per connection took 0.35-0.5 ms of CPU per request, this 0.1 ms)."""
    pending = iter([http_request(port, body) for body in bodies])
    expected_body = b"queued\n"
    selector = selectors.DefaultSelector()
    buffers: dict[socket.socket, bytearray] = {}

    def send_next(sock: socket.socket) -> None:
        request = next(pending, None)
        if request is None:
            selector.unregister(sock)
            sock.close()
        else:
            sock.sendall(request)

    started = time.perf_counter()
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffers[sock] = bytearray()
        selector.register(sock, selectors.EVENT_READ)
        send_next(sock)
    while selector.get_map():
        ready = selector.select(timeout=120)
        if not ready:
            raise SystemExit("intake failed: no answer for 120 s")
        for key, _ in ready:
            sock, buffer = key.fileobj, buffers[key.fileobj]
            data = sock.recv(65536)
            if not data:
                raise SystemExit("intake failed: the server closed a connection")
            buffer += data
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                continue
            head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
            length = next((int(line.split(":", 1)[1]) for line in head[1:]
                           if line.lower().startswith("content-length:")), 0)
            if len(buffer) < end + 4 + length:
                continue
            answer = bytes(buffer[end + 4:end + 4 + length])
            if not head[0].startswith("HTTP/1.1 200 ") or answer != expected_body:
                raise SystemExit(f"intake failed: {head[0]} {answer[:200]!r}")
            del buffer[:end + 4 + length]
            send_next(sock)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000, help="messages per scenario")
    parser.add_argument("--connections", type=int, default=8, help="concurrent client connections")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads in the one worker")
    parser.add_argument("--no-send", action="store_true", help="skip the send-rate run")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    args = parser.parse_args()

    outer_env = dict(os.environ)  # for bench_send.py, as the caller set it
    # The send rate is measured before and after the intake, and the higher one counts:
    # a neighbour's load during one of them must not make the ratio look better.
    sending_before = None if args.no_send else send_rate(outer_env)
    workdir = Path(tempfile.mkdtemp(prefix="bench-sns-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    sqlite = database_url.startswith("sqlite")
    from tests.newsletter.sesevents.signing import TOPIC_ARN  # no Django needed

    server_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-sns-not-a-secret",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "600",  # persistent connections, as a production deployment has
        "SITE_URL": "http://sns-bench.invalid",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SNS_TOPIC_ARNS": TOPIC_ARN,
        "BENCH_SNS_CERT": str(workdir / "cert.pem"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
    }
    server_env.pop("SQLITE_SYNCHRONOUS", None)
    os.environ.update(server_env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from newsletter.sesevents import apply
    from newsletter.sesevents.models import SesEvent, SnsMessage
    from tests.newsletter.sesevents.signing import SnsSigner, ses_event

    call_command("migrate", verbosity=0, interactive=False)
    signer = SnsSigner()
    (workdir / "cert.pem").write_bytes(signer.pem)

    servers = {"verified": Server(server_env, args.threads, workdir / "verified.log"),
               "unverified": Server({**server_env, "BENCH_SNS_UNVERIFIED": "1"}, args.threads,
                                    workdir / "unverified.log"),
               "site": Server({**server_env, "BENCH_SNS_SITE": "1"}, args.threads,
                              workdir / "site.log")}
    n = args.connections
    scenarios = {  # name -> (server, connections)
        f"verified, {n} connections": ("verified", n),
        "verified, 1 connection": ("verified", 1),
        f"no signature check, {n} connections": ("unverified", n),
        f"baseline: site stack, {n} connections": ("site", n),
    }
    if sqlite:
        servers["full"] = Server({**server_env, "SQLITE_SYNCHRONOUS": "FULL"}, args.threads,
                                 workdir / "full.log")
        scenarios[f"baseline synchronous=FULL, {n} conn."] = ("full", n)
        scenarios["baseline synchronous=FULL, 1 conn."] = ("full", 1)
    figure = f"verified, {n} connections"

    def messages(count: int) -> list[bytes]:
        out = []
        for i in range(count):
            payload = ses_event("Delivery", [f"r{i}@example.org"], campaign=1, delivery=i)
            notification = signer.notification(payload, version="2" if i % 2 else "1")
            out.append(json.dumps(notification).encode())
        return out

    def apply_all() -> tuple[float, int]:
        before = SesEvent.objects.count()
        started = time.perf_counter()
        apply.drain(budget_seconds=3600)
        elapsed = time.perf_counter() - started
        assert not apply.pending().exists()
        return elapsed, SesEvent.objects.count() - before

    rounds = 4
    per_round = max(1, args.messages // rounds)
    bodies = {name: messages(per_round * rounds) for name in scenarios}
    seconds = dict.fromkeys(scenarios, 0.0)
    cpu = dict.fromkeys(scenarios, 0.0)
    apply_seconds, applied_events = 0.0, 0
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():  # warm-up: threads, DB connections, certificate
            post_all(server.port, messages(4 * args.threads), args.threads)
        apply_all()
        print(f"bench_sns: {per_round * rounds} messages (one recipient each) per scenario, "
              f"{connection.vendor}, gunicorn 1 worker × {args.threads} threads (gthread), "
              f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} "
              f"CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
        for r in range(rounds):
            for name, (server_name, conns) in scenarios.items():
                server = servers[server_name]
                before_rows, before_cpu = SnsMessage.objects.count(), server.cpu_seconds()
                seconds[name] += post_all(server.port, bodies[name][r * per_round:(r + 1) * per_round],
                                          conns)
                cpu[name] += server.cpu_seconds() - before_cpu
                appended = SnsMessage.objects.count() - before_rows
                assert appended == per_round, (name, appended)
            spent, stored = apply_all()
            apply_seconds += spent
            applied_events += stored
    finally:
        for server in servers.values():
            server.stop()
    events = per_round * rounds
    rates = {name: events / spent for name, spent in seconds.items()}
    print("intake (one web process):")
    for name in scenarios:
        print(f"  {name:<38} {events:>5} events {seconds[name]:6.2f} s {rates[name]:8.1f} events/s"
              f"  CPU {1000 * cpu[name] / events:5.2f} ms/event", flush=True)
    verified = rates[figure]
    print(f"  {figure} ÷ 1 connection: {verified / rates['verified, 1 connection']:.2f}×   "
          f"verified ÷ no signature check: "
          f"{verified / rates[f'no signature check, {n} connections']:.2f}×")
    site = f"baseline: site stack, {n} connections"
    print(f"  slim path ÷ site stack ({n} connections): {verified / rates[site]:.2f}× events/s, "
          f"CPU/event {cpu[figure] / cpu[site]:.2f}×")
    if sqlite:
        baseline = f"baseline synchronous=FULL, {n} conn."
        print(f"  synchronous=NORMAL ÷ FULL ({n} connections): {verified / rates[baseline]:.2f}× "
              f"events/s, CPU/event {cpu[figure] / cpu[baseline]:.2f}×")
    print(f"apply (background, batches of {apply.conf.apply_batch_size()}): {applied_events} events "
          f"in {apply_seconds:.2f} s = {applied_events / apply_seconds:.1f} events/s", flush=True)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.no_send:
        return
    sending_after = send_rate(outer_env)
    if sending_before is None or sending_after is None:
        raise SystemExit("bench_send.py gave no unlimited figure")
    sending = max(sending_before, sending_after)
    ratio = verified / sending
    print(f"send (bench_send.py --quick, one worker, unlimited, SQLite): {sending:.1f} msg/s "
          f"(the higher of {sending_before:.1f} before and {sending_after:.1f} after the intake; "
          f"load {os.getloadavg()[0]:.1f})")
    print(f"webhook events/s ÷ worker msg/s ({connection.vendor}): {ratio:.2f}× "
          f"[goal ≥ 2×: {'ok' if ratio >= 2 else 'MISSED'}]")


if __name__ == "__main__":
    main()
