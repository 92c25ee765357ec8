"""Complaint deadlines (domain.md §5) with pauses, decided in one place (complaints/sla.py).

Every expected date below was counted by hand on a calendar. Days off used (Indonesia 2026–27):
17 Aug (HUT RI), 25 Aug (Maulid), 24 Dec (cuti bersama Natal), 25 Dec (Natal), 1 Jan, 5 Jan 2027
(Isra Mikraj). Day 0 is the day of receipt; a limit of n working days ends 23:59 WITA on the n-th
working day; a pause adds its whole working days (days d with start date < d <= end date).
"""

import uuid
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from sewaka.complaints.models import Complaint, SlaLimit
from sewaka.complaints.services import (
    citizen_feedback,
    complaint_pause,
    complaint_resume,
    complaint_submit,
    complaint_transition,
)
from sewaka.complaints.sla import deadlines
from sewaka.complaints.transitions import Status
from sewaka.core.workdays import WITA


def at(month, day, hour=10, minute=0, year=2026):
    return datetime(year, month, day, hour, minute, tzinfo=WITA)


def end_of(year, month, day):
    return datetime(year, month, day, 23, 59, 59, tzinfo=WITA)


def _classification(key):
    row, _new = SlaLimit.objects.get_or_create(  # seeded by a data migration; 2 working days for "ringan"
        key=key, defaults={"label": "Ringan", "working_days": 2, "is_classification": True}
    )
    assert row.working_days == 2
    return row


def play(tree, actor, script):
    """Apply (moment, action) steps through the services with the clock frozen at each moment."""
    complaint = None
    for moment, action in script:
        with time_machine.travel(moment, tick=False):
            if action == "receive":
                complaint, _new = complaint_submit(
                    what_happened="Antrean KTP-el tiga jam tanpa kepastian.",
                    idempotency_key=str(uuid.uuid4()),
                    privacy="anonim",
                    reported_unit=tree.pkm_a,
                    received_at=moment,
                )
            elif action.startswith("verify"):
                key = action.partition(":")[2]
                complaint_transition(
                    complaint=complaint,
                    to=Status.DIVERIFIKASI,
                    actor=actor,
                    classification=_classification(key) if key else None,
                )
            elif action == "answer":
                complaint.refresh_from_db()
                if complaint.status == Status.DITERIMA:
                    complaint_transition(complaint=complaint, to=Status.DIVERIFIKASI, actor=actor)
                complaint_transition(
                    complaint=complaint,
                    to=Status.DIDISPOSISIKAN,
                    actor=actor,
                    unit=tree.pkm_a,
                    instruction="Periksa antrean dan jawab pelapor.",
                )
                complaint_transition(complaint=complaint, to=Status.DALAM_TINDAK_LANJUT, actor=actor)
                complaint_transition(
                    complaint=complaint, to=Status.DIJAWAB, actor=actor, answer="Loket tambahan sudah dibuka."
                )
            elif action == "pause":
                complaint_pause(complaint=complaint, actor=actor, question="Jam berapa Anda datang?")
            elif action == "resume":
                complaint_resume(complaint=complaint, actor=actor)
            else:  # pragma: no cover - a typo in a script
                raise AssertionError(action)
            complaint.refresh_from_db()
    return complaint


def state(d) -> str:
    if d.met_at is not None:
        return "late" if d.met_late else "met"
    return "overdue" if d.overdue else "open"


# (name, script, now, {deadline key: (last day, state)})
CASES = [
    (
        "received on a Saturday: day 0 is the Saturday",
        [(at(11, 28, 11), "receive")],
        at(11, 28, 12),
        {"verifikasi": (date(2026, 12, 2), "open"), "jawaban_pertama": (date(2026, 12, 4), "open")},
    ),
    (
        "received Friday 23:30 WITA (15:30 UTC): day 0 is still the Friday",
        [(at(11, 27, 23, 30), "receive")],
        at(11, 27, 23, 45),
        {"verifikasi": (date(2026, 12, 2), "open"), "jawaban_pertama": (date(2026, 12, 4), "open")},
    ),
    (
        "received on a national holiday (17 Aug, HUT RI)",
        [(at(8, 17, 9), "receive")],
        at(8, 17, 10),
        {"verifikasi": (date(2026, 8, 20), "open"), "jawaban_pertama": (date(2026, 8, 24), "open")},
    ),
    (
        "a holiday inside the limit (25 Aug, Maulid) is skipped",
        [(at(8, 21, 9), "receive")],
        at(8, 21, 10),
        {"verifikasi": (date(2026, 8, 27), "open"), "jawaban_pertama": (date(2026, 8, 31), "open")},
    ),
    (
        "cuti bersama and Christmas are skipped",
        [(at(12, 22), "receive")],
        at(12, 22, 11),
        {"verifikasi": (date(2026, 12, 29), "open"), "jawaban_pertama": (date(2026, 12, 31), "open")},
    ),
    (
        "a pause before verification moves verification and first answer",
        [(at(11, 2, 9), "receive"), (at(11, 2, 14), "pause"), (at(11, 5), "resume"), (at(11, 9), "verify")],
        at(11, 9, 15),
        {"verifikasi": (date(2026, 11, 10), "met"), "jawaban_pertama": (date(2026, 11, 12), "open")},
    ),
    (
        "a pause after verification moves only the steps still open",
        [
            (at(11, 2, 9), "receive"),
            (at(11, 3, 10), "verify:ringan"),
            (at(11, 3, 14), "pause"),
            (at(11, 6), "resume"),
        ],
        at(11, 6, 11),
        {
            "verifikasi": (date(2026, 11, 5), "met"),
            "jawaban_pertama": (date(2026, 11, 12), "open"),
            "penyelesaian": (date(2026, 11, 9), "open"),
        },
    ),
    (
        "a pause after the answer moves only the reporter's window",
        [
            (at(11, 2, 9), "receive"),
            (at(11, 2, 11), "verify"),
            (at(11, 4, 10), "answer"),
            (at(11, 4, 14), "pause"),
            (at(11, 10), "resume"),
        ],
        at(11, 10, 11),
        {
            "verifikasi": (date(2026, 11, 5), "met"),
            "jawaban_pertama": (date(2026, 11, 9), "met"),
            "tanggapan_pelapor": (date(2026, 11, 24), "open"),
        },
    ),
    (
        "a pause still open counts up to today",
        [(at(11, 2, 9), "receive"), (at(11, 3), "pause")],
        at(11, 9, 12),
        {"verifikasi": (date(2026, 11, 11), "open"), "jawaban_pertama": (date(2026, 11, 13), "open")},
    ),
    (
        "a pause spanning a weekend counts only its working days",
        [(at(11, 4, 9), "receive"), (at(11, 5, 15), "pause"), (at(11, 10, 9), "resume")],
        at(11, 10, 10),
        {"verifikasi": (date(2026, 11, 12), "open"), "jawaban_pertama": (date(2026, 11, 16), "open")},
    ),
    (
        "a pause over a weekend only adds nothing",
        [(at(11, 4, 9), "receive"), (at(11, 6, 16), "pause"), (at(11, 8, 20), "resume")],
        at(11, 9, 8),
        {"verifikasi": (date(2026, 11, 9), "open"), "jawaban_pertama": (date(2026, 11, 11), "open")},
    ),
    (
        "a late verification stays late after a later pause",
        [
            (at(11, 27, 15), "receive"),
            (at(12, 3), "verify"),
            (at(12, 4), "pause"),
            (at(12, 11), "resume"),
        ],
        at(12, 11, 12),
        {"verifikasi": (date(2026, 12, 2), "late"), "jawaban_pertama": (date(2026, 12, 11), "open")},
    ),
    (
        "a pause after a missed deadline does not excuse it",
        [(at(11, 2, 9), "receive"), (at(11, 9), "pause"), (at(11, 12), "resume")],
        at(11, 12, 12),
        {"verifikasi": (date(2026, 11, 5), "overdue"), "jawaban_pertama": (date(2026, 11, 12), "open")},
    ),
    (
        "two pauses: each moves only the steps open when it started",
        [
            (at(11, 2, 9), "receive"),
            (at(11, 2, 12), "pause"),
            (at(11, 4, 12), "resume"),
            (at(11, 5), "verify"),
            (at(11, 5, 14), "pause"),
            (at(11, 9, 14), "resume"),
        ],
        at(11, 9, 15),
        {"verifikasi": (date(2026, 11, 9), "met"), "jawaban_pertama": (date(2026, 11, 13), "open")},
    ),
    (
        "the reporter's window gets only the part of a pause after the answer",
        [
            (at(11, 2, 9), "receive"),
            (at(11, 2, 10), "verify"),
            (at(11, 3), "pause"),
            (at(11, 5), "answer"),
            (at(11, 10), "resume"),
        ],
        at(11, 10, 11),
        {
            "verifikasi": (date(2026, 11, 5), "met"),
            "jawaban_pertama": (date(2026, 11, 16), "met"),
            "tanggapan_pelapor": (date(2026, 11, 24), "open"),
        },
    ),
    (
        "the reporter's window over Christmas and New Year",
        [(at(12, 14, 9), "receive"), (at(12, 14, 10), "verify"), (at(12, 18), "answer")],
        at(12, 18, 11),
        {
            "verifikasi": (date(2026, 12, 17), "met"),
            "jawaban_pertama": (date(2026, 12, 21), "met"),
            "tanggapan_pelapor": (date(2027, 1, 7), "open"),
        },
    ),
]


@pytest.mark.parametrize(("name", "script", "now", "expected"), CASES, ids=[c[0] for c in CASES])
def test_deadline_table(db, tree, admin_pemda, name, script, now, expected):
    complaint = play(tree, admin_pemda, script)
    with time_machine.travel(now, tick=False):
        found = {d.key: d for d in deadlines(complaint)}
    assert set(found) == set(expected)
    for key, (day, expected_state) in expected.items():
        assert found[key].due == end_of(day.year, day.month, day.day), key
        assert state(found[key]) == expected_state, key


ANSWERED_AFTER_A_PAUSE = [
    (at(11, 2, 9), "receive"),  # Monday
    (at(11, 3), "verify"),
    (at(11, 4), "pause"),
    (at(11, 11), "resume"),  # 5, 6, 9, 10, 11 November: 5 working days waiting
    (at(11, 17), "answer"),  # Tuesday 17 November; + 10 working days → Tuesday 1 December
]


def test_the_reporter_may_respond_until_1_december_not_2(db, tree, admin_pemda):
    from sewaka.complaints.sla import reporter_window

    complaint = play(tree, admin_pemda, ANSWERED_AFTER_A_PAUSE)
    assert complaint.paused_working_days == 5
    assert reporter_window(complaint, now=at(11, 17, 11)).due == end_of(2026, 12, 1)
    with time_machine.travel(at(12, 1, 23, 50), tick=False):
        assert citizen_feedback(complaint=complaint, satisfied=True).status == Status.SELESAI

    late = play(tree, admin_pemda, ANSWERED_AFTER_A_PAUSE)
    with time_machine.travel(at(12, 2, 0, 5), tick=False), pytest.raises(ValidationError):
        citizen_feedback(complaint=late, satisfied=False)


def test_closeansweredcomplaints_closes_on_the_first_day_after_the_window(db, tree, admin_pemda):
    complaint = play(tree, admin_pemda, ANSWERED_AFTER_A_PAUSE)
    for moment in (at(11, 30, 23, 59), at(12, 1, 12), at(12, 1, 23, 59)):
        with time_machine.travel(moment, tick=False):
            call_command("closeansweredcomplaints", stdout=None)
        complaint.refresh_from_db()
        assert complaint.status == Status.DIJAWAB, moment
    with time_machine.travel(at(12, 2, 0, 1), tick=False):
        call_command("closeansweredcomplaints", stdout=None)
    complaint.refresh_from_db()
    assert complaint.status == Status.SELESAI
    assert complaint.closed_at == at(12, 2, 0, 1)


def test_the_case_page_shows_the_same_window(db, client, tree, admin_pemda):
    complaint = play(tree, admin_pemda, ANSWERED_AFTER_A_PAUSE)
    client.force_login(admin_pemda)
    with time_machine.travel(at(11, 30, 9), tick=False):
        page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Tanggapan pelapor: Selasa, 1 Desember 2026" in page
    assert "Selasa, 8 Desember 2026" not in page  # the old rule added the earlier pause
    assert "Dilanjutkan: setelah 5 hari kerja menunggu pelapor" in page


def test_a_late_verification_stays_late_after_a_later_pause(db, tree, admin_pemda):
    complaint = play(
        tree,
        admin_pemda,
        [(at(11, 27, 15), "receive"), (at(12, 3), "verify"), (at(12, 4), "pause"), (at(12, 11), "resume")],
    )
    verification = {d.key: d for d in deadlines(complaint, now=at(12, 14))}["verifikasi"]
    assert verification.due == end_of(2026, 12, 2)  # Wednesday 2 December
    assert verification.met_late


def test_reports_count_the_late_verification_as_late(db, client, tree, admin_pemda):
    play(
        tree,
        admin_pemda,
        [(at(11, 27, 15), "receive"), (at(12, 3), "verify"), (at(12, 4), "pause"), (at(12, 11), "resume")],
    )
    from sewaka.complaints.selectors import report

    with time_machine.travel(at(12, 14), tick=False):
        data = report(user=admin_pemda)
    # Counted: verification (late) and first answer (overdue: due 11 December, not given): 0 of 2 met.
    assert data["sla_percent"] == 0


def test_performance_figures_leave_out_the_reporters_window(db, tree, admin_pemda):
    from sewaka.assessments.selectors import complaint_statistics
    from sewaka.complaints.selectors import report

    # Verified (due 5 Nov) and answered (due 9 Nov) on time. The reporter's window (9 Nov + 10 working
    # days → 23 Nov) has passed on 1 December and the nightly job has not run: not the unit's delay.
    play(tree, admin_pemda, [(at(11, 2, 9), "receive"), (at(11, 3), "verify"), (at(11, 9), "answer")])
    with time_machine.travel(at(12, 1), tick=False):
        assert report(user=admin_pemda)["sla_percent"] == 100
        stats = complaint_statistics(tree.pkm_a, 2026)
    assert (stats["deadlines_met"], stats["deadlines_overdue"], stats["sla_percent"]) == (2, 0, 100)


def test_reminders_use_the_same_window(db, tree, admin_pemda):
    from django.core import mail

    admin_pemda.email = "admin@example.test"
    admin_pemda.save()
    complaint = play(tree, admin_pemda, ANSWERED_AFTER_A_PAUSE)
    mail.outbox.clear()
    with time_machine.travel(at(11, 27, 8), tick=False):  # window ends Tue 1 Dec: 2 working days left
        call_command("sendslareminders", stdout=None)
    assert not [m for m in mail.outbox if complaint.code in m.subject]
    with time_machine.travel(at(11, 30, 8), tick=False):  # one working day left
        call_command("sendslareminders", stdout=None)
    sent = [m for m in mail.outbox if complaint.code in m.subject]
    assert sent and "Tanggapan pelapor: 01-12-2026" in sent[0].body


# --- Late-complaint note: measured from the receipt date, not from the day it was typed in -------------


def _paper(received, happened_on):
    return complaint_submit(
        what_happened="Surat pengaduan tentang pungutan.",
        idempotency_key=str(uuid.uuid4()),
        privacy="anonim",
        channel="letter",
        received_at=received,
        happened_on=happened_on,
    )[0]


def test_the_late_note_compares_the_event_with_the_receipt_date(db):
    with time_machine.travel(at(11, 20), tick=False):  # typed in seven weeks after it arrived
        on_time = _paper(at(10, 1), date(2026, 9, 15))  # 16 days before receipt
        late = _paper(at(10, 1), date(2026, 8, 20))  # 42 days before receipt
    assert on_time.late_note == ""
    assert "lebih dari 30 hari" in late.late_note


def test_an_event_after_the_receipt_or_a_receipt_in_the_future_is_refused(db):
    with time_machine.travel(at(11, 20), tick=False):
        with pytest.raises(ValidationError):
            _paper(at(10, 1), date(2026, 10, 5))
        with pytest.raises(ValidationError):
            _paper(at(11, 21), None)


def test_staff_entry_keeps_the_receipt_date_of_a_letter(db, client, tree, admin_pemda):
    client.force_login(admin_pemda)
    data = {
        "channel": "letter",
        "received_on": "2026-10-01",
        "privacy": "anonim",
        "unit": tree.pkm_a.code,
        "what_happened": "Surat: petugas meminta uang tambahan.",
        "happened_on": "2026-09-15",
        "idempotency_key": str(uuid.uuid4()),
    }
    with time_machine.travel(at(11, 20), tick=False):
        response = client.post(reverse("complaints:staff_entry"), data)
        assert response.status_code == 302
        complaint = Complaint.objects.get()
        assert complaint.received_at.astimezone(WITA).date() == date(2026, 10, 1)
        assert complaint.late_note == ""
        due = {d.key: d.due for d in deadlines(complaint)}
        assert due["verifikasi"] == end_of(2026, 10, 6)  # Thu 1 Oct → 2, 5, 6 October
        future = client.post(
            reverse("complaints:staff_entry"),
            {**data, "received_on": "2026-11-21", "idempotency_key": str(uuid.uuid4())},
        )
    assert future.status_code == 200 and "tidak boleh di masa depan" in future.content.decode()
    assert Complaint.objects.count() == 1


# --- Words in the complaint reports ------------------------------------------------------------------


def test_reports_state_medians_in_working_days_and_months_in_indonesian(db, client, tree, admin_pemda):
    play(tree, admin_pemda, [(at(11, 2, 9), "receive"), (at(11, 4, 15), "verify"), (at(11, 9), "answer")])
    play(tree, admin_pemda, [(at(11, 3, 9), "receive"), (at(11, 4, 8), "verify"), (at(11, 12), "answer")])
    client.force_login(admin_pemda)
    with time_machine.travel(at(11, 20), tick=False):
        page = client.get(reverse("complaints:report")).content.decode()
        pdf = client.get(reverse("complaints:monthly_pdf"), {"bulan": "2026-11"})
    # Verification after 2 and 1 working days → median 1,5; first answer after 5 and 7 → median 6,0.
    assert "1,5 hari kerja" in page and "6,0 hari kerja" in page
    assert "median waktu dari diterima sampai diverifikasi" in page
    assert "median jam" not in page
    assert "November 2026: 2" in page and "11-2026" not in page
    assert "Semua unit yang dapat Anda lihat" in page and "---------" not in page
    text = _pdf_text(pdf.content)
    assert "1,5 hari kerja" in text and "6,0 hari kerja" in text and " jam" not in text


def _pdf_text(content: bytes) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())
