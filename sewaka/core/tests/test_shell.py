from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from sewaka.core.audit import audit
from sewaka.core.models import AuditEvent
from sewaka.core.templatetags.fmt import angka, rupiah, tanggal, waktu
from sewaka.organisations.models import Unit


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("87.275"), 2, "87,28"),
        (Decimal("87.2749"), 2, "87,27"),
        (100, 2, "100,00"),
        (1234567, 0, "1.234.567"),
        (Decimal("-1234.5"), 1, "-1.234,5"),
        (None, 2, "–"),
    ],
)
def test_it_formats_numbers_the_indonesian_way(value, places, expected):
    assert angka(value, places) == expected


def test_it_formats_money_and_dates():
    assert rupiah(15000) == "Rp 15.000"
    assert tanggal(date(2026, 11, 24)) == "24 November 2026"
    utc = datetime(2026, 11, 24, 6, 5, tzinfo=ZoneInfo("UTC"))
    assert waktu(utc) == "24 November 2026 14.05"  # shown in WITA


def test_it_reports_health(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_nul_bytes_with_an_indonesian_400(client, db):
    response = client.get("/akun/login/?next=%00")
    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.content.decode()


def test_it_shows_an_indonesian_404(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_it_renders_the_500_page_in_indonesian(client, db, settings):
    from sewaka.home.views import error_500

    response = error_500(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Terjadi gangguan" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["admin_pemda", "operator_unit_a", "pimpinan", "tim_monev", "pengelola_pengaduan"]
)
def test_it_shows_a_beranda_for_each_role(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    body = client.get(reverse("home:home")).content.decode()
    assert "Selamat datang" in body
    manage_link = reverse("accounts:user_list") in body
    audit_link = reverse("home:audit_list") in body
    assert manage_link is (persona == "admin_pemda")
    assert audit_link is (persona in ("admin_pemda", "tim_monev"))


def test_it_switches_only_to_the_users_own_units(client, tree, operator_unit_a):
    from sewaka.organisations.services import membership_grant

    membership_grant(actor=None, user=operator_unit_a, unit=tree.capil, role="operator")
    client.force_login(operator_unit_a)
    client.post(reverse("home:switch_unit"), {"unit": tree.capil.pk, "next": "/beranda/"})
    assert "Disdukcapil" in client.get(reverse("home:home")).content.decode()
    response = client.post(reverse("home:switch_unit"), {"unit": tree.pkm_b.pk, "next": "https://evil.test/"})
    assert response["Location"] == reverse("home:home")  # "/" is the public front door
    assert "Puskesmas B" not in client.get(reverse("home:home")).content.decode()


def test_it_keeps_audit_events_append_only(db, tree):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


def test_it_redacts_personal_fields_in_the_audit_trail(db, tree):
    event = audit(
        actor=None,
        action="response.submit",
        object_type="surveys.response",
        object_id=1,
        unit=tree.pkm_a,
        changes={"reporter_name": "Made Rahasia", "nik": "5171000000000001", "body": "Antrean lama"},
    )
    event.refresh_from_db()
    assert "Made Rahasia" not in str(event.changes)
    assert "5171000000000001" not in str(event.changes)
    assert event.changes["body"] == "Antrean lama"


def test_it_filters_the_audit_page_for_admin_and_monev_only(
    client, tree, admin_pemda, tim_monev, operator_unit_a
):
    url = reverse("home:audit_list")
    client.force_login(operator_unit_a)
    assert client.get(url).status_code == 403
    client.force_login(tim_monev)
    body = client.get(url, {"unit": tree.pkm_a.pk}).content.decode()
    assert "unit.create" in body
    assert "Puskesmas A" in body
    assert "Disdukcapil" not in body.split("<tbody>")[1]
    assert client.get(url, {"date_from": "2026-12-01", "date_to": "2026-11-01"}).status_code == 200
    assert client.get(url, {"date_from": "bukan-tanggal"}).status_code == 200


def test_it_loads_the_demo_twice_without_duplicates(db, settings):
    settings.SEWAKA_DEMO_USERS = True
    call_command("seeddemo", verbosity=0)
    count = Unit.objects.count()
    events = AuditEvent.objects.count()
    call_command("seeddemo", verbosity=0)
    assert Unit.objects.count() == count
    assert AuditEvent.objects.count() == events
    assert Unit.objects.filter(kind__in=["kelurahan", "desa"]).count() == 43
    assert Unit.objects.filter(kind="kecamatan").count() == 4
    assert Unit.objects.filter(kind="perangkat_daerah").count() >= 30
    # Every demo answer is in its period's tallies (bulk-created rows included): what `rebuildtallies
    # --check` says on the demo.
    from sewaka.surveys import tallies
    from sewaka.surveys.models import SurveyPeriod

    assert tallies.check_all(SurveyPeriod.objects.values_list("pk", flat=True)) == []


def test_it_creates_no_demo_logins_without_debug(db, settings):
    from django.contrib.auth import get_user_model

    from sewaka.demo.denpasar import DEMO_USERS

    settings.SEWAKA_DEMO_USERS = False
    call_command("seeddemo", verbosity=0)
    users = get_user_model().objects.all()
    assert not users.filter(username__in=[u[0] for u in DEMO_USERS]).exists()
    assert not any(user.has_usable_password() for user in users)  # nobody can log in with a demo password


def test_it_speaks_indonesian_to_an_english_browser_until_english_is_chosen(client, db):
    page = client.get("/akun/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk ke Sewaka" in page.content.decode()
    client.post("/bahasa/", {"language": "en", "next": "/akun/login/"})
    assert "Masuk ke Sewaka" not in client.get("/akun/login/").content.decode()
