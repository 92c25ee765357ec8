from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("baru/", views.unit_create, name="unit_create"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/status/", views.unit_toggle, name="unit_toggle"),
    path("<int:pk>/layanan/baru/", views.service_create, name="service_create"),
    path("<int:pk>/layanan/<int:service_pk>/ubah/", views.service_edit, name="service_edit"),
    path("<int:pk>/layanan/<int:service_pk>/status/", views.service_toggle, name="service_toggle"),
    path("<int:pk>/anggota/", views.membership_add, name="membership_add"),
    path("anggota/<int:pk>/cabut/", views.membership_revoke, name="membership_revoke"),
    path("<int:pk>/kop-surat/", views.letterhead_edit, name="letterhead"),
]
