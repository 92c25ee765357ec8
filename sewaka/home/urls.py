from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
    path("privasi/", views.privacy, name="privacy"),
    path("beranda/", views.home, name="home"),
    path("beranda/tenggat/", views.worklist_page, name="worklist"),
    path("beranda/tenggat.xlsx", views.worklist_xlsx, name="worklist_xlsx"),
    path("ganti-unit/", views.switch_unit, name="switch_unit"),
    path("audit/", views.audit_list, name="audit_list"),
    path("berkas/<str:pk>/", views.attachment_download, name="attachment_download"),
    path("kalender/", views.calendar_page, name="calendar"),
]
