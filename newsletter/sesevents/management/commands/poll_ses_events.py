import signal

from django.core.management.base import BaseCommand, CommandError

from newsletter.sesevents import conf, sqs


class Command(BaseCommand):
    help = ("Drain the SQS queue of SES events (SES_EVENTS_QUEUE_URL): long-poll batches of "
            "10, apply them as the webhook's background apply does, delete them after the "
            "commit. Run under a supervisor like db_worker; several may run at once.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="one long poll, then exit (for cron or tests)")
        parser.add_argument("--wait", type=int, default=sqs.WAIT_SECONDS,
                            help="long-poll seconds (0-20, default %(default)s)")

    def handle(self, *args, once, wait, **options):
        queue_url = conf.queue_url()
        if not queue_url:
            raise CommandError("Set SES_EVENTS_QUEUE_URL (ses_setup --sqs prints it).")
        client = sqs.client()
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while not stopping:
            polled = sqs.poll_once(client, queue_url, wait=wait)
            if polled.received or once:
                self.stdout.write(
                    f"received {polled.received}, applied {polled.applied} "
                    f"({polled.events} events), duplicates {polled.duplicates}, "
                    f"failed {polled.failed}, deleted {polled.deleted}")
            for campaign_id in polled.paused:
                self.stdout.write(f"campaign {campaign_id} paused by its sending health")
            if once:
                break
