from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sewaka.accounts"
    label = "accounts"
    verbose_name = "Akun"
