"""The API token screens (under /akun/token-api/)."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("baru/", views.token_create, name="token_create"),
    path("<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("pemda/", views.managed_list, name="managed"),
]
