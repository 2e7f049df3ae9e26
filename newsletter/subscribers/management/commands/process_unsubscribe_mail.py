import email
import email.policy
import re
import sys
from pathlib import Path
from urllib.parse import unquote

from django.core.management.base import BaseCommand, CommandError

from newsletter.subscribers import lifecycle, tokens
from newsletter.subscribers.models import ConsentEvent

TOKEN = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


def token_from(message) -> str | None:
    match = TOKEN.search(str(message.get("Subject", "")))
    return unquote(match.group(1)) if match else None


class Command(BaseCommand):
    help = ("Process mail sent to the List-Unsubscribe mailto: address. Give .eml files, or "
            "pipe one message on standard input (e.g. from a mail filter or .forward).")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help=".eml files (default: read standard input)")

    def handle(self, *args, files, **options):
        sources = [(path, Path(path).read_bytes()) for path in files] or [
            ("<stdin>", sys.stdin.buffer.read())]
        done = failed = 0
        for name, raw in sources:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            token = token_from(message)
            try:
                if not token:
                    raise tokens.InvalidToken("no unsubscribe token in the subject")
                subscriber, _payload = tokens.read_token(token, tokens.UNSUBSCRIBE)
            except tokens.InvalidToken as exc:
                failed += 1
                self.stderr.write(f"{name}: skipped: {exc}")
                continue
            lifecycle.unsubscribe(subscriber, source=ConsentEvent.Source.MAILTO)
            done += 1
            self.stdout.write(f"{name}: unsubscribed subscriber #{subscriber.pk}")
        self.stdout.write(f"{done} unsubscribed, {failed} skipped")
        if failed and not done:
            raise CommandError("No message carried a valid unsubscribe token.")
