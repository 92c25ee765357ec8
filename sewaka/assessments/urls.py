from django.urls import path

from . import views, views_exports, views_official, views_visits

app_name = "assessments"
urlpatterns = [
    path("kesiapan/", views.readiness, name="readiness"),
    path("aturan/", views.rules, name="rules"),
    path("instrumen/", views.instruments, name="instruments"),
    path("instrumen/<slug:code>.json", views.instrument_json, name="instrument_json"),
    path("unit/<int:unit_pk>/", views.unit_assessments, name="unit"),
    path("unit/<int:unit_pk>/hasil-resmi/", views.official_record, name="official_record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/indikator/<str:indicator>/", views.answer, name="answer"),
    path("<int:pk>/bukti/<str:indicator>/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/bukti-hapus/<int:evidence_pk>/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/final/", views.finalise, name="finalise"),
    path("<int:pk>/verifikasi/<str:indicator>/", views.review, name="review"),
    path("unit/<int:unit_pk>/kunjungan/", views.visit, name="visit"),
    path("kunjungan/", views_visits.visit_start, name="visit_start"),
    path("kunjungan/<int:pk>/", views_visits.visit_detail, name="visit_detail"),
    path("kunjungan/<int:pk>/laporan.pdf", views_visits.visit_pdf, name="visit_pdf"),
    path(
        "unit/<int:unit_pk>/statistik-pengaduan/<int:year>/",
        views.complaint_statistics,
        name="complaint_statistics",
    ),
    path("<int:pk>/revisi/", views.revise, name="revise"),
    path("<int:pk>/penilaian.pdf", views_exports.assessment_pdf, name="pdf"),
    path("kesiapan/unduh.xlsx", views_exports.readiness_xlsx, name="readiness_xlsx"),
    path("kesiapan/prakiraan.xlsx", views_exports.readiness_forecast_xlsx, name="readiness_forecast_xlsx"),
    path("hasil-resmi/impor/", views_official.official_import, name="official_import"),
    path("hasil-resmi/<int:pk>/dokumen/", views_official.official_document, name="official_document"),
]
