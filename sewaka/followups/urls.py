from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("", views.followup_list, name="list"),
    path("baru/", views.followup_create, name="create"),
    path("<int:pk>/", views.followup_detail, name="detail"),
    path("<int:pk>/status/", views.followup_transition, name="transition"),
    path("<int:pk>/komentar/", views.followup_comment, name="comment"),
    path("<int:pk>/bukti/", views.followup_upload, name="upload"),
]
