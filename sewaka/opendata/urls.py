"""Open data, at /data/ (public; stable URLs: /data/<slug>.<csv|xlsx|json>)."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalog.json", views.catalog_json, name="catalog"),
    path("pengaturan/", views.settings_edit, name="settings"),
    path("<slug:slug>.<str:fmt>", views.download, name="download"),
]
