"""The tracker over the persona tree: states from real facts, evidence links, filters, access, exports,
and a query count that does not grow with the number of units."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sewaka.consultations import services as fkp
from sewaka.consultations.models import Method, Purpose
from sewaka.core.models import AuditEvent
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors, services
from sewaka.obligations.models import Obligation
from sewaka.organisations.models import UnitKind
from sewaka.organisations.tests.factories import make_unit
from sewaka.surveys.tests.factories import make_service

WITA = ZoneInfo("Asia/Makassar")


def at(y, m, d):
    return time_machine.travel(datetime(y, m, d, 10, 0, tzinfo=WITA), tick=False)


@pytest.fixture
def rules(tree):
    services.obligations_install_defaults(actor=None, pemda=tree.pemda)
    return selectors.rule_list(tree.pemda)


def held_forum(unit, actor, on: date):
    forum = fkp.forum_create(
        actor=actor,
        unit=unit,
        topic="Waktu tunggu",
        purpose=Purpose.EVALUATION,
        method=Method.FGD,
        date=on,
        place="Aula",
    )
    return fkp.forum_record_results(actor=actor, forum=forum, minutes="Notulen.")


def cell(user, unit, key, view):
    rows = selectors.unit_obligations(user=user, unit=unit, view=view)
    return next(c for r, c in rows if r.key == key)


def test_defaults_are_installed_once_with_their_legal_bases(tree, admin_pemda):
    created = services.obligations_install_defaults(actor=admin_pemda, pemda=tree.pemda)
    assert created == 9  # eight rules (the innovation rule inactive) and the letter settings
    assert services.obligations_install_defaults(actor=admin_pemda, pemda=tree.pemda) == 0
    fkp_rule = Obligation.objects.get(pemda=tree.pemda, key="fkp")
    assert "061/504/Org" in fkp_rule.legal_basis and "16 Tahun 2017" in fkp_rule.legal_basis
    assert fkp_rule.counts_subtree and fkp_rule.threshold == 1
    assert Obligation.objects.get(pemda=tree.pemda, key="skm").due_days == 30
    assert AuditEvent.objects.filter(action="obligations.install_defaults").count() == 1


def test_fkp_done_with_berita_acara_missing_and_not_yet_due(tree, rules, admin_pemda, operator_unit_a):
    with at(2026, 5, 20):
        forum = held_forum(tree.pkm_a, operator_unit_a, date(2026, 5, 20))
    year = ev.year_period(2026)
    with at(2026, 11, 2):
        # The puskesmas' forum counts for its dinas (the rule counts the subtree); Disdukcapil has none yet.
        done = cell(admin_pemda, tree.dinkes, "fkp", year)
        assert done.state == ev.State.DONE
        assert [e.url for e in done.evidence] == [reverse("consultations:berita_acara", args=[forum.pk])]
        assert cell(admin_pemda, tree.capil, "fkp", year).state == ev.State.NOT_DUE
        assert cell(admin_pemda, tree.pkm_a, "fkp", year).state == ev.State.NA  # not a perangkat daerah
    with at(2027, 1, 5):
        assert cell(admin_pemda, tree.capil, "fkp", year).state == ev.State.MISSING


def test_tracker_answers_who_has_not_held_an_fkp(client, tree, rules, admin_pemda, operator_unit_a):
    with at(2026, 5, 20):
        held_forum(tree.pkm_a, operator_unit_a, date(2026, 5, 20))
    with at(2027, 1, 5):
        client.force_login(admin_pemda)
        page = client.get(
            reverse("obligations:tracker"), {"tahun": 2026, "kewajiban": "fkp", "status": "missing"}
        )
        assert page.status_code == 200
        body = page.content.decode()
        tr = page.context["tr"]
        names = [r.unit.name for g in tr.groups for r in g.all_rows]
        assert names == ["Disdukcapil", "DPMPTSP"]  # dinkes held one through Puskesmas A
        assert "Belum terpenuhi" in body  # a text label, not colour alone
        # The cell links to the unit's obligations with the evidence or what is missing.
        assert reverse("obligations:unit", args=[tree.capil.pk]) + "?periode=2026#k-fkp" in body
        assert tr.counts[0] == {"done": 1, "missing": 2, "na": 4}


def test_in_december_who_has_not_held_an_fkp_is_not_yet_due_and_the_quick_link_finds_them(
    client, tree, rules, admin_pemda, operator_unit_a
):
    with at(2026, 5, 20):
        held_forum(tree.pkm_a, operator_unit_a, date(2026, 5, 20))
    with at(2026, 12, 3):
        client.force_login(admin_pemda)
        page = client.get(reverse("obligations:tracker"))
        label, link = page.context["quick"][0]
        assert (
            label == "Belum FKP tahun ini" and link == "?tahun=2026&periode=2026&kewajiban=fkp&status=belum"
        )
        tr = client.get(reverse("obligations:tracker") + link).context["tr"]
        assert [r.unit.name for g in tr.groups for r in g.all_rows] == ["Disdukcapil", "DPMPTSP"]
        assert [r.cells[0].state for g in tr.groups for r in g.all_rows] == [ev.State.NOT_DUE] * 2
        label, link = page.context["quick"][1]
        assert label == "SKM Triwulan III 2026 belum dievaluasi"
        assert link == "?tahun=2026&periode=2026-Q3&kewajiban=skm&status=belum"


def test_operator_sees_their_subtree_only(client, tree, rules, operator_unit_a, operator_unit_b):
    client.force_login(operator_unit_a)
    tr = client.get(reverse("obligations:tracker")).context["tr"]
    assert [r.unit for g in tr.groups for r in g.all_rows] == [tree.pkm_a]
    assert client.get(reverse("obligations:unit", args=[tree.pkm_a.pk])).status_code == 200
    assert client.get(reverse("obligations:unit", args=[tree.pkm_b.pk])).status_code == 404
    client.force_login(operator_unit_b)
    assert client.get(reverse("obligations:unit", args=[tree.pkm_a.pk])).status_code == 404


def test_bad_filters_get_a_message_not_a_500(client, tree, rules, admin_pemda):
    client.force_login(admin_pemda)
    for params in (
        {"periode": "2026-Q9"},
        {"tahun": "abc"},
        {"status": "zzz"},
        {"kewajiban": "\u00b2"},
        {"jenis": "x"},
    ):
        response = client.get(reverse("obligations:tracker"), params)
        assert response.status_code == 200, params
    assert (
        "Periode tidak dikenal"
        in client.get(reverse("obligations:tracker"), {"periode": "2026-Q9"}).content.decode()
    )


def test_unit_type_filter_splits_dinas_and_badan(tree, rules, admin_pemda):
    badan = make_unit(tree.pemda, UnitKind.PERANGKAT_DAERAH, name="Badan Pendapatan Daerah", code="bapenda")
    view = ev.year_period(2026)
    with at(2026, 6, 1):
        tr = selectors.tracker(user=admin_pemda, pemda=tree.pemda, view=view, unit_type_key="badan")
    assert [r.unit for g in tr.groups for r in g.all_rows] == [badan]
    assert selectors.unit_type(UnitKind.PERANGKAT_DAERAH, "Dinas Kesehatan") == "dinas"
    assert selectors.unit_type(UnitKind.PUSKESMAS, "Puskesmas A") == "puskesmas"


def test_excel_export_writes_values(client, tree, rules, admin_pemda):
    with at(2027, 1, 5):
        client.force_login(admin_pemda)
        response = client.get(reverse("obligations:tracker_xlsx"), {"tahun": 2026})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    sheet = wb["Pelacak"]
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["Perangkat daerah", "Unit", "Jenis unit", "FKP"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]}
    assert rows["Disdukcapil"][3] == "Belum terpenuhi"
    assert not any(
        isinstance(v, str) and v.startswith("=") for r in sheet.iter_rows(values_only=True) for v in r
    )
    assert wb["Rincian"].max_row > 1


def test_tracker_pdf_renders(client, tree, rules, admin_pemda):
    client.force_login(admin_pemda)
    response = client.get(reverse("obligations:tracker_pdf"), {"tahun": 2026})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_query_count_does_not_grow_with_the_units(tree, rules, admin_pemda):
    view = ev.year_period(2026)

    def grow(n):
        for i in range(n):
            pd = make_unit(tree.pemda, UnitKind.KECAMATAN, name=f"Kecamatan {n}-{i}")
            unit = make_unit(pd, UnitKind.KELURAHAN, name=f"Kelurahan {n}-{i}")
            make_service(unit, name=f"Surat {i}")
            with at(2026, 5, 20):
                held_forum(unit, admin_pemda, date(2026, 5, 20))

    def count():
        with at(2026, 11, 2), CaptureQueriesContext(connection) as ctx:
            selectors.tracker(user=admin_pemda, pemda=tree.pemda, view=view)
        return len(ctx.captured_queries)

    grow(1)
    small = count()
    grow(12)
    assert count() == small


def test_the_unit_page_shows_the_obligations_panel(client, tree, rules, admin_pemda):
    client.force_login(admin_pemda)
    body = client.get(tree.capil.get_absolute_url()).content.decode()
    assert "Menyelenggarakan Forum Konsultasi Publik" in body
    assert reverse("obligations:unit", args=[tree.capil.pk]) in body


def test_rules_are_edited_by_admin_pemda_only(client, tree, rules, admin_pemda, pimpinan, operator_unit_a):
    rule = Obligation.objects.get(pemda=tree.pemda, key="fkp")
    url = reverse("obligations:rule_edit", args=[rule.pk])
    data = {
        "name": rule.name,
        "short_name": "FKP",
        "legal_basis": rule.legal_basis,
        "fact": "fkp_held",
        "frequency": "yearly",
        "due_mode": "after_period",
        "due_days": 0,
        "threshold": "2",
        "unit_kinds": ["perangkat_daerah"],
        "counts_subtree": "on",
        "remind_days": 14,
        "order": 10,
        "is_active": "on",
    }
    client.force_login(pimpinan)
    assert client.post(url, data).status_code == 403
    client.force_login(operator_unit_a)
    assert client.post(url, data).status_code == 404
    client.force_login(admin_pemda)
    assert client.get(reverse("obligations:rules")).status_code == 200
    assert client.post(url, {**data, "threshold": "-1"}).status_code == 400
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.threshold == 2 and rule.unit_kinds == ["perangkat_daerah"]
    event = AuditEvent.objects.filter(action="obligation.update").get()
    assert event.changes["threshold"] == {"before": "1.00", "after": "2"}
