"""Reads of complaints. Identity fields are shown only to the handlers of the handling unit (and admin pemda)."""

from __future__ import annotations

import statistics
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.templatetags.fmt import BULAN
from sewaka.organisations.access import handled_scope, may_handle, may_see_reporter
from sewaka.organisations.models import Membership

from .facts import answer_working_days
from .models import Complaint, Maladministration, Privacy
from .sla import PemdaSettings, deadlines, with_pauses
from .tokens import normalise_code
from .transitions import OPEN


def complaint_list(*, user, filters: dict | None = None) -> QuerySet[Complaint]:
    """Cases the user may handle (organisations.access.handled_scope: the list form of may_handle): the handling
    unit's cases, the cases the user's desk received, and the pemda's unassigned triage queue."""
    filters = filters or {}
    qs = Complaint.objects.filter(handled_scope(user)).select_related(
        "handling_unit", "service", "classification"
    )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("open_only"):
        qs = qs.filter(status__in=OPEN)
    if filters.get("unit"):
        qs = qs.filter(handling_unit__path__startswith=filters["unit"].path)
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("q"):
        qs = qs.filter(Q(code__icontains=filters["q"]) | Q(what_happened__icontains=filters["q"]))
    if filters.get("unassigned"):
        qs = qs.filter(handling_unit__isnull=True)
    return qs.order_by("-received_at")


def complaint_get(*, user, pk) -> Complaint:
    try:
        complaint = Complaint.objects.select_related(
            "handling_unit", "reported_unit", "receiving_unit", "service", "classification"
        ).get(pk=int(pk))
    except (Complaint.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not may_handle(user, complaint):
        raise Http404
    return complaint


def identity_note(*, user, complaint: Complaint) -> tuple[bool, str]:
    """(may this user see the reporter's identity, a sentence saying who can) for the case page."""

    visible = may_see_reporter(user, complaint)
    reported = (
        complaint.reported_unit.name if complaint.reported_unit is not None else _("unit yang diadukan")
    )
    receiving = (
        complaint.receiving_unit.name
        if complaint.receiving_unit is not None
        else _("pemerintah daerah (triase)")
    )
    if complaint.privacy == Privacy.BIASA:
        return visible, _(
            "Identitas terlihat oleh petugas pengaduan unit penanganan dan unit penerima (%(r)s) serta "
            "admin pemda; tidak pernah dipublikasikan."
        ) % {"r": receiving}
    note = _(
        "Identitas rahasia: hanya admin pemda dan petugas pengaduan unit penerima (%(r)s) yang melihatnya."
    ) % {"r": receiving}
    if complaint.privacy == Privacy.ANONIM:
        note = _(
            "Tanpa identitas; e-mail pemberitahuan (bila ada) diperlakukan sebagai identitas rahasia."
        ) + (" " + note)
    if complaint.consent_share_identity:
        note += " " + _(
            "Pelapor menyetujui identitasnya diteruskan ke unit yang diadukan (%(u)s): petugas pengaduannya "
            "juga melihatnya."
        ) % {"u": reported}
    else:
        note += " " + _(
            "Unit yang diadukan (%(u)s), termasuk petugas pengaduannya, tidak melihatnya karena pelapor "
            "tidak menyetujui."
        ) % {"u": reported}
    return visible, note + " " + _("Unit lain yang menerima disposisi tidak melihatnya.")


def corrective_owners(unit) -> list[tuple[int, str]]:
    """People of `unit` (an active role on it or a unit below it) as (user id, "Name — Unit")."""

    seen: dict[int, str] = {}
    rows = (
        Membership.objects.filter(
            is_active=True, user__is_active=True, unit__is_active=True, unit__path__startswith=unit.path
        )
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )
    for m in rows:
        if m.user_id not in seen:
            seen[m.user_id] = f"{m.user.get_full_name() or m.user.get_username()} — {m.unit.name}"
    return sorted(seen.items(), key=lambda item: item[1].lower())


def complaint_for_reporter(pk: int) -> Complaint | None:
    """The case behind a reporter's signed link (the link is the proof; no user)."""
    return Complaint.objects.select_related("handling_unit").filter(pk=pk).first()


def by_code(code: str) -> Complaint | None:
    code = normalise_code(code)
    return Complaint.objects.filter(code=code).select_related("handling_unit").first() if code else None


def due_lists(complaints) -> tuple[list, list]:
    """(due soon, overdue) among open cases: (complaint, deadline)."""
    soon, late = [], []
    settings = PemdaSettings()  # each pemda's calendar and limits read once for the whole list
    for complaint in with_pauses(complaints) if hasattr(complaints, "prefetch_related") else complaints:
        for d in deadlines(complaint, settings=settings):
            if d.met_at is None and d.overdue:
                late.append((complaint, d))
                break
            if d.met_at is None and d.days_left <= 1:
                soon.append((complaint, d))
                break
    return soon, late


def month_label(moment) -> str:
    """'Oktober 2026' (the trend's months, in Indonesian whatever the active language)."""

    return f"{BULAN[moment.month - 1]} {moment.year}"


def report(*, user, unit=None, start=None, end=None) -> dict:
    """Counts by status, channel, classification, maladministration and service; medians; SLA %; trend."""
    qs = complaint_list(user=user, filters={"unit": unit} if unit else {})
    if start:
        qs = qs.filter(received_at__date__gte=start)
    if end:
        qs = qs.filter(received_at__date__lte=end)
    qs = qs.filter(is_spam=False)
    counts = {
        "status": list(qs.values("status").annotate(n=Count("id")).order_by("-n")),
        "channel": list(qs.values("channel").annotate(n=Count("id")).order_by("-n")),
        "classification": list(qs.values("classification__label").annotate(n=Count("id")).order_by("-n")),
        "service": list(qs.values("service__name").annotate(n=Count("id")).order_by("-n")[:20]),
    }
    malad: Counter[str] = Counter()
    verify_days, answer_days = [], []
    met = total = 0
    settings = PemdaSettings()

    def working_days(c, start, end) -> int:  # day 0 is the day of receipt, as for the deadlines
        return settings.calendar(c).working_days_between(
            timezone.localtime(start).date(), timezone.localtime(end).date()
        )

    for c in with_pauses(qs.select_related("classification")):
        malad.update(c.maladministration)
        if c.verified_at:
            verify_days.append(working_days(c, c.received_at, c.verified_at))
        days = answer_working_days(c, settings)
        if days is not None:
            answer_days.append(days)
        for d in [d for d in deadlines(c, settings=settings) if d.on_handlers]:
            if d.met_at is not None or d.overdue:
                total += 1
                met += int(d.met_at is not None and not d.met_late)
    months = (
        qs.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("id")).order_by("month")
    )
    return {
        **counts,
        "maladministration": [  # the Ombudsman's names, never the stored keys
            (str(dict(Maladministration.choices).get(key, key)), n) for key, n in malad.most_common()
        ],
        "total": qs.count(),
        # Working days from receipt (day 0) to the step, as the limits are counted (pauses not deducted).
        "median_verify_days": statistics.median(verify_days) if verify_days else None,
        "median_answer_days": statistics.median(answer_days) if answer_days else None,
        "sla_percent": round(100 * met / total) if total else None,
        "trend": [(month_label(row["month"]), row["n"]) for row in months],
        "generated": timezone.now(),
    }
