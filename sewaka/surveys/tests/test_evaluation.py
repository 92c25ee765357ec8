"""'Sudah dievaluasi' only when evaluated: closed, report issued (a recorded act), RTL for C/D or the lowest."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from sewaka.core.models import AuditEvent
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import SurveyPeriod
from sewaka.surveys.selectors import period_evaluation
from sewaka.surveys.services import period_issue_report, rtl_add

from .factories import make_period, make_response

WITA = ZoneInfo("Asia/Makassar")
TODAY = datetime(2027, 1, 15, 10, 0, tzinfo=WITA)
DUE = date(2027, 3, 31)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def weak_period(unit, *, open_=False):
    """Q4 2026 with four respondents: waktu 2,2,2,2 → NRR 2 → 50,00 (D); biaya 3,3,3,2 → NRR 2,75 →
    68,75 (C); every other unsur 4 → 100 (A)."""
    period = make_period(unit, start=date(2026, 10, 1), end=date(2026, 12, 31), open_=open_)
    for biaya in (3, 3, 3, 2):
        make_response(period, dict.fromkeys(UNSUR_KEYS, 4) | {"waktu": 2, "biaya": biaya})
    return period


def good_period(unit):
    """No C/D unsur: sarana 4,4,3,3 → NRR 3,5 → 87,50 (B), the lowest; every other unsur 4 (A)."""
    period = make_period(unit, start=date(2026, 10, 1), end=date(2026, 12, 31), open_=False)
    for sarana in (4, 4, 3, 3):
        make_response(period, dict.fromkeys(UNSUR_KEYS, 4) | {"sarana": sarana})
    return period


def plan(period, actor, unsur):
    return rtl_add(actor=actor, period=period, unsur=unsur, title=f"Perbaiki {unsur}", owner=None, due=DUE)


def issue(period, actor, number="065/12/PKM-A/2027"):
    return period_issue_report(actor=actor, period=period, number=number, issued_on=date(2027, 1, 10))


def test_downloading_the_report_changes_nothing_and_an_open_period_prints_interim(
    client, tree, operator_unit_a
):
    period = weak_period(tree.pkm_a, open_=True)
    before = SurveyPeriod.objects.filter(pk=period.pk).values().get()
    events = AuditEvent.objects.count()
    client.force_login(operator_unit_a)
    response = client.get(reverse("surveys:period_report", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.context["interim"] is True
    assert SurveyPeriod.objects.filter(pk=period.pk).values().get() == before
    assert AuditEvent.objects.count() == events
    assert not period_evaluation(period).evaluated


def test_a_closed_periods_report_is_not_interim(client, tree, operator_unit_a):
    period = weak_period(tree.pkm_a)
    client.force_login(operator_unit_a)
    response = client.get(reverse("surveys:period_report", args=[period.pk]))
    assert response.context["interim"] is False


def test_an_open_period_with_rtl_is_not_evaluated(tree, operator_unit_a):
    period = weak_period(tree.pkm_a, open_=True)
    plan(period, operator_unit_a, "waktu")
    plan(period, operator_unit_a, "biaya")
    with pytest.raises(ValidationError) as exc:
        issue(period, operator_unit_a)
    assert "setelah periode ditutup" in " ".join(exc.value.messages)
    evaluation = period_evaluation(period)
    assert not evaluation.evaluated and evaluation.state == "open"
    assert evaluation.missing == (
        "Periode masih dibuka (sampai 31 Desember 2026); evaluasi dilakukan setelah periode ditutup.",
        "Laporan hasil SKM belum diterbitkan (dengan nomor dan tanggal).",
    )


def test_closed_issued_and_rtl_for_every_c_d_unsur_is_evaluated(tree, operator_unit_a):
    period = weak_period(tree.pkm_a)
    plan(period, operator_unit_a, "waktu")
    plan(period, operator_unit_a, "biaya")
    assert period_evaluation(period).state == "report"
    issue(period, operator_unit_a)
    period.refresh_from_db()
    evaluation = period_evaluation(period)
    assert evaluation.evaluated and evaluation.missing == ()
    assert evaluation.rtl_unsur == ("waktu", "biaya")
    assert evaluation.label == "Sudah dievaluasi"


def test_without_c_d_the_lowest_unsur_needs_an_rtl(tree, operator_unit_a):
    period = good_period(tree.pkm_a)
    issue(period, operator_unit_a)
    period.refresh_from_db()
    plan(period, operator_unit_a, "waktu")  # not the lowest
    evaluation = period_evaluation(period)
    assert not evaluation.evaluated and evaluation.state == "rtl"
    assert evaluation.missing == ("Belum ada RTL untuk unsur terendah: Sarana dan Prasarana.",)
    plan(period, operator_unit_a, "sarana")
    assert period_evaluation(period).evaluated


def test_a_missing_rtl_for_one_c_d_unsur_is_named(tree, operator_unit_a):
    period = weak_period(tree.pkm_a)
    issue(period, operator_unit_a)
    period.refresh_from_db()
    plan(period, operator_unit_a, "waktu")
    evaluation = period_evaluation(period)
    assert not evaluation.evaluated and evaluation.state == "rtl"
    assert evaluation.rtl_missing == ("biaya",)
    assert evaluation.missing == ("Belum ada RTL untuk unsur bermutu C/D: Biaya/Tarif.",)


def test_a_closed_period_without_answers_is_not_evaluated(tree, operator_unit_a):
    period = make_period(tree.pkm_a, start=date(2026, 10, 1), end=date(2026, 12, 31), open_=False)
    issue(period, operator_unit_a)
    period.refresh_from_db()
    evaluation = period_evaluation(period)
    assert not evaluation.evaluated and evaluation.state == "no_answers"


def test_the_unit_issues_the_report_with_a_number_and_date_by_post(client, tree, operator_unit_a):
    period = weak_period(tree.pkm_a)
    url = reverse("surveys:report_issue", args=[period.pk])
    client.force_login(operator_unit_a)
    page = client.get(url)
    assert page.status_code == 200 and "Terbitkan laporan" in page.content.decode()
    period.refresh_from_db()
    assert period.report_issued_at is None  # looking at the form issues nothing
    bad = client.post(url, {"number": "  ", "issued_on": "2027-01-10"})
    assert bad.status_code == 400 and "Isi nomor laporan." in bad.content.decode()
    future = client.post(url, {"number": "065/12", "issued_on": "2027-02-01"})
    assert "Tanggal laporan tidak boleh di masa depan." in future.content.decode()
    response = client.post(url, {"number": "065/12/PKM-A/2027", "issued_on": "2027-01-10"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.report_number == "065/12/PKM-A/2027" and period.report_date == date(2027, 1, 10)
    assert period.report_issued_by == operator_unit_a
    event = AuditEvent.objects.get(action="survey_period.report_issue")
    assert event.changes["number"] == "065/12/PKM-A/2027" and event.changes["before"] is None
    body = client.get(reverse("surveys:period_detail", args=[period.pk])).content.decode()
    assert "nomor 065/12/PKM-A/2027 tanggal 10 Januari 2027" in body
    assert "Belum dievaluasi" in body and "Waktu Penyelesaian, Biaya/Tarif" in body


def test_issuing_a_report_of_an_open_period_is_refused_over_http(client, tree, operator_unit_a):
    period = weak_period(tree.pkm_a, open_=True)
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("surveys:report_issue", args=[period.pk]), {"number": "065/12", "issued_on": "2027-01-10"}
    )
    assert response.status_code == 400 and "setelah periode ditutup" in response.content.decode()
    period.refresh_from_db()
    assert period.report_issued_at is None


def test_other_units_and_read_only_roles_cannot_issue(client, tree, operator_unit_b, pimpinan):
    period = weak_period(tree.pkm_a)
    url = reverse("surveys:report_issue", args=[period.pk])
    client.force_login(operator_unit_b)
    assert client.post(url, {"number": "1", "issued_on": "2027-01-10"}).status_code == 404
    client.force_login(pimpinan)
    assert client.post(url, {"number": "1", "issued_on": "2027-01-10"}).status_code == 403
    period.refresh_from_db()
    assert period.report_issued_at is None


def test_every_place_reads_the_one_rule(client, tree, operator_unit_a, admin_pemda):
    from sewaka.obligations import evaluation as ev
    from sewaka.obligations.selectors import unit_obligations
    from sewaka.obligations.services import obligations_install_defaults

    obligations_install_defaults(actor=None, pemda=tree.pemda)

    def skm():
        rows = unit_obligations(user=admin_pemda, unit=tree.pkm_a, view=ev.year_period(2026))
        return next(c for r, c in rows if r.key == "skm")

    period = weak_period(tree.pkm_a)
    plan(period, operator_unit_a, "waktu")
    client.force_login(admin_pemda)
    detail = reverse("surveys:period_detail", args=[period.pk])
    assert "Sudah dievaluasi" not in client.get(detail).content.decode()
    ranking = client.get(reverse("surveys:ranking")).content.decode()
    assert "Laporan belum diterbitkan" in ranking
    cell = skm()  # due 30 January 2027 (30 days after the period): not yet due on 15 January
    assert cell.state == ev.State.NOT_DUE and "Biaya/Tarif" in cell.reason and period.name in cell.reason
    issue(period, operator_unit_a)
    plan(period, operator_unit_a, "biaya")
    assert "Sudah dievaluasi" in client.get(detail).content.decode()
    assert skm().state == ev.State.DONE
    unit_page = client.get(tree.pkm_a.get_absolute_url()).content.decode()
    assert "Mengevaluasi hasil SKM" in unit_page


def test_the_rtl_owner_picker_shows_names_and_units_of_the_units_people(
    client, tree, operator_unit_a, operator_unit_b
):
    operator_unit_a.first_name, operator_unit_a.last_name = "Ni Luh", "Sari"
    operator_unit_a.save()
    period = weak_period(tree.pkm_a)
    client.force_login(operator_unit_a)
    body = client.get(reverse("surveys:rtl_add", args=[period.pk])).content.decode()
    assert "Ni Luh Sari · Puskesmas A" in body
    assert "operator_b" not in body
    assert 'value="waktu" selected' in body  # the first C/D unsur still without an RTL
    response = client.post(
        reverse("surveys:rtl_add", args=[period.pk]),
        {"unsur": "waktu", "title": "Loket pagi", "owner": operator_unit_b.pk, "due": "2027-02-01"},
    )
    assert response.status_code == 200  # not one of the unit's people: refused
    assert not period.rtl_actions.exists()


def test_pekppp_indicator_6_counts_follow_up_only_when_evaluated(tree, operator_unit_a):
    from sewaka.assessments.prefill import pekppp_skm as rule
    from sewaka.assessments.selectors import unit_facts
    from sewaka.surveys.services import publication_add

    def pekppp_skm(unit, year):
        return rule(unit_facts([unit], year)[unit.pk])

    period = weak_period(tree.pkm_a)
    for medium in ("website", "notice_board"):
        publication_add(actor=operator_unit_a, period=period, medium=medium, published_on=date(2027, 1, 12))
    plan(period, operator_unit_a, "waktu")
    plan(period, operator_unit_a, "biaya")
    score, reason = pekppp_skm(tree.pkm_a, 2026)
    assert score == 4 and "belum dievaluasi" in reason  # RTL without an issued report is not enough
    issue(period, operator_unit_a)
    assert pekppp_skm(tree.pkm_a, 2026)[0] == 5


@pytest.mark.parametrize(
    "answers",
    [
        # two lowest tie (waktu and biaya both 3,5 → 87,50 B), no C/D: either needs the RTL
        [{"waktu": 4, "biaya": 4}, {"waktu": 3, "biaya": 3}],
        # one C/D unsur and a lower-but-not-C/D one cannot both exist; C and D together
        [{"waktu": 1, "biaya": 2}, {"waktu": 2, "biaya": 3}],
        # exact comparison: 7/3 vs 9/4 — the lowest is the smaller fraction, not the rounded display
        [{"waktu": 3, "biaya": 3}, {"waktu": 2, "biaya": 2}, {"waktu": 2, "biaya": 3}, {"biaya": 1}],
    ],
)
def test_the_stored_result_and_the_engine_give_the_same_evaluation(tree, operator_unit_a, answers):
    """The city lists evaluate from the tally's stored result, the unit page may pass the engine's result:
    the same blockers and the same unsur needing an RTL."""
    from sewaka.surveys import tallies

    period = make_period(tree.pkm_a, start=date(2026, 10, 1), end=date(2026, 12, 31), open_=False)
    for row in answers:
        make_response(period, dict.fromkeys(UNSUR_KEYS, 4) | row)
    row = tallies.Tally.objects.get(period=period, dimension=tallies.ALL)
    stored, engine = tallies.StoredResult.of(row), tallies.engine_result(row)
    for rtl in (set(), {"waktu"}, {"biaya"}, {"waktu", "biaya"}):
        assert period_evaluation(period, result=stored, rtl_unsur=rtl) == period_evaluation(
            period, result=engine, rtl_unsur=rtl
        )
