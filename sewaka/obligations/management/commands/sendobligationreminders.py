"""E-mail the units about obligations near their due date or just missed, and the admin pemda a Monday
digest. Run daily (cron/systemd timer); each state change is mailed once (ReminderNotice)."""

from django.core.management.base import BaseCommand

from sewaka.obligations.services import reminders_send


class Command(BaseCommand):
    help = "E-mail unit heads and operators about obligations due soon or missing; Monday digest for admin pemda."

    def handle(self, *args, **opts):
        totals = reminders_send()
        self.stdout.write(
            f"{totals['notices']} pemberitahuan untuk {totals['units']} unit; {totals['digests']} ringkasan mingguan."
        )
