from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sewaka.core"
    label = "core"
    verbose_name = "Inti"
