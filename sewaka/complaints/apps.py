from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "sewaka.complaints"
    label = "complaints"
    verbose_name = "Pengaduan"

    def ready(self):
        # Both import models: only once the app registry is ready, so here and not at the top.
        from sewaka.core.audit import register_confidential  # noqa: PLC0415

        from .selectors import complaint_list  # noqa: PLC0415

        def visible(user):
            return complaint_list(user=user)

        # The audit trail keeps no tracking code and no free text of a complaint (issue 14).
        register_confidential(
            "complaints.complaint",
            label=_("Pengaduan"),
            clear=(
                "status",
                "privacy",
                "channel",
                "classification",
                "handling_unit",
                "maladministration",
                "standard_component",
                "satisfied",
            ),
            visible=visible,
        )
