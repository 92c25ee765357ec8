"""surveys.facts: periods per unit with IKM, evaluation, RTL and publications, in a constant number of queries.

Hand-derived IKM: two included answers, every unsur 4 except `waktu` (2 and 3): NRR waktu = 2.5 (IKM
equivalent 62.50, mutu D), the eight others 4 → IKM = (8 × 4 + 2.5) / 9 × 25 = 95.83 (mutu A).
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sewaka.followups.services import followup_transition
from sewaka.organisations.tests.factories import make_unit
from sewaka.surveys import facts
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Publication, SurveyPeriod
from sewaka.surveys.services import rtl_add
from sewaka.surveys.tests.factories import make_period, make_response

WITA = ZoneInfo("Asia/Makassar")


def at(*args):
    return datetime(*args, tzinfo=WITA)


def answers(waktu):
    return {**dict.fromkeys(UNSUR_KEYS, 4), "waktu": waktu}


@pytest.fixture
def data(tree, operator_unit_a):
    a = tree.pkm_a
    with time_machine.travel(at(2026, 4, 10, 9), tick=False):
        q1 = make_period(
            a,
            name="Triwulan I",
            start=date(2026, 1, 1),
            end=date(2026, 3, 31),
            open_=False,
            closed_at=at(2026, 4, 1, 0, 5),
            report_number="01/SKM/2026",
            report_date=date(2026, 4, 5),
            report_issued_at=at(2026, 4, 5, 10),
        )
        make_response(q1, answers(2))
        make_response(q1, answers(3))
        make_response(q1, {})  # included but nothing answered: done, not a respondent
        make_response(q1, answers(1), is_included=False)  # excluded: never counted
        action = rtl_add(
            actor=operator_unit_a,
            period=q1,
            unsur="waktu",
            title="Tambah loket",
            owner=None,
            due=date(2026, 4, 30),
        )
        for medium, day in (("website", date(2026, 4, 6)), ("notice_board", date(2026, 4, 7))):
            Publication.objects.create(
                period=q1, medium=medium, published_on=day, recorded_by=operator_unit_a
            )
    with time_machine.travel(at(2026, 4, 20, 9), tick=False):
        followup_transition(followup=action.followup, to="done", actor=operator_unit_a, note="Loket dibuka.")
    q2 = make_period(a, name="Triwulan II", start=date(2026, 4, 1), end=date(2026, 6, 30))
    q4 = make_period(a, name="Triwulan IV 2025", start=date(2025, 10, 1), end=date(2025, 12, 31), open_=False)
    return {"a": a, "q1": q1, "q2": q2, "q4": q4, "action": action}


def test_a_closed_issued_period_with_rtl_for_its_weak_unsur_is_evaluated(data, tree):
    got = facts.periods([data["a"], tree.pkm_b], 2026)
    assert got[tree.pkm_b.pk] == ()
    q1, q2 = got[data["a"].pk]  # ending in 2026, by end date; the 2025 period is left out
    assert (q1.id, q2.id) == (data["q1"].pk, data["q2"].pk)
    assert (q1.included, q1.respondents) == (3, 2)
    assert q1.ikm == Decimal("95.83") and q1.mutu == "A" and q1.result.by_key("waktu").mutu == "D"
    assert {u.key: (u.total, u.count) for u in q1.aggregates}["waktu"] == (5, 2)
    assert q1.closed and q1.report_issued and q1.done
    assert q1.evaluation.state == "evaluated" and q1.evaluated and q1.evaluation.rtl_unsur == ("waktu",)
    # The last condition met was the RTL planned on 10 April (closed 1 April, report 5 April).
    assert q1.evaluated_at == at(2026, 4, 10, 9)
    assert q1.media == {"website", "notice_board"}
    assert [p.published_on for p in q1.publications] == [date(2026, 4, 6), date(2026, 4, 7)]
    (rtl,) = q1.rtl_for("waktu")
    assert rtl.followup_status == "done" and rtl.done_on == date(2026, 4, 20) and rtl.due == date(2026, 4, 30)
    assert rtl.done and rtl.done_on_time


def test_an_open_period_without_answers_is_not_evaluated(data):
    q2 = facts.periods([data["a"]], 2026)[data["a"].pk][1]
    assert not q2.closed and not q2.done and q2.ikm is None and q2.respondents == 0
    assert q2.evaluation.state == "open" and q2.evaluated_at is None
    assert q2.rtl == () and q2.publications == ()


def test_periods_overlapping_a_window(data):
    got = facts.periods([data["a"]], start=date(2025, 12, 15), end=date(2026, 1, 15))[data["a"].pk]
    assert [p.id for p in got] == [data["q4"].pk, data["q1"].pk]


def test_a_late_done_rtl_is_not_on_time(data, operator_unit_a):
    q1 = SurveyPeriod.objects.get(pk=data["q1"].pk)
    with time_machine.travel(at(2026, 5, 2, 9), tick=False):
        late = rtl_add(
            actor=operator_unit_a, period=q1, unsur="waktu", title="x", owner=None, due=date(2026, 5, 3)
        )
    # Done at 00:30 WITA on 4 May: still 3 May in UTC, but the local date is after the due date.
    with time_machine.travel(at(2026, 5, 4, 0, 30), tick=False):
        followup_transition(followup=late.followup, to="done", actor=operator_unit_a, note="Selesai.")
    first, second = facts.periods([data["a"]], 2026)[data["a"].pk][0].rtl_for("waktu")
    assert first.done_on_time and second.done_on == date(2026, 5, 4) and not second.done_on_time


def _populate(parent, n, user):
    units = []
    for i in range(n):
        unit = make_unit(parent)
        for q in (1, 2):
            p = make_period(unit, name=f"T{q}-{i}", start=date(2026, 3 * q - 2, 1), end=date(2026, 3 * q, 28))
            make_response(p, answers(2))
            rtl_add(actor=user, period=p, unsur="waktu", title="x", owner=None, due=date(2026, 12, 1))
            Publication.objects.create(
                period=p, medium="website", published_on=date(2026, 6, 1), recorded_by=user
            )
        units.append(unit)
    return units


def test_query_count_does_not_grow_with_units(tree, admin_pemda):
    counts = []
    for units in (_populate(tree.dinkes, 2, admin_pemda), _populate(tree.capil, 8, admin_pemda)):
        with CaptureQueriesContext(connection) as ctx:
            got = facts.periods(units, 2026)
        assert all(len(got[u.pk]) == 2 for u in units)
        counts.append(len(ctx.captured_queries))
    assert counts == [4, 4]


def test_every_period_field_is_frozen(data):
    q1 = facts.periods([data["a"]], 2026)[data["a"].pk][0]
    with pytest.raises(AttributeError):
        q1.status = "open"
    assert q1.end - q1.start == timedelta(days=89)
