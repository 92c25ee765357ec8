"""Write the API's OpenAPI schema to docs/api/openapi.json (`make api-schema`); a test compares it with the
served one, so a change of the API goes with its committed schema."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sewaka.api.schema import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = "Write docs/api/openapi.json from the API (v1)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail when the committed schema differs.")

    def handle(self, *args, **opts):
        path = Path(settings.BASE_DIR) / SCHEMA_PATH
        text = schema_text()
        if opts["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                self.stderr.write(f"{SCHEMA_PATH} is out of date: run `make api-schema`.")
                raise SystemExit(1)
            self.stdout.write(f"{SCHEMA_PATH} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH}.")
