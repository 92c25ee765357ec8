from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.forum_list, name="list"),
    path("baru/", views.forum_create, name="create"),
    path("<int:pk>/", views.forum_detail, name="detail"),
    path("<int:pk>/ubah/", views.forum_update, name="update"),
    path("<int:pk>/peserta/", views.participant_invite, name="invite"),
    path("<int:pk>/peserta/<int:participant_pk>/hadir/", views.participant_attendance, name="attendance"),
    path("<int:pk>/hasil/", views.forum_results, name="results"),
    path("<int:pk>/kesepakatan/", views.agreement_add, name="agreement_add"),
    path("<int:pk>/berkas/", views.evidence_add, name="evidence"),
    path("<int:pk>/publikasi/", views.forum_publish, name="publish"),
    path("<int:pk>/berita-acara.pdf", views.berita_acara, name="berita_acara"),
    path("<int:pk>/poster-hadir.pdf", views.checkin_poster, name="checkin_poster"),
]
