"""The Sekda's reminder letter: the units it lists are exactly the tracker's missing units (read back from the
PDF with pdftotext), numbering from the pemda's pattern, a mail merge with each perangkat daerah's own gaps,
recorded recipients shown in the unit's history, confirmation before a second letter in the same month."""

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sewaka.core.models import AuditEvent
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors, services
from sewaka.obligations.models import Letter, LetterRecipient
from sewaka.organisations.models import UnitKind
from sewaka.organisations.tests.factories import make_unit

WITA = ZoneInfo("Asia/Makassar")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2027, 1, 11, 9, tzinfo=WITA), tick=False):
        yield


@pytest.fixture
def city(tree, admin_pemda):
    services.obligations_install_defaults(actor=None, pemda=tree.pemda)
    kec = make_unit(tree.pemda, UnitKind.KECAMATAN, name="Kecamatan Utara", code="kec-utara")
    return tree, kec


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "l.pdf"
        src.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-raw", str(src), "-"], capture_output=True, check=True, timeout=60
        )
    return " ".join(out.stdout.decode().split())


def missing_units(user, pemda, view):
    tr = selectors.tracker(user=user, pemda=pemda, view=view)
    return {r.unit.name for _rule, rows in selectors.missing_by_rule(tr) for r in rows}


def listed_units(text: str, names) -> set[str]:
    """The unit names the letter lists in its gap tables ("<n> <unit name> <perangkat daerah>")."""
    return {n for n in names if f" {n} " in text}


def test_the_letter_lists_exactly_the_trackers_missing_units(client, city, admin_pemda):
    tree, kec = city
    view = ev.year_period(2026)
    missing = missing_units(admin_pemda, tree.pemda, view)
    # By hand: after 2026 no perangkat daerah held an FKP (Dinkes, Disdukcapil, DPMPTSP, Kecamatan Utara).
    assert {"Dinas Kesehatan", "Disdukcapil", "DPMPTSP", "Kecamatan Utara"} <= missing
    client.force_login(admin_pemda)
    response = client.post(reverse("obligations:letter_issue"), {"kind": "summary", "periode": "2026"})
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    assert letter.number == "061/1/Org"
    pdf = client.get(reverse("obligations:letter_pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    every_unit = [
        u.name
        for u in [tree.dinkes, tree.pkm_a, tree.pkm_b, tree.capil, tree.dpmptsp, tree.mpp, tree.gerai, kec]
    ]
    assert listed_units(text, every_unit) == missing
    assert "Pengingat pelaksanaan SE Sekda Nomor 061/504/Org dan kewajiban pelayanan publik" in text
    assert "PermenPANRB Nomor 16 Tahun 2017" in text  # each obligation with its legal basis
    assert "Nomor : 061/1/Org" in text and "SEKRETARIS DAERAH KOTA DENPASAR" in text
    assert "Tembusan" in text and "Wali Kota Denpasar" in text
    # Recorded: number, date, recipients (the perangkat daerah with a gap), audited.
    assert {r.unit for r in letter.recipients.all()} == {tree.dinkes, tree.capil, tree.dpmptsp, kec}
    assert AuditEvent.objects.filter(action="obligations.letter_issue").count() == 1


def test_mail_merge_one_letter_per_perangkat_daerah_with_only_its_gaps(
    client, city, admin_pemda, operator_unit_a
):
    tree, kec = city
    client.force_login(admin_pemda)
    client.post(reverse("obligations:letter_issue"), {"kind": "merge", "periode": "2026"})
    letter = Letter.objects.get(kind="merge")
    numbers = sorted(letter.recipients.values_list("number", flat=True))
    assert numbers == ["061/1/Org", "061/2/Org", "061/3/Org", "061/4/Org"]  # one number per letter
    assert "061/1/Org – 061/4/Org" in client.get(reverse("obligations:letters")).content.decode()
    dinkes = letter.recipients.get(unit=tree.dinkes)
    names = {u["name"] for item in dinkes.content for u in item["units"]}
    assert names <= {"Dinas Kesehatan", "Puskesmas A", "Puskesmas B"} and "Disdukcapil" not in names
    text = pdf_text(
        client.get(reverse("obligations:letter_copy_pdf", args=[letter.pk, tree.dinkes.pk])).content
    )
    assert "Kepala Dinas Kesehatan" in text and "Disdukcapil" not in text
    whole = pdf_text(client.get(reverse("obligations:letter_pdf", args=[letter.pk])).content)
    assert whole.count("Hal : Pengingat pelaksanaan") == 4
    # each of the four letters is numbered from its own first page, not as pages of one 4-letter file
    assert whole.count("Halaman 1 dari") == 4
    # The operator of Puskesmas A sees in the unit's history that its dinas was reminded, but cannot open
    # the dinas' letter (it lists Puskesmas B's gaps too), nor the letter to Disdukcapil.
    client.force_login(operator_unit_a)
    page = client.get(reverse("obligations:unit", args=[tree.pkm_a.pk])).content.decode()
    assert dinkes.number in page
    assert reverse("obligations:letter_copy_pdf", args=[letter.pk, tree.dinkes.pk]) not in page
    assert (
        client.get(reverse("obligations:letter_copy_pdf", args=[letter.pk, tree.dinkes.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("obligations:letter_copy_pdf", args=[letter.pk, tree.capil.pk])).status_code == 404
    )
    assert client.get(reverse("obligations:letter_pdf", args=[letter.pk])).status_code == 404


def test_a_second_letter_in_the_same_month_asks_for_confirmation(client, city, admin_pemda):
    client.force_login(admin_pemda)
    url = reverse("obligations:letter_issue")
    client.post(url, {"kind": "summary", "periode": "2026"})
    again = client.post(url, {"kind": "summary", "periode": "2026"})
    assert again.status_code == 200 and "Terbitkan lagi bulan ini?" in again.content.decode()
    assert Letter.objects.count() == 1
    confirmed = client.post(url, {"kind": "summary", "periode": "2026", "confirm": "True"})
    assert confirmed.status_code == 302
    assert sorted(Letter.objects.values_list("number", flat=True)) == ["061/1/Org", "061/2/Org"]
    with time_machine.travel(datetime(2027, 2, 3, 9, tzinfo=WITA), tick=False):
        client.force_login(admin_pemda)
        assert client.post(url, {"kind": "summary", "periode": "2026"}).status_code == 302  # a new month


def test_only_admin_pemda_issues_and_a_get_writes_nothing(
    client, city, pimpinan, operator_unit_a, admin_pemda
):
    url = reverse("obligations:letter_issue")
    client.force_login(pimpinan)
    assert client.post(url, {"kind": "summary", "periode": "2026"}).status_code == 403
    assert client.get(reverse("obligations:letters")).status_code == 200  # pimpinan reads
    assert client.get(reverse("obligations:letter_preview"), {"periode": "2026"}).status_code == 403
    client.force_login(operator_unit_a)
    assert client.post(url, {"kind": "summary", "periode": "2026"}).status_code == 403
    assert client.get(reverse("obligations:letters")).status_code == 403
    client.force_login(admin_pemda)
    preview = client.get(reverse("obligations:letter_preview"), {"periode": "2026", "bentuk": "merge"})
    assert preview.status_code == 200 and "DRAF" in pdf_text(preview.content)
    assert not Letter.objects.exists() and not LetterRecipient.objects.exists()
    bad = client.post(url, {"kind": "zzz", "periode": "2026-Q9"}, follow=True)
    assert "Pilih bentuk surat" in bad.content.decode()


def test_settings_validate_the_number_pattern_and_placeholders(client, city, admin_pemda):
    tree, _kec = city
    client.force_login(admin_pemda)
    base = {
        "number_pattern": "800/{urut}/Org/{tahun}",
        "subject": "Pengingat",
        "body": "Untuk {periode} per {tanggal}, paling lambat {batas}.",
        "closing": "Terima kasih.",
        "follow_up_days": 7,
        "signer_title": "Sekretaris Daerah Kota Uji",
        "signer_name": "Dr. I Made Contoh",
        "signer_rank": "Pembina Utama Madya",
        "signer_nip": "19700101 199003 1 001",
        "copies_to": "Wali Kota Uji",
    }
    url = reverse("obligations:letter_settings")
    for field, value, message in (
        ("number_pattern", "800/Org", "harus memuat {urut}"),
        ("number_pattern", "{urut}/{nomor}", "Penanda tidak dikenal: {nomor}"),
        ("body", "Yth {siapa}", "Penanda tidak dikenal: {siapa}"),
        ("body", "kurung { tidak", "tidak berpasangan"),
    ):
        response = client.post(url, {**base, field: value})
        assert response.status_code == 400 and message in response.content.decode(), value
    assert client.post(url, base).status_code == 302
    client.post(reverse("obligations:letter_issue"), {"kind": "summary", "periode": "2026"})
    letter = Letter.objects.get()
    assert letter.number == "800/1/Org/2027"
    assert letter.body == "Untuk Tahun 2026 per 11 Januari 2027, paling lambat 18 Januari 2027."
    assert letter.signer["name"] == "Dr. I Made Contoh"


def test_a_letter_about_chosen_obligations_only(client, city, admin_pemda):
    tree, kec = city
    client.force_login(admin_pemda)
    page = client.get(
        reverse("obligations:letters"), {"periode": "2026", "kewajiban": ["fkp"], "bentuk": "merge"}
    )
    assert (
        page.status_code == 200 and "periode=2026&amp;bentuk=merge&amp;kewajiban=fkp" in page.content.decode()
    )
    client.post(
        reverse("obligations:letter_issue"), {"kind": "merge", "periode": "2026", "kewajiban": ["fkp"]}
    )
    letter = Letter.objects.get()
    assert {item["key"] for item in letter.content} == {"fkp"}
    preview = client.get(reverse("obligations:letter_preview"), {"periode": "2026", "kewajiban": "skm"})
    assert "Tidak ada kewajiban yang belum dipenuhi." in pdf_text(preview.content)  # no SKM gap in this city
    refused = client.post(
        reverse("obligations:letter_issue"),
        {"kind": "summary", "periode": "2026", "kewajiban": ["skm"]},
        follow=True,
    )
    assert "surat tidak diperlukan" in refused.content.decode() and Letter.objects.count() == 1
