from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("dasbor.pdf", views.pdf, name="pdf"),
    path("prakiraan/", views.forecast, name="forecast"),
]
