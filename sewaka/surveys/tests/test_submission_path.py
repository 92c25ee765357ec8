"""The public submission's fast path (docs/performance.md): what it reads, what it writes, and that the
per-process cache of a unit's survey page never serves a stale period, service, question or kiosk."""

import uuid
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sewaka.core.models import AuditEvent
from sewaka.surveys import ikm
from sewaka.surveys.models import Response
from sewaka.surveys.public_views import STARTED_SALT
from sewaka.surveys.services import extra_question_add, kiosk_deactivate, kiosk_register, period_close

from .factories import make_period, make_service


def answers(service, **extra):
    data = dict.fromkeys(ikm.UNSUR_KEYS, "3")
    data["idempotency_key"] = str(uuid.uuid4())
    data["t0"] = signing.dumps(timezone.now().timestamp() - 120, salt=STARTED_SALT)
    data["service"] = str(service.pk)
    data.update(extra)
    return data


@pytest.fixture
def period(tree):
    return make_period(
        tree.pkm_a, services={make_service(tree.pkm_a): 200, make_service(tree.pkm_a, "KIA"): 50}
    )


def url(unit):
    return reverse("public_survey", args=[unit.code])


def test_an_anonymous_answer_is_its_own_record_without_an_audit_row(client, tree, period):
    service = period.period_services.first().service
    before = AuditEvent.objects.count()
    assert client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.1.2.3").status_code == 302
    stored = Response.objects.get()
    # when, through which channel, from which (hashed) address: on the row itself
    assert stored.submitted_at is not None and stored.source == "web"
    assert stored.ip_hash and "10.1.2.3" not in stored.ip_hash
    assert AuditEvent.objects.count() == before


def test_a_paper_entry_still_records_the_officer(client, tree, period, operator_unit_a):
    from sewaka.surveys.models import Source
    from sewaka.surveys.services import Submission, response_submit

    response_submit(
        period=period,
        submission=Submission(answers=dict.fromkeys(ikm.UNSUR_KEYS, 2)),
        idempotency_key="kertas-1",
        source=Source.PAPER,
        entered_by=operator_unit_a,
    )
    event = AuditEvent.objects.get(action="response.submit")
    assert event.actor == operator_unit_a


def test_a_warm_submission_reads_no_cache_token_and_writes_in_one_transaction(client, tree, period):
    service = period.period_services.first().service
    client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.0.0.1")  # fills the process cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.0.0.2").status_code == 302
    sql = [q["sql"].strip() for q in ctx.captured_queries]
    reads = [s for s in sql if s.startswith("SELECT")]
    # the integrity checks (with the period and service confirmed) in one statement, the period's tally
    # lock; no read of the cache's generation token
    assert len(reads) == 2, sql
    assert not any("sewaka_cache" in s for s in sql)
    # the unit, period and services are not read again as rows (only confirmed inside the checks statement)
    assert not any(
        ("organisations_unit" in s or "surveys_periodservice" in s) and "surveys_response" not in s
        for s in sql
    )
    inserts = [s for s in sql if s.startswith("INSERT")]
    assert len(inserts) == 1 and "surveys_response" in inserts[0]
    assert not any("core_auditevent" in s or "django_session" in s or "sewaka_cache" in s for s in inserts)


def test_closing_the_period_is_seen_at_once(client, tree, period, operator_unit_a):
    service = period.period_services.first().service
    assert client.post(url(tree.pkm_a), answers(service)).status_code == 302
    period_close(actor=operator_unit_a, period=period)
    page = client.get(url(tree.pkm_a))
    assert "ditutup" in page.content.decode().lower() or page.templates[0].name.endswith("closed.html")
    assert (
        client.post(url(tree.pkm_a), answers(service)).status_code == 200
    )  # the closed page, nothing stored
    assert Response.objects.count() == 1


def test_a_new_extra_question_and_a_deactivated_service_are_seen_at_once(
    client, tree, period, operator_unit_a
):
    from sewaka.organisations.services import service_update

    general, kia = (ps.service for ps in period.period_services.order_by("service__name"))
    client.get(url(tree.pkm_a))
    extra_question_add(actor=operator_unit_a, unit=tree.pkm_a, text="Apa yang paling membantu?")
    assert "Apa yang paling membantu?" in client.get(url(tree.pkm_a)).content.decode()
    service_update(actor=operator_unit_a, service=kia, is_active=False)
    response = client.post(url(tree.pkm_a), answers(kia, idempotency_key=str(uuid.uuid4())))
    assert response.status_code == 400 and Response.objects.count() == 0


def test_a_deactivated_kiosk_is_no_kiosk_any_more(client, tree, period, operator_unit_a):
    kiosk, token = kiosk_register(actor=operator_unit_a, unit=tree.pkm_a, name="Tablet loket")
    client.get(reverse("public_kiosk_start", args=[token]))
    service = period.period_services.first().service
    client.post(url(tree.pkm_a), answers(service))
    kiosk_deactivate(actor=operator_unit_a, kiosk=kiosk)
    client.post(url(tree.pkm_a), answers(service))
    assert list(Response.objects.order_by("id").values_list("source", flat=True)) == ["kiosk", "web"]


def test_the_hourly_limit_counts_stored_answers_of_the_address(client, tree, period, settings):
    settings.SEWAKA_SKM_RATE_LIMIT_PER_HOUR = 2
    service = period.period_services.first().service
    for _ in range(2):
        assert client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.9.9.9").status_code == 302
    assert client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.9.9.9").status_code == 429
    # another address is not limited; an answer older than an hour no longer counts
    assert client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.9.9.8").status_code == 302
    Response.objects.filter(id__in=Response.objects.order_by("id")[:1].values("id")).update(
        submitted_at=timezone.now() - timedelta(hours=2)
    )
    assert client.post(url(tree.pkm_a), answers(service), REMOTE_ADDR="10.9.9.9").status_code == 302


def test_a_retry_of_a_stored_answer_is_acknowledged_even_at_the_limit(client, tree, period, settings):
    settings.SEWAKA_SKM_RATE_LIMIT_PER_HOUR = 1
    service = period.period_services.first().service
    data = answers(service)
    assert client.post(url(tree.pkm_a), data).status_code == 302
    assert client.post(url(tree.pkm_a), data).status_code == 302  # the same key: the stored answer
    assert Response.objects.count() == 1


def test_a_period_closed_behind_this_process_back_is_seen_by_the_next_answer(client, tree, period):
    """Another process closed the period (no signal reaches this one: a plain UPDATE here): the cached
    page still shows the form, but the answer is refused and the closed page shown, nothing stored."""
    from sewaka.surveys.models import SurveyPeriod

    service = period.period_services.first().service
    assert client.post(url(tree.pkm_a), answers(service)).status_code == 302  # warms the process cache
    SurveyPeriod.objects.filter(pk=period.pk).update(status="closed")
    response = client.post(url(tree.pkm_a), answers(service, idempotency_key=str(uuid.uuid4())))
    assert response.status_code == 200 and response.templates[0].name.endswith("closed.html")
    assert Response.objects.count() == 1


def test_a_service_deactivated_behind_this_process_back_is_refused(client, tree, period):
    from sewaka.organisations.models import Service

    general, kia = (ps.service for ps in period.period_services.order_by("service__name"))
    assert client.post(url(tree.pkm_a), answers(general)).status_code == 302
    Service.objects.filter(pk=kia.pk).update(is_active=False)
    response = client.post(url(tree.pkm_a), answers(kia, idempotency_key=str(uuid.uuid4())))
    assert response.status_code == 400 and Response.objects.count() == 1


def test_a_unit_deactivated_behind_this_process_back_answers_404(client, tree, period):
    from sewaka.organisations.models import Unit

    service = period.period_services.first().service
    assert client.post(url(tree.pkm_a), answers(service)).status_code == 302
    Unit.objects.filter(pk=tree.pkm_a.pk).update(is_active=False)
    response = client.post(url(tree.pkm_a), answers(service, idempotency_key=str(uuid.uuid4())))
    assert response.status_code == 404 and Response.objects.count() == 1
