from django.apps import AppConfig

from sewaka.organisations import obligations


class SurveysConfig(AppConfig):
    name = "sewaka.surveys"
    label = "surveys"
    verbose_name = "Survei Kepuasan Masyarakat"

    def ready(self):
        # Selectors import models: only once the app registry is ready, so here and not at the top.
        from .public_context import connect_signals  # noqa: PLC0415
        from .selectors import skm_obligation  # noqa: PLC0415

        obligations.register(skm_obligation, position=60)  # listed on the unit pages
        connect_signals()  # the public page's per-process cache forgets a unit when it changes
