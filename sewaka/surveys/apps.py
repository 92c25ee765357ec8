from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "sewaka.surveys"
    label = "surveys"
    verbose_name = "Survei Kepuasan Masyarakat"
