"""E-mail complaint handlers about cases near or past a deadline. Run daily (cron/systemd timer)."""

from django.core.management.base import BaseCommand

from sewaka.complaints.services import remind_due


class Command(BaseCommand):
    help = "E-mail the handlers of complaints whose next deadline is within one working day or past."

    def add_arguments(self, parser):
        parser.add_argument("--soon", type=int, default=1, help="working days ahead that count as 'near'")

    def handle(self, *args, soon, **opts):
        self.stdout.write(f"{remind_due(soon_days=soon)} pengingat dikirim.")
