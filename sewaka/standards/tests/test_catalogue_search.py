"""The public catalogue forgives spelling: "ktp el", "KTP-el", "ktpel" and (by synonym) "e-ktp" find KTP-el."""

import pytest
from django.urls import reverse

from sewaka.organisations.services import service_create
from sewaka.standards.services import standard_new_version, standard_update
from sewaka.standards.tests.test_standards import COMPLETE, set_and_publish


@pytest.fixture
def ktp(tree, operator_unit_a):
    other = service_create(actor=None, unit=tree.pkm_a, name="Pelayanan Umum")
    service = service_create(
        actor=None, unit=tree.pkm_a, name="Penerbitan KTP-el", synonyms="e-KTP,  KTP elektronik\nE-ktp"
    )
    for svc in (service, other):
        standard = standard_new_version(actor=operator_unit_a, service=svc)
        set_and_publish(
            standard_update(actor=operator_unit_a, standard=standard, **COMPLETE), operator_unit_a
        )
    return service


def test_synonyms_are_stored_cleaned(ktp):
    assert ktp.synonyms == "e-KTP, KTP elektronik"


@pytest.mark.parametrize("query", ["ktp el", "KTP-el", "ktpel", "e-ktp", "KTP elektronik", "puskesmas a ktp"])
def test_each_spelling_finds_ktp_el_and_only_it(client, ktp, query):
    page = client.get(reverse("public_catalogue"), {"q": query}).content.decode()
    assert "Penerbitan KTP-el" in page, query
    assert "Pelayanan Umum" not in page, query


def test_no_match_says_so(client, ktp):
    page = client.get(reverse("public_catalogue"), {"q": "paspor"}).content.decode()
    assert "Tidak ada layanan yang cocok" in page and "Penerbitan KTP-el" not in page


def test_the_operator_edits_synonyms_on_the_service_form(client, ktp, operator_unit_a):
    client.force_login(operator_unit_a)
    url = reverse("organisations:service_edit", args=[ktp.unit_id, ktp.pk])
    form = client.get(url).content.decode()
    assert "Kata lain untuk pencarian" in form and "Alamat web publik" in form
    assert "Slug publik" not in form and "slug publik" not in form
    response = client.post(
        url,
        {
            "name": "Penerbitan KTP-el",
            "synonyms": "KTP digital",
            "slug": ktp.slug,
            "description": "Kartu identitas",
            "audience": "",
            "channels": ["counter"],
        },
    )
    assert response.status_code == 302
    ktp.refresh_from_db()
    assert (ktp.synonyms, ktp.description, ktp.channels) == ("KTP digital", "Kartu identitas", ["counter"])
    client.logout()
    assert (
        "Penerbitan KTP-el" in client.get(reverse("public_catalogue"), {"q": "ktp-digital"}).content.decode()
    )
