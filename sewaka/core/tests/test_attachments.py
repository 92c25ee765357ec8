import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sewaka.core.files import sniff
from sewaka.core.services import attachment_add


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    gps = {1: "S", 2: (8.0, 39.0, 0.0), 3: "E", 4: (115.0, 13.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def office(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (jpeg_with_gps(), "JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, "PNG"),
        (office("docx"), "DOCX"),
        (office("xlsx"), "XLSX"),
        (b"MZ\x90\x00executable", None),
        (b"PK\x03\x04broken zip", None),
        (b"<html><script>alert(1)</script>", None),
    ],
)
def test_it_recognises_types_by_content(data, label):
    found = sniff(data)
    assert (found.label if found else None) == label


def test_it_rejects_a_renamed_executable(tree):
    upload = SimpleUploadedFile(
        "foto-antrean.jpg", b"MZ\x90\x00\x03" + b"\x00" * 100, content_type="image/jpeg"
    )
    with pytest.raises(ValidationError) as exc:
        attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=upload, actor=None)
    assert "Jenis berkas tidak diizinkan" in exc.value.messages[0]


def test_it_rejects_a_file_over_the_limit_in_indonesian(tree, settings):
    settings.SEWAKA_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("besar.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(ValidationError) as exc:
        attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=upload, actor=None)
    assert "terlalu besar" in exc.value.messages[0]


def test_it_strips_exif_and_gps_from_photos(tree):
    upload = SimpleUploadedFile("bukti.jpeg", jpeg_with_gps())
    attachment = attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=upload, actor=None)
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert 0x8825 not in exif
        assert 0x010F not in exif
    assert attachment.original_name == "bukti.jpg"
    assert attachment.mime == "image/jpeg"


def test_it_stores_files_under_unguessable_names_outside_static(tree, settings):
    upload = SimpleUploadedFile("sk.pdf", b"%PDF-1.7 isi")
    attachment = attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=upload, actor=None)
    assert attachment.pk.hex in attachment.file.name
    assert "sk" not in attachment.file.name.rsplit("/", 1)[1]
    assert str(settings.MEDIA_ROOT) in attachment.file.path


def test_it_serves_a_file_only_to_users_of_its_unit(
    client, tree, operator_unit_a, operator_unit_b, tim_monev
):
    upload = SimpleUploadedFile("sk.pdf", b"%PDF-1.7 rahasia unit A")
    attachment = attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=upload, actor=operator_unit_a)
    url = attachment.get_absolute_url()
    client.force_login(operator_unit_b)
    assert client.get(url).status_code == 404
    assert client.get(url.replace(attachment.pk.hex[:8], "00000000")).status_code == 404
    assert client.get("/berkas/../../etc/passwd/").status_code == 404
    client.force_login(operator_unit_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 rahasia unit A"
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(tim_monev)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_it_serves_a_file_publicly_only_while_its_owner_is_published(
    client, tree, operator_unit_a, monkeypatch
):
    from sewaka.organisations.models import Unit

    upload = SimpleUploadedFile("standar.pdf", b"%PDF-1.7 standar")
    attachment = attachment_add(owner=tree.pkm_a, unit=tree.pkm_a, uploaded=upload, actor=operator_unit_a)
    from sewaka.organisations.tests.factories import UserFactory

    stranger = UserFactory()
    client.force_login(stranger)
    monkeypatch.setattr(Unit, "attachments_are_public", lambda self: True, raising=False)
    assert client.get(attachment.get_absolute_url()).status_code == 200
    monkeypatch.setattr(Unit, "attachments_are_public", lambda self: False, raising=False)
    assert client.get(attachment.get_absolute_url()).status_code == 404
