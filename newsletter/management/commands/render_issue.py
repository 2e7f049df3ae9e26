"""`python manage.py render_issue ISSUE [--language CODE] [--html | --text | --eml] [--to ADDRESS]`

Writes the rendered email of an issue (slug or id) to standard output: the HTML
(default), the plain-text part, or with --eml the complete MIME message as it would be
sent to ADDRESS (with harmless test links instead of a subscriber's real ones). A slug
is looked up in --language (default: the default language): translations share it.
"""

from django.core.management.base import BaseCommand, CommandError
from email_validator import EmailNotValidError, validate_email

from cms.issue_lookup import IssueLookupError, find_issue
from newsletter.rendering import render_issue
from newsletter.rendering.builder import EmailBuilder, sample_recipient
from newsletter.rendering.html import IssueTooLargeError


class Command(BaseCommand):
    help = "Write an issue's rendered email (HTML, text or a complete .eml) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("issue", help="the issue's slug or id")
        parser.add_argument("--language", metavar="CODE",
                            help="the issue's language, one of LANGUAGES (default: the "
                                 "default language): a slug is looked up in it, an id "
                                 "gives way to its translation in it")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--html", action="store_const", dest="output", const="html",
                            help="the HTML part (default)")
        output.add_argument("--text", action="store_const", dest="output", const="text",
                            help="the plain-text part")
        output.add_argument("--eml", action="store_const", dest="output", const="eml",
                            help="the complete MIME message")
        parser.add_argument("--to", default="reader@example.org",
                            help="the recipient's address (for --eml)")
        parser.add_argument("--drafts", action="store_true",
                            help="include chosen pages that are not published yet")

    def handle(self, *args, issue, language, output, to, drafts, **options):
        try:
            page = find_issue(issue, language)
        except IssueLookupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            address = validate_email(to, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise CommandError(f"--to {to!r} is not a valid email address: {exc}") from exc
        data = page.as_issue(include_drafts=drafts)
        try:
            rendered = render_issue(data)
        except IssueTooLargeError as exc:
            raise CommandError(str(exc)) from exc
        builder = EmailBuilder(rendered)
        recipient = sample_recipient(None, address)
        if output == "eml":
            raw = builder.message(recipient, builder.new_message_id())
            # The message is 7-bit (quoted-printable parts, RFC 2047 headers), CRLF ends.
            self.stdout.write(raw.decode("ascii"), ending="")
            return
        html, text = builder.parts(recipient)
        self.stdout.write(text if output == "text" else html, ending="")
