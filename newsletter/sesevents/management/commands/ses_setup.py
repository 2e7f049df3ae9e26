from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from newsletter.sesevents import dnscheck
from newsletter.sesevents.provision import SesSetup, SetupError, SetupOptions


class Command(BaseCommand):
    help = ("Create, idempotently, the SES configuration set, the SNS topic, the event destination "
            "and the HTTPS subscription of the SES events webhook; print the DNS records the "
            "sending domain needs. --dry-run only prints the plan.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
        parser.add_argument("--webhook-url", help="default: SITE_URL + /newsletter/ses/events/")
        parser.add_argument("--domain", default="", help="sending domain: Easy DKIM, MAIL FROM, DNS records")
        parser.add_argument("--mail-from", default="bounce",
                            help="subdomain for the custom MAIL FROM domain (default: bounce)")
        parser.add_argument("--topic-name", default="clusterpost-ses-events")
        parser.add_argument("--configuration-set", default=None,
                            help="default: SES_CONFIGURATION_SET")
        parser.add_argument("--region", default=None, help="default: AWS_REGION")
        parser.add_argument("--endpoint-url", default=None, help="default: SES_ENDPOINT_URL")
        parser.add_argument("--sqs", nargs="?", const="clusterpost-ses-events", default="",
                            metavar="QUEUE",
                            help="also create the SQS queue (default name clusterpost-ses-events), "
                                 "its dead-letter queue and policy, and subscribe it to the topic")
        parser.add_argument("--account-suppression", action="store_true",
                            help="turn on the SES account-level suppression list (bounces, complaints)")
        parser.add_argument("--vdm", action="store_true",
                            help="turn on Virtual Deliverability Manager (billed by AWS)")
        parser.add_argument("--check", action="store_true",
                            help="read-only: read the published DNS records and say what is missing")

    resolver = None  # dnspython's by default; tests set a stub

    def handle(self, *args, **options):
        webhook = options["webhook_url"] or settings.SITE_URL + reverse("newsletter:sesevents:events")
        setup_options = SetupOptions(
            configuration_set=options["configuration_set"] or settings.SES_CONFIGURATION_SET,
            topic_name=options["topic_name"],
            webhook_url=webhook,
            region=options["region"] or settings.AWS_REGION,
            endpoint_url=options["endpoint_url"] or settings.SES_ENDPOINT_URL,
            domain=options["domain"].strip().lower().rstrip("."),
            mail_from_subdomain=options["mail_from"],
            track_opens=settings.TRACK_OPENS,
            track_clicks=settings.TRACK_CLICKS,
            dry_run=options["dry_run"] or options["check"],
            allowed_topics=tuple(settings.SNS_TOPIC_ARNS),
            from_address=settings.DEFAULT_FROM_EMAIL,
            sqs_queue=options["sqs"],
            account_suppression=options["account_suppression"],
            vdm=options["vdm"],
        )
        try:
            result = SesSetup(setup_options, say=self.stdout.write).run()
        except SetupError as exc:
            raise CommandError(str(exc)) from exc
        if options["check"]:
            return self.check_dns(result)
        if result.queue_url:
            self.stdout.write(f"\nPoll the queue with poll_ses_events:\n  SES_EVENTS_QUEUE_URL={result.queue_url}")
        arn = result.topic_arn
        if arn and "<account>" not in arn and arn not in settings.SNS_TOPIC_ARNS:
            self.stdout.write(f"\nAdd the topic to the webhook's allow-list:\n  SNS_TOPIC_ARNS={arn}")
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("\nDry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"\nDone: {len(result.changed)} change(s), {len(result.unchanged)} already in place."))

    def check_dns(self, result):
        if not result.dns:
            raise CommandError("--check needs --domain")
        self.stdout.write("\nPublished DNS records:")
        findings = dnscheck.check(result.dns, self.resolver)
        for finding in findings:
            status = "ok" if finding.ok else ("MISSING" if not finding.found else "DIFFERS")
            line = f"  {status:<7} {finding.kind:<5} {finding.name}  ; {finding.why}"
            if not finding.ok:
                line += f"\n          want {finding.wanted}"
                if finding.found:
                    line += f"; found {', '.join(finding.found)}"
            self.stdout.write(line)
        missing = [f for f in findings if not f.ok]
        if result.aligned is False:
            missing.append("alignment")
        if missing:
            raise CommandError(f"{len(missing)} DNS record(s) or alignment problem(s) to fix")
        self.stdout.write(self.style.SUCCESS("All DNS records SES needs are published."))
