"""Public SKM pages, included at the site root (no namespace): short URLs for QR codes at the counter."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("s/<slug:code>/", public_views.survey, name="public_survey"),
    path("s/<slug:code>/terima-kasih/", public_views.thanks, name="public_survey_thanks"),
    path("s/<slug:code>/tv/", public_views.tv, name="public_survey_tv"),
    path("s/<slug:code>/hasil/", public_views.results, name="public_survey_results"),
    path(
        "s/<slug:code>/hasil/<int:period_pk>/<str:document>",
        public_views.published_document,
        name="public_survey_document",
    ),
    path("s/<slug:code>/qr.svg", public_views.qr_svg, name="public_survey_qr"),
    path("s/<slug:code>/<slug:service_slug>/", public_views.survey, name="public_survey_service"),
    path("s/<slug:code>/<slug:service_slug>/qr.svg", public_views.qr_svg, name="public_survey_service_qr"),
    path("kios/<str:token>/", public_views.kiosk_start, name="public_kiosk_start"),
]
