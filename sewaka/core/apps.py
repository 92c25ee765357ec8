from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate

from . import (
    checks,  # noqa: F401  (registers the system checks)
    db,  # noqa: F401  (registers the `in_ids` lookup)
)


class CoreConfig(AppConfig):
    name = "sewaka.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(using="default", **kwargs):
    """`migrate` also creates the database cache table (rate limits, cached PDFs): one step less to forget."""
    call_command("createcachetable", database=using, verbosity=0)
