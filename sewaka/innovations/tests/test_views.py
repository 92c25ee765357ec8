"""Staff pages of the registry over HTTP: who sees what (own / child / sibling unit, published), 200/403/404,
bad input answered with an Indonesian message, the unit page's panel and the menu link."""

import pytest
from django.urls import reverse

from sewaka.innovations import services
from sewaka.innovations.models import Award, Innovation
from sewaka.innovations.transitions import Stage
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

from .conftest import pdf


@pytest.fixture
def dinkes_head(tree):
    """The head of the perangkat daerah above Puskesmas A (a child unit's data is theirs to read)."""
    return make_member(tree.dinkes, Role.PIMPINAN, "kadis")


@pytest.fixture
def capil_operator(tree):
    return make_member(tree.capil, Role.OPERATOR, "op_capil")


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("operator_unit_a", 200),  # own unit
        ("dinkes_head", 200),  # parent unit's head
        ("admin_pemda", 200),  # the whole pemda
        ("pimpinan", 200),
        ("operator_unit_b", 404),  # sibling unit: no existence leak
        ("capil_operator", 404),
    ],
)
def test_detail_follows_the_unit_scope(request, client, innovation, persona, status):
    user = request.getfixturevalue(persona)
    response = _get(client, user, innovation.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert "Antrean Daring Puskesmas" in response.content.decode()


def test_a_partner_units_people_see_it_and_a_published_one_is_readable_by_all_staff(
    client, tree, innovation, operator_unit_a, operator_unit_b, capil_operator, admin_pemda
):
    services.innovation_update(actor=operator_unit_a, innovation=innovation, partner_units=[tree.capil])
    assert _get(client, capil_operator, innovation.get_absolute_url()).status_code == 200
    assert _get(client, operator_unit_b, innovation.get_absolute_url()).status_code == 404
    services.innovation_publish(actor=admin_pemda, innovation=innovation)
    response = _get(client, operator_unit_b, innovation.get_absolute_url())
    assert response.status_code == 200
    assert reverse("innovations:update", args=[innovation.pk]) not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_unit_a", 200), ("admin_pemda", 200), ("dinkes_head", 403), ("operator_unit_b", 404)],
)
def test_edit_needs_act_on_the_owning_unit(request, client, innovation, persona, status):
    user = request.getfixturevalue(persona)
    assert _get(client, user, reverse("innovations:update", args=[innovation.pk])).status_code == status
    assert _get(client, user, reverse("innovations:award_create", args=[innovation.pk])).status_code == status


def test_missing_or_odd_ids_are_404(client, operator_unit_a, innovation):
    client.force_login(operator_unit_a)
    assert client.get(reverse("innovations:detail", args=[999999])).status_code == 404
    assert client.get("/inovasi-staf/99999999999999999999999/").status_code == 404


def test_list_shows_only_the_scope_and_filters(client, tree, innovation, operator_unit_a, operator_unit_b):
    other = services.innovation_create(actor=operator_unit_b, unit=tree.pkm_b, name="Posyandu Keliling")
    body = _get(client, operator_unit_a, reverse("innovations:list")).content.decode()
    assert innovation.name in body and other.name not in body
    client.force_login(operator_unit_a)
    assert (
        innovation.name
        not in client.get(reverse("innovations:list"), {"stage": "implementasi"}).content.decode()
    )
    assert innovation.name in client.get(reverse("innovations:list"), {"tahun": "2023"}).content.decode()
    response = client.get(reverse("innovations:list"), {"tahun": "abc", "stage": "menang"})
    assert response.status_code == 400


def test_list_is_in_the_menu_and_create_needs_a_unit_to_act_on(client, operator_unit_a, pimpinan):
    body = _get(client, operator_unit_a, reverse("innovations:list")).content.decode()
    assert reverse("innovations:list") in body and reverse("innovations:create") in body
    assert _get(client, pimpinan, reverse("innovations:create")).status_code == 403
    client.logout()
    assert client.get(reverse("innovations:list")).status_code == 302  # login first


def test_create_over_http_and_bad_input_messages(client, tree, operator_unit_a, service_a):
    client.force_login(operator_unit_a)
    url = reverse("innovations:create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "unit": tree.pkm_a.pk,
            "name": "",
            "started_on": "2099-01-01",
            "sdg_targets": ["18"],
            "links": "bukan-url",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tuliskan nama inovasi." in body
    assert "tidak boleh di masa depan" in body
    assert "Tujuan SDGs adalah nomor 1 sampai 17." in body
    response = client.post(url, {"unit": tree.pkm_a.pk, "name": "Antre", "links": "bukan-url"})
    assert response.status_code == 400 and "bukan alamat web yang sah" in response.content.decode()
    response = client.post(
        url,
        {
            "unit": tree.pkm_a.pk,
            "name": "Antre Daring",
            "started_on": "2024-02-01",
            "services": [service_a.pk],
            "sdg_targets": ["3", "16"],
            "links": "https://contoh.go.id\nhttps://contoh.go.id/b",
            "how_it_works": "Satu\nDua",
        },
    )
    innovation = Innovation.objects.get(name="Antre Daring")
    assert response.status_code == 302 and response["Location"] == innovation.get_absolute_url()
    assert innovation.sdg_targets == [3, 16] and len(innovation.links) == 2
    # another unit's id is not a choice
    response = client.post(url, {"unit": tree.capil.pk, "name": "Curang"})
    assert response.status_code == 400 and "Pilih unit dari daftar." in response.content.decode()


def test_edit_over_http(client, innovation, operator_unit_a):
    client.force_login(operator_unit_a)
    url = reverse("innovations:update", args=[innovation.pk])
    response = client.post(url, {"name": "Antrean Daring Puskesmas A", "goal": "Tanpa antre subuh"})
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.name, innovation.goal, innovation.unit.code) == (
        "Antrean Daring Puskesmas A",
        "Tanpa antre subuh",
        "pkm-a",
    )


def test_stage_buttons_and_moves(client, innovation, operator_unit_a, dinkes_head):
    body = _get(client, operator_unit_a, innovation.get_absolute_url()).content.decode()
    assert "Pindah ke “Uji coba”" in body
    assert "Pindah ke" not in _get(client, dinkes_head, innovation.get_absolute_url()).content.decode()
    url = reverse("innovations:transition", args=[innovation.pk])
    client.force_login(operator_unit_a)
    client.post(url, {"to": Stage.IMPLEMENTASI})
    innovation.refresh_from_db()
    assert innovation.stage == Stage.IMPLEMENTASI
    response = client.post(url, {"to": Stage.DIHENTIKAN}, follow=True)  # needs a reason
    assert "Tuliskan alasan perubahan tahap ini." in response.content.decode()
    response = client.post(url, {"to": Stage.GAGASAN}, follow=True)  # not in the table
    assert "tidak dapat diubah" in response.content.decode()
    client.force_login(dinkes_head)
    assert client.post(url, {"to": Stage.DIREPLIKASI}).status_code == 403
    assert client.get(url).status_code == 405


def test_publish_is_for_admin_pemda(client, innovation, operator_unit_a, admin_pemda):
    url = reverse("innovations:publish", args=[innovation.pk])
    client.force_login(operator_unit_a)
    assert client.post(url, {"published": "1"}).status_code == 403
    client.force_login(admin_pemda)
    assert client.post(url, {"published": "1"}).status_code == 302
    innovation.refresh_from_db()
    assert innovation.published


def test_file_upload_and_its_bad_input(client, innovation, operator_unit_a):
    client.force_login(operator_unit_a)
    url = reverse("innovations:file_add", args=[innovation.pk])
    response = client.post(url, {"kind": "sk", "file": pdf()})
    assert response.status_code == 302
    assert "sk.pdf" in client.get(innovation.get_absolute_url()).content.decode()
    response = client.post(url, {"kind": "photo", "file": pdf("bukan-foto.pdf")})
    assert response.status_code == 400 and "Foto harus berupa gambar" in response.content.decode()
    response = client.post(url, {"kind": "sk"})
    assert response.status_code == 400 and "Pilih berkas yang diunggah." in response.content.decode()


def test_award_form_records_with_decree_and_results_page(
    client, innovation, operator_unit_a, operator_unit_b
):
    client.force_login(operator_unit_a)
    url = reverse("innovations:award_create", args=[innovation.pk])
    response = client.post(url, {"award_code": "Top 99"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Pilih kompetisi atau tuliskan namanya." in body and "Tuliskan tahun kompetisi." in body
    response = client.post(
        url, {"scheme_name": "KIPP", "year": "2023", "award_code": "Top 99", "decree": pdf("keputusan.pdf")}
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.scheme_code, award.year, award.award_code) == ("kipp", 2023, "top99")
    detail = client.get(innovation.get_absolute_url()).content.decode()
    assert "KIPP 2023" in detail and "Top 99" in detail and "keputusan.pdf" in detail
    results = client.get(reverse("innovations:results"), {"tahun": "2023"}).content.decode()
    assert innovation.name in results
    assert (
        innovation.name not in _get(client, operator_unit_b, reverse("innovations:results")).content.decode()
    )
    assert client.get(reverse("innovations:results"), {"tahun": "x\x00"}).status_code in (200, 400)


def test_the_unit_page_lists_its_innovations_and_awards(client, tree, innovation, operator_unit_a):
    services.award_record(
        actor=operator_unit_a, innovation=innovation, year=2024, award_code="top45", scheme_name="KIPP"
    )
    body = _get(
        client, operator_unit_a, reverse("organisations:unit_detail", args=[tree.pkm_a.pk])
    ).content.decode()
    assert "Antrean Daring Puskesmas" in body and "KIPP: Top 45 2024" in body
