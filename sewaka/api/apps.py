from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sewaka.api"
    label = "api"
    verbose_name = "API"
