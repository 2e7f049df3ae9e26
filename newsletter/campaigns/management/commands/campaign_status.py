"""python manage.py campaign_status [CAMPAIGN]"""

from django.core.management.base import BaseCommand, CommandError

from newsletter.campaigns import ledger
from newsletter.campaigns.models import Campaign, Delivery, DeliveryStatus


class Command(BaseCommand):
    help = "Print a campaign's state and its ledger counts (all recent campaigns without id)."

    def add_arguments(self, parser):
        parser.add_argument("campaign", nargs="?", type=int)

    def handle(self, *args, campaign=None, **options):
        if campaign is not None:
            found = Campaign.objects.filter(pk=campaign).select_related("issue").first()
            if found is None:
                raise CommandError(f"No campaign {campaign}.")
            self.show(found, detail=True)
            return
        campaigns = Campaign.objects.select_related("issue").order_by("-pk")[:20]
        if not campaigns:
            self.stdout.write("No campaigns.")
        for item in campaigns:
            self.show(item, detail=False)

    def show(self, campaign, *, detail):
        counts = ledger.counts(campaign.pk)
        line = f"campaign {campaign.pk} [{campaign.state}] {campaign.issue.title}"
        if campaign.topics:
            line += f" (topics: {', '.join(campaign.topics)})"
        if campaign.scheduled_at and campaign.state == "scheduled":
            line += f" scheduled {campaign.scheduled_at:%Y-%m-%d %H:%M} UTC ({campaign.schedule_timezone})"
        self.stdout.write(line)
        self.stdout.write("  " + "  ".join(f"{status}={counts[status]}"
                                           for status in DeliveryStatus.values))
        if campaign.pause_reason:
            self.stdout.write(f"  paused because: {campaign.pause_reason}")
        if detail and counts[DeliveryStatus.UNKNOWN]:
            self.stdout.write("  unknown (may have been sent; settled by SES events or resent "
                              "after the grace period):")
            for row in Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.UNKNOWN)\
                    .select_related("subscriber").order_by("pk")[:200]:
                self.stdout.write(f"    delivery {row.pk} {row.subscriber.email}: {row.reason}")
