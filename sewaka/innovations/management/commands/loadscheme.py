"""Load a competition scheme file (JSON) for a year; a loaded version never changes.

Without a path: load every shipped file under sewaka/innovations/schemes/ (idempotent)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sewaka.innovations.services import scheme_load, shipped_scheme_files


class Command(BaseCommand):
    help = "Muat skema kompetisi inovasi dari berkas JSON (tanpa argumen: semua berkas bawaan)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?")

    def handle(self, *args, path: Path | None = None, **options):
        paths = [path] if path is not None else shipped_scheme_files()
        for p in paths:
            try:
                version = scheme_load(data=json.loads(p.read_text("utf-8-sig")))
            except (OSError, json.JSONDecodeError) as exc:
                raise CommandError(str(exc)) from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(
                f"{version.scheme.code} {version.year} v{version.version} {version.sha256[:12]}"
            )
