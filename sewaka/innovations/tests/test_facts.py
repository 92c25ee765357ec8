"""innovations.facts: per unit and year, in bulk, a constant number of queries."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sewaka.innovations import facts, services
from sewaka.innovations.models import Call
from sewaka.innovations.transitions import CallStatus, Stage
from sewaka.organisations.models import UnitKind
from sewaka.organisations.tests.factories import make_unit

from .conftest import WITA


def make(actor, unit, name, **kw):
    return services.innovation_create(actor=actor, unit=unit, name=name, **kw)


def test_innovations_per_unit(tree, admin_pemda, innovation):
    """Puskesmas A: Si-Antre (registered 20 Aug 2026, the fixture's clock) and one registered on
    31 Dec 2025 23:30 WITA (a 2025 registration), moved to uji coba; Puskesmas B: none;
    a partner unit does not count the innovation as its own."""
    with time_machine.travel(datetime(2025, 12, 31, 23, 30, tzinfo=WITA), tick=False):
        old = make(admin_pemda, tree.pkm_a, "Bank Sampah Puskesmas", partner_units=[tree.pkm_b])
    services.innovation_transition(actor=admin_pemda, innovation=old, to=Stage.UJI_COBA)
    services.award_record(
        actor=admin_pemda, innovation=innovation, year=2025, award_code="top99", scheme_name="KIPP"
    )
    services.award_record(
        actor=admin_pemda, innovation=innovation, year=2026, award_code="top45", scheme_name="KIPP"
    )
    got = facts.innovations([tree.pkm_a, tree.pkm_b.pk], 2026)
    a, b = got[tree.pkm_a.pk], got[tree.pkm_b.pk]
    assert [i.name for i in a.innovations] == ["Antrean Daring Puskesmas", "Bank Sampah Puskesmas"]
    assert [i.name for i in a.registered] == ["Antrean Daring Puskesmas"]
    assert a.innovations[1].registered_on == date(2025, 12, 31)
    assert a.by_stage[Stage.GAGASAN] == 1 and a.by_stage[Stage.UJI_COBA] == 1
    assert sum(a.by_stage.values()) == 2
    assert [(x.year, x.award_code) for x in a.awards] == [(2026, "top45"), (2025, "top99")]
    assert [x.text for x in a.awards_of_year] == ["KIPP: Top 45 2026"]
    assert b.innovations == () and b.awards == ()
    assert facts.innovations([tree.pkm_a], 2025)[tree.pkm_a.pk].registered[0].name == "Bank Sampah Puskesmas"


def test_innovations_costs_two_queries_whatever_the_units(tree, admin_pemda):
    units = [make_unit(tree.dinkes, UnitKind.PUSKESMAS, name=f"Puskesmas F{n}") for n in range(5)]
    for u in units:
        i = make(admin_pemda, u, f"Inovasi {u.name}")
        services.award_record(
            actor=admin_pemda, innovation=i, year=2026, award_code="top99", scheme_name="KIPP"
        )
    for few in (units[:1], units):
        with CaptureQueriesContext(connection) as ctx:
            got = facts.innovations(few, 2026)
        assert len(ctx.captured_queries) == 2
        assert all(len(got[u.pk].innovations) == 1 for u in few)


@pytest.fixture
def call(tree, admin_pemda, scheme_year):
    call = services.call_create(
        actor=admin_pemda,
        pemda=tree.pemda,
        scheme_year=scheme_year,
        title="Seleksi internal 2026",
        nomination_deadline=date(2026, 9, 30),
    )
    return services.call_open(actor=admin_pemda, call=call)


def test_the_pipeline_of_the_year(tree, admin_pemda, innovation, call):
    """Two nominations (Puskesmas A, Disdukcapil) and one withdrawn; one selected; one 2026 result."""
    capil = make(admin_pemda, tree.capil, "KTP-el Sehari Jadi")
    other = make(admin_pemda, tree.pkm_b, "Ditarik")
    services.nomination_create(actor=admin_pemda, call=call, innovation=innovation, group_code="umum")
    n2 = services.nomination_create(actor=admin_pemda, call=call, innovation=capil, group_code="umum")
    n3 = services.nomination_create(actor=admin_pemda, call=call, innovation=other, group_code="umum")
    services.nomination_withdraw(actor=admin_pemda, nomination=n3)
    services.call_transition(actor=admin_pemda, call=call, to=CallStatus.SCORING)
    services.nomination_decide(actor=admin_pemda, nomination=n2, selected=True)
    services.award_record(
        actor=admin_pemda, innovation=capil, year=2026, award_code="top99", scheme_name="KIPP"
    )
    services.award_record(
        actor=admin_pemda, innovation=capil, year=2024, award_code="top45", scheme_name="KIPP"
    )

    city = facts.pipeline([tree.pemda, tree.dinkes, tree.pkm_a, tree.pkm_b, tree.capil], 2026)
    assert [c.title for c in city.calls] == ["Seleksi internal 2026"]
    assert city.calls_running == 1
    assert (city.nominations, city.selected) == (2, 1)
    assert [a.text for a in city.awards] == ["KIPP: Top 99 2026"]
    units = [tree.pemda, tree.dinkes, tree.pkm_a, tree.pkm_b, tree.capil]
    with CaptureQueriesContext(connection) as ctx:
        reused = facts.pipeline(units, 2026, read=facts.innovations(units, 2026))
    assert len(ctx.captured_queries) == 4 and reused == city
    # Dinas Kesehatan's subtree: its puskesmas' nomination only; ids work as well as units.
    dinkes = facts.pipeline([tree.dinkes.pk, tree.pkm_a.pk, tree.pkm_b.pk], 2026)
    assert (dinkes.nominations, dinkes.selected, dinkes.awards) == (1, 0, ())
    # Another year: nothing.
    assert facts.pipeline([tree.pemda, tree.capil], 2025).calls == ()
    Call.objects.update(status=CallStatus.CLOSED)
    assert facts.pipeline([tree.capil], 2026).calls_running == 0
