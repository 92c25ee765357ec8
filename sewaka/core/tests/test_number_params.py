"""Issue 14 item 10: numbers from a request are parsed by one helper; "²" (isdigit() but not int()) and
friends give a clear answer, never a 500."""

import uuid

import pytest
from django.urls import reverse

from sewaka.core.http import int_param, parse_int

BAD = ["²", "٣", "-", "", " ", "1e3", "abc", "../", "99999999999999999999", "1.5", "0x10", "１２"]


@pytest.mark.parametrize("raw", BAD)
def test_bad_numbers_give_the_default(raw):
    assert parse_int(raw, 7) == 7
    assert int_param({"n": raw}, "n") is None


def test_good_numbers_and_bounds():
    assert parse_int("2026") == 2026
    assert parse_int(" 12 ") == 12
    assert parse_int("-1") == -1
    assert parse_int("-1", 5, min_value=1) == 5
    assert parse_int("2101", 2026, min_value=2000, max_value=2100) == 2026
    assert parse_int("999999999999999999") == 999999999999999999  # 18 digits fit a 64-bit column
    assert int_param({}, "tahun", 2026) == 2026


def test_the_calendar_year_and_remove(client, admin_pemda):
    client.force_login(admin_pemda)
    url = reverse("home:calendar")
    assert client.get(url, {"tahun": "²"}).status_code == 200
    assert client.get(url, {"tahun": "99999999999999999999"}).status_code == 200
    assert client.post(url, {"remove": "²"}).status_code == 302


def test_the_extra_question_toggle(client, tree, operator_unit_a):
    client.force_login(operator_unit_a)
    url = reverse("surveys:extra_questions", args=[tree.pkm_a.pk])
    assert client.post(url, {"toggle": "²"}).status_code < 500


def test_the_complaint_classification_and_the_monthly_pdf(client, tree, admin_pemda):
    from sewaka.complaints.services import complaint_submit

    c, _new = complaint_submit(
        what_happened="Antrean", idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a
    )
    client.force_login(admin_pemda)
    response = client.post(reverse("complaints:action", args=[c.pk, "klasifikasi"]), {"classification": "²"})
    assert response.status_code < 500
    assert client.get(reverse("complaints:monthly_pdf"), {"unit": "²"}).status_code == 200


def test_the_monev_verification_score(client, tree, operator_unit_a, tim_monev):
    from sewaka.assessments import services
    from sewaka.assessments.models import InstrumentVersion

    services.ensure_shipped_instruments()
    instrument = InstrumentVersion.objects.get(code="pekppp-2023")
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=instrument, year=2026)
    client.force_login(tim_monev)
    response = client.post(reverse("assessments:review", args=[a.pk, "1"]), {"monev_score": "²"}, follow=True)
    assert response.status_code == 200 and "Isian verifikasi tidak sah" in response.content.decode()
    assert a.answers.get(indicator="1").monev_score is None
