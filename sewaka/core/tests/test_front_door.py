"""The citizen's front door (/) and the privacy notice (/privasi/)."""

from datetime import date

from django.urls import reverse

from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member


def test_the_home_page_is_public_and_not_a_login_form(client, tree):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="password"' not in page
    for text in (
        "Isi survei",
        "Sampaikan pengaduan",
        "Lacak pengaduan",
        "Maklumat pelayanan",
        "Masuk petugas",
    ):
        assert text in page, text
    for url in (
        reverse("public_catalogue"),
        reverse("public_complaint_form"),
        reverse("public_complaint_track"),
        reverse("accounts:login"),
        reverse("home:privacy"),
    ):
        assert f'href="{url}' in page, url
    assert f'action="{reverse("public_catalogue")}"' in page  # the search goes to the catalogue


def test_a_logged_in_staff_member_gets_a_link_to_the_staff_home(client, tree):
    client.force_login(make_member(tree.pkm_a, Role.OPERATOR, "op_front"))
    page = client.get("/").content.decode()
    assert "Ke beranda staf" in page and f'href="{reverse("home:home")}"' in page
    assert "Masuk petugas" not in page


def test_the_home_page_lists_open_surveys_published_results_and_maklumat(client, tree):
    from django.utils import timezone

    from sewaka.standards.models import Maklumat
    from sewaka.surveys.tests.factories import make_period

    make_period(tree.pkm_a, name="Triwulan IV 2026")
    make_period(tree.pkm_b, name="Semester I 2026", open_=False, published_at=timezone.now())
    Maklumat.objects.create(
        unit=tree.capil,
        signatory_name="Kepala",
        signatory_position="Kepala Disdukcapil",
        signed_on=date(2026, 1, 5),
        status="published",
    )
    Maklumat.objects.create(
        unit=tree.dpmptsp,
        signatory_name="X",
        signatory_position="Y",
        signed_on=date(2026, 1, 5),
        status="draft",
    )
    page = client.get("/").content.decode()
    assert reverse("public_survey", args=[tree.pkm_a.code]) in page
    assert reverse("public_survey_results", args=[tree.pkm_b.code]) in page and "Semester I 2026" in page
    assert reverse("public_unit", args=[tree.capil.code]) in page
    assert reverse("public_unit", args=[tree.dpmptsp.code]) not in page  # a draft Maklumat is not on the wall


def test_the_home_page_costs_a_fixed_number_of_queries(client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/")


def test_the_privacy_notice_covers_every_public_form(client, tree, settings):
    settings.SEWAKA_PRIVACY_CONTROLLER = "Pemerintah Kota Uji"
    settings.SEWAKA_PRIVACY_CONTACT = "Bagian Organisasi, privasi@kota-uji.example"
    page = client.get(reverse("home:privacy")).content.decode()
    for text in (
        "UU",
        "27 Tahun 2022",
        "Survei Kepuasan Masyarakat",
        "Pengaduan",
        "Forum Konsultasi Publik",
        "Yang dikumpulkan",
        "Untuk apa",
        "Siapa yang melihat",
        "Berapa lama disimpan",
        "Pemerintah Kota Uji",
        "privasi@kota-uji.example",
    ):
        assert text in page, text


def test_every_public_form_links_the_privacy_notice(client, tree):
    from sewaka.consultations.models import Forum
    from sewaka.surveys.tests.factories import make_period

    make_period(tree.pkm_a)
    forum = Forum.objects.create(
        unit=tree.pkm_a,
        topic="Standar KTP-el",
        purpose="standard",
        method="fgd",
        date=date.today(),
        place="Aula",
    )
    privacy = reverse("home:privacy")
    for url in (
        reverse("public_complaint_form"),
        reverse("public_survey", args=[tree.pkm_a.code]),
        reverse("public_fkp_checkin", args=[forum.checkin_token]),
        reverse("public_catalogue"),
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'href="{privacy}' in response.content.decode(), url
