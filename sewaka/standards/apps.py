from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "sewaka.standards"
    label = "standards"
    verbose_name = "Standar pelayanan"
