"""Load a new instrument version from a JSON file (a published code never changes)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sewaka.assessments.scoring import engine
from sewaka.assessments.services import instrument_load


class Command(BaseCommand):
    help = "Muat versi instrumen penilaian dari berkas JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            data = json.loads(path.read_text("utf-8-sig"))
            version = instrument_load(data=data)
        except (OSError, json.JSONDecodeError, engine.InstrumentError) as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{version.code} {version.sha256[:12]}")
