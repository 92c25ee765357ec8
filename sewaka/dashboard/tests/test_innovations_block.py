"""The dashboard's innovations block (issue 18 item 10), read through innovations.facts.

Frozen at Monday 16 March 2026 12:00 WITA. The small tree (core/tests/personas.py):
- Puskesmas A (under Dinas Kesehatan): "Si-Antre" registered now, moved to implementasi, and "Bank Sampah"
  registered now (gagasan); Puskesmas B: none; Disdukcapil: "KTP-el Sehari Jadi" registered 10 Dec 2025
  (gagasan). Rows: Dinas Kesehatan 2 (1 gagasan, 1 implementasi; 2 new in 2026), Disdukcapil 1 (0 new).
  DPMPTSP has none → 2 of the 3 perangkat daerah registered nothing in 2026.
- An internal call of 2026 (open, deadline 30 April 2026) with Si-Antre and KTP-el nominated: 2 nominations,
  0 selected. Results: KTP-el Top 99 2026 and Si-Antre Top 45 2024 (not this year's): one award of 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from sewaka.complaints.tests.factories import at
from sewaka.dashboard import selectors
from sewaka.innovations import services
from sewaka.innovations.models import Scheme, SchemeYear
from sewaka.innovations.tests.conftest import scheme_dict
from sewaka.innovations.transitions import Stage


@pytest.fixture
def world(tree, admin_pemda):
    with time_machine.travel(at(2025, 12, 10, 9), tick=False):
        capil = services.innovation_create(actor=admin_pemda, unit=tree.capil, name="KTP-el Sehari Jadi")
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        siantre = services.innovation_create(actor=admin_pemda, unit=tree.pkm_a, name="Si-Antre")
        services.innovation_transition(actor=admin_pemda, innovation=siantre, to=Stage.IMPLEMENTASI)
        services.innovation_create(actor=admin_pemda, unit=tree.pkm_a, name="Bank Sampah")
        scheme = Scheme.objects.create(code="uji", name="Kompetisi Uji")
        sy = SchemeYear.objects.create(
            scheme=scheme, year=2026, version="1", name="Kompetisi Uji", data=scheme_dict(), sha256="0" * 64
        )
        call = services.call_create(
            actor=admin_pemda,
            pemda=tree.pemda,
            scheme_year=sy,
            title="Seleksi Inovasi 2026",
            nomination_deadline=date(2026, 4, 30),
        )
        services.call_open(actor=admin_pemda, call=call)
        for i in (siantre, capil):
            services.nomination_create(actor=admin_pemda, call=call, innovation=i, group_code="umum")
        services.award_record(
            actor=admin_pemda,
            innovation=capil,
            year=2026,
            award_code="top99",
            scheme_name="KIPP",
            is_demo=True,
        )
        services.award_record(
            actor=admin_pemda, innovation=siantre, year=2024, award_code="top45", scheme_name="KIPP"
        )
    return tree


def test_the_block_equals_the_hand_derived_values(world, pimpinan):
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        d = selectors.dashboard(user=pimpinan, root=world.pemda)
    i = d.innovations
    stages = [code for code, _label in i["stages"]]
    rows = {r["unit"].name: r for r in i["rows"]}
    assert list(rows) == ["Dinas Kesehatan", "Disdukcapil"]
    dinkes = rows["Dinas Kesehatan"]
    assert (dinkes["total"], dinkes["registered"]) == (2, 2)
    assert dinkes["stages"][stages.index(Stage.GAGASAN)] == 1
    assert dinkes["stages"][stages.index(Stage.IMPLEMENTASI)] == 1
    assert (rows["Disdukcapil"]["total"], rows["Disdukcapil"]["registered"]) == (1, 0)
    assert (i["total"], i["registered"]) == (3, 2)
    assert (i["without"], i["rows_total"]) == (2, 3)
    p = i["pipeline"]
    assert [c.title for c in p.calls] == ["Seleksi Inovasi 2026"]
    assert (p.calls_running, p.nominations, p.selected) == (1, 2, 0)
    assert [(a.innovation_name, a.label) for a in p.awards] == [("KTP-el Sehari Jadi", "Top 99")]


def test_an_opd_head_sees_the_subtree_only(world, pimpinan):
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        d = selectors.dashboard(user=pimpinan, root=world.dinkes)
    i = d.innovations
    assert [r["unit"].name for r in i["rows"]] == ["Puskesmas A"]
    assert i["pipeline"].nominations == 1
    assert i["pipeline"].awards == ()


def test_the_page_shows_the_block(client, world, pimpinan):
    client.force_login(pimpinan)
    with time_machine.travel(at(2026, 3, 16, 12), tick=False):
        html = client.get("/dasbor/").content.decode()
    assert 'id="inov-h"' in html
    assert "Seleksi Inovasi 2026" in html
    assert "KTP-el Sehari Jadi" in html and "(data contoh)" in html
