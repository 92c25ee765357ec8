"""innovations.impact: before/after evidence from the SKM, complaints and standards, equal to what their own
pages show, "belum ada data" where nothing is recorded, in a constant number of queries.

Hand-derived setting: the innovation of Puskesmas A started on Sunday 1 March 2026, read on 31 May 2026.
- SKM "before" = the latest period with answers ending in [1 March 2025, 28 February 2026]: Triwulan IV 2025
  (every answer 3: NRR 3 → IKM 75,00, mutu C). A period ending 28 February 2025 is outside the lookback, one
  spanning the start (February–April 2026, every answer 1) is neither before nor after.
  "after" = the latest period with answers started on/after 1 March 2026 and by 31 May: "April–Mei 2026"
  (every answer 4 → IKM 100,00, mutu A); a later period without answers ("Mei 2026") is skipped.
- Complaints: the after window is 1 March – 31 May 2026 (92 days), so the before window is the 92 days
  before: 29 November 2025 – 28 February 2026. Before: answered in 3 and 2 working days (median 2,5), one
  unanswered; after: answered in 5 and 1 working days (median 3).
- Standards of Pemeriksaan Umum: v1 set 1 June 2025 (14 hari kerja, Rp 50.000), v2 set 15 March 2026 (3 hari
  kerja, free, current); a v3 draft does not count.
"""

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from sewaka.complaints import selectors as complaint_selectors
from sewaka.complaints.tests.factories import at, case
from sewaka.innovations.impact import impact, impact_text
from sewaka.standards.models import ServiceStandard
from sewaka.surveys import selectors as survey_selectors
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.tests.factories import make_period, make_response, make_service

START = date(2026, 3, 1)
TODAY = date(2026, 5, 31)


def answers(score):
    return dict.fromkeys(UNSUR_KEYS, score)


def standard(service, version, status, decree_date, **fields):
    return ServiceStandard.objects.create(
        service=service, version=version, status=status, decree_date=decree_date, **fields
    )


@pytest.fixture
def data(tree):
    a = tree.pkm_a
    umum = make_service(a, "Pemeriksaan Umum")
    gigi = make_service(a, "Pemeriksaan Gigi")
    old = make_period(a, name="Triwulan I 2025", start=date(2024, 12, 1), end=date(2025, 2, 28), open_=False)
    make_response(old, answers(2), service=umum)
    before = make_period(
        a,
        name="Triwulan IV 2025",
        start=date(2025, 10, 1),
        end=date(2025, 12, 31),
        open_=False,
        services={umum: 500, gigi: 0},
    )
    for service in (umum, umum, gigi):
        make_response(before, answers(3), service=service)
    spanning = make_period(a, name="Februari–April 2026", start=date(2026, 2, 1), end=date(2026, 4, 30))
    make_response(spanning, answers(1), service=umum)
    after = make_period(
        a, name="April–Mei 2026", start=date(2026, 4, 1), end=date(2026, 5, 20), services={umum: 800}
    )
    for _ in range(2):
        make_response(after, answers(4), service=umum)
    make_period(a, name="Mei 2026", start=date(2026, 5, 21), end=date(2026, 6, 30))  # no answers yet

    def answered(received, first_answer, **extra):
        return case(
            a, "dijawab", received=received, first_answer_at=first_answer, answered_at=first_answer, **extra
        )

    answered(at(2026, 2, 2, 10), at(2026, 2, 5, 9), service=umum)  # 3 working days
    answered(at(2026, 2, 9, 10), at(2026, 2, 11, 9))  # 2
    case(a, "didisposisikan", received=at(2026, 2, 3, 10), service=umum)  # unanswered
    case(a, "diterima", received=at(2026, 2, 4, 10), is_spam=True)  # spam never counts
    case(a, "diterima", received=at(2025, 11, 28, 10))  # the day before the before window
    answered(at(2026, 3, 2, 10), at(2026, 3, 9, 9), service=umum)  # 5
    answered(at(2026, 3, 3, 10), at(2026, 3, 4, 9), service=gigi)  # 1
    case(tree.pkm_b, "diterima", received=at(2026, 3, 2, 10))  # another unit
    case(tree.dinkes, "diterima", received=at(2026, 3, 2, 10))  # the parent: not Puskesmas A's

    standard(
        umum,
        1,
        "superseded",
        date(2025, 6, 1),
        decree_number="188/1/2025",
        jangka_waktu_value=14,
        jangka_waktu_unit="hari_kerja",
        biaya=[{"item": "Retribusi", "amount": "Rp 50.000", "basis": ""}],
    )
    standard(
        umum,
        2,
        "published",
        date(2026, 3, 15),
        decree_number="188/7/2026",
        jangka_waktu_value=3,
        jangka_waktu_unit="hari_kerja",
        biaya_gratis=True,
    )
    standard(umum, 3, "draft", None, jangka_waktu_value=1, jangka_waktu_unit="hari_kerja")
    return {"a": a, "umum": umum, "gigi": gigi, "before": before, "after": after}


def run(data, units=None, services=None):
    return impact(
        unit_ids=units or [data["a"].pk],
        service_ids=services if services is not None else [data["umum"].pk, data["gigi"].pk],
        started_on=START,
        today=TODAY,
    )


def one(result, key, subject, label):
    (figure,) = result.figures(key, subject, label)
    return figure


def test_skm_before_and_after_equal_the_results_page(data):
    result = run(data)
    a = data["a"].name
    ikm = one(result, "skm", a, "IKM")
    assert (ikm.before.ref, ikm.after.ref) == (data["before"].pk, data["after"].pk)
    assert (ikm.before.text, ikm.after.text) == ("75,00", "100,00")  # hand-derived
    assert ikm.change == "naik"
    page_before = survey_selectors.period_results(data["before"])
    page_after = survey_selectors.period_results(data["after"])
    assert ikm.before.value == page_before.result.ikm
    assert ikm.after.value == page_after.result.ikm
    mutu = one(result, "skm", a, "Mutu pelayanan")
    assert (
        (mutu.before.value, mutu.after.value)
        == (page_before.result.mutu, page_after.result.mutu)
        == ("C", "A")
    )
    assert mutu.before.text == "C (Kurang baik)"
    assert "Triwulan IV 2025" in ikm.before.period and "3 responden" in ikm.before.period
    for key in UNSUR_KEYS:
        (nrr,) = [
            f
            for f in result.figures("skm", a)
            if f.label.startswith("NRR") and page_before.result.by_key(key).label in f.label
        ]
        assert nrr.before.value == page_before.result.by_key(key).ikm_equiv == 75
        assert nrr.after.value == page_after.result.by_key(key).ikm_equiv == 100


def test_skm_per_service_equals_the_results_page_and_missing_is_said(data):
    result = run(data)
    umum = one(result, "skm", "Pemeriksaan Umum", "IKM")
    page = {s.pk: r for s, r, _n, _pop in survey_selectors.period_results(data["before"]).per_service}
    assert umum.before.value == page[data["umum"].pk].ikm
    after_page = {s.pk: r for s, r, _n, _pop in survey_selectors.period_results(data["after"]).per_service}
    assert umum.after.value == after_page[data["umum"].pk].ikm == 100
    gigi = one(result, "skm", "Pemeriksaan Gigi", "IKM")
    assert gigi.before.value == page[data["gigi"].pk].ikm == 75
    assert gigi.after.missing and gigi.after.text == "belum ada data"  # no answer for it after the start
    assert gigi.change == ""


def test_users_come_from_the_periods_population(data):
    result = run(data)
    umum = one(result, "users", "Pemeriksaan Umum", "Jumlah pengguna layanan")
    assert (umum.before.value, umum.after.value) == (500, 800)
    gigi = one(result, "users", "Pemeriksaan Gigi", "Jumlah pengguna layanan")
    assert gigi.before.missing and gigi.after.missing  # 0 recorded is no record
    assert "tidak mencatat jumlah pengguna" in result.section("users").method


def test_complaints_equal_windows_and_the_report(data, admin_pemda):
    result = run(data)
    assert result.complaints_after == (START, TODAY)
    assert result.complaints_before == (date(2025, 11, 29), date(2026, 2, 28))
    a = data["a"].name
    count = one(result, "complaints", a, "Jumlah pengaduan diterima")
    time = one(result, "complaints", a, "Waktu sampai jawaban pertama (median, hari kerja)")
    assert (count.before.value, count.after.value) == (3, 2)
    assert (time.before.value, time.after.value) == (2.5, 3)
    assert time.before.text == "2,5 hari kerja"
    assert time.before.period == "29 November 2025 – 28 Februari 2026; 2 pengaduan dijawab"
    for window, c, t in (
        (result.complaints_before, count.before, time.before),
        (result.complaints_after, count.after, time.after),
    ):
        report = complaint_selectors.report(user=admin_pemda, unit=data["a"], start=window[0], end=window[1])
        assert (c.value, t.value) == (report["total"], report["median_answer_days"])
    umum = one(result, "complaints", "Pemeriksaan Umum", "Jumlah pengaduan diterima")
    assert (umum.before.value, umum.after.value) == (2, 1)
    umum_time = one(
        result, "complaints", "Pemeriksaan Umum", "Waktu sampai jawaban pertama (median, hari kerja)"
    )
    assert (umum_time.before.value, umum_time.after.value) == (3, 5)
    gigi_time = one(
        result, "complaints", "Pemeriksaan Gigi", "Waktu sampai jawaban pertama (median, hari kerja)"
    )
    assert gigi_time.before.missing and gigi_time.after.value == 1


def test_standard_in_force_before_against_the_current_one(data):
    result = run(data)
    time = one(result, "standards", "Pemeriksaan Umum", "Jangka waktu pelayanan")
    assert (time.before.text, time.after.text) == ("14 hari kerja", "3 hari kerja")
    assert "Versi 1" in time.before.period and "Versi 2" in time.after.period
    cost = one(result, "standards", "Pemeriksaan Umum", "Biaya/tarif")
    assert (cost.before.text, cost.after.text) == ("Retribusi: Rp 50.000", "Gratis")
    gigi = one(result, "standards", "Pemeriksaan Gigi", "Jangka waktu pelayanan")
    assert gigi.before.missing and gigi.after.missing


def test_a_unit_without_data_says_so_everywhere(data, tree):
    result = run(data, units=[tree.capil.pk], services=[])
    figures = [f for s in result.sections for f in s.figures]
    assert figures
    for f in figures:
        if f.label == "Jumlah pengaduan diterima":
            assert f.before.value == f.after.value == 0  # a count: none recorded
        else:
            assert f.before.missing and f.after.missing and f.before.text == "belum ada data"
    assert result.section("standards").note == "Tidak ada layanan terdampak yang dipilih."
    text = impact_text(result)
    assert "belum ada data" in text and "Tidak ada layanan terdampak yang dipilih." in text


def test_start_in_the_future_has_no_after_window(data):
    result = impact(unit_ids=[data["a"].pk], service_ids=[], started_on=date(2026, 7, 1), today=TODAY)
    assert result.complaints_after is None
    count = one(result, "complaints", data["a"].name, "Jumlah pengaduan diterima")
    assert count.after.missing
    assert result.complaints_before == (date(2025, 7, 1), date(2026, 6, 30))


def test_text_and_panel_name_sources_and_periods(data):
    result = run(data)
    text = impact_text(result)
    assert "- Puskesmas A — IKM: sebelum 75,00 (Triwulan IV 2025" in text
    assert "sesudah 100,00 (April–Mei 2026" in text
    assert "Sumber: Survei Kepuasan Masyarakat (SKM) di Sewaka" in text
    assert "29 November 2025 – 28 Februari 2026" in text
    html = render_to_string("innovations/_impact.html", {"impact": result})
    assert '<th scope="col">Sebelum</th>' in html and '<th scope="row">' in html
    assert "belum ada data" in html and "Triwulan IV 2025" in html and "naik" in html


def test_constant_queries_whatever_the_services(data, tree):
    with CaptureQueriesContext(connection) as small:
        run(data, services=[data["umum"].pk])
    more = [data["umum"].pk, data["gigi"].pk]
    for i in range(3):
        service = make_service(tree.pkm_b, f"Layanan {i}")
        period = make_period(
            tree.pkm_b, name=f"P{i}", start=date(2025, 10, 1), end=date(2025, 12, 31), services={service: 10}
        )
        make_response(period, answers(3), service=service)
        case(
            tree.pkm_b,
            "dijawab",
            received=at(2026, 3, 2, 10),
            first_answer_at=at(2026, 3, 3, 9),
            service=service,
        )
        standard(service, 1, "published", date(2025, 1, 1), jangka_waktu_value=2, jangka_waktu_unit="jam")
        more.append(service.pk)
    with CaptureQueriesContext(connection) as large:
        result = run(data, units=[data["a"].pk, tree.pkm_b.pk], services=more)
    assert len(result.figures("standards")) == 2 * 5
    assert len(large.captured_queries) == len(small.captured_queries)
    # Services and their standards (2), units (1), SKM periods, tallies, populations (3), and per complaint
    # window the cases, their pauses and the pemda's days off (2 × 3).
    assert len(small.captured_queries) == 12


def test_ids_of_unknown_units_and_services_are_left_out(data):
    result = impact(unit_ids=[999999], service_ids=[999998], started_on=START, today=TODAY)
    assert result.unit_ids == () and result.service_ids == ()
    assert all(not s.figures for s in result.sections)


def test_after_prefers_the_latest_closed_period_to_an_open_one(tree):
    """Two periods after the start: a closed one and a later open one — the final figures (closed) count;
    the open one only when nothing after the start has closed yet."""
    a = tree.pkm_a
    closed = make_period(a, name="April 2026", start=date(2026, 4, 1), end=date(2026, 4, 30), open_=False)
    make_response(closed, answers(3))
    running = make_period(a, name="Mei 2026", start=date(2026, 5, 1), end=date(2026, 6, 30))
    make_response(running, answers(4))
    result = impact(unit_ids=[a.pk], service_ids=[], started_on=START, today=TODAY)
    ikm_after = result.figures("skm", label="IKM")[0].after
    assert ikm_after.ref == closed.pk and ikm_after.text == "75,00"  # every answer 3: NRR 3

    closed.status = "open"
    closed.save(update_fields=["status"])
    result = impact(unit_ids=[a.pk], service_ids=[], started_on=START, today=TODAY)
    assert result.figures("skm", label="IKM")[0].after.ref == running.pk  # the latest when none is closed
