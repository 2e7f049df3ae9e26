"""`python manage.py load_demo`: build the demo issue "Newsletter January 2017".

Builds the whole seed newsletter (../shared/seed/) as pages, snippets, images and
partnership settings. Running it again updates everything in place and duplicates
nothing.
"""

from django.core.management.base import BaseCommand

from cms.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load (or update) the demo issue 'Newsletter January 2017' and its articles."

    def handle(self, *args, **options):
        summary = load_demo()
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("Demo content loaded:"))
            for line in summary.lines():
                self.stdout.write(line)
