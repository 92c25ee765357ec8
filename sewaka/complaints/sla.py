"""Deadlines of a complaint in working days (domain.md §5), from the editable SlaLimit table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from sewaka.core.calendar import pemda_calendar

DEFAULTS = {
    "verifikasi": ("Verifikasi pengaduan", 3, False),
    "jawaban_pertama": ("Jawaban/tindak lanjut pertama", 5, False),
    "tanggapan_pelapor": ("Tanggapan pelapor atas jawaban", 10, False),
    "ringan": ("Ringan", 2, True),
    "normatif": ("Normatif", 5, True),
    "tidak_berkadar": ("Tidak berkadar pengawasan", 14, True),
    "berkadar": ("Berkadar pengawasan / perlu pemeriksaan", 60, True),
}


def limits() -> dict[str, int]:
    """key → working days; the defaults fill any row an administrator has not set."""
    from .models import SlaLimit

    table = dict(SlaLimit.objects.values_list("key", "working_days"))
    return {key: table.get(key, days) for key, (_label, days, _c) in DEFAULTS.items()} | table


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: datetime
    met_at: datetime | None
    days_left: int  # working days from today (negative when overdue)

    @property
    def overdue(self) -> bool:
        return self.met_at is None and self.days_left < 0

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due


def deadlines(complaint, *, now: datetime | None = None) -> list[Deadline]:
    now = now or timezone.now()
    calendar = pemda_calendar()
    table = limits()
    paused = complaint.paused_working_days
    if complaint.paused_since:
        paused += calendar.pause_working_days(complaint.paused_since, now)
    today = timezone.localtime(now).date()

    def make(key, label, start, days, met_at):
        due = calendar.deadline(start, days, paused)
        left = calendar.working_days_between(today, timezone.localtime(due).date())
        return Deadline(key, label, due, met_at, left)

    out = [
        make("verifikasi", "Verifikasi", complaint.received_at, table["verifikasi"], complaint.verified_at),
        make(
            "jawaban_pertama",
            "Jawaban pertama",
            complaint.received_at,
            table["jawaban_pertama"],
            complaint.first_answer_at,
        ),
    ]
    if complaint.classification_id:
        cls = complaint.classification
        out.append(
            make(
                "penyelesaian",
                f"Penyelesaian ({cls.label})",
                complaint.received_at,
                cls.working_days,
                complaint.answered_at,
            )
        )
    if complaint.answered_at and complaint.status == "dijawab":
        out.append(
            make(
                "tanggapan_pelapor",
                "Tanggapan pelapor",
                complaint.answered_at,
                table["tanggapan_pelapor"],
                complaint.closed_at,
            )
        )
    return out
