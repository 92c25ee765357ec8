from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("pelacak.xlsx", views.tracker_xlsx, name="tracker_xlsx"),
    path("pelacak.pdf", views.tracker_pdf, name="tracker_pdf"),
    path("unit/<int:pk>/", views.unit_obligations, name="unit"),
    path("aturan/", views.rules, name="rules"),
    path("aturan/pasang-bawaan/", views.rules_install, name="rules_install"),
    path("aturan/<int:pk>/ubah/", views.rule_edit, name="rule_edit"),
    path("surat/", views.letters, name="letters"),
    path("surat/pengaturan/", views.letter_settings, name="letter_settings"),
    path("surat/pratinjau.pdf", views.letter_preview, name="letter_preview"),
    path("surat/terbitkan/", views.letter_issue, name="letter_issue"),
    path("surat/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("surat/<int:pk>/surat.pdf", views.letter_pdf, name="letter_pdf"),
    path("surat/<int:pk>/<int:unit_pk>.pdf", views.letter_copy_pdf, name="letter_copy_pdf"),
]
