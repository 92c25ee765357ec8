"""Open data, at /data/ (public; stable URLs: /data/<slug>.<csv|xlsx|json>)."""

from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalog.json", views.catalog_json, name="catalog"),
    re_path(r"^(?P<slug>[a-z0-9-]+)\.(?P<fmt>[a-z]+)$", views.download, name="download"),
]
