"""Public FKP pages, included at the site root (no namespace): short URLs for the check-in QR code."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("hadir/<uuid:token>/", public_views.checkin, name="public_fkp_checkin"),
    path("hadir/<uuid:token>/terima-kasih/", public_views.checkin_thanks, name="public_fkp_checkin_thanks"),
    path("fkp-publik/<int:pk>/", public_views.summary, name="public_fkp_summary"),
    path("fkp-publik/unit/<slug:code>/", public_views.unit_summaries, name="public_fkp_unit"),
]
