"""Close every survey period whose end date has passed. Run daily (cron/systemd timer)."""

from django.core.management.base import BaseCommand

from sewaka.surveys.services import close_due_periods


class Command(BaseCommand):
    help = "Close the survey periods whose end date has passed (they accept no public answers afterwards)."

    def handle(self, *args, **opts):
        closed = close_due_periods()
        self.stdout.write(f"{closed} periode survei ditutup.")
