from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("peringkat/", views.ranking, name="ranking"),
    path("unit/<int:unit_pk>/baru/", views.period_create, name="period_create"),
    path("unit/<int:unit_pk>/kios/", views.kiosk_register, name="kiosks"),
    path("unit/<int:unit_pk>/pertanyaan-tambahan/", views.extra_questions, name="extra_questions"),
    path("unit/<int:unit_pk>/kios/<int:kiosk_pk>/nonaktif/", views.kiosk_deactivate, name="kiosk_deactivate"),
    path("periode/<int:pk>/", views.period_detail, name="period_detail"),
    path("periode/<int:pk>/tutup/", views.period_close, name="period_close"),
    path("periode/<int:pk>/terbitkan/", views.period_publish, name="period_publish"),
    path("periode/<int:pk>/kertas/", views.paper_entry, name="paper_entry"),
    path("periode/<int:pk>/integritas/", views.flagged, name="flagged"),
    path("periode/<int:pk>/excel/", views.period_xlsx, name="period_xlsx"),
    path("jawaban/<int:pk>/keputusan/", views.response_decide, name="response_decide"),
    path("periode/<int:pk>/impor/", views.import_start, name="import_start"),
    path("periode/<int:pk>/laporan.pdf", views.period_report, name="period_report"),
    path("periode/<int:pk>/laporan/terbitkan/", views.report_issue, name="report_issue"),
    path("periode/<int:pk>/infografis.<str:kind>", views.period_infographic, name="period_infographic"),
    path("periode/<int:pk>/rtl/", views.rtl_add, name="rtl_add"),
    path("periode/<int:pk>/publikasi/", views.publication_add, name="publication_add"),
    path("unit/<int:unit_pk>/poster.pdf", views.poster, name="poster"),
    path("unit/<int:unit_pk>/layanan/<int:service_pk>/poster.pdf", views.poster, name="poster_service"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/kolom/", views.import_mapping, name="import_mapping"),
    path("impor/<int:pk>/nilai/", views.import_values, name="import_values"),
    path("impor/<int:pk>/jalankan/", views.import_confirm, name="import_confirm"),
]
