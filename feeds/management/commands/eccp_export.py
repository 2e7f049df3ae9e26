"""python manage.py eccp_export ISSUE_OR_PAGE --out DIR [--force] [--language fr]

Writes the ECCP pack of an issue (one folder per article plus an index) or of one article
as a zip into DIR, and records the export in Wagtail's audit log. Packs are in the default
language unless --language names a language the page is translated into.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cms import languages
from feeds.eccp.audit import log_export
from feeds.eccp.pack import (
    PackRefused,
    build_issue_packs,
    build_pack,
    issue_zip,
    issue_zip_name,
    page_zip,
)
from feeds.eccp.sources import NotFound, article_item, find_page, in_language, is_issue, issue_data


class Command(BaseCommand):
    help = ("Write the ECCP pack (zip) of an issue or of one article page, given by id or "
            "slug.")

    def add_arguments(self, parser):
        parser.add_argument("target", metavar="ISSUE_OR_PAGE",
                            help="id or slug of an issue page or an article page")
        parser.add_argument("--out", default=".", metavar="DIR",
                            help="directory to write the zip into (created if missing); "
                                 "default: the current directory")
        parser.add_argument("--force", action="store_true",
                            help="write the pack even when validation finds errors (missing "
                                 "alt text, credit, registration link, ...); they are "
                                 "listed in each post.json. Schema violations still stop it.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, metavar="CODE",
                            help="export the page's translation in this language (one of "
                                 "LANGUAGES); default: the default language")

    def handle(self, *args, target, out, force, language, **options):
        try:
            page = in_language(find_page(target, languages.supported(language)), language)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        out_dir = Path(out)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create {out_dir}: {exc}") from exc

        try:
            with translation.override(page.locale.language_code):
                data, name, packs, notices = _build(page, force)
        except PackRefused as refused:
            lines = "\n".join(f"  - {problem}" for problem in refused.problems)
            hint = "" if force or _schema_only(refused) else (
                "\nFix them in the CMS, or pass --force to export anyway.")
            raise CommandError(f"No ECCP pack written for {refused.title}:\n{lines}{hint}"
                               ) from refused

        path = out_dir / name
        tmp = path.with_suffix(".zip.part")
        tmp.write_bytes(data)
        tmp.replace(path)  # never leave half a zip under the real name
        log_export(page, scope="issue" if is_issue(page) else "page", file=name,
                   items=len(packs), warnings=sum(len(p.warnings) for p in packs),
                   forced=force and any(p.errors for p in packs), via="command")

        for notice in notices:
            self.stderr.write(self.style.WARNING(notice.text))
        for pack in packs:
            for message in pack.messages:
                style = self.style.ERROR if message.is_error else self.style.WARNING
                self.stderr.write(style(f"{pack.post.title}: {message.field_label}: "
                                        f"{message.text}"))
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {path} ({len(packs)} post{'s' if len(packs) != 1 else ''}, "
            f"{len(data)} bytes)"))


def _build(page, force: bool):
    """(zip bytes, file name, packs, notices) of an issue or an article page."""
    if is_issue(page):
        issue, notices = issue_data(page)
        packs = build_issue_packs(issue, force=force)
        return issue_zip(issue, packs), issue_zip_name(issue), packs, notices
    item, notices = article_item(page)
    packs = (build_pack(item, force=force),)
    return page_zip(packs[0]), packs[0].zip_name, packs, notices


def _schema_only(refused: PackRefused) -> bool:
    return all("does not match" in problem for problem in refused.problems)
