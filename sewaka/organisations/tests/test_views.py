"""HTTP tests of the unit pages, including that a user of another unit gets 404/403."""

import pytest
from django.urls import reverse

from sewaka.core.models import AuditEvent
from sewaka.organisations.models import Membership, Service, Unit
from sewaka.organisations.services import service_create


@pytest.fixture
def svc_a(tree):
    return service_create(actor=None, unit=tree.pkm_a, name="Pemeriksaan Umum")


def _unit_urls(unit, service):
    return {
        "get": [
            reverse("organisations:unit_detail", args=[unit.pk]),
            reverse("organisations:unit_edit", args=[unit.pk]),
            reverse("organisations:service_create", args=[unit.pk]),
            reverse("organisations:service_edit", args=[unit.pk, service.pk]),
        ],
        "post": [
            reverse("organisations:unit_edit", args=[unit.pk]),
            reverse("organisations:unit_toggle", args=[unit.pk]),
            reverse("organisations:service_create", args=[unit.pk]),
            reverse("organisations:service_edit", args=[unit.pk, service.pk]),
            reverse("organisations:service_toggle", args=[unit.pk, service.pk]),
            reverse("organisations:membership_add", args=[unit.pk]),
        ],
    }


def test_it_hides_every_unit_page_of_a_sibling_unit(client, tree, svc_a, operator_unit_a, operator_unit_b):
    client.force_login(operator_unit_b)
    before = AuditEvent.objects.count()
    urls = _unit_urls(tree.pkm_a, svc_a)
    for url in urls["get"]:
        assert client.get(url).status_code in (403, 404), url
    for url in urls["post"]:
        response = client.post(url, {"name": "Diretas", "user": operator_unit_b.pk, "role": "operator"})
        assert response.status_code in (403, 404), url
    assert AuditEvent.objects.count() == before
    assert Service.objects.get(pk=svc_a.pk).name == "Pemeriksaan Umum"
    assert Unit.objects.get(pk=tree.pkm_a.pk).is_active
    membership = Membership.objects.filter(user=operator_unit_a).first()
    assert client.post(reverse("organisations:membership_revoke", args=[membership.pk])).status_code == 404


def test_it_lists_only_the_units_in_scope(client, tree, operator_unit_b):
    client.force_login(operator_unit_b)
    page = client.get(reverse("organisations:unit_list")).content.decode()
    assert "Puskesmas B" in page
    assert "Puskesmas A" not in page


def test_it_lets_the_operator_update_the_profile_and_services_of_its_unit(client, tree, operator_unit_a):
    client.force_login(operator_unit_a)
    url = reverse("organisations:unit_edit", args=[tree.pkm_a.pk])
    response = client.post(url, {"opening_hours": "Senin–Jumat 08.00–14.00", "phone": "0361-123"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.pkm_a.pk).opening_hours == "Senin–Jumat 08.00–14.00"
    event = AuditEvent.objects.filter(action="unit.update").latest("id")
    assert event.actor == operator_unit_a
    assert event.changes["opening_hours"]["after"] == "Senin–Jumat 08.00–14.00"

    response = client.post(
        reverse("organisations:service_create", args=[tree.pkm_a.pk]), {"name": "Imunisasi"}
    )
    assert response.status_code == 302
    assert tree.pkm_a.services.filter(name="Imunisasi").exists()


def test_it_explains_a_duplicate_service_in_indonesian(client, tree, svc_a, operator_unit_a):
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("organisations:service_create", args=[tree.pkm_a.pk]), {"name": "Pemeriksaan Umum"}
    )
    assert response.status_code == 200
    assert "sudah ada" in response.content.decode()


def test_it_forbids_operators_to_create_units_or_change_structure(client, tree, operator_unit_a):
    client.force_login(operator_unit_a)
    assert client.get(reverse("organisations:unit_create")).status_code == 403
    assert client.post(reverse("organisations:unit_toggle", args=[tree.pkm_a.pk])).status_code == 403
    assert client.get(reverse("accounts:user_list")).status_code == 403


def test_it_lets_admin_pemda_create_a_unit_and_grant_a_role(client, tree, admin_pemda, operator_unit_b):
    client.force_login(admin_pemda)
    response = client.post(
        reverse("organisations:unit_create"),
        {"parent": tree.dinkes.pk, "kind": "puskesmas", "code": "pkm-c", "name": "Puskesmas C"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="pkm-c")
    assert unit.path.startswith(tree.dinkes.path)
    response = client.post(
        reverse("organisations:membership_add", args=[unit.pk]),
        {"user": operator_unit_b.pk, "role": "operator"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=operator_unit_b, unit=unit, is_active=True).exists()
    assert AuditEvent.objects.filter(action="membership.grant", actor=admin_pemda).exists()


def test_it_rejects_bad_unit_input_with_indonesian_messages(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = client.post(
        reverse("organisations:unit_create"),
        {"parent": tree.dinkes.pk, "kind": "gerai_mpp", "code": "dinkes", "name": "", "email": "bukan-email"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong" in body
    assert "alamat email yang valid" in body.lower() or "alamat email yang benar" in body.lower()
    assert "Kode ini sudah dipakai unit lain" in body


def test_it_deactivates_but_never_deletes_a_unit(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = client.post(reverse("organisations:unit_toggle", args=[tree.dinkes.pk]), follow=True)
    assert "Nonaktifkan dahulu" in response.content.decode()
    assert Unit.objects.get(pk=tree.dinkes.pk).is_active
    client.post(reverse("organisations:unit_toggle", args=[tree.pkm_a.pk]))
    assert Unit.objects.filter(pk=tree.pkm_a.pk, is_active=False).exists()


def test_it_returns_404_for_unknown_or_odd_ids(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    assert client.get("/unit/999999/").status_code == 404
    assert client.get("/unit/abc/").status_code == 404
    assert client.get("/unit/?q=%00").status_code == 400
    assert client.get("/unit/?kind=bukan-jenis&page=x").status_code == 200


def test_the_unit_page_shows_the_panels_the_feature_apps_register(client, tree, operator_unit_a):
    # organisations imports no feature app: each registers its panel (organisations.panels) in ready().
    from sewaka.obligations.services import obligations_install_defaults

    obligations_install_defaults(actor=None, pemda=tree.pemda)
    client.force_login(operator_unit_a)
    page = client.get(reverse("organisations:unit_detail", args=[tree.pkm_a.pk])).content.decode()
    labels = [  # the obligations app's panel, in the pemda's rule order
        "Mengevaluasi hasil SKM setiap periode",
        "Setiap layanan aktif memiliki standar pelayanan",
        "Memiliki Maklumat Pelayanan",
    ]
    assert all(label in page for label in labels)
    assert [page.index(label) for label in labels] == sorted(page.index(label) for label in labels)
    assert reverse("obligations:unit", args=[tree.pkm_a.pk]) in page
