"""Recompute the survey tallies from the raw responses, or (--check) only compare them.

    manage.py rebuildtallies                 # every period
    manage.py rebuildtallies --period 12     # one period (repeatable)
    manage.py rebuildtallies --check         # report the differences; exit 1 when there are any

Each period is read and written under its tally lock, so it is safe on a live server: a submission to
that period waits for the few milliseconds the period takes.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from sewaka.surveys import tallies
from sewaka.surveys.models import SurveyPeriod


class Command(BaseCommand):
    help = "Recompute the SKM tallies from the raw responses; with --check, only report differences (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, action="append", help="only this period id (repeatable)")
        parser.add_argument("--check", action="store_true", help="compare only; exit 1 on any difference")

    def handle(self, *args, **opts):
        periods = SurveyPeriod.objects.order_by("pk").values_list("pk", flat=True)
        if opts["period"]:
            wanted = set(opts["period"])
            periods = periods.filter(pk__in=wanted)
            unknown = wanted - set(periods)
            if unknown:
                raise CommandError(f"Periode tidak ditemukan: {', '.join(map(str, sorted(unknown)))}.")
        began = time.perf_counter()
        ids = list(periods)
        count, differences = len(ids), 0
        if opts["check"]:
            for start in range(0, count, 2000):
                for line in tallies.check_all(ids[start : start + 2000]):
                    differences += 1
                    self.stdout.write(line)
        else:
            for period_id in ids:
                tallies.rebuild(period_id)
        seconds = time.perf_counter() - began
        if opts["check"]:
            self.stdout.write(f"{count} periode diperiksa dalam {seconds:.1f} detik: {differences} selisih.")
            if differences:
                raise SystemExit(1)
        else:
            self.stdout.write(f"{count} periode dihitung ulang dalam {seconds:.1f} detik.")
