"""Admin pemda imports a new instrument version; a published one never changes; others may only look."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sewaka.assessments import services
from sewaka.assessments.models import InstrumentVersion
from sewaka.core.models import AuditEvent


@pytest.fixture
def monev_data(db):
    services.ensure_shipped_instruments()
    return json.loads(json.dumps(InstrumentVersion.objects.get(code="monev-denpasar").data))


def upload(client, data, name="instrumen.json"):
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(
        reverse("assessments:instruments"), {"file": SimpleUploadedFile(name, raw)}, follow=True
    )


def test_admin_pemda_loads_a_new_version_and_cannot_change_a_published_one(client, admin_pemda, monev_data):
    client.force_login(admin_pemda)
    new = {**monev_data, "code": "monev-denpasar-2027", "title": "Daftar periksa Monev 2027"}
    page = upload(client, new).content.decode()
    assert "monev-denpasar-2027 dimuat" in page
    assert InstrumentVersion.objects.filter(code="monev-denpasar-2027").exists()
    assert AuditEvent.objects.filter(action="instrument.load", actor=admin_pemda).exists()
    assert "sudah ada; tidak ada perubahan" in upload(client, new).content.decode()  # same file again
    changed = {**new, "title": "Diubah diam-diam"}
    assert "tidak dapat diubah" in upload(client, changed).content.decode()
    assert InstrumentVersion.objects.get(code="monev-denpasar-2027").title == "Daftar periksa Monev 2027"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\xff\xfe not json", "JSON UTF-8 yang sah"),
        (b"[1, 2]", "kolom code dan title"),
        ("weights", "harus 100"),
    ],
)
def test_a_bad_file_gets_a_clear_message(client, admin_pemda, monev_data, payload, message):
    if payload == "weights":
        payload = json.loads(json.dumps(monev_data))
        payload["code"] = "monev-rusak"
        payload["dimensions"][0]["weight"] = "90"
    client.force_login(admin_pemda)
    r = upload(client, payload)
    assert r.status_code == 200 and message in r.content.decode()
    assert not InstrumentVersion.objects.filter(code="monev-rusak").exists()


def test_others_see_the_list_but_cannot_import(client, operator_unit_a, monev_data):
    client.force_login(operator_unit_a)
    page = client.get(reverse("assessments:instruments")).content.decode()
    assert "pekppp-2023" in page and "Muat versi instrumen baru" not in page
    assert upload(client, {**monev_data, "code": "x-1"}).status_code == 403
    r = client.get(reverse("assessments:instrument_json", args=["pekppp-2023"]))
    assert json.loads(r.content)["code"] == "pekppp-2023"


def test_the_command_loads_a_file_and_refuses_a_changed_one(tmp_path, monev_data):
    path = tmp_path / "baru.json"
    path.write_text(json.dumps({**monev_data, "code": "monev-cli"}), "utf-8")
    call_command("loadinstrument", str(path))
    assert InstrumentVersion.objects.filter(code="monev-cli").exists()
    path.write_text(json.dumps({**monev_data, "code": "monev-cli", "title": "Lain"}), "utf-8")
    with pytest.raises(CommandError):
        call_command("loadinstrument", str(path))
