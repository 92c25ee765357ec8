"""The pemda's kop surat and the unit head who signs: recorded once, printed on documents."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sewaka.core.models import AuditEvent
from sewaka.organisations.models import Letterhead
from sewaka.organisations.selectors import document_header
from sewaka.organisations.services import unit_update


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 48), "red").save(out, format="PNG")
    return out.getvalue()


def test_admin_pemda_records_the_kop_with_a_logo(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    url = reverse("organisations:letterhead", args=[tree.pemda.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Pemerintah Kota Uji",
            "address": "Jalan Raya 1",
            "contact": "Telp. 123",
            "place": "Uji",
            "logo": SimpleUploadedFile("lambang.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    kop = Letterhead.objects.get(pemda=tree.pemda)
    assert (kop.title, kop.place, kop.address) == ("Pemerintah Kota Uji", "Uji", "Jalan Raya 1")
    header = document_header(tree.pkm_a)
    assert header["pemda"] == "Pemerintah Kota Uji"
    assert header["unit"] == "Puskesmas A"
    assert header["place"] == "Uji"
    assert header["logo"].startswith("data:image/png;base64,")
    assert AuditEvent.objects.filter(action="letterhead.set").exists()


def test_a_logo_must_be_an_image(client, tree, admin_pemda):
    client.force_login(admin_pemda)
    response = client.post(
        reverse("organisations:letterhead", args=[tree.pemda.pk]),
        {
            "title": "Pemerintah Kota Uji",
            "place": "Uji",
            "logo": SimpleUploadedFile("lambang.png", b"%PDF-1.4 not an image", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "PNG atau JPEG" in response.content.decode()
    assert not Letterhead.objects.exists()


@pytest.mark.parametrize("who", ["operator_unit_a", "tim_monev"])
def test_only_the_admin_pemda_edits_the_kop(client, tree, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("organisations:letterhead", args=[tree.pemda.pk])).status_code in (403, 404)


def test_without_a_kop_the_pemda_unit_and_its_city_are_used(tree):
    header = document_header(tree.pkm_a)
    assert header["pemda"] == "Pemerintah Kota Uji"
    assert header["place"] == "Uji"
    assert header["signer"] == {"title": "Kepala Puskesmas A", "name": "", "nip": ""}


def test_the_unit_head_is_recorded_once_with_a_checked_nip(client, tree, operator_unit_a):
    client.force_login(operator_unit_a)
    url = reverse("organisations:unit_edit", args=[tree.pkm_a.pk])
    bad = client.post(url, {"head_name": "dr. Ayu", "head_nip": "12345"})
    assert bad.status_code == 200 and "18 angka" in bad.content.decode()
    ok = client.post(url, {"head_name": "dr. Ayu Lestari", "head_nip": "198001012005012002"})
    assert ok.status_code == 302
    tree.pkm_a.refresh_from_db()
    header = document_header(tree.pkm_a)
    assert header["signer"] == {
        "title": "Kepala Puskesmas A",
        "name": "dr. Ayu Lestari",
        "nip": "19800101 200501 2 002",
    }
    unit_update(actor=None, unit=tree.pkm_a, head_title="Kepala UPTD Puskesmas A")
    assert document_header(tree.pkm_a)["signer"]["title"] == "Kepala UPTD Puskesmas A"


def test_the_logo_is_printed_in_the_kop(tree, admin_pemda):
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from sewaka.organisations.services import letterhead_set
    from sewaka.reports.exports.pdf import render_pdf

    if shutil.which("pdfimages") is None:
        pytest.skip("poppler-utils not installed")
    letterhead_set(
        actor=admin_pemda,
        pemda=tree.pemda,
        title="Pemerintah Kota Uji",
        place="Uji",
        logo=SimpleUploadedFile("lambang.png", _png(), content_type="image/png"),
    )
    pdf = render_pdf("surveys/docs/poster.html", {"unit": tree.pkm_a, "url": "https://contoh.test/s/pkm-a/"})
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.pdf").write_bytes(pdf)
        listing = subprocess.run(
            ["pdfimages", "-list", str(Path(tmp) / "doc.pdf")], capture_output=True, check=True
        ).stdout.decode()
    rows = [line for line in listing.splitlines()[2:] if line.strip()]
    assert len(rows) == 1 and " 40 " in rows[0] and " 48 " in rows[0]  # the 40 × 48 logo
