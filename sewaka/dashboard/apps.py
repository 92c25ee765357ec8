from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The leadership dashboard (issue 17 item 5): how the city — or one perangkat daerah — is doing, in one
    page and one printable PDF. The top layer with `home`, `demo` and `config`: it reads the feature apps
    through their public facts and selectors modules only; nothing imports it."""

    name = "sewaka.dashboard"
    label = "dashboard"
    verbose_name = "Dasbor pimpinan"
