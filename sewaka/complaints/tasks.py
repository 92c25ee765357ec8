"""E-mails to the reporter, sent by the task worker (django-tasks; tests run them at once).

Arguments carry the complaint's id, never its tracking code or the reporter's address: the task table
and the worker's log must not hold them.
"""

from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Complaint
from .tokens import feedback_max_age, feedback_token


def _complaint(complaint_id: int):
    return Complaint.objects.filter(pk=complaint_id).exclude(reporter_email="").first()


def _url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path if base_url else ""


@task()
def send_receipt(complaint_id: int, base_url: str = "") -> None:
    """Tell the reporter the complaint was received, with its tracking code."""
    complaint = _complaint(complaint_id)
    if complaint is None:
        return
    track = _url(base_url, reverse("public_complaint_track"))
    body = _(
        "Pengaduan Anda sudah kami terima.\n\n"
        "Kode pelacakan: %(c)s\n\n"
        "Simpan kode ini dan jangan bagikan kepada orang lain: dengan kode ini perkembangan pengaduan "
        "dapat dilihat dan ditanggapi."
    ) % {"c": complaint.code}
    if track:
        body += "\n\n" + _("Lacak pengaduan: %(u)s") % {"u": track}
    body += "\n\n" + _(
        "Verifikasi paling lambat 3 hari kerja dan jawaban pertama paling lambat 5 hari kerja."
    )
    send_mail(
        _("Pengaduan diterima: %(c)s") % {"c": complaint.code},
        body,
        None,
        [complaint.reporter_email],
        fail_silently=True,
    )


@task()
def send_feedback_link(complaint_id: int, satisfied: bool, base_url: str = "") -> None:
    """The link that confirms the reporter's "satisfied / not satisfied" (only the mailbox owner has it)."""

    complaint = _complaint(complaint_id)
    if complaint is None:
        return
    link = _url(
        base_url, reverse("public_complaint_feedback", args=[feedback_token(complaint, satisfied=satisfied)])
    )
    choice = _("puas, pengaduan selesai") if satisfied else _("belum puas, mohon ditindaklanjuti lagi")
    hours = feedback_max_age() // 3600
    send_mail(
        _("Konfirmasi tanggapan atas pengaduan %(c)s") % {"c": complaint.code},
        _(
            "Seseorang yang memegang kode pelacakan pengaduan %(c)s menyatakan: %(choice)s.\n\n"
            "Bila itu Anda, buka tautan ini untuk mengonfirmasi (berlaku %(h)s jam):\n%(link)s\n\n"
            "Bila bukan Anda, abaikan e-mail ini; pengaduan tidak berubah."
        )
        % {"c": complaint.code, "choice": choice, "link": link, "h": hours},
        None,
        [complaint.reporter_email],
        fail_silently=True,
    )
