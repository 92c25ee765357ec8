from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "sewaka.consultations"
    label = "consultations"
    verbose_name = "Forum Konsultasi Publik"
