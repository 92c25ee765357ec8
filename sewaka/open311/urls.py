"""Open311 GeoReport v2 at /open311/v2/ (formats by suffix: .json or .xml) and the staff page of client keys."""

from django.urls import path

from . import views

app_name = "open311"

urlpatterns = [
    path("v2/discovery.<str:fmt>", views.discovery, name="discovery"),
    path("v2/services.<str:fmt>", views.service_list, name="services"),
    path("v2/services/<str:code>.<str:fmt>", views.service_definition, name="service"),
    path("v2/requests.<str:fmt>", views.requests, name="requests"),
    path("v2/requests/<str:request_id>.<str:fmt>", views.request_detail, name="request"),
    path("v2/tokens/<str:token>.<str:fmt>", views.token, name="token"),
    path("kunci/", views.keys, name="keys"),
    path("kunci/<int:pk>/cabut/", views.key_revoke, name="key_revoke"),
]
