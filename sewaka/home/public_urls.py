from django.urls import path

from . import public_views

urlpatterns = [
    path("layanan/<slug:code>/", public_views.unit_page, name="public_unit"),
]
