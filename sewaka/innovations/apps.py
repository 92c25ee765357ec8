from django.apps import AppConfig


class InnovationsConfig(AppConfig):
    name = "sewaka.innovations"
    label = "innovations"
    verbose_name = "Inovasi pelayanan publik"
