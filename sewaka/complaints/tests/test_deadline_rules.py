"""Every deadline rule of a complaint (domain.md §5), one test each, dates counted by hand.

Received Monday 6 July 2026, 10:00 WITA (day 0). Days off between July and September 2026: Monday
17 August (HUT RI) and Tuesday 25 August (Maulid Nabi); weekends. Counting working days after day 0:
7–10 Jul = 1–4, 13 Jul = 5, 14–17 Jul = 6–9, 20–24 Jul = 10–14, ..., 14 Aug = 29, 18–21 Aug = 30–33,
24 Aug = 34, 26–28 Aug = 35–37, 31 Aug–4 Sep = 38–42, 7–11 Sep = 43–47, 14–18 Sep = 48–52,
21–25 Sep = 53–57, 28–30 Sep = 58–60.
"""

import uuid
from datetime import datetime

import pytest
import time_machine

from sewaka.complaints.models import SlaLimit
from sewaka.complaints.services import complaint_submit, complaint_transition
from sewaka.complaints.sla import deadlines
from sewaka.core.workdays import WITA

RECEIVED = datetime(2026, 7, 6, 10, 0, tzinfo=WITA)


def end_of(month, day):
    return datetime(2026, month, day, 23, 59, 59, tzinfo=WITA)


@pytest.fixture
def case(tree):
    with time_machine.travel(RECEIVED, tick=False):
        complaint, _new = complaint_submit(
            what_happened="Antrean tiga jam tanpa kepastian.",
            idempotency_key=str(uuid.uuid4()),
            privacy="anonim",
            reported_unit=tree.pkm_a,
            received_at=RECEIVED,
        )
    return complaint


def due_of(complaint, key):
    complaint.refresh_from_db()
    return {d.key: d.due for d in deadlines(complaint, now=RECEIVED)}[key]


def test_verification_is_due_on_the_third_working_day(case):
    assert due_of(case, "verifikasi") == end_of(7, 9)


def test_the_first_answer_is_due_on_the_fifth_working_day(case):
    assert due_of(case, "jawaban_pertama") == end_of(7, 13)


@pytest.mark.parametrize(
    ("key", "due"),
    [
        ("ringan", end_of(7, 8)),  # 2 working days
        ("normatif", end_of(7, 13)),  # 5
        ("tidak_berkadar", end_of(7, 24)),  # 14
        ("berkadar", end_of(9, 30)),  # 60, across 17 and 25 August
    ],
)
def test_the_settlement_is_due_by_its_classification(case, admin_pemda, key, due):
    with time_machine.travel(datetime(2026, 7, 7, 9, 0, tzinfo=WITA), tick=False):
        complaint_transition(
            complaint=case,
            to="diverifikasi",
            actor=admin_pemda,
            classification=SlaLimit.objects.get(key=key, pemda=None),
        )
    assert due_of(case, "penyelesaian") == due


def test_the_reporter_may_answer_until_the_tenth_working_day_after_the_answer(case, admin_pemda, tree):
    # Answered Monday 13 July: 14–17 Jul = 1–4, 20–24 Jul = 5–9, Monday 27 July = 10.
    with time_machine.travel(datetime(2026, 7, 13, 12, 0, tzinfo=WITA), tick=False):
        for to, extra in [
            ("diverifikasi", {}),
            ("didisposisikan", {"unit": tree.pkm_a, "instruction": "Tangani."}),
            ("dalam_tindak_lanjut", {}),
            ("dijawab", {"answer": "Loket tambahan dibuka."}),
        ]:
            complaint_transition(complaint=case, to=to, actor=admin_pemda, **extra)
    assert due_of(case, "tanggapan_pelapor") == end_of(7, 27)


def test_a_changed_limit_moves_the_deadline(case, tree):
    from sewaka.complaints.services import sla_limits_set

    sla_limits_set(actor=None, pemda=tree.pemda, values={"verifikasi": 4})  # 4th working day: Fri 10 Jul
    assert due_of(case, "verifikasi") == end_of(7, 10)
