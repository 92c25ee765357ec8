"""standards.facts: the current standard, review dates, completeness and the Maklumat, per unit, in bulk.

Expectations are derived by hand from the rows built here; time is frozen at 15 June 2026 (WITA).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sewaka.consultations.models import Forum
from sewaka.organisations.models import Service
from sewaka.organisations.tests.factories import make_unit
from sewaka.standards import facts
from sewaka.standards.models import Maklumat, ServiceStandard
from sewaka.standards.tests.test_standards import COMPLETE

WITA = ZoneInfo("Asia/Makassar")
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 6, 15, 9, 0, tzinfo=WITA), tick=False):
        yield


def version(service, n, status, **fields):
    return ServiceStandard.objects.create(service=service, version=n, status=status, **fields)


def service(unit, name, active=True):
    return Service.objects.create(unit=unit, name=name, slug=name.lower(), is_active=active)


@pytest.fixture
def data(tree):
    a, b = tree.pkm_a, tree.pkm_b
    akta = service(a, "Akta")
    v1 = version(
        akta,
        1,
        "published",
        decree_number="1/2025",
        decree_date=date(2025, 1, 10),
        reviewed_at=date(2025, 3, 1),
        review_note="Tetap.",
        pengaduan=[{"channel": " WhatsApp ", "contact": "0811"}, {"channel": "", "contact": "x"}],
    )
    v2 = version(akta, 2, "ditetapkan", decree_number="2/2026", decree_date=date(2026, 2, 1), **COMPLETE)
    v3 = version(akta, 3, "draft")
    bantuan = service(a, "Bantuan")
    b1 = version(bantuan, 1, "ditetapkan", decree_number="3/2025", decree_date=date(2025, 1, 1))
    cuti = service(a, "Cuti")
    c1 = version(cuti, 1, "draft")
    service(a, "Lama", active=False)
    Forum.objects.create(
        unit=a,
        topic="Akta",
        purpose="standar",
        method="fgd",
        date=date(2026, 1, 20),
        place="Aula",
        standard=v2,
    )
    return {"a": a, "b": b, "v1": v1, "v2": v2, "v3": v3, "b1": b1, "c1": c1}


def test_current_standard_is_the_newest_set_or_published_version(data):
    got = facts.service_standards([data["a"], data["b"]], 2026)
    assert set(got) == {data["a"].pk, data["b"].pk}
    assert got[data["b"].pk].services == ()
    akta, bantuan, cuti = got[data["a"].pk].services  # by name; the inactive service is left out
    assert (akta.service_name, bantuan.service_name, cuti.service_name) == ("Akta", "Bantuan", "Cuti")
    # Akta: v2 (ditetapkan) is newer than the published v1, so it is current; v3 is the draft.
    assert akta.current.id == data["v2"].pk and akta.draft.id == data["v3"].pk
    assert akta.newest.id == data["v3"].pk and akta.has_published
    assert akta.version_ids == (data["v3"].pk, data["v2"].pk, data["v1"].pk)
    # Cuti has only a draft: no current standard, the draft is the newest.
    assert cuti.current is None and cuti.newest.id == data["c1"].pk and not cuti.has_published
    assert [s.service_name for s in got[data["a"].pk].without_set_standard] == ["Cuti"]


def test_review_due_is_twelve_months_after_decree_or_last_review(data):
    akta, bantuan, _cuti = facts.service_standards([data["a"]], 2026)[data["a"].pk].services
    # v2 set 1 Feb 2026, never reviewed → due 1 Feb 2027, not overdue on 15 June 2026.
    assert akta.current.review_due == date(2027, 2, 1) and not akta.review_overdue
    # v1 reviewed 1 Mar 2025 → due 1 Mar 2026 (it is superseded in practice, but its own date stands).
    assert akta.versions[2].review_due == date(2026, 3, 1)
    # Bantuan set 1 Jan 2025, never reviewed → due 1 Jan 2026 < today: overdue.
    assert bantuan.current.review_due == date(2026, 1, 1) and bantuan.review_overdue
    assert [
        s.service_name for s in facts.service_standards([data["a"]], 2026)[data["a"].pk].review_overdue
    ] == ["Bantuan"]


def test_reviews_counted_in_the_year_and_the_reference_date(data):
    assert facts.service_standards([data["a"]], 2025)[data["a"].pk].reviewed_in_year == 1  # v1, 1 Mar 2025
    year2026 = facts.service_standards([data["a"]], 2026)[data["a"].pk]
    assert year2026.reviewed_in_year == 0
    assert year2026.as_of == TODAY  # the current year is measured up to today
    assert facts.service_standards([data["a"]], 2025)[data["a"].pk].as_of == date(2025, 12, 31)


def test_completeness_discussion_and_channels(data):
    akta, bantuan, _cuti = facts.service_standards([data["a"]], 2026)[data["a"].pk].services
    v2, v1 = akta.versions[1], akta.versions[2]
    # v2: all 14 components, set with a decree, discussed in an FKP, never reviewed → score 4.
    assert v2.discussed and v2.completeness.complete and v2.completeness.score == 4
    assert v2.component_present("biaya")
    # v1: set but its components are empty → score 1; its one named channel is kept as written, stripped.
    assert not v1.discussed and v1.completeness.score == 1 and not v1.component_present("biaya")
    assert v1.channels == ("WhatsApp",)
    assert bantuan.current.channels == ()


def test_current_of_is_the_one_rule():
    class V:
        def __init__(self, version, status):
            self.version, self.status = version, status

    assert facts.current_of([]) is None
    assert facts.current_of([V(1, "draft"), V(2, "dibahas")]) is None
    assert facts.current_of([V(1, "published"), V(3, "draft"), V(2, "ditetapkan")]).version == 2
    assert facts.current_of([V(1, "superseded"), V(2, "published")]).version == 2


def test_maklumat_current_published_and_by_year(tree):
    a = tree.pkm_a
    for status, signed in (("published", date(2023, 1, 1)), ("ditetapkan", date(2025, 1, 1))):
        Maklumat.objects.create(
            unit=a, signatory_name="A", signatory_position="Kepala", signed_on=signed, status=status
        )
    Maklumat.objects.create(
        unit=a, signatory_name="A", signatory_position="Kepala", signed_on=date(2026, 5, 1), status="draft"
    )
    got = facts.maklumat([a, tree.pkm_b])
    m = got[a.pk]
    assert [r.signed_on for r in m.records] == [date(2026, 5, 1), date(2025, 1, 1), date(2023, 1, 1)]
    assert m.current.signed_on == date(2025, 1, 1)  # newest set one (the 2026 draft is not set)
    assert m.published.signed_on == date(2023, 1, 1)
    assert m.statuses_until(2024) == {"published"}
    assert m.statuses_until(2026) == {"published", "ditetapkan", "draft"}
    assert got[tree.pkm_b.pk].records == () and got[tree.pkm_b.pk].current is None


def _populate(parent, n):
    units = []
    for i in range(n):
        unit = make_unit(parent)
        for name in ("Satu", "Dua"):
            s = service(unit, f"{name}{i}")
            version(
                s,
                1,
                "published",
                decree_number="1",
                decree_date=date(2025, 1, 1),
                reviewed_at=date(2026, 1, 2),
            )
            version(s, 2, "draft")
        Maklumat.objects.create(
            unit=unit,
            signatory_name="A",
            signatory_position="K",
            signed_on=date(2026, 1, 1),
            status="published",
        )
        units.append(unit)
    return units


@pytest.mark.parametrize(("fn", "expected"), [("service_standards", 4), ("maklumat", 1)])
def test_query_count_does_not_grow_with_units(tree, fn, expected):
    small, large = _populate(tree.dinkes, 2), _populate(tree.capil, 8)
    counts = []
    for units in (small, large):
        args = (units, 2026) if fn == "service_standards" else (units,)
        with CaptureQueriesContext(connection) as ctx:
            result = getattr(facts, fn)(*args)
        assert len(result) == len(units)
        counts.append(len(ctx.captured_queries))
    assert counts == [expected, expected]
