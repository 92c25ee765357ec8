from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "sewaka.complaints"
    label = "complaints"
    verbose_name = "Pengaduan"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from sewaka.core.audit import register_confidential

        def visible(user):
            from .selectors import complaint_list

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
