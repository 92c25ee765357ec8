"""Every (from, to) pair of the complaint table, for each who may move a case: a handler, the reporter and
the daily job. A legal move writes the status, one ComplaintEvent and one AuditEvent (and tells the
reporter, unless the reporter made it); an illegal one raises a ValidationError in Indonesian and
writes nothing. Time is frozen: Monday 2 March 2026, 10:00 WITA."""

import uuid
from datetime import datetime
from itertools import product

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from sewaka.complaints.models import Complaint, ComplaintEvent
from sewaka.complaints.services import close_unanswered, complaint_submit, complaint_transition
from sewaka.complaints.transitions import HANDLE, REPORTER, SYSTEM, TRANSITIONS, Status
from sewaka.core.models import AuditEvent
from sewaka.core.workdays import WITA

S = Status
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=WITA)
# Answered on Friday 27 February: the reporter's 10 working days run to Friday 13 March (no day off
# between), so on 2 March the reporter may still answer and the job may not close the case.
ANSWERED_RECENTLY = datetime(2026, 2, 27, 9, 0, tzinfo=WITA)
# Answered on Monday 2 February: 10 working days ended Wednesday 18 February 23:59 WITA (16 February,
# cuti bersama Imlek, and 17 February, Imlek, are days off), long past on 2 March.
ANSWERED_LONG_AGO = datetime(2026, 2, 2, 9, 0, tzinfo=WITA)

# The table, written out by hand from domain.md §5 and the module's docstring.
HANDLER_MOVES = {
    (S.DITERIMA, S.DIVERIFIKASI),
    (S.DITERIMA, S.DITUTUP),
    (S.DITERIMA, S.DIRUJUK),
    (S.DIVERIFIKASI, S.DIDISPOSISIKAN),
    (S.DIVERIFIKASI, S.DITUTUP),
    (S.DIVERIFIKASI, S.DIRUJUK),
    (S.DIDISPOSISIKAN, S.DIDISPOSISIKAN),
    (S.DIDISPOSISIKAN, S.DALAM_TINDAK_LANJUT),
    (S.DIDISPOSISIKAN, S.DITUTUP),
    (S.DALAM_TINDAK_LANJUT, S.DIJAWAB),
    (S.DALAM_TINDAK_LANJUT, S.DIDISPOSISIKAN),
    (S.DIJAWAB, S.SELESAI),
    (S.DIJAWAB, S.DALAM_TINDAK_LANJUT),
}
REPORTER_MOVES = {(S.DIJAWAB, S.SELESAI), (S.DIJAWAB, S.DALAM_TINDAK_LANJUT)}
SYSTEM_MOVES = {(S.DIJAWAB, S.SELESAI)}
PAIRS = list(product(S.values, S.values))
IDS = [f"{a}->{b}" for a, b in PAIRS]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(tree):
    complaint, _new = complaint_submit(
        what_happened="Antrean KTP-el tiga jam tanpa kepastian.",
        idempotency_key=str(uuid.uuid4()),
        reported_unit=tree.pkm_a,
        reporter_email="warga@example.test",
        received_at=datetime(2026, 1, 26, 9, 0, tzinfo=WITA),
    )
    return complaint


def _put(complaint, status, answered_at=ANSWERED_RECENTLY):
    """Test set-up only: place the case in `status` as if it had got there."""
    Complaint.objects.filter(pk=complaint.pk).update(
        status=status, answered_at=answered_at if status == S.DIJAWAB else None
    )
    complaint.refresh_from_db()
    mail.outbox.clear()
    return complaint


def _written(complaint):
    return (
        ComplaintEvent.objects.filter(complaint=complaint).count(),
        AuditEvent.objects.filter(object_type="complaints.complaint", object_id=str(complaint.pk)).count(),
    )


def _inputs(tree, to):
    """What a handler gives for a move to `to` (more than it needs is ignored)."""
    return {
        "reason": "Alasan yang dibaca pelapor.",
        "answer": "Loket dibuka pukul 07.30 mulai Senin.",
        "unit": tree.pkm_b if to == S.DIDISPOSISIKAN else None,
        "instruction": "Periksa jadwal loket pagi." if to == S.DIDISPOSISIKAN else "",
    }


def test_the_table_holds_exactly_the_intended_moves():
    def moves_of(permission):
        return {
            (a, b)
            for a, targets in TRANSITIONS.items()
            for b, rules in targets.items()
            if any(r.permission == permission for r in rules)
        }

    assert moves_of(HANDLE) == HANDLER_MOVES
    assert moves_of(REPORTER) == REPORTER_MOVES
    assert moves_of(SYSTEM) == SYSTEM_MOVES
    assert set(TRANSITIONS) == set(S.values)  # every state has a row, final ones empty
    assert TRANSITIONS[S.SELESAI] == TRANSITIONS[S.DITUTUP] == TRANSITIONS[S.DIRUJUK] == {}


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=IDS)
def test_a_handler_moves_only_along_the_table(tree, admin_pemda, case, before, after):
    case = _put(case, before)
    events, audits = _written(case)
    if (before, after) in HANDLER_MOVES:
        complaint_transition(complaint=case, to=after, actor=admin_pemda, **_inputs(tree, after))
        case.refresh_from_db()
        assert case.status == after
        event = ComplaintEvent.objects.filter(complaint=case).latest("id")
        assert (event.kind, event.from_status, event.to_status) == ("transition", before, after)
        audit = AuditEvent.objects.filter(object_id=str(case.pk)).latest("id")
        assert audit.action == f"complaint.{after}"
        assert audit.changes["status"] == {"before": before, "after": after}
        assert _written(case) == (events + 1, audits + 1)
        assert [m.to for m in mail.outbox if "Status pengaduan Anda" in m.body] == [["warga@example.test"]]
    else:
        with pytest.raises(ValidationError) as refused:
            complaint_transition(complaint=case, to=after, actor=admin_pemda, **_inputs(tree, after))
        assert "tidak dapat diubah menjadi" in refused.value.messages[0]
        case.refresh_from_db()
        assert case.status == before and _written(case) == (events, audits) and mail.outbox == []


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=IDS)
def test_the_reporter_moves_only_an_answered_case_within_the_window(case, before, after):
    case = _put(case, before)
    events, audits = _written(case)
    if (before, after) in REPORTER_MOVES:
        complaint_transition(
            complaint=case, to=after, actor=None, permission=REPORTER, reason="Terima kasih."
        )
        case.refresh_from_db()
        assert case.status == after and case.satisfied is (after == S.SELESAI)
        audit = AuditEvent.objects.filter(object_id=str(case.pk)).latest("id")
        assert audit.action == "complaint.citizen_feedback"
        assert audit.changes["status"] == {"before": before, "after": after}
        assert _written(case) == (events + 1, audits + 1)
        assert mail.outbox == []  # the reporter made the move and sees it on the page
    else:
        with pytest.raises(ValidationError) as refused:
            complaint_transition(complaint=case, to=after, actor=None, permission=REPORTER)
        assert "tidak dapat diubah menjadi" in refused.value.messages[0]
        case.refresh_from_db()
        assert case.status == before and case.satisfied is None and _written(case) == (events, audits)


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=IDS)
def test_the_daily_job_only_closes_an_answered_case_after_the_window(case, before, after):
    case = _put(case, before, answered_at=ANSWERED_LONG_AGO)
    events, audits = _written(case)
    if (before, after) in SYSTEM_MOVES:
        complaint_transition(
            complaint=case, to=after, actor=None, permission=SYSTEM, reason="Tanpa tanggapan."
        )
        case.refresh_from_db()
        assert case.status == after and case.closed_at == NOW
        audit = AuditEvent.objects.filter(object_id=str(case.pk)).latest("id")
        assert audit.action == "complaint.auto_close" and audit.actor is None
        assert audit.changes["status"] == {"before": before, "after": after}
        assert _written(case) == (events + 1, audits + 1)
        assert len(mail.outbox) == 1 and "Status pengaduan Anda: Selesai." in mail.outbox[0].body
    else:
        with pytest.raises(ValidationError) as refused:
            complaint_transition(complaint=case, to=after, actor=None, permission=SYSTEM)
        assert "tidak dapat diubah menjadi" in refused.value.messages[0]
        case.refresh_from_db()
        assert case.status == before and _written(case) == (events, audits) and mail.outbox == []


def test_the_reporter_may_not_answer_after_the_window(case):
    case = _put(case, S.DIJAWAB, answered_at=ANSWERED_LONG_AGO)
    written = _written(case)
    with pytest.raises(ValidationError) as refused:
        complaint_transition(complaint=case, to=S.SELESAI, actor=None, permission=REPORTER)
    assert "Batas waktu tanggapan (10 hari kerja setelah jawaban) sudah lewat." in refused.value.messages
    case.refresh_from_db()
    assert case.status == S.DIJAWAB and _written(case) == written


def test_the_job_may_not_close_a_case_the_reporter_may_still_answer(case):
    case = _put(case, S.DIJAWAB, answered_at=ANSWERED_RECENTLY)
    written = _written(case)
    with pytest.raises(ValidationError) as refused:
        complaint_transition(complaint=case, to=S.SELESAI, actor=None, permission=SYSTEM)
    assert "belum dapat ditutup" in refused.value.messages[0]
    case.refresh_from_db()
    assert case.status == S.DIJAWAB and _written(case) == written


@pytest.mark.parametrize("permission", [REPORTER, SYSTEM])
def test_a_staff_member_never_speaks_for_the_reporter_or_the_job(admin_pemda, case, permission):
    case = _put(case, S.DIJAWAB, answered_at=ANSWERED_LONG_AGO if permission == SYSTEM else ANSWERED_RECENTLY)
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=case, to=S.SELESAI, actor=admin_pemda, permission=permission)


def test_a_handler_of_another_unit_may_not_move_the_case(tree, case):
    from sewaka.organisations.models import Role
    from sewaka.organisations.tests.factories import make_member

    stranger = make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN, "handler_b")
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=case, to=S.DIVERIFIKASI, actor=stranger)
    case.refresh_from_db()
    assert case.status == S.DITERIMA


def test_auto_close_goes_through_the_table_and_tells_the_reporter(case):
    """Before issue 15 the daily job wrote the status itself and sent nothing."""
    case = _put(case, S.DIJAWAB, answered_at=ANSWERED_LONG_AGO)
    assert close_unanswered() == 1
    case.refresh_from_db()
    assert case.status == S.SELESAI and case.closed_at == NOW and case.satisfied is None
    event = ComplaintEvent.objects.filter(complaint=case).latest("id")
    assert (event.from_status, event.to_status, event.is_public) == (S.DIJAWAB, S.SELESAI, True)
    assert event.text == "Tidak ada tanggapan pelapor dalam 10 hari kerja; pengaduan dinyatakan selesai."
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="complaint.auto_close").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["warga@example.test"]
    assert "Status pengaduan Anda: Selesai." in mail.outbox[0].body
    assert "Tidak ada tanggapan pelapor dalam 10 hari kerja" in mail.outbox[0].body
    assert close_unanswered() == 0  # nothing left to close


def test_auto_close_leaves_a_case_the_reporter_may_still_answer(case):
    case = _put(case, S.DIJAWAB, answered_at=ANSWERED_RECENTLY)
    assert close_unanswered() == 0
    case.refresh_from_db()
    assert case.status == S.DIJAWAB and mail.outbox == []
