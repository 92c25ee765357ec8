"""The optional rule "setiap perangkat daerah mendaftarkan ≥ 1 inovasi per tahun": the city's own rule,
installed inactive; once active, evaluated from innovations.facts like the other rules."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sewaka.innovations import services as innovations
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors, services
from sewaka.obligations.models import Obligation

WITA = ZoneInfo("Asia/Makassar")
Y = 2026
RULE = ev.Rule(
    key="inovasi",
    name="inovasi",
    basis="kota",
    fact="innovations_registered",
    threshold=None,
    kinds=frozenset({"perangkat_daerah"}),
)


def at(y, m, d, h=10):
    return time_machine.travel(datetime(y, m, d, h, 0, tzinfo=WITA), tick=False)


def run(facts, today):
    return ev.evaluate(
        RULE, unit_id=1, kind="perangkat_daerah", facts=facts, view=ev.year_period(Y), today=today
    )


def test_the_engine_counts_innovations_registered_in_the_year():
    one = ev.UnitFacts(innovations=[ev.Held(date(2026, 3, 2), "Inovasi: Si-Antre", "/inovasi-staf/1/")])
    cell = run(one, date(2026, 6, 1))
    assert cell.state == ev.State.DONE
    assert cell.reason == "1 inovasi didaftarkan pada Tahun 2026."
    assert [e.label for e in cell.evidence] == ["Inovasi: Si-Antre"]
    none = ev.UnitFacts()
    # During the year: not yet due (due the day the year ends); after it: missing.
    assert run(none, date(2026, 12, 31)).state == ev.State.NOT_DUE
    assert run(none, date(2027, 1, 1)).state == ev.State.MISSING
    assert run(none, date(2027, 1, 1)).reason == "Belum ada inovasi didaftarkan pada Tahun 2026."
    # Last year's registration does not count for this year.
    old = ev.UnitFacts(innovations=[ev.Held(date(2025, 12, 31), "Inovasi: Lama")])
    assert run(old, date(2027, 1, 1)).state == ev.State.MISSING
    # A unit kind outside the rule: not applicable.
    cell = ev.evaluate(
        RULE, unit_id=1, kind="puskesmas", facts=one, view=ev.year_period(Y), today=date(2026, 6, 1)
    )
    assert cell.state == ev.State.NA


def test_installed_inactive_with_the_city_as_its_basis(tree, admin_pemda):
    services.obligations_install_defaults(actor=admin_pemda, pemda=tree.pemda)
    rule = Obligation.objects.get(pemda=tree.pemda, key="inovasi")
    assert not rule.is_active
    assert "bukan kewajiban peraturan perundang-undangan" in rule.legal_basis
    assert rule.counts_subtree and rule.threshold == 1
    assert "inovasi" not in [r.key for r in selectors.rule_list(tree.pemda)]


def test_once_active_a_puskesmas_innovation_counts_for_its_dinas(tree, admin_pemda):
    """Dinas Kesehatan: Puskesmas A registered one on 2 March 2026 → done. Disdukcapil: one registered on
    31 Dec 2025 23:30 WITA (last year) → missing once 2026 is over. DPMPTSP: none → missing."""
    services.obligations_install_defaults(actor=admin_pemda, pemda=tree.pemda)
    rule = Obligation.objects.get(pemda=tree.pemda, key="inovasi")
    services.obligation_update(actor=admin_pemda, obligation=rule, is_active=True)
    with at(2026, 3, 2):
        innovations.innovation_create(actor=admin_pemda, unit=tree.pkm_a, name="Si-Antre")
    with at(2025, 12, 31, 23):
        innovations.innovation_create(actor=admin_pemda, unit=tree.capil, name="KTP-el Sehari Jadi")
    rules = [r for r in selectors.rule_list(tree.pemda) if r.key == "inovasi"]
    units = [tree.dinkes, tree.capil, tree.dpmptsp, tree.pkm_a]
    with at(2027, 1, 5):
        result = selectors.evaluate(units, pemda=tree.pemda, view=ev.year_period(Y), rules=rules)
        during = selectors.evaluate(
            units, pemda=tree.pemda, view=ev.year_period(Y), rules=rules, today=date(2026, 6, 1)
        )
    states = {u.code: result.cells[u.pk][0].state for u in units}
    assert states == {
        "dinkes": ev.State.DONE,
        "capil": ev.State.MISSING,
        "dpmptsp": ev.State.MISSING,
        "pkm-a": ev.State.NA,  # a puskesmas is not a perangkat daerah
    }
    assert result.cells[tree.dinkes.pk][0].evidence[0].label == "Inovasi: Si-Antre"
    assert during.cells[tree.dpmptsp.pk][0].state == ev.State.NOT_DUE


def test_an_inactive_rule_costs_no_query(tree, admin_pemda):
    services.obligations_install_defaults(actor=admin_pemda, pemda=tree.pemda)
    units = [tree.dinkes, tree.capil]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.evaluate(units, pemda=tree.pemda, view=ev.year_period(Y), universe=units)
        return len(ctx.captured_queries)

    inactive = count()
    rule = Obligation.objects.get(pemda=tree.pemda, key="inovasi")
    services.obligation_update(actor=admin_pemda, obligation=rule, is_active=True)
    assert count() == inactive + 2  # innovations.facts.innovations: the innovations and their awards


def test_the_unit_page_points_to_the_innovation_registry(client, tree, admin_pemda):
    services.obligations_install_defaults(actor=admin_pemda, pemda=tree.pemda)
    rule = Obligation.objects.get(pemda=tree.pemda, key="inovasi")
    services.obligation_update(actor=admin_pemda, obligation=rule, is_active=True)
    client.force_login(admin_pemda)
    html = client.get(f"/kewajiban/unit/{tree.dinkes.pk}/").content.decode()
    assert "Buka daftar inovasi" in html and 'href="/inovasi-staf/"' in html
