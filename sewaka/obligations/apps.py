from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "sewaka.obligations"
    label = "obligations"
    verbose_name = "Kewajiban pelayanan publik"

    def ready(self):
        from sewaka.organisations import panels  # noqa: PLC0415 (apps are loaded before ready())

        from .panels import unit_panel  # noqa: PLC0415

        panels.register("obligations", 10, unit_panel)
