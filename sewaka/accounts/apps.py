from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sewaka.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from . import checks  # noqa: F401, PLC0415  (registers the deploy check; the app registry is ready only here)
