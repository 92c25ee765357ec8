"""followups.facts: open, overdue and done-on-time follow-ups per unit and source type, in one query."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sewaka.followups import facts
from sewaka.followups.models import FollowUp
from sewaka.organisations.models import Service, Unit
from sewaka.organisations.tests.factories import make_unit

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 6, 15, 9, tzinfo=WITA), tick=False):
        yield


def item(unit, source, status, due, done_at=None):
    return FollowUp.objects.create(
        unit=unit,
        source_type=ContentType.objects.get_for_model(source),
        source_id=str(source.pk),
        title="x",
        status=status,
        due=due,
        done_at=done_at,
    )


@pytest.fixture
def data(tree):
    a = tree.pkm_a
    item(a, a, "open", date(2026, 6, 14))  # overdue
    item(a, a, "open", date(2026, 6, 15))  # due today: not overdue
    item(a, a, "in_progress", date(2026, 1, 10))  # overdue
    item(a, a, "reopened", date(2025, 12, 1))  # overdue, due last year
    item(a, a, "done", date(2026, 3, 10), datetime(2026, 3, 10, 23, 30, tzinfo=WITA))  # on time (local day)
    item(a, a, "done", date(2026, 3, 10), datetime(2026, 3, 11, 0, 30, tzinfo=WITA))  # late (UTC says 10th)
    item(a, a, "verified", date(2026, 4, 1), datetime(2026, 3, 30, 9, tzinfo=WITA))  # on time
    item(a, Service.objects.create(unit=a, name="Akta", slug="akta"), "open", date(2026, 5, 1))  # overdue
    return a


def test_counts_per_source_type(data, tree):
    got = facts.followups([data, tree.pkm_b])
    unit = got[data.pk].source("organisations.unit")
    assert (unit.total, unit.open, unit.overdue, unit.done, unit.done_on_time) == (7, 4, 3, 3, 2)
    service = got[data.pk].source("organisations.service")
    assert (service.total, service.open, service.overdue, service.done) == (1, 1, 1, 0)
    assert got[data.pk].open == 5 and got[data.pk].overdue == 4
    assert got[tree.pkm_b.pk].by_source == {} and got[tree.pkm_b.pk].overdue == 0
    assert got[data.pk].source("surveys.rtlaction") == facts.SourceCounts()


def test_a_year_keeps_the_follow_ups_due_in_it(data):
    unit = facts.followups([data], 2025)[data.pk].source("organisations.unit")
    assert (unit.total, unit.open, unit.overdue) == (1, 1, 1)
    assert facts.followups([data], 2026)[data.pk].source("organisations.unit").total == 6


def test_query_count_does_not_grow_with_units(tree):
    counts = []
    for n, parent in ((2, tree.dinkes), (8, tree.capil)):
        units = [make_unit(parent) for _ in range(n)]
        for u in units:
            item(u, u, "open", date(2026, 1, 1))
            item(u, u, "done", date(2026, 1, 1), datetime(2026, 1, 1, 9, tzinfo=WITA))
        with CaptureQueriesContext(connection) as ctx:
            got = facts.followups(units)
        assert all(got[u.pk].source("organisations.unit").total == 2 for u in units)
        counts.append(len(ctx.captured_queries))
    assert counts == [1, 1]
    assert Unit.objects.count() > 10


def test_tasks_list_each_followup_due_in_the_range_with_its_local_done_date(data, tree):
    rows = facts.tasks([data, tree.pkm_b], date(2026, 1, 1), date(2026, 12, 31))
    got = [(t.due, t.done_on, t.source) for t in rows[data.pk]]
    assert got == [
        (date(2026, 1, 10), None, "organisations.unit"),
        (date(2026, 3, 10), date(2026, 3, 10), "organisations.unit"),  # 23:30 WITA is still the 10th
        (date(2026, 3, 10), date(2026, 3, 11), "organisations.unit"),
        (date(2026, 4, 1), date(2026, 3, 30), "organisations.unit"),
        (date(2026, 5, 1), None, "organisations.service"),
        (date(2026, 6, 14), None, "organisations.unit"),
        (date(2026, 6, 15), None, "organisations.unit"),
    ]  # the one due in 2025 is outside the range
    assert rows[tree.pkm_b.pk] == ()
    only = facts.tasks([data], date(2026, 1, 1), date(2026, 12, 31), sources=["organisations.service"])
    assert [t.due for t in only[data.pk]] == [date(2026, 5, 1)]
    assert facts.tasks([data], date(2026, 1, 1), date(2026, 12, 31), sources=["nope.nothing"])[data.pk] == ()
