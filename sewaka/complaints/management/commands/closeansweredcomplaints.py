"""Answered complaints whose reporter did not respond within 10 working days become selesai. Run daily."""

from django.core.management.base import BaseCommand

from sewaka.complaints.services import close_unanswered


class Command(BaseCommand):
    help = "Close answered complaints after the reporter's 10-working-day response window."

    def handle(self, *args, **opts):
        self.stdout.write(f"{close_unanswered()} pengaduan dinyatakan selesai.")
