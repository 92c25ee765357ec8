from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "sewaka.organisations"
    label = "organisations"
    verbose_name = "Organisasi"
