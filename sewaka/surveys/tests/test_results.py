"""Results computed in the database equal the pure engine over the raw rows."""

from fractions import Fraction

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sewaka.surveys import ikm
from sewaka.surveys.selectors import city_ranking, period_results, trend
from sewaka.surveys.services import response_set_inclusion

from .factories import make_period, make_response, make_service

answer = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
row = st.fixed_dictionaries(dict.fromkeys(ikm.UNSUR_KEYS, answer))


class _Rollback(Exception):
    pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=40))
def test_database_aggregates_equal_the_engine_on_raw_rows(tree, rows):
    try:
        with transaction.atomic():
            period = make_period(tree.pkm_a)
            for answers in rows:
                if all(v is None for v in answers.values()):
                    answers = {**answers, "persyaratan": 2}
                make_response(period, answers)
            stored = [{k: v if v is not None else None for k, v in r.items()} for r in rows]
            stored = [
                r if any(v is not None for v in r.values()) else {**r, "persyaratan": 2} for r in stored
            ]
            from_db = period_results(period).result
            from_raw = ikm.compute_from_answers(stored)
            assert from_db.ikm_exact == from_raw.ikm_exact
            assert from_db.ikm == from_raw.ikm
            assert from_db.empty_unsur == from_raw.empty_unsur
            assert [u.nrr for u in from_db.unsur] == [u.nrr for u in from_raw.unsur]
            raise _Rollback
    except _Rollback:
        pass


def test_it_pools_a_units_respondents_and_computes_per_service(tree):
    a, b = make_service(tree.pkm_a, "Umum"), make_service(tree.pkm_a, "Gigi")
    period = make_period(tree.pkm_a, services={a: 100, b: 1000})
    for _ in range(3):
        make_response(period, dict.fromkeys(ikm.UNSUR_KEYS, 4), service=a)
    make_response(period, dict.fromkeys(ikm.UNSUR_KEYS, 1), service=b)
    results = period_results(period)
    # Pooled: NRR = (4+4+4+1)/4 = 3.25 for every unsur → IKM 81.25, not the mean of 100 and 25.
    assert results.result.ikm_exact == Fraction(325, 4)
    assert {str(s): r.ikm for s, r, n, pop in results.per_service} == {
        "Umum": ikm.round_half_up(100),
        "Gigi": ikm.round_half_up(25),
    }
    assert results.target == ikm.krejcie_morgan(1100)
    assert results.below_target


def test_it_excludes_responses_and_says_why(tree, tim_monev):
    period = make_period(tree.pkm_a)
    make_response(period, dict.fromkeys(ikm.UNSUR_KEYS, 4))
    bad = make_response(period, dict.fromkeys(ikm.UNSUR_KEYS, 1))
    before = period_results(period).result.ikm
    response_set_inclusion(response=bad, include=False, reason="Diisi petugas, bukan warga", actor=tim_monev)
    results = period_results(period)
    assert results.result.ikm > before
    assert results.excluded == 1
    assert results.exclusion_reasons == [("Diisi petugas, bukan warga", 1)]


def test_it_explains_an_empty_period_and_an_unanswered_unsur(tree):
    period = make_period(tree.pkm_a)
    results = period_results(period)
    assert results.respondents == 0 and results.result.ikm is None
    answers = dict.fromkeys(ikm.UNSUR_KEYS, 3) | {"biaya": None}
    make_response(period, answers)
    results = period_results(period)
    assert results.result.ikm is None
    assert "Biaya/Tarif" in results.result.reason


def test_it_ranks_units_and_traces_the_trend(tree, admin_pemda):
    from datetime import date

    old = make_period(tree.pkm_a, name="T3", start=date(2026, 7, 1), end=date(2026, 9, 30))
    new = make_period(tree.pkm_a, name="T4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    make_response(old, dict.fromkeys(ikm.UNSUR_KEYS, 4))
    make_response(new, dict.fromkeys(ikm.UNSUR_KEYS, 3))
    other = make_period(tree.pkm_b, name="T4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    make_response(other, dict.fromkeys(ikm.UNSUR_KEYS, 2))
    empty = make_period(tree.capil, name="T4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    points = trend(period=new)
    assert [p.name for p, _ in points] == ["T3", "T4"]
    assert points[0][1].ikm > points[1][1].ikm
    rows = city_ranking(user=admin_pemda, start=date(2026, 10, 1), end=date(2026, 12, 31))
    assert [r["unit"] for r in rows] == [tree.pkm_a, tree.pkm_b, tree.capil]
    assert rows[-1]["period"] == empty and rows[-1]["result"] is None


def test_the_results_page_query_count_does_not_grow_with_responses(
    client, tree, admin_pemda, django_assert_max_num_queries
):
    from django.urls import reverse

    service = make_service(tree.pkm_a)
    period = make_period(tree.pkm_a, services={service: 300})
    for i in range(30):
        make_response(
            period, dict.fromkeys(ikm.UNSUR_KEYS, 1 + i % 4), service=service, suggestion=f"saran {i}"
        )
    client.force_login(admin_pemda)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("surveys:period_detail", args=[period.pk])).status_code == 200
