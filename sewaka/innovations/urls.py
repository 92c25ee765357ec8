from django.urls import path

from . import views, views_exports, views_selection

app_name = "innovations"
urlpatterns = [
    # The registry.
    path("", views.innovation_list, name="list"),
    path("baru/", views.innovation_create, name="create"),
    path("hasil/", views.results, name="results"),
    path("<int:pk>/", views.innovation_detail, name="detail"),
    path("<int:pk>/ubah/", views.innovation_update, name="update"),
    path("<int:pk>/tahap/", views.innovation_transition, name="transition"),
    path("<int:pk>/galeri/", views.innovation_publish, name="publish"),
    path("<int:pk>/berkas/", views.file_add, name="file_add"),
    path("<int:pk>/hasil/", views.award_create, name="award_create"),
    # Eligibility of one innovation (linked from its page: innovations/selection/_eligibility.html).
    path("<int:pk>/kelayakan/", views_selection.eligibility, name="eligibility"),
    # Internal selection (calls, jury, ranking).
    path("seleksi/", views_selection.call_list, name="call_list"),
    path("seleksi/baru/", views_selection.call_create, name="call_create"),
    path("seleksi/<int:pk>/", views_selection.call_detail, name="call_detail"),
    path("seleksi/<int:pk>/ubah/", views_selection.call_update, name="call_update"),
    path("seleksi/<int:pk>/status/", views_selection.call_transition, name="call_transition"),
    path("seleksi/<int:pk>/juri/", views_selection.juror_add, name="juror_add"),
    path("seleksi/<int:pk>/juri/<int:juror_pk>/hapus/", views_selection.juror_remove, name="juror_remove"),
    path("seleksi/<int:pk>/usulkan/", views_selection.nominate, name="nominate"),
    path("seleksi/<int:pk>/penilaian/", views_selection.jury, name="jury"),
    path("seleksi/<int:pk>/peringkat/", views_selection.ranking, name="ranking"),
    path("seleksi/<int:pk>/putuskan/", views_selection.decide, name="decide"),
    path("seleksi/<int:pk>/terapkan/", views_selection.apply_ranking, name="apply_ranking"),
    # One nomination: scores and its proposal.
    path("usulan/<int:pk>/", views_selection.nomination_detail, name="nomination_detail"),
    path("usulan/<int:pk>/tarik/", views_selection.nomination_withdraw, name="nomination_withdraw"),
    path("usulan/<int:pk>/nilai/", views_selection.score, name="score"),
    path("usulan/<int:pk>/proposal/", views_selection.proposal, name="proposal"),
    path("usulan/<int:pk>/proposal.pdf", views_exports.proposal_pdf, name="proposal_pdf"),
    path("usulan/<int:pk>/proposal.txt", views_exports.proposal_txt, name="proposal_txt"),
    path("usulan/<int:pk>/proposal/teks/", views_exports.proposal_copy, name="proposal_copy"),
    path(
        "usulan/<int:pk>/proposal/lampiran/", views_exports.proposal_attachments, name="proposal_attachments"
    ),
    path("usulan/<int:pk>/proposal/<slug:aspect>/", views_selection.proposal_aspect, name="proposal_aspect"),
    path(
        "usulan/<int:pk>/proposal/<slug:aspect>/komentar/",
        views_selection.proposal_comment,
        name="proposal_comment",
    ),
    path(
        "usulan/<int:pk>/proposal/<slug:aspect>/versi/<int:version>/",
        views_selection.proposal_version,
        name="proposal_version",
    ),
]
