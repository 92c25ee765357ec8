"""The public innovation gallery: no login, published only, filters, search, pagination, JSON-LD, photos
public but SK private, no JavaScript, a constant number of queries."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sewaka.core.tests.nojs import forms_of, submit
from sewaka.innovations import gallery, services
from sewaka.innovations.models import FileKind
from sewaka.organisations.models import UnitKind
from sewaka.organisations.services import service_create
from sewaka.organisations.tests.factories import make_unit

from .conftest import pdf, png

GALLERY = "/inovasi/"


def publish(admin, innovation):
    return services.innovation_publish(actor=admin, innovation=innovation)


def make(actor, unit, name, **fields):
    fields.setdefault("problem", "Warga menunggu lama.")
    fields.setdefault("how_it_works", "Daftar daring\nDatang sesuai jadwal")
    return services.innovation_create(actor=actor, unit=unit, name=name, **fields)


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def world(tree, admin_pemda, innovation):
    """Si-Antre (Puskesmas A, started 2023, SDG 3 and 10, KIPP Top 99 2023, photo and SK) published; a
    Disdukcapil innovation published (2024, SDG 16); a third never published."""
    services.award_record(
        actor=admin_pemda, innovation=innovation, year=2023, award_code="top99", scheme_name="KIPP"
    )
    services.innovation_file_add(
        actor=admin_pemda, innovation=innovation, kind=FileKind.PHOTO, uploaded=png(), caption="Loket antrean"
    )
    services.innovation_file_add(actor=admin_pemda, innovation=innovation, kind=FileKind.SK, uploaded=pdf())
    publish(admin_pemda, innovation)
    capil = make(admin_pemda, tree.capil, "KTP-el Sehari Jadi", started_on=date(2024, 5, 1), sdg_targets=[16])
    publish(admin_pemda, capil)
    hidden = make(admin_pemda, tree.pkm_b, "Inovasi Rahasia Belum Tampil", started_on=date(2024, 1, 1))
    return {"siantre": innovation, "capil": capil, "hidden": hidden}


def names(response) -> list[str]:
    return [c.innovation.name for c in response.context["g"].cards]


def test_the_gallery_needs_no_login_and_shows_published_only(client, world):
    response = client.get(GALLERY)
    assert response.status_code == 200
    assert names(response) == ["Antrean Daring Puskesmas", "KTP-el Sehari Jadi"]
    html = response.content.decode()
    assert "Inovasi Rahasia Belum Tampil" not in html
    assert "KIPP: Top 99 2023" in html
    assert "Puskesmas A" in html and "Antrean panjang sejak subuh." in html
    assert 'alt="Loket antrean"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "pkm-a"}, ["Antrean Daring Puskesmas"]),
        ({"unit": "capil"}, ["KTP-el Sehari Jadi"]),
        ({"tahun": "2023"}, ["Antrean Daring Puskesmas"]),
        ({"tahun": "2024"}, ["KTP-el Sehari Jadi"]),
        ({"sdg": "16"}, ["KTP-el Sehari Jadi"]),
        ({"sdg": "3"}, ["Antrean Daring Puskesmas"]),
        ({"sdg": "5"}, []),
        ({"penghargaan": "top99"}, ["Antrean Daring Puskesmas"]),
        ({"penghargaan": "ada"}, ["Antrean Daring Puskesmas"]),
        ({"penghargaan": "top45"}, []),
        ({"q": "si antre"}, ["Antrean Daring Puskesmas"]),  # the short name, written apart
        ({"q": "ktpel"}, ["KTP-el Sehari Jadi"]),  # hyphen and case forgiven
        ({"q": "disdukcapil"}, ["KTP-el Sehari Jadi"]),  # the unit's name
        ({"q": "rahasia"}, []),  # unpublished never found
        ({"unit": "pkm-b"}, []),
        ({"tahun": "abc", "sdg": "99"}, ["Antrean Daring Puskesmas", "KTP-el Sehari Jadi"]),  # bad = none
    ],
)
def test_filters_and_search(client, world, params, expected):
    response = client.get(GALLERY, params)
    assert response.status_code == 200
    assert names(response) == expected


def test_filter_choices_come_from_published_innovations(client, world):
    g = client.get(GALLERY).context["g"]
    assert [code for code, _n in g.units] == ["capil", "pkm-a"]
    assert g.years == [2024, 2023]
    assert [n for n, _name in g.sdgs] == [3, 10, 16]
    assert [code for code, _l in g.awards] == ["top99"]


def test_a_partner_unit_finds_the_innovation(client, world, admin_pemda, tree):
    services.innovation_update(actor=admin_pemda, innovation=world["capil"], partner_units=[tree.dpmptsp])
    assert names(client.get(GALLERY, {"unit": "dpmptsp"})) == ["KTP-el Sehari Jadi"]


def test_pagination_keeps_the_filters(client, tree, admin_pemda):
    for n in range(gallery.PER_PAGE + 3):
        publish(admin_pemda, make(admin_pemda, tree.pkm_a, f"Inovasi {n:02d}", started_on=date(2022, 1, 1)))
    make(admin_pemda, tree.pkm_a, "Inovasi tahun lain", started_on=date(2021, 1, 1))
    first = client.get(GALLERY, {"tahun": "2022"})
    assert len(names(first)) == gallery.PER_PAGE
    assert "tahun=2022&amp;hal=2" in first.content.decode()
    second = client.get(GALLERY, {"tahun": "2022", "hal": "2"})
    assert names(second) == [f"Inovasi {n:02d}" for n in range(gallery.PER_PAGE, gallery.PER_PAGE + 3)]
    # A page past the end shows the last page, never an error.
    assert names(client.get(GALLERY, {"tahun": "2022", "hal": "99"})) == names(second)


def test_the_detail_page(client, world, admin_pemda, tree):
    siantre = world["siantre"]
    copy = make(admin_pemda, tree.pkm_b, "Si-Antre Puskesmas B", replicated_from=siantre)
    publish(admin_pemda, copy)
    hidden_copy = make(admin_pemda, tree.capil, "Replikasi belum tampil", replicated_from=siantre)
    response = client.get(f"/inovasi/{siantre.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Antrean Daring Puskesmas" in html
    assert "Direplikasi oleh" in html and "Si-Antre Puskesmas B" in html
    assert hidden_copy.name not in html
    assert "Daftar lewat WhatsApp" in html  # how it works, step by step
    assert "Top 99" in html
    # The service's name is shown; it links to the public page only with a published standard.
    assert "Pemeriksaan umum" in html
    assert "/layanan/pkm-a/pemeriksaan-umum/" not in html
    # The evidence of impact (innovations.impact) for its start date and services; no data → said so.
    assert "Bukti dampak dari data Sewaka" in html and "belum ada data" in html
    back = client.get(f"/inovasi/{copy.slug}/").content.decode()
    assert "Replikasi dari" in back and f'href="/inovasi/{siantre.slug}/"' in back


def test_detail_json_ld_is_a_creative_work(client, world):
    siantre = world["siantre"]
    data = json_ld(client.get(f"/inovasi/{siantre.slug}/").content.decode())
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Antrean Daring Puskesmas"
    assert data["creator"] == {"@type": "GovernmentOrganization", "name": "Puskesmas A"}
    assert data["award"] == ["KIPP: Top 99 2023"]
    assert data["about"][0]["@type"] == "GovernmentService"
    assert len(data["image"]) == 1
    listing = json_ld(client.get(GALLERY).content.decode())
    assert listing["@type"] == "ItemList"
    assert [i["name"] for i in listing["itemListElement"]] == [
        "Antrean Daring Puskesmas",
        "KTP-el Sehari Jadi",
    ]


def test_json_ld_cannot_close_its_script(client, tree, admin_pemda):
    evil = make(admin_pemda, tree.pkm_a, "Inovasi </script><script>alert(1)</script>")
    publish(admin_pemda, evil)
    html = client.get(f"/inovasi/{evil.slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"].startswith("Inovasi </script>")


def test_unpublished_or_unknown_is_404(client, world, admin_pemda):
    assert client.get(f"/inovasi/{world['hidden'].slug}/").status_code == 404
    assert client.get("/inovasi/tidak-ada/").status_code == 404
    services.innovation_publish(actor=admin_pemda, innovation=world["capil"], published=False)
    assert client.get(f"/inovasi/{world['capil'].slug}/").status_code == 404
    assert "KTP-el Sehari Jadi" not in client.get(GALLERY).content.decode()


def test_photos_are_public_but_the_sk_is_not(client, world, admin_pemda):
    from sewaka.innovations.selectors import files_of

    siantre = world["siantre"]
    files = files_of(siantre)
    photo, sk = files[FileKind.PHOTO][0].attachment, files[FileKind.SK][0].attachment
    url = f"/inovasi/{siantre.slug}/foto/{photo.pk}/"
    assert url in client.get(f"/inovasi/{siantre.slug}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=300"
    # The SK through the photo route, or the photo under another innovation: 404.
    assert client.get(f"/inovasi/{siantre.slug}/foto/{sk.pk}/").status_code == 404
    assert client.get(f"/inovasi/{world['capil'].slug}/foto/{photo.pk}/").status_code == 404
    assert str(sk.pk) not in client.get(f"/inovasi/{siantre.slug}/").content.decode()
    services.innovation_publish(actor=admin_pemda, innovation=siantre, published=False)
    assert client.get(url).status_code == 404


def test_the_search_form_works_without_javascript(client, world):
    page = client.get(GALLERY)
    form = forms_of(page.content.decode())[0]
    assert form.method == "get" and {"q", "unit", "tahun", "sdg", "penghargaan"} <= form.names
    response = submit(client, GALLERY, page, q="ktp el", tahun="2024")
    assert names(response) == ["KTP-el Sehari Jadi"]
    assert "<script" not in response.content.decode().split("</head>")[1]  # nothing needs a script


def test_the_front_door_and_footer_link_the_gallery(client, db):
    html = client.get(reverse("home:index")).content.decode()
    assert html.count(f'href="{GALLERY}"') >= 2


def _queries(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_a_constant_number_of_queries(client, tree, admin_pemda):
    """The list and the detail page cost the same with 2 and with 6 published innovations, each with a
    photo, an award, a partner unit and a replication."""

    def add(n):
        for _ in range(n):
            unit = make_unit(tree.dinkes, UnitKind.PUSKESMAS, name=f"Puskesmas G{add.k}")
            add.k += 1
            service = service_create(actor=None, unit=unit, name="Imunisasi")
            i = make(
                admin_pemda,
                unit,
                f"Inovasi G{add.k}",
                services=[service],
                partner_units=[tree.capil],
                started_on=date(2023, 3, 1),
                sdg_targets=[3],
            )
            services.award_record(
                actor=admin_pemda, innovation=i, year=2024, award_code="top45", scheme_name="KIPP"
            )
            services.innovation_file_add(actor=admin_pemda, innovation=i, kind=FileKind.PHOTO, uploaded=png())
            publish(admin_pemda, i)
            copy = make(admin_pemda, tree.pkm_b, f"Replikasi G{add.k}", replicated_from=i)
            publish(admin_pemda, copy)
            add.last = i

    add.k = 0
    add(2)
    small = _queries(client, GALLERY), _queries(client, f"/inovasi/{add.last.slug}/")
    add(4)
    large = _queries(client, GALLERY), _queries(client, f"/inovasi/{add.last.slug}/")
    assert small == large
    assert small[0] <= 10


def test_the_public_unit_page_lists_its_published_innovations(client, world, tree):
    html = client.get(f"/layanan/{tree.pkm_a.code}/").content.decode()
    assert f'href="/inovasi/{world["siantre"].slug}/"' in html and "KIPP: Top 99 2023" in html
    assert "Inovasi Rahasia Belum Tampil" not in client.get(f"/layanan/{tree.pkm_b.code}/").content.decode()
