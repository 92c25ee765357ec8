from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Kota Denpasar demo (`seeddemo`): the top layer, may import every app; nothing imports it."""

    name = "sewaka.demo"
    label = "demo"
    verbose_name = "Demo"
