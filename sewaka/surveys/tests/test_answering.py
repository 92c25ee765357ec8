"""Answering by citizens, kiosks and paper; idempotency; integrity flags; access."""

import uuid
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sewaka.core.models import AuditEvent
from sewaka.surveys import ikm
from sewaka.surveys.models import Response
from sewaka.surveys.public_views import KIOSK_COOKIE, STARTED_SALT
from sewaka.surveys.services import (
    Submission,
    kiosk_register,
    response_set_inclusion,
    response_submit,
)

from .factories import make_period, make_response, make_service


def form_data(value=3, started_seconds_ago=120, key=None, **extra):
    data = {k: str(value) for k in ikm.UNSUR_KEYS}
    data["idempotency_key"] = key or str(uuid.uuid4())
    data["t0"] = signing.dumps(timezone.now().timestamp() - started_seconds_ago, salt=STARTED_SALT)
    data.update(extra)
    return data


@pytest.fixture
def period(tree):
    service = make_service(tree.pkm_a)
    return make_period(tree.pkm_a, services={service: 200})


def url(unit):
    return reverse("public_survey", args=[unit.code])


def test_a_citizen_answers_without_javascript(client, tree, period):
    page = client.get(url(tree.pkm_a))
    assert page.status_code == 200
    body = page.content.decode()
    assert "kesesuaian persyaratan" in body and 'type="radio"' in body
    service = period.period_services.get().service
    response = client.post(
        url(tree.pkm_a), form_data(service=service.pk, suggestion="Tambah kursi", why_waktu="x")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("public_survey_thanks", args=[tree.pkm_a.code])
    stored = Response.objects.get()
    assert stored.source == "web" and stored.service == service and stored.suggestion == "Tambah kursi"
    assert stored.duration_seconds >= 119 and not stored.is_flagged


def test_a_retried_post_stores_one_response(client, tree, period):
    service = period.period_services.get().service
    data = form_data(service=service.pk)
    first = client.post(url(tree.pkm_a), data)
    second = client.post(url(tree.pkm_a), data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_it_rejects_answers_outside_one_to_four_and_stores_nothing(client, tree, period):
    service = period.period_services.get().service
    response = client.post(url(tree.pkm_a), form_data(value=5, service=service.pk))
    assert response.status_code == 400
    assert "Jawaban harus 1 sampai 4" in response.content.decode()
    response = client.post(url(tree.pkm_a), {**form_data(service=service.pk), "waktu": ""})
    assert "Mohon pilih salah satu jawaban" in response.content.decode()
    assert not Response.objects.exists()
    with pytest.raises(ValidationError):
        response_submit(period=period, submission=Submission(answers={"waktu": 0}), idempotency_key="k")
    with pytest.raises(ValidationError):
        response_submit(period=period, submission=Submission(answers={"waktu": True}), idempotency_key="k")


def test_a_closed_period_accepts_no_public_answers(client, tree, period):
    period.end = timezone.localdate() - timedelta(days=1)
    period.save()
    call_command("closesurveyperiods", stdout=None)
    period.refresh_from_db()
    assert period.status == "closed"
    assert "sedang tidak membuka" in client.get(url(tree.pkm_a)).content.decode()
    with pytest.raises(ValidationError):
        response_submit(period=period, submission=Submission(answers={"waktu": 3}), idempotency_key="k2")
    assert AuditEvent.objects.filter(action="survey_period.close").exists()


def test_it_flags_a_repeat_from_the_same_browser(client, tree, period):
    service = period.period_services.get().service
    client.get(url(tree.pkm_a))  # sets the browser cookie
    client.post(url(tree.pkm_a), form_data(service=service.pk))
    client.post(url(tree.pkm_a), form_data(service=service.pk))
    first, second = Response.objects.order_by("id")
    assert not first.is_flagged
    assert second.is_flagged and second.flags[0]["code"] == "repeat_browser"
    assert second.is_included  # flagged, never dropped


def test_it_flags_bursts_and_straight_lining(tree, period, settings):
    settings.SEWAKA_SKM_BURST_LIMIT = 3
    for i in range(4):
        response, _ = response_submit(
            period=period,
            submission=Submission(answers=dict.fromkeys(ikm.UNSUR_KEYS, 3)),
            idempotency_key=f"b{i}",
            ip="10.0.0.1",
            client_id=f"c{i}",
            duration_seconds=100,
        )
    assert [f["code"] for f in response.flags] == ["burst_address"]
    fast, _ = response_submit(
        period=period,
        submission=Submission(answers=dict.fromkeys(ikm.UNSUR_KEYS, 4)),
        idempotency_key="fast",
        duration_seconds=5,
    )
    assert [f["code"] for f in fast.flags] == ["straight_fast"]


def test_a_kiosk_is_exempt_from_browser_and_address_checks_but_not_speed(
    client, tree, period, operator_unit_a, settings
):
    settings.SEWAKA_SKM_BURST_LIMIT = 2
    kiosk, token = kiosk_register(actor=operator_unit_a, unit=tree.pkm_a, name="Tablet loket 1")
    start = client.get(reverse("public_kiosk_start", args=[token]))
    assert start.status_code == 302 and KIOSK_COOKIE in start.cookies
    service = period.period_services.get().service
    for _ in range(4):
        assert client.post(url(tree.pkm_a), form_data(service=service.pk)).status_code == 302
    responses = Response.objects.all()
    assert {r.source for r in responses} == {"kiosk"}
    assert not any(r.is_flagged for r in responses)
    client.post(url(tree.pkm_a), form_data(value=4, started_seconds_ago=3, service=service.pk))
    assert Response.objects.latest("id").flags[0]["code"] == "straight_fast"
    thanks = client.get(reverse("public_survey_thanks", args=[tree.pkm_a.code])).content.decode()
    assert 'name="sewaka-redirect"' in thanks  # the kiosk resets itself
    assert client.get(reverse("public_kiosk_start", args=["bukan-token"])).status_code == 404


def test_the_public_endpoint_is_rate_limited_with_a_friendly_message(client, tree, period, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SEWAKA_SKM_RATE_LIMIT_PER_HOUR = 2
    service = period.period_services.get().service
    for _ in range(2):
        client.post(url(tree.pkm_a), form_data(service=service.pk))
    response = client.post(url(tree.pkm_a), form_data(service=service.pk))
    assert response.status_code == 429
    assert "Mohon tunggu sebentar" in response.content.decode()
    cache.clear()


def test_only_admin_or_monev_include_or_exclude_with_a_reason(
    tree, period, operator_unit_a, pimpinan, tim_monev
):
    response = make_response(period)
    for user in (operator_unit_a, pimpinan):
        with pytest.raises(PermissionDenied):
            response_set_inclusion(response=response, include=False, reason="x", actor=user)
    with pytest.raises(ValidationError):
        response_set_inclusion(response=response, include=False, reason=" ", actor=tim_monev)
    response_set_inclusion(response=response, include=False, reason="Duplikat", actor=tim_monev)
    event = AuditEvent.objects.get(action="response.exclude")
    assert event.actor == tim_monev and event.changes["reason"] == "Duplikat"


def test_paper_entry_records_who_entered_it_and_allows_blanks(client, tree, period, operator_unit_a):
    client.force_login(operator_unit_a)
    data = dict.fromkeys(ikm.UNSUR_KEYS, "3") | {"biaya": "", "idempotency_key": str(uuid.uuid4())}
    response = client.post(reverse("surveys:paper_entry", args=[period.pk]), data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.source == "paper" and stored.entered_by == operator_unit_a and stored.biaya is None


def test_another_units_operator_sees_nothing_of_this_survey(client, tree, period, operator_unit_b):
    response = make_response(period, suggestion="rahasia unit A", why={"waktu": "lama sekali"})
    client.force_login(operator_unit_b)
    for name in ("surveys:period_detail", "surveys:flagged", "surveys:paper_entry"):
        assert client.get(reverse(name, args=[period.pk])).status_code == 404, name
    for name in ("surveys:period_close", "surveys:period_publish"):
        assert client.post(reverse(name, args=[period.pk])).status_code == 404, name
    assert (
        client.post(
            reverse("surveys:response_decide", args=[response.pk]), {"include": "0", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("surveys:period_create", args=[tree.pkm_a.pk])).status_code == 404
    assert client.get(reverse("surveys:kiosks", args=[tree.pkm_a.pk])).status_code == 404
    body = client.get(reverse("surveys:period_list")).content.decode()
    assert "rahasia unit A" not in body and "Puskesmas A" not in body
    ranking = client.get(reverse("surveys:ranking")).content.decode()
    assert "Puskesmas A" not in ranking
    response.refresh_from_db()
    assert response.is_included


def test_the_results_page_shows_texts_to_the_unit_and_explains_empty_data(
    client, tree, period, operator_unit_a
):
    client.force_login(operator_unit_a)
    detail = reverse("surveys:period_detail", args=[period.pk])
    assert "IKM belum dapat dihitung" in client.get(detail).content.decode()
    make_response(period, dict.fromkeys(ikm.UNSUR_KEYS, 3) | {"biaya": None}, suggestion="Perbaiki toilet")
    body = client.get(detail).content.decode()
    assert "Biaya/Tarif belum memiliki jawaban" in body
    assert "Perbaiki toilet" in body


def test_operator_opens_a_period_with_populations(client, tree, operator_unit_a):
    service = make_service(tree.pkm_a)
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("surveys:period_create", args=[tree.pkm_a.pk]),
        {
            "name": "Semester II 2026",
            "kind": "semester",
            "start": "2026-07-01",
            "end": "2026-12-31",
            f"pop_{service.pk}": "1000",
        },
    )
    assert response.status_code == 302
    period = tree.pkm_a.survey_periods.get()
    assert period.period_services.get().population == 1000
    bad = client.post(
        reverse("surveys:period_create", args=[tree.pkm_a.pk]),
        {"name": "X", "kind": "custom", "start": "2026-12-31", "end": "2026-01-01"},
    )
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in bad.content.decode()


def test_the_qr_and_tv_pages_work_and_unknown_units_404(client, tree, period):
    assert client.get(reverse("public_survey_qr", args=[tree.pkm_a.code]))["Content-Type"] == "image/svg+xml"
    assert client.get(reverse("public_survey_tv", args=[tree.pkm_a.code])).status_code == 200
    assert client.get("/s/tidak-ada/").status_code == 404
    assert (
        client.get(reverse("public_survey_service", args=[tree.pkm_a.code, "tidak-ada"])).status_code == 404
    )


def test_extra_questions_are_asked_but_never_enter_the_ikm(
    client, tree, period, operator_unit_a, operator_unit_b
):
    client.force_login(operator_unit_b)
    assert client.get(reverse("surveys:extra_questions", args=[tree.pkm_a.pk])).status_code == 404
    client.force_login(operator_unit_a)
    client.post(
        reverse("surveys:extra_questions", args=[tree.pkm_a.pk]), {"text": "Dari mana Anda tahu layanan ini?"}
    )
    question = tree.pkm_a.extra_questions.get()
    client.logout()
    assert "Dari mana Anda tahu layanan ini?" in client.get(url(tree.pkm_a)).content.decode()
    service = period.period_services.get().service
    client.post(url(tree.pkm_a), form_data(service=service.pk, **{f"extra_{question.pk}": "Media sosial"}))
    stored = Response.objects.get()
    assert stored.extra_answers == {str(question.pk): "Media sosial"}
    assert set(stored.answers()) == set(ikm.UNSUR_KEYS)
