from django.apps import AppConfig

from sewaka.organisations import panels


class ObligationsConfig(AppConfig):
    name = "sewaka.obligations"
    label = "obligations"
    verbose_name = "Kewajiban pelayanan publik"

    def ready(self):
        from .panels import unit_panel  # noqa: PLC0415 (it imports models: only once the registry is ready)

        panels.register("obligations", 10, unit_panel)  # the unit page's obligations section
