from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "sewaka.opendata"
    verbose_name = "Data terbuka"
