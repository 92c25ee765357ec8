from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sewaka.reports"
    label = "reports"
    verbose_name = "Laporan"
