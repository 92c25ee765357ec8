from django.urls import path

from . import public_views

urlpatterns = [
    path("layanan/", public_views.catalogue, name="public_catalogue"),
    path("layanan/<slug:code>/<slug:slug>/", public_views.service_page, name="public_service"),
]
