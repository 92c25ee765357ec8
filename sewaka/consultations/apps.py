from django.apps import AppConfig

from sewaka.organisations import obligations


class ConsultationsConfig(AppConfig):
    name = "sewaka.consultations"
    label = "consultations"
    verbose_name = "Forum Konsultasi Publik"

    def ready(self):
        # Selectors import models: only once the app registry is ready, so here and not at the top.
        from .selectors import fkp_obligation  # noqa: PLC0415

        obligations.register(fkp_obligation, position=10)  # listed on the unit pages
