from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("baru/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/ubah/", views.event_update, name="update"),
    path("<int:pk>/undang/", views.event_invite, name="invite"),
    path("<int:pk>/hadir/<int:invitation_pk>/", views.attendance, name="attendance"),
    path("<int:pk>/materi/", views.material_add, name="material"),
    path("<int:pk>/daftar-hadir/", views.checkin_toggle, name="checkin_toggle"),
    path("<int:pk>/poster-hadir.pdf", views.checkin_poster, name="checkin_poster"),
]
