from django.urls import path

from . import public_views

urlpatterns = [
    path("pengaduan/", public_views.submit, name="public_complaint_form"),
    path("pengaduan/unit/<slug:code>/", public_views.submit, name="public_complaint"),
    path("pengaduan/terkirim/", public_views.sent, name="public_complaint_sent"),
    path("pengaduan/lacak/", public_views.track, name="public_complaint_track"),
    path("pengaduan/status/<str:token>/", public_views.status, name="public_complaint_status"),
    path("pengaduan/tanggapan/<str:token>/", public_views.feedback_confirm, name="public_complaint_feedback"),
    # Old receipts printed /pengaduan/lacak/<code>/: the lookup form answers, the code is not used.
    path("pengaduan/lacak/<str:code>/", public_views.legacy_status, name="public_complaint_legacy"),
]
