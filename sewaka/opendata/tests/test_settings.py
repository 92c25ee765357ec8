"""The licence is a pemda's setting (ADR 0005), edited by its admin pemda; the publisher is the pemda."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sewaka.core.models import AuditEvent
from sewaka.opendata.models import OpenDataSettings
from sewaka.opendata.services import opendata_settings_set

BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


def test_the_admin_pemda_sets_the_licence_and_every_format_says_it(client, data, admin_pemda):
    client.force_login(admin_pemda)
    page = client.get("/data/pengaturan/")
    assert page.status_code == 200
    response = client.post("/data/pengaturan/", {"license": "CC-BY-SA-4.0"})
    assert response.status_code == 302
    assert OpenDataSettings.objects.get(pemda=data.tree.pemda).license == "CC-BY-SA-4.0"
    assert AuditEvent.objects.filter(action="opendata.settings").exists()
    client.logout()
    body = json.loads(client.get("/data/hasil-skm.json").content)
    assert body["license"]["url"] == BY_SA and body["publisher"] == "Pemerintah Kota Uji"
    assert json.loads(client.get("/data/catalog.json").content)["dataset"][0]["license"] == BY_SA
    assert BY_SA in client.get("/data/").content.decode()


def test_a_bad_choice_gets_an_indonesian_message(client, data, admin_pemda):
    client.force_login(admin_pemda)
    response = client.post("/data/pengaturan/", {"license": "GPL"})
    assert response.status_code == 200 and "Pilih lisensi dari daftar." in response.content.decode()
    assert not OpenDataSettings.objects.exists()


def test_only_who_manages_the_pemda_may_set_it(client, data, operator_unit_a):
    client.force_login(operator_unit_a)
    assert client.get("/data/pengaturan/").status_code == 403
    with pytest.raises(PermissionDenied):
        opendata_settings_set(actor=operator_unit_a, pemda=data.tree.pemda, license="CC0-1.0")
    with pytest.raises(ValidationError):
        opendata_settings_set(actor=None, pemda=data.tree.pkm_a, license="CC0-1.0")
    assert client.get("/data/").status_code == 200  # the public page stays open to everyone


def test_anonymous_users_are_sent_to_the_login(client, db):
    response = client.get("/data/pengaturan/")
    assert response.status_code == 302 and "/akun/" in response["Location"]
