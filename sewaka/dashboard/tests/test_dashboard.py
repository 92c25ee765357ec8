"""The leadership dashboard: figures against hand-derived values, access, the empty city, the PDF.

The small tree (core/tests/personas.py) frozen at Monday 16 March 2026 12:00 WITA (Triwulan I 2026):

- SKM, Triwulan I 2026: Puskesmas A, 3 respondents answering 4 to every unsur (IKM 100,00); Puskesmas B, 1
  respondent answering 2 (IKM 50,00). Pooled: every unsur (3·4 + 2)/4 = 3,5 → IKM 3,5 × 25 = 87,50 (mutu B);
  mean of the units (100 + 50)/2 = 75,00 (mutu C). Triwulan IV 2025: Puskesmas A, 1 respondent answering 3
  (IKM 75,00) → city 75,00; Puskesmas A rose by 25,00. Puskesmas B (50,00) is in mutu D.
- Complaints (as complaints/tests/test_facts.py derives them): Puskesmas A received 3 in 2026 (one answered
  in time, one answered after a late verification, one unanswered whose first answer was due Monday 9 March
  → 5 working days late now) and an open 2025 case also overdue; Puskesmas B one fresh case. City: received
  4, answered 2, answered within deadline 1, overdue now 2.
- Follow-ups of Puskesmas A recorded directly: two due before today (overdue), one due later: open 3,
  overdue 2.
- Obligations: the Maklumat rule applies to the units with an active service (the two puskesmas); neither
  has one → met 0 of 2 due (0 %).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from sewaka.complaints.tests.factories import at, case
from sewaka.dashboard import selectors
from sewaka.followups.services import followup_create
from sewaka.obligations import services as obligations
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member, make_unit
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.tests.factories import make_period, make_response, make_service


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        yield


def answers(value):
    return dict.fromkeys(UNSUR_KEYS, value)


@pytest.fixture
def city(tree):
    obligations.obligations_install_defaults(actor=None, pemda=tree.pemda)
    a, b = tree.pkm_a, tree.pkm_b
    sa, sb = make_service(a), make_service(b)
    q1a = make_period(
        a, name="Triwulan I 2026", services={sa: 100}, start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    q1b = make_period(
        b, name="Triwulan I 2026", services={sb: 100}, start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    q4a = make_period(
        a,
        name="Triwulan IV 2025",
        services={sa: 100},
        open_=False,
        start=date(2025, 10, 1),
        end=date(2025, 12, 31),
    )
    for _ in range(3):
        make_response(q1a, answers(4), service=sa)
    make_response(q1b, answers(2), service=sb)
    make_response(q4a, answers(3), service=sa)
    case(
        a,
        "dijawab",
        verified_at=at(2026, 3, 3, 9),
        first_answer_at=at(2026, 3, 5, 9),
        answered_at=at(2026, 3, 5, 9),
    )
    case(
        a,
        "selesai",
        channel="whatsapp",
        verified_at=at(2026, 3, 6, 9),
        first_answer_at=at(2026, 3, 6, 10),
        answered_at=at(2026, 3, 6, 10),
        closed_at=at(2026, 3, 10, 9),
    )
    case(a, "didisposisikan", verified_at=at(2026, 3, 3, 9))
    case(a, "diverifikasi", received=at(2025, 12, 1, 10), verified_at=at(2025, 12, 2, 9))
    case(b, "diterima", received=at(2026, 3, 16, 8))
    for days in (-3, -1, 10):
        followup_create(
            source=a,
            unit=a,
            title="Perbaiki papan alur",
            owner=None,
            due=date(2026, 3, 16) + timedelta(days=days),
            actor=None,
        )
    return tree


def test_city_figures_equal_the_hand_derived_values(city, pimpinan):
    d = selectors.dashboard(user=pimpinan, root=city.pemda)
    assert d.current.period.label == "Triwulan I 2026"
    assert str(d.current.pooled.value) == "87.50" and d.current.pooled.mutu == "B"
    assert d.current.pooled.respondents == 4 and d.current.units == 2
    assert str(d.current.mean) == "75.00" and d.current.mean_mutu == "C"
    assert d.previous.period.label == "Triwulan IV 2025"
    assert str(d.previous.pooled.value) == "75.00"
    assert [(u.pk, str(delta)) for u, _b, _n, delta in d.risers] == [(city.pkm_a.pk, "25.00")]
    assert d.fallers == []
    assert [(u.pk, v.mutu) for u, v in d.weak_units] == [(city.pkm_b.pk, "D")]
    assert [str(c.pooled.value) for c in d.trend[-2:]] == ["75.00", "87.50"]
    # Complaints.
    c = d.complaints
    assert (c["received"], c["answered"], c["in_time"], c["overdue"]) == (4, 2, 1, 2)
    assert sorted(case.days_late for case, _u in c["overdue_cases"])[0] == 5
    assert (
        dict(c["by_channel"]) == {"Situs web": 3, "WhatsApp": 1} or sum(n for _l, n in c["by_channel"]) == 4
    )
    # Follow-ups.
    assert (d.followups["open"], d.followups["overdue"]) == (3, 2)
    # Obligations: the Maklumat rule.
    maklumat = next(r for r in d.compliance if r["rule"].key == "maklumat")
    assert (maklumat["met"], maklumat["due"], maklumat["percent"]) == (0, 2, 0)
    # The heat table: Dinas Kesehatan rolls up its puskesmas; it is the worst row.
    dinkes = d.heat[0]
    assert dinkes.unit == city.dinkes and dinkes.units == 3
    ikm_cell, mutu_cell, _ob, complaints_cell, followups_cell, _st = dinkes.cells
    assert ikm_cell.text == "87,50" and mutu_cell.text.startswith("B")
    assert complaints_cell.text == "2" and followups_cell.text == "2"
    assert ikm_cell.url.startswith(reverse("surveys:ranking"))  # two periods: the ranking of the quarter


def test_the_page_shows_the_city_ikm_and_links_every_heat_cell(client, city, pimpinan, admin_pemda):
    from sewaka.assessments import services as assessments

    assessments.official_result_record(
        actor=admin_pemda, unit=city.pkm_a, scheme="ombudsman", year=2025, score=80, category="B"
    )
    client.force_login(pimpinan)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "87,50" in html and "75,00" in html
    assert "Dinas Kesehatan" in html and f"?unit={city.dinkes.pk}" in html
    assert "2025: 80,00 · B" in html  # the official result, without empty parts
    # A semester view: both Q1 periods fall in Semester I 2026.
    assert "Semester I 2026" in client.get(reverse("dashboard:index"), {"per": "semester"}).content.decode()


def test_access(client, city, pimpinan, admin_pemda, operator_unit_b, tim_monev):
    url = reverse("dashboard:index")
    assert client.get(url).status_code == 302  # login first
    for user in (pimpinan, admin_pemda):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert client.get(url, {"unit": city.dinkes.pk}).status_code == 200
    head = make_member(city.dinkes, Role.PIMPINAN, "kadinkes")
    client.force_login(head)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["d"].root == city.dinkes
    assert {r.unit for r in response.context["d"].heat} == {city.dinkes, city.pkm_a, city.pkm_b}
    assert client.get(url, {"unit": city.capil.pk}).status_code == 404  # outside their subtree
    assert client.get(reverse("dashboard:pdf"), {"unit": city.capil.pk}).status_code == 404
    for user in (operator_unit_b, tim_monev):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("dashboard:pdf")).status_code == 403
    client.force_login(pimpinan)
    assert client.get(url, {"unit": "x"}).status_code == 200  # a bad number is ignored, never a 500
    assert client.get(url, {"unit": "99999999999"}).status_code == 404
    assert client.get(url, {"per": "dekade"}).context["d"].grain == "triwulan"


def test_an_empty_city_still_renders(client, db):
    pemda = make_unit(code="kota-kosong", name="Pemerintah Kota Kosong")
    make_unit(pemda, name="Dinas Sepi")
    user = make_member(pemda, Role.PIMPINAN, "pimpinan-kosong")
    client.force_login(user)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Belum ada data survei" in html and "Belum ada pengaduan" in html
    assert client.get(reverse("dashboard:pdf")).status_code == 200


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")
def test_the_pdf_holds_the_city_ikm_on_one_page(client, city, pimpinan, tmp_path):
    client.force_login(pimpinan)
    response = client.get(reverse("dashboard:pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "87,50" in text and "Triwulan I 2026" in text
    assert re.search(r"Inovasi \d{4}", text) and re.search(r"Terdaftar\s+0\s", text)  # the innovations block
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)


def test_the_readiness_forecast_is_its_own_request_and_says_it_is_a_forecast(
    client, city, pimpinan, operator_unit_b
):
    client.force_login(pimpinan)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:forecast") in page  # loaded by htmx, with a plain link beside it
    response = client.get(reverse("dashboard:forecast"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "bukan hasil resmi" in html and "zona merah" in html
    f = response.context["f"]
    assert f["total"] == 7  # every unit of the tree but the pemda
    assert f["total"] >= f["merah"] + f["kuning"] + f["hijau"]
    client.force_login(operator_unit_b)
    assert client.get(reverse("dashboard:forecast")).status_code == 403


def test_the_heat_table_shows_the_worst_rows_first_and_all_on_request(client, city, pimpinan, monkeypatch):
    from sewaka.dashboard import views

    monkeypatch.setattr(views, "HEAT_ROWS", 1)
    client.force_login(pimpinan)
    page = client.get(reverse("dashboard:index"))
    assert [r.unit for r in page.context["heat"]] == [city.dinkes]  # the worst row
    assert "Tampilkan semua" in page.content.decode()
    everything = client.get(reverse("dashboard:index"), {"semua": "1"})
    assert len(everything.context["heat"]) == 3  # Dinas Kesehatan, Disdukcapil, DPMPTSP


def test_a_period_left_out_of_the_ranking_is_not_counted_twice(city, pimpinan):
    """A period confirmed over the dates of an already counted one (in_ranking=False) stays out of the city
    IKM, as out of the city ranking: the pooled IKM stays 87,50 and Puskesmas B's own IKM 50,00."""
    again = make_period(
        city.pkm_b,
        name="Triwulan I 2026 (ulang)",
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        in_ranking=False,
    )
    make_response(again, answers(4))
    d = selectors.dashboard(user=pimpinan, root=city.pemda)
    assert str(d.current.pooled.value) == "87.50" and d.current.pooled.respondents == 4
    assert str(d.current.by_unit[city.pkm_b.pk].value) == "50.00"
