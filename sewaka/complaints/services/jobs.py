"""Periodic jobs (cron / systemd timers): auto-close after the reporter's window, deadline reminders."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.organisations.access import handlers_of

from ..models import Complaint
from ..sla import PemdaSettings, deadlines, reporter_window, with_pauses
from ..transitions import OPEN, SYSTEM, Status
from .citizen import pemda_root
from .notifications import case_summary
from .workflow import complaint_transition

log = logging.getLogger(__name__)


def close_unanswered(*, now: datetime | None = None) -> int:
    """Answered cases whose reporter did not respond within 10 working days become selesai (daily job).

    Each close is the table's system move (dijawab → selesai, once the window has passed), made by
    complaint_transition like any other: the event, the audit record and the reporter's notice."""
    now = now or timezone.now()
    settings = PemdaSettings()
    closed = 0
    for complaint in with_pauses(Complaint.objects.filter(status=Status.DIJAWAB, answered_at__isnull=False)):
        window = reporter_window(complaint, now=now, settings=settings)
        if window is None or now <= window.due:  # None: not answered (the filter excludes it)
            continue
        try:
            complaint_transition(
                complaint=complaint,
                to=Status.SELESAI,
                actor=None,
                permission=SYSTEM,
                reason=_("Tidak ada tanggapan pelapor dalam %(d)s hari kerja; pengaduan dinyatakan selesai.")
                % {"d": settings.limits(complaint)["tanggapan_pelapor"]},
                now=now,
            )
        except ValidationError:  # the reporter answered meanwhile: the case no longer waits
            log.info("complaint #%s not auto-closed: it changed meanwhile", complaint.pk)
            continue
        closed += 1
    return closed


def remind_due(*, now: datetime | None = None, soon_days: int = 1) -> int:
    """E-mail handlers of open cases whose next deadline is within `soon_days` working days or past."""
    sent, settings = 0, PemdaSettings()
    for complaint in with_pauses(
        Complaint.objects.filter(status__in=OPEN).select_related("handling_unit", "classification", "service")
    ):
        pending = [
            d
            for d in deadlines(complaint, now=now, settings=settings)
            if d.met_at is None and d.days_left <= soon_days
        ]
        if not pending:
            continue
        recipients = handlers_of(complaint.handling_unit or pemda_root())
        if not recipients:
            continue
        body = (
            case_summary(complaint)
            + "\n\n"
            + "\n".join(
                f"- {d.label}: {timezone.localtime(d.due):%d-%m-%Y} ({d.days_left} hari kerja)"
                for d in pending
            )
        )
        send_mail(
            _("Batas waktu pengaduan %(c)s") % {"c": complaint.code},
            body,
            None,
            recipients,
            fail_silently=True,
        )
        sent += 1
    return sent
