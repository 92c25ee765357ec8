from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("baru/", views.staff_entry, name="staff_entry"),
    path("batas-waktu/", views.sla_table, name="sla"),
    path("laporan/", views.report, name="report"),
    path("laporan/pengaduan.xlsx", views.export_xlsx, name="export_xlsx"),
    path("laporan/rekap-bulanan.pdf", views.monthly_pdf, name="monthly_pdf"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/status/<str:to>/", views.complaint_transition, name="transition"),
    path("<int:pk>/aksi/<str:action>/", views.complaint_action, name="action"),
]
