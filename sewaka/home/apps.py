from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The pages that belong to no single feature: the public front door, the staff shell (Beranda, unit
    switcher, navigation), the audit trail, the working-day calendar, private attachments, error pages.
    The top layer with `demo` and `config`: it may read every app, nothing imports it."""

    name = "sewaka.home"
    label = "home"
    verbose_name = "Beranda"
