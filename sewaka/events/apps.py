from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "sewaka.events"
    label = "events"
    verbose_name = "Kegiatan koordinasi"
