from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("tinjauan/", views.overdue, name="overdue"),
    path("unit/<int:unit_pk>/", views.unit_standards, name="unit"),
    path("unit/<int:unit_pk>/maklumat/", views.maklumat, name="maklumat"),
    path("unit/<int:unit_pk>/maklumat-<str:size>.pdf", views.maklumat_poster, name="maklumat_poster"),
    path("layanan/<int:service_pk>/versi-baru/", views.new_version, name="new_version"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/status/<str:to>/", views.transition, name="transition"),
    path("<int:pk>/tinjau/", views.review, name="review"),
    path("<int:pk>/poster-<str:size>.pdf", views.standard_poster, name="poster"),
]
