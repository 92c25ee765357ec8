"""The right period (issue 13 item 4), the respondent rule in the aggregates (item 6) and the education
order of the profile (item 12)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from sewaka.core.models import AuditEvent
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import SurveyPeriod
from sewaka.surveys.selectors import city_ranking, period_list, period_results, segment_results

from .factories import make_period, make_response


def create_period(client, unit, start, end, confirm=False):
    data = {"name": "Survei khusus Desember", "kind": "custom", "start": start, "end": end}
    if confirm:
        data["confirm_overlap"] = "on"
    return client.post(reverse("surveys:period_create", args=[unit.pk]), data)


def test_a_period_over_a_closed_periods_dates_needs_a_confirmation_and_stays_out_of_the_ranking(
    client, tree, operator_unit_a, admin_pemda
):
    closed = make_period(
        tree.pkm_a, name="Triwulan IV 2026", open_=False, start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    make_response(closed)
    client.force_login(operator_unit_a)

    refused = create_period(client, tree.pkm_a, "2026-12-01", "2027-01-31")
    page = refused.content.decode()
    assert refused.status_code == 200 and "tumpang-tindih" in page and "Triwulan IV 2026" in page
    assert 'name="confirm_overlap"' in page
    assert SurveyPeriod.objects.filter(unit=tree.pkm_a).count() == 1

    confirmed = create_period(client, tree.pkm_a, "2026-12-01", "2027-01-31", confirm=True)
    assert confirmed.status_code == 302
    special = SurveyPeriod.objects.get(name="Survei khusus Desember")
    assert special.in_ranking is False
    event = AuditEvent.objects.get(action="survey_period.create")
    assert event.changes["overlaps"] == [closed.pk] and event.changes["in_ranking"] is False
    make_response(special)
    assert "tidak dihitung dalam peringkat kota" in client.get(special.get_absolute_url()).content.decode()

    ranked = [
        row["period"]
        for row in city_ranking(user=admin_pemda, start=date(2026, 12, 1), end=date(2026, 12, 31))
    ]
    assert closed in ranked and special not in ranked


def test_a_published_period_counts_as_settled_and_other_units_or_dates_do_not(client, tree, operator_unit_a):
    make_period(
        tree.pkm_a,
        name="Semester II 2026",
        start=date(2026, 7, 1),
        end=date(2026, 12, 31),
        published_at=timezone.now(),
    )
    make_period(tree.pkm_b, name="Unit lain", open_=False, start=date(2027, 1, 1), end=date(2027, 3, 31))
    client.force_login(operator_unit_a)
    assert create_period(client, tree.pkm_a, "2026-12-15", "2027-01-15").status_code == 200
    assert create_period(client, tree.pkm_a, "2027-01-01", "2027-03-31").status_code == 302
    assert SurveyPeriod.objects.get(unit=tree.pkm_a, start=date(2027, 1, 1)).in_ranking is True


def test_a_response_without_any_unsur_answered_is_not_a_respondent(tree, admin_pemda):
    period = make_period(tree.pkm_a)
    make_response(period, education="sma", gender="P")
    make_response(period, {"waktu": 2}, education="sma", gender="L")
    make_response(
        period, dict.fromkeys(UNSUR_KEYS, None), education="s1", gender="L", suggestion="Nama: Made"
    )
    results = period_results(period)
    assert results.respondents == 2
    assert {str(k): n for k, n in results.profile["education"]}["S1"] == 0
    assert {str(k): n for k, n in results.profile["gender"]} == {"Laki-laki": 1, "Perempuan": 1}
    assert period_list(user=admin_pemda).get(pk=period.pk).n == 2
    assert [row["n"] for row in city_ranking(user=admin_pemda) if row["period"] == period] == [2]


def test_education_segments_follow_the_questionnaires_order(tree):
    period = make_period(tree.pkm_a)
    for code in ("s2", "sd", "d1_d4", "smp", "s1", "sma"):
        for _ in range(5):
            make_response(period, education=code)
    labels = [str(label) for label, _n, _r in segment_results(period, "education")]
    assert labels == ["SD ke bawah", "SMP", "SMA", "D1–D4", "S1", "S2 ke atas"]
