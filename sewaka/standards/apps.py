from django.apps import AppConfig

from sewaka.organisations import obligations


class StandardsConfig(AppConfig):
    name = "sewaka.standards"
    label = "standards"
    verbose_name = "Standar pelayanan"

    def ready(self):
        # Selectors import models: only once the app registry is ready, so here and not at the top.
        from .selectors import obligations as standards_obligations  # noqa: PLC0415

        obligations.register(standards_obligations, position=20)  # listed on the unit pages
