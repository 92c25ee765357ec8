from django.apps import AppConfig

from sewaka.organisations import panels


class InnovationsConfig(AppConfig):
    name = "sewaka.innovations"
    label = "innovations"
    verbose_name = "Inovasi pelayanan publik"

    def ready(self):
        from .panels import unit_panel  # noqa: PLC0415 (it imports models: only once the registry is ready)

        panels.register("innovations", 30, unit_panel)  # the unit page's innovations section
