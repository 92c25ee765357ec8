from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "sewaka.complaints"
    label = "complaints"
    verbose_name = "Pengaduan"
