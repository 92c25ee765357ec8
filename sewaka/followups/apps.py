from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "sewaka.followups"
    label = "followups"
    verbose_name = "Tindak lanjut"
