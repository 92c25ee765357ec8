"""complaints.facts: counts and deadlines met per handling unit and year, overdue cases now, in bulk.

Hand-derived deadlines (no day off from 2 to 16 March 2026 but the weekends): a case received Monday
2 March 2026 10:00 WITA must be verified by Thursday 5 March (3 working days) and first answered by Monday
9 March (5 working days), 23:59:59 WITA. Time is frozen at Monday 16 March 2026 12:00 WITA.
"""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sewaka.complaints import facts
from sewaka.complaints.selectors import report
from sewaka.complaints.tests.factories import at, case
from sewaka.organisations.tests.factories import make_unit


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        yield


@pytest.fixture
def data(tree):
    a = tree.pkm_a
    on_time = case(
        a,
        "dijawab",
        verified_at=at(2026, 3, 3, 9),
        first_answer_at=at(2026, 3, 5, 9),
        answered_at=at(2026, 3, 5, 9),
    )
    late_verify = case(
        a,
        "selesai",
        channel="whatsapp",
        verified_at=at(2026, 3, 6, 9),  # after Thursday 5 March: late
        first_answer_at=at(2026, 3, 6, 10),
        answered_at=at(2026, 3, 6, 10),
        closed_at=at(2026, 3, 10, 9),
    )
    unanswered = case(a, "didisposisikan", verified_at=at(2026, 3, 3, 9))  # first answer due 9 March: overdue
    case(a, "diterima", is_spam=True)  # spam never counts
    old = case(a, "diverifikasi", received=at(2025, 12, 1, 10), verified_at=at(2025, 12, 2, 9))
    fresh = case(tree.pkm_b, "diterima", received=at(2026, 3, 16, 8))  # due 19 March: not overdue
    return {
        "a": a,
        "on_time": on_time,
        "late": late_verify,
        "unanswered": unanswered,
        "old": old,
        "fresh": fresh,
    }


def test_counts_and_deadlines_of_the_year(data, tree):
    got = facts.complaints([data["a"], tree.pkm_b, tree.dinkes], 2026)
    a = got[data["a"].pk]
    assert a.received == 3  # spam and the 2025 case left out
    assert dict(a.by_status) == {"dijawab": 1, "selesai": 1, "didisposisikan": 1}
    assert a.by_channel == (("web", 2), ("whatsapp", 1))
    # Deadlines: on_time 2 met; late_verify 1 late + 1 met; unanswered 1 met + 1 overdue.
    assert (a.deadlines_met, a.deadlines_late, a.deadlines_overdue, a.deadlines_counted) == (4, 1, 1, 6)
    assert a.sla_percent == 67  # 4 / 6
    assert (a.answered, a.answered_within_deadline) == (2, 1)
    b = got[tree.pkm_b.pk]
    assert (b.received, b.deadlines_counted, b.sla_percent) == (1, 0, None)
    assert got[tree.dinkes.pk].received == 0  # exactly the unit, not its subtree


def test_a_subtree_rolls_up_its_units(data, tree):
    got = facts.complaints([tree.dinkes, tree.pkm_a, tree.capil], 2026, subtree=True)
    assert got[tree.dinkes.pk].received == 4  # pkm_a's 3 and pkm_b's 1
    assert got[tree.pkm_a.pk].received == 3
    assert got[tree.capil.pk].received == 0
    assert facts.complaints([tree.dinkes.pk], 2026, subtree=True)[tree.dinkes.pk].received == 4  # by id


def test_overdue_now_lists_open_cases_past_a_deadline(data, tree):
    got = facts.overdue_now([data["a"], tree.pkm_b])
    old, unanswered = got[data["a"].pk]  # most days late first
    assert (old.complaint_id, unanswered.complaint_id) == (data["old"].pk, data["unanswered"].pk)
    assert unanswered.deadline_key == "jawaban_pertama" and unanswered.due == at(2026, 3, 9, 23, 59, 59)
    assert unanswered.days_late == 5  # 10, 11, 12, 13, 16 March
    assert old.days_late > 5 and old.received_at == at(2025, 12, 1, 10)
    assert got[tree.pkm_b.pk] == ()
    assert [c.complaint_id for c in facts.overdue_now([tree.dinkes], subtree=True)[tree.dinkes.pk]] == [
        data["old"].pk,
        data["unanswered"].pk,
    ]


def test_open_deadlines_lists_every_open_case_in_scope_with_its_deadline(data, tree):
    from django.db.models import Q

    got = facts.open_deadlines(Q(handling_unit__path__startswith=tree.dinkes.path))
    # on_time (dijawab, both deadlines met) and the closed and spam cases are left out.
    assert [c.complaint_id for c in got] == [data["old"].pk, data["unanswered"].pk, data["fresh"].pk]
    old, unanswered, fresh = got
    assert (old.past, old.days_late > 5) == (True, True)
    assert (unanswered.past, unanswered.days_late, unanswered.deadline_key) == (True, 5, "jawaban_pertama")
    assert unanswered.unit_path == data["a"].path
    # Received Monday 16 March: verification within 3 working days, 17, 18 and (after Nyepi, Idulfitri
    # and the cuti bersama of 19-25 March) Thursday 26 March; 3 working days left, not late.
    assert (fresh.past, fresh.days_late, fresh.days_left) == (False, 0, 3)
    assert (fresh.deadline_key, fresh.due) == ("verifikasi", at(2026, 3, 26, 23, 59, 59))
    assert facts.open_deadlines(Q(handling_unit=tree.capil)) == ()
    assert facts.open_deadlines(Q(pk__in=[])) == ()


def _populate(parent, n):
    units = [make_unit(parent) for _ in range(n)]
    for unit in units:
        case(
            unit,
            "dijawab",
            verified_at=at(2026, 3, 3, 9),
            first_answer_at=at(2026, 3, 4, 9),
            answered_at=at(2026, 3, 4, 9),
        )
        case(unit, "didisposisikan", verified_at=at(2026, 3, 3, 9))
    return units


@pytest.mark.parametrize("subtree", [False, True])
def test_query_count_does_not_grow_with_units(tree, subtree):
    for fn in ("complaints", "overdue_now"):
        counts = []
        for units in (_populate(tree.dinkes, 2), _populate(tree.capil, 8)):
            args = (units, 2026) if fn == "complaints" else (units,)
            with CaptureQueriesContext(connection) as ctx:
                got = getattr(facts, fn)(*args, subtree=subtree)
            assert len(got) == len(units)
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1] == 4, (fn, counts)


def test_handler_deadlines_list_each_deadline_with_its_outcome(data, tree):
    from datetime import date

    rows = facts.handler_deadlines([data["a"], tree.pkm_b], date(2026, 1, 1), date(2026, 12, 31))
    a = [(d.complaint_id, d.key, d.due, d.met_in_time, d.past) for d in rows[data["a"].pk]]
    verify_due, answer_due = at(2026, 3, 5, 23, 59, 59), at(2026, 3, 9, 23, 59, 59)
    by_case = {}
    for cid, key, due, ok, past in a:
        by_case.setdefault(cid, {})[key] = (due.replace(microsecond=0), ok, past)
    assert by_case[data["on_time"].pk]["verifikasi"] == (verify_due, True, True)
    assert by_case[data["late"].pk]["verifikasi"] == (verify_due, False, True)  # verified on the 6th
    assert by_case[data["unanswered"].pk]["jawaban_pertama"] == (answer_due, False, True)
    assert data["old"].pk not in by_case  # received in 2025
    assert all(d.label for d in rows[data["a"].pk]) and not any("T0" in d.label for d in rows[data["a"].pk])
    fresh = rows[tree.pkm_b.pk]
    assert {d.key for d in fresh} == {"verifikasi", "jawaban_pertama"} and not any(d.past for d in fresh)


def test_received_between_counts_as_the_report_does(data, tree, admin_pemda):
    """Dinas Kesehatan's subtree in March: the three cases of Puskesmas A (spam left out) and Puskesmas B's;
    first answers after 3 (Mon 2 → Thu 5 March) and 4 (→ Fri 6 March) working days: median 3.5."""
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    got = facts.received_between([tree.dinkes, data["a"]], start, end)
    dinkes, a = got[tree.dinkes.pk], got[data["a"].pk]
    assert (dinkes.total.received, dinkes.total.answer_days, dinkes.total.median_answer_days) == (
        4,
        (3, 4),
        3.5,
    )
    assert (a.total.received, a.total.answered) == (3, 2)
    for unit, window in ((tree.dinkes, dinkes), (data["a"], a)):
        shown = report(user=admin_pemda, unit=unit, start=start, end=end)
        assert (window.total.received, window.total.median_answer_days) == (
            shown["total"],
            shown["median_answer_days"],
        )
    assert facts.received_between([data["a"]], date(2026, 3, 3), end)[data["a"].pk].total.received == 0
