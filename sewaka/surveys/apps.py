from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "sewaka.surveys"
    label = "surveys"
    verbose_name = "Survei Kepuasan Masyarakat"

    def ready(self):
        # Only once the app registry is ready, so here and not at the top.
        from .public_context import connect_signals  # noqa: PLC0415

        connect_signals()  # the public page's per-process cache forgets a unit when it changes
