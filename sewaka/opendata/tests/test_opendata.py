"""Open data (issue 19 item 1): each dataset's content against hand-built data (conftest.py), read back from
every format, the catalogue's JSON-LD and DCAT-style JSON, and HTTP caching."""

import csv
import dataclasses
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from sewaka.complaints.models import Complaint
from sewaka.innovations.models import Innovation
from sewaka.opendata.datasets import DATASETS
from sewaka.surveys.ikm import UNSUR_KEYS

from .conftest import SECRETS, WITA

SLUGS = sorted(DATASETS)


def rows_of(slug):
    table = DATASETS[slug].build()
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in table.rows]


def get(client, slug, fmt, **headers):
    return client.get(f"/data/{slug}.{fmt}", **headers)


def csv_rows(response):
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_skm_results_list_only_published_periods_with_hand_computed_figures(data):
    rows = rows_of("hasil-skm")
    assert len(rows) == 1
    row = rows[0]
    assert (row["kode_unit"], row["periode"], row["mulai"], row["selesai"]) == (
        "pkm-a",
        "Semester I 2026",
        date(2026, 1, 1),
        date(2026, 6, 30),
    )
    # answers 3, 3, 4 → NRR 10/3 per unsur → 25 × 10/3 = 83.33; mutu B (76.61–88.30); N=100 → 80 (Krejcie–Morgan)
    assert row["ikm"] == Decimal("83.33") and row["mutu"] == "B"
    assert all(row[f"nrr_{k}"] == Decimal("83.33") for k in UNSUR_KEYS)
    assert (row["responden"], row["target_sampel"]) == (3, 80)


def test_the_service_catalogue_shows_public_components_of_published_standards_only(data):
    rows = rows_of("layanan")
    assert [r["layanan"] for r in rows] == ["Pemeriksaan Umum – Lansia"]
    row = rows[0]
    assert "KTP-el asli" in row["persyaratan"] and "Ambil nomor antrean" in row["prosedur"]
    assert row["biaya"] == "Gratis" and row["produk"] == "Surat keterangan sehat"
    assert row["versi_standar"] == 1 and row["tanggal_keputusan"] == date(2026, 1, 5)
    assert "sarana" not in row  # internal (manufacturing) components are not published


def test_complaint_counts_from_one_to_four_are_suppressed_with_the_next_smallest_of_the_group(data):
    rows = {(r["kode_unit"], r["bulan"]): r for r in rows_of("statistik-pengaduan")}
    assert set(rows) == {("pkm-a", date(2026, 3, 1)), ("pkm-b", date(2026, 4, 1))}
    a = rows[("pkm-a", date(2026, 3, 1))]
    assert a["diterima"] == 8 and a["status_diterima"] == 8
    # WhatsApp 2 is suppressed; web 6 would then be 8 − 6 → suppressed too; zero stays zero
    assert a["saluran_whatsapp"] is None and a["saluran_web"] is None and a["saluran_phone"] == 0
    assert (a["dijawab"], a["dijawab_tepat_waktu"]) == (0, 0)
    assert a["catatan"]
    b = rows[("pkm-b", date(2026, 4, 1))]
    assert b["diterima"] is None and b["saluran_web"] is None and b["status_diterima"] is None
    assert b["saluran_email"] == 0


def test_a_group_of_counts_of_five_or_more_is_shown_whole(data):
    for n in range(3):
        Complaint.objects.create(
            code=f"ODX{n}",
            idempotency_key=f"odx-{n}",
            handling_unit=data.tree.pkm_a,
            channel="whatsapp",
            received_at=datetime(2026, 3, 20, 9, tzinfo=WITA),
            what_happened="x",
        )
    a = next(r for r in rows_of("statistik-pengaduan") if r["kode_unit"] == "pkm-a")
    assert (a["diterima"], a["saluran_web"], a["saluran_whatsapp"], a["catatan"]) == (11, 6, 5, "")


def test_forum_summaries_count_attendance_by_category_without_names(data):
    rows = rows_of("forum-konsultasi-publik")
    assert len(rows) == 1
    row = rows[0]
    assert (row["tanggal"], row["topik"], row["peserta_hadir"]) == (
        date(2026, 5, 4),
        "Waktu tunggu pelayanan lansia",
        3,
    )
    assert (row["peserta_pengguna_layanan"], row["peserta_akademisi"], row["peserta_media"]) == (2, 1, 0)
    assert row["kesepakatan"] == 2


def test_only_published_innovations_are_listed(data):
    rows = rows_of("inovasi")
    assert [(r["nama"], r["tahap"], r["mulai_diterapkan"]) for r in rows] == [
        ("Antrean Daring Lansia", "Implementasi", date(2025, 2, 1))
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_no_personal_data_or_free_text_ever_appears_in_any_file(client, data, fmt):
    secrets = [
        *SECRETS,
        "Peserta Rahasia",
        "Tambah kursi tunggu",
        "Periode Belum Terbit",
        "Inovasi Tersembunyi",
        "Ruang tunggu rahasia internal",
        "Belum terbit",
    ]
    for slug in SLUGS:
        response = get(client, slug, fmt)
        assert response.status_code == 200
        if fmt == "xlsx":
            wb = load_workbook(io.BytesIO(response.content))
            text = "\n".join(
                str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
            )
        else:
            text = response.content.decode("utf-8")
        for secret in secrets:
            assert secret not in text, (slug, fmt, secret)


def test_csv_is_rfc4180_utf8_without_bom_with_iso_dates_and_dot_decimals(client, data):
    response = get(client, "hasil-skm", "csv")
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.content and b"\n" not in response.content.replace(b"\r\n", b"")
    (row,) = csv_rows(response)
    assert row["ikm"] == "83.33" and row["mulai"] == "2026-01-01" and row["responden"] == "3"
    assert row["target_sampel"] == "80"
    services = csv_rows(get(client, "layanan", "csv"))
    assert services[0]["layanan"] == "Pemeriksaan Umum – Lansia"
    stats = {r["kode_unit"]: r for r in csv_rows(get(client, "statistik-pengaduan", "csv"))}
    assert stats["pkm-b"]["diterima"] == "" and stats["pkm-a"]["diterima"] == "8"


def test_xlsx_has_typed_cells_indonesian_headers_and_a_keterangan_sheet(client, data):
    response = get(client, "hasil-skm", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Data", "Keterangan"]
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Kode unit", "Nama unit", "Periode"]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert isinstance(row["IKM"], float | int | Decimal) and abs(float(row["IKM"]) - 83.33) < 1e-9
    assert isinstance(row["Mulai"], datetime) and row["Mulai"].date() == date(2026, 1, 1)
    assert row["Responden"] == 3 and row["Target sampel"] == 80
    notes = "\n".join(str(c.value) for r in wb["Keterangan"].iter_rows() for c in r if c.value)
    assert "CC BY 4.0" in notes and "Indeks Kepuasan Masyarakat" in notes
    services = load_workbook(io.BytesIO(get(client, "layanan", "xlsx").content))["Data"]
    assert services.cell(row=2, column=3).value == "Pemeriksaan Umum – Lansia"


def test_xlsx_keeps_a_formula_looking_text_as_text(client, data):
    Innovation.objects.filter(slug="antrean-daring").update(name='=HYPERLINK("http://x","klik")')
    ws = load_workbook(io.BytesIO(get(client, "inovasi", "xlsx").content))["Data"]
    cell = ws.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_json_has_metadata_columns_and_rows_with_numbers(client, data):
    body = json.loads(get(client, "hasil-skm", "json").content)
    assert body["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert body["publisher"] and body["temporal"] == "2026-01-01/2026-06-30"
    assert {c["key"] for c in body["columns"]} >= {"ikm", "mutu", "responden", "target_sampel"}
    (row,) = body["rows"]
    assert row["ikm"] == 83.33 and row["responden"] == 3 and row["mulai"] == "2026-01-01"
    stats = json.loads(get(client, "statistik-pengaduan", "json").content)
    assert next(r for r in stats["rows"] if r["kode_unit"] == "pkm-b")["diterima"] is None


def test_the_catalogue_page_needs_no_login_and_carries_schema_org_dataset_json_ld(client, data):
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pemerintah Kota Uji" in page and "CC BY 4.0" in page  # the pemda (root unit) publishes
    blocks = [
        json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    assert len(blocks) == len(DATASETS)
    by_id = {b["identifier"]: b for b in blocks}
    for slug, block in by_id.items():
        assert block["@context"] == "https://schema.org" and block["@type"] == "Dataset"
        assert block["name"] and block["description"] and block["inLanguage"] == "id"
        assert block["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert block["publisher"]["name"] == "Pemerintah Kota Uji" and block["creator"]["name"]
        formats = {d["encodingFormat"]: d["contentUrl"] for d in block["distribution"]}
        assert formats["text/csv"] == f"http://testserver/data/{slug}.csv"
        assert formats["application/json"] == f"http://testserver/data/{slug}.json"
        assert formats["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"].endswith(".xlsx")
    assert by_id["hasil-skm"]["temporalCoverage"] == "2026-01-01/2026-06-30"
    assert by_id["forum-konsultasi-publik"]["temporalCoverage"] == "2026-05-04/2026-05-04"
    assert by_id["hasil-skm"]["dateModified"]


def test_the_public_footer_links_the_catalogue(client, data):
    assert 'href="/data/"' in client.get("/layanan/").content.decode()


def test_catalog_json_is_dcat_shaped(client, data):
    body = json.loads(client.get("/data/catalog.json").content)
    assert body["@type"] == "dcat:Catalog" and body["title"] and body["publisher"]["name"]
    assert [d["identifier"] for d in body["dataset"]] == list(DATASETS)
    for d in body["dataset"]:
        assert d["title"] and d["description"] and d["license"] and d["accrualPeriodicity"].startswith("P")
        assert {x["format"] for x in d["distribution"]} == {"CSV", "XLSX", "JSON"}
        assert all(x["downloadURL"].startswith("http://testserver/data/") for x in d["distribution"])


def test_downloads_carry_validators_and_answer_304_to_a_conditional_get(client, data):
    first = get(client, "hasil-skm", "csv")
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag) and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert get(client, "hasil-skm", "csv")["ETag"] == etag
    again = get(client, "hasil-skm", "csv", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    other = get(client, "hasil-skm", "csv", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    since = get(client, "hasil-skm", "json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.parametrize(
    "url", ["/data/tidak-ada.csv", "/data/hasil-skm.pdf", "/data/hasil-skm.CSV", "/data/hasil-skm"]
)
def test_an_unknown_dataset_or_format_is_404(client, db, url):
    assert client.get(url).status_code == 404


def test_a_post_is_refused(client, db):
    assert client.post("/data/hasil-skm.csv").status_code == 405


def _queries(client, slug):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, slug, "json").status_code == 200
    return len(ctx)


def test_each_dataset_costs_a_constant_number_of_queries(client, data):
    before = {slug: _queries(client, slug) for slug in SLUGS}
    from sewaka.consultations.models import Agreement, Forum, Participant
    from sewaka.standards.models import ServiceStandard
    from sewaka.surveys.tests.factories import make_period, make_response, make_service

    from .conftest import _complaint  # more of everything

    tree = data.tree
    for i in range(3):
        service = make_service(tree.pkm_b, f"Layanan {i}")
        ServiceStandard.objects.create(
            service=service, version=1, status="published", produk="x", published_at=timezone.now()
        )
        period = make_period(
            tree.pkm_b, name=f"P{i}", services={service: 50}, open_=False, published_at=timezone.now()
        )
        make_response(period)
        _complaint(200 + i, tree.capil, "email", datetime(2026, 6 + i, 3, 9, tzinfo=WITA))
        forum = Forum.objects.create(
            unit=tree.capil,
            topic=f"F{i}",
            purpose="evaluasi",
            method="fgd",
            date=date(2026, 7, 1 + i),
            place="A",
            status="held",
        )
        Participant.objects.create(forum=forum, name="Nama", category="media", attended=True)
        Agreement.objects.create(forum=forum, text="x")
        Innovation.objects.create(
            pemda=tree.pemda,
            unit=tree.capil,
            name=f"I{i}",
            slug=f"i-{i}",
            published=True,
            published_at=timezone.now(),
        )
    after = {slug: _queries(client, slug) for slug in SLUGS}
    assert after == before
    assert all(len(DATASETS[s].build().rows) > 1 for s in SLUGS)


def test_a_cached_file_is_served_without_rebuilding(client, data, monkeypatch):
    first = get(client, "hasil-skm", "csv")

    def boom():
        raise AssertionError("rebuilt")

    monkeypatch.setitem(DATASETS, "hasil-skm", dataclasses.replace(DATASETS["hasil-skm"], builder=boom))
    again = get(client, "hasil-skm", "csv")
    assert again.status_code == 200 and again.content == first.content
