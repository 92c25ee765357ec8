"""The pure obligations engine: every state of every fact, periods and due dates, derived by hand."""

from datetime import date
from decimal import Decimal

import pytest

from sewaka.obligations import evaluation as ev

Y = 2026


def rule(fact, **kw):
    return ev.Rule(key=fact, name=fact, basis="dasar", fact=fact, **kw)


def run(r, facts, *, view=None, today, kind="perangkat_daerah", unit_id=1):
    return ev.evaluate(
        r, unit_id=unit_id, kind=kind, facts=facts, view=view or ev.year_period(Y), today=today
    )


# --- Periods ------------------------------------------------------------------------------------------


def test_periods_parse_and_cut_the_year():
    assert ev.parse_period("2026") == ev.Period("2026", "Tahun 2026", date(2026, 1, 1), date(2026, 12, 31))
    q3 = ev.parse_period("2026-q3")
    assert (q3.key, q3.label, q3.start, q3.end) == (
        "2026-Q3",
        "Triwulan III 2026",
        date(2026, 7, 1),
        date(2026, 9, 30),
    )
    s1 = ev.parse_period("2026-S1")
    assert (s1.start, s1.end, s1.label) == (date(2026, 1, 1), date(2026, 6, 30), "Semester I 2026")
    for bad in ("", "26", "2026-Q5", "2026-S3", "abcd", "2026-X1", "1999", "2026-Q", "2026-Q11"):
        assert ev.parse_period(bad) is None, bad
    assert ev.last_quarter(date(2026, 12, 3)).key == "2026-Q3"
    assert ev.last_quarter(date(2027, 2, 1)).key == "2026-Q4"
    # A quarterly rule over a year is read per quarter; a yearly rule over a quarter is read over its year.
    assert [p.key for p in ev.chunks("quarter", ev.year_period(Y))] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert [p.key for p in ev.chunks("yearly", ev.quarter(Y, 2))] == ["2026"]
    assert [p.key for p in ev.chunks("semester", ev.quarter(Y, 3))] == ["2026-S2"]


# --- FKP ----------------------------------------------------------------------------------------------


FKP = rule("fkp_held", threshold=Decimal(1), kinds=frozenset({"perangkat_daerah", "kecamatan"}))


def test_fkp_done_with_its_berita_acara_missing_after_the_year_and_not_yet_due_during_it():
    held = ev.UnitFacts(
        forums=[ev.Held(date(2026, 5, 20), "Berita acara FKP: Antrean", "/fkp/7/berita-acara.pdf")]
    )
    cell = run(FKP, held, today=date(2026, 12, 3))
    assert cell.state == ev.State.DONE
    assert cell.evidence == (
        ev.Evidence("Berita acara FKP: Antrean", "/fkp/7/berita-acara.pdf", date(2026, 5, 20)),
    )
    assert cell.due == date(2026, 12, 31)
    # None held: not yet due until 31 December (due rule: 0 days after the year), missing from 1 January.
    assert run(FKP, ev.UnitFacts(), today=date(2026, 12, 31)).state == ev.State.NOT_DUE
    missing = run(FKP, ev.UnitFacts(), today=date(2027, 1, 1))
    assert missing.state == ev.State.MISSING and "Belum ada forum" in missing.reason
    # A forum planned later in the year does not count before it happens; one of last year never does.
    future = ev.UnitFacts(forums=[ev.Held(date(2026, 12, 20), "FKP", "")])
    assert run(FKP, future, today=date(2026, 12, 3)).state == ev.State.NOT_DUE
    old = ev.UnitFacts(forums=[ev.Held(date(2025, 12, 20), "FKP", "")])
    assert run(FKP, old, today=date(2027, 1, 2)).state == ev.State.MISSING
    # A puskesmas is not a perangkat daerah: not applicable.
    assert run(FKP, ev.UnitFacts(), today=date(2027, 1, 2), kind="puskesmas").state == ev.State.NA


def test_applicability_by_list_wins_over_kinds():
    r = rule("fkp_held", threshold=Decimal(1), kinds=frozenset({"perangkat_daerah"}), unit_ids=frozenset({5}))
    assert run(r, ev.UnitFacts(), today=date(2027, 1, 2), unit_id=4).state == ev.State.NA
    assert (
        run(r, ev.UnitFacts(), today=date(2027, 1, 2), unit_id=5, kind="puskesmas").state == ev.State.MISSING
    )


def test_fkp_threshold_two_counts_the_forums():
    r = rule("fkp_held", threshold=Decimal(2))
    one = ev.UnitFacts(forums=[ev.Held(date(2026, 3, 1), "A", "")])
    assert run(r, one, today=date(2027, 1, 5)).reason == "Baru 1 dari 2 forum konsultasi publik terlaksana."
    two = ev.UnitFacts(forums=[ev.Held(date(2026, 3, 1), "A", ""), ev.Held(date(2026, 9, 1), "B", "")])
    assert run(r, two, today=date(2027, 1, 5)).state == ev.State.DONE


# --- SKM ----------------------------------------------------------------------------------------------

SKM = rule("skm_evaluated", frequency="skm_period", due_days=30)


def skm(end, evaluated_on=None, name="Triwulan"):
    start = date(end.year, end.month, 1)
    return ev.SkmPeriod(
        name, start, end, evaluated_on, () if evaluated_on else ("Laporan belum terbit.",), "/skm/1/"
    )


def test_skm_each_period_within_30_days():
    q3_end = date(2026, 9, 30)  # due 30 October
    on_time = ev.UnitFacts(services=2, skm_periods=[skm(q3_end, date(2026, 10, 30))])
    late = ev.UnitFacts(services=2, skm_periods=[skm(q3_end, date(2026, 10, 31))])
    pending = ev.UnitFacts(services=2, skm_periods=[skm(q3_end)])
    today = date(2026, 12, 3)
    q3 = ev.quarter(Y, 3)
    assert run(SKM, on_time, view=q3, today=today).state == ev.State.DONE
    cell = run(SKM, late, view=q3, today=today)
    assert cell.state == ev.State.LATE and "lewat batas 30 Oktober 2026" in cell.reason
    assert run(SKM, pending, view=q3, today=date(2026, 10, 30)).state == ev.State.NOT_DUE
    missing = run(SKM, pending, view=q3, today=date(2026, 10, 31))
    assert missing.state == ev.State.MISSING and "Laporan belum terbit." in missing.reason
    assert missing.due == date(2026, 10, 30)


def test_skm_the_worst_period_shows_and_a_quarter_without_period_is_not_applicable():
    facts = ev.UnitFacts(
        services=1,
        skm_periods=[skm(date(2026, 3, 31), date(2026, 4, 2), "TW I"), skm(date(2026, 6, 30), None, "TW II")],
    )
    year = run(SKM, facts, today=date(2026, 12, 3))
    assert year.state == ev.State.MISSING and year.reason.startswith("TW II")
    assert len(year.evidence) == 2
    assert run(SKM, facts, view=ev.quarter(Y, 1), today=date(2026, 12, 3)).state == ev.State.DONE
    assert run(SKM, facts, view=ev.quarter(Y, 3), today=date(2026, 12, 3)).state == ev.State.NA


def test_skm_a_unit_without_periods():
    none = ev.UnitFacts(services=3)
    assert run(SKM, none, today=date(2026, 12, 3)).state == ev.State.NOT_DUE
    assert run(SKM, none, today=date(2027, 1, 31)).state == ev.State.MISSING  # 31 Dec + 30 days = 30 Jan
    assert run(SKM, ev.UnitFacts(), today=date(2027, 3, 1)).state == ev.State.NA  # no services at all


# --- Standards, Maklumat ------------------------------------------------------------------------------

STD = rule("standard_current", due_mode="continuous", threshold=Decimal(12))


def test_standards_set_and_reviewed_within_twelve_months():
    today = date(2026, 12, 3)
    ok = ev.ServiceStandard("KTP-el", date(2026, 1, 5), None, "/standar/1/")
    stale = ev.ServiceStandard(
        "KK", date(2024, 6, 1), date(2025, 12, 2), "/standar/2/"
    )  # review due 2 Dec 2026
    fresh_review = ev.ServiceStandard("Akta", date(2024, 6, 1), date(2025, 12, 3), "/standar/3/")  # due 3 Dec
    none = ev.ServiceStandard("Pindah", None, None, "/standar/unit/1/")
    assert run(STD, ev.UnitFacts(standards=[ok, fresh_review]), today=today).state == ev.State.DONE
    cell = run(STD, ev.UnitFacts(standards=[ok, stale, none]), today=today)
    assert cell.state == ev.State.MISSING
    assert cell.reason == "Tanpa standar yang ditetapkan: Pindah. Belum ditinjau dalam 12 bulan: KK."
    assert run(STD, ev.UnitFacts(), today=today).state == ev.State.NA


def test_maklumat_must_exist_at_every_moment():
    r = rule("maklumat_published", due_mode="continuous")
    facts = ev.UnitFacts(services=1, maklumat=[ev.Held(date(2026, 2, 1), "Maklumat pelayanan", "/maklumat/")])
    assert run(r, facts, today=date(2026, 3, 1)).state == ev.State.DONE
    # Viewing the first quarter before it was signed: missing then.
    assert run(r, facts, view=ev.parse_period("2026-S1"), today=date(2026, 1, 20)).state == ev.State.MISSING
    assert run(r, ev.UnitFacts(services=1), today=date(2026, 3, 1)).state == ev.State.MISSING


# --- Complaints, follow-ups, events -------------------------------------------------------------------


def test_complaints_percentage_against_the_city_target():
    r = rule("complaints_on_time", due_mode="continuous", threshold=Decimal(80))
    today = date(2026, 12, 3)
    met = [ev.Deadline(date(2026, 5, d), date(2026, 5, d)) for d in (1, 2, 3, 4)]
    missed = ev.Deadline(date(2026, 5, 5), date(2026, 5, 7), "Pengaduan #9 · Verifikasi", "/p/9/")
    open_future = ev.Deadline(date(2026, 12, 10), None)  # not counted yet: neither met nor past
    cell = run(r, ev.UnitFacts(deadlines=[*met, missed, open_future]), today=today)
    assert cell.state == ev.State.DONE and cell.reason == "4 dari 5 tenggat dipenuhi (80%; target 80%)."
    assert cell.evidence[0].label == "Lewat tenggat: Pengaduan #9 · Verifikasi"
    worse = [*met[:2], missed]  # 2 of 3 = 66,7 %
    cell = run(r, ev.UnitFacts(deadlines=worse), today=today)
    assert cell.state == ev.State.MISSING and cell.reason == "2 dari 3 tenggat dipenuhi (66,7%; target 80%)."
    assert run(r, ev.UnitFacts(deadlines=[open_future]), today=today).state == ev.State.NA


def test_followups_done_by_their_due_date():
    r = rule("followups_on_time", due_mode="continuous", threshold=Decimal(100))
    today = date(2026, 12, 3)
    on_time = ev.Task("RTL waktu", date(2026, 6, 1), date(2026, 5, 30))
    late = ev.Task("RTL biaya", date(2026, 6, 1), date(2026, 6, 3))
    open_past = ev.Task("Kesepakatan FKP", date(2026, 11, 1), None)
    open_future = ev.Task("RTL sarana", date(2026, 12, 20), None)
    assert run(r, ev.UnitFacts(tasks=[on_time]), today=today).state == ev.State.DONE
    assert run(r, ev.UnitFacts(tasks=[on_time, late]), today=today).state == ev.State.LATE
    assert (
        run(r, ev.UnitFacts(tasks=[on_time, open_past, open_future]), today=today).state == ev.State.MISSING
    )
    cell = run(r, ev.UnitFacts(tasks=[on_time, open_future]), today=today)
    assert cell.state == ev.State.NOT_DUE and cell.due == date(2026, 12, 20)
    assert run(r, ev.UnitFacts(), today=today).state == ev.State.NA


def test_coordination_events_attended():
    r = rule("events_attended", threshold=Decimal(1))
    today = date(2027, 1, 10)
    went = ev.Invitation(date(2026, 8, 1), "Rakor Ombudsman", True, "/koordinasi/1/")
    skipped = ev.Invitation(date(2026, 3, 1), "Sosialisasi SKM", False, "/koordinasi/2/")
    assert run(r, ev.UnitFacts(invitations=[went, skipped]), today=today).state == ev.State.DONE
    cell = run(r, ev.UnitFacts(invitations=[skipped]), today=today)
    assert cell.state == ev.State.MISSING and cell.evidence[0].label == "Tidak hadir: Sosialisasi SKM"
    assert run(r, ev.UnitFacts(), today=today).state == ev.State.NA  # never invited


@pytest.mark.parametrize("state", list(ev.State))
def test_every_state_has_an_indonesian_label(state):
    assert ev.STATE_LABELS[state]


def test_an_unknown_fact_is_not_applicable_not_an_error():
    assert run(rule("nothing"), ev.UnitFacts(), today=date(2026, 1, 1)).state == ev.State.NA
