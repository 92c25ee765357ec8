"""E-mails about a case: the reporter hears only about the case, a unit never hears who reported it."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.organisations.access import handlers_of

from ..models import Complaint


def notify_reporter(complaint: Complaint, message: str) -> None:
    if not complaint.reporter_email:
        return
    send_mail(
        _("Pengaduan %(c)s") % {"c": complaint.code},
        _("Pengaduan %(c)s\n\n%(m)s\n\nPantau perkembangannya dengan kode pelacakan di halaman pengaduan.")
        % {"c": complaint.code, "m": message},
        None,
        [complaint.reporter_email],
        fail_silently=True,
    )


def case_summary(complaint: Complaint) -> str:
    """What a unit is told about a case: never who reported it."""
    lines = [
        f"{complaint.code} · {complaint.get_status_display()}",
        f"{_('Layanan')}: {complaint.service or '–'}",
        f"{_('Diterima')}: {timezone.localtime(complaint.received_at):%d-%m-%Y %H.%M} WITA",
        "",
        complaint.what_happened[:2000],
    ]
    return "\n".join(lines)


def notify_unit(complaint: Complaint, *, instruction: str = "") -> None:
    recipients = handlers_of(complaint.handling_unit)
    if recipients:
        send_mail(
            _("Disposisi pengaduan %(c)s") % {"c": complaint.code},
            (f"{_('Instruksi')}: {instruction}\n\n" if instruction else "") + case_summary(complaint),
            None,
            recipients,
            fail_silently=True,
        )
