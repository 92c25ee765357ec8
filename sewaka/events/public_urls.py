"""Public check-in of coordination events (short URL for the QR code), included at the site root."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("hadir-rapat/<uuid:token>/", public_views.checkin, name="public_event_checkin"),
    path(
        "hadir-rapat/<uuid:token>/terima-kasih/",
        public_views.checkin_thanks,
        name="public_event_checkin_thanks",
    ),
]
