"""Complaints written straight into a status (for reads: facts, the dashboard), times in WITA."""

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from sewaka.complaints.models import Complaint

WITA = ZoneInfo("Asia/Makassar")
_n = count(1)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=WITA)


def case(unit, status, received=None, channel="web", **dates) -> Complaint:
    n = next(_n)
    return Complaint.objects.create(
        code=f"F{n:06d}",
        idempotency_key=f"factory-{n}",
        what_happened="x",
        handling_unit=unit,
        status=status,
        channel=channel,
        received_at=received or at(2026, 3, 2, 10),
        **dates,
    )
