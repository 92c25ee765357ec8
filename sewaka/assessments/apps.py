from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "sewaka.assessments"
    label = "assessments"
    verbose_name = "Penilaian (Ombudsman, PEKPPP, Monev)"
