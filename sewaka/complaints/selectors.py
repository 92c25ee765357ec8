"""Reads of complaints. Identity fields are shown only to the handlers of the handling unit (and admin pemda)."""

from __future__ import annotations

import statistics
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from sewaka.core.access import Action, is_city_wide, units_visible_to
from sewaka.core.calendar import pemda_calendar

from . import transitions as t
from .models import Complaint
from .services import may_handle
from .sla import deadlines, with_pauses


def complaint_list(*, user, filters: dict | None = None) -> QuerySet[Complaint]:
    """Cases the user may handle: their units' cases, plus the unassigned triage queue for the city."""
    filters = filters or {}
    scope = Q(handling_unit__in=units_visible_to(user, Action.COMPLAINTS))
    if is_city_wide(user, Action.COMPLAINTS):
        scope |= Q(handling_unit__isnull=True)
    qs = Complaint.objects.filter(scope).select_related("handling_unit", "service", "classification")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("open_only"):
        qs = qs.filter(status__in=t.OPEN)
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
            "handling_unit", "reported_unit", "service", "classification"
        ).get(pk=int(pk))
    except (Complaint.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not may_handle(user, complaint):
        raise Http404
    return complaint


def by_code(code: str) -> Complaint | None:
    from .services import normalise_code

    code = normalise_code(code)
    return Complaint.objects.filter(code=code).select_related("handling_unit").first() if code else None


def due_lists(complaints) -> tuple[list, list]:
    """(due soon, overdue) among open cases: (complaint, deadline)."""
    soon, late = [], []
    for complaint in with_pauses(complaints) if hasattr(complaints, "prefetch_related") else complaints:
        for d in deadlines(complaint):
            if d.met_at is None and d.overdue:
                late.append((complaint, d))
                break
            if d.met_at is None and d.days_left <= 1:
                soon.append((complaint, d))
                break
    return soon, late


def month_label(moment) -> str:
    """'Oktober 2026' (the trend's months, in Indonesian whatever the active language)."""
    from sewaka.core.templatetags.fmt import BULAN

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
    malad = Counter()
    verify_days, answer_days = [], []
    met = total = 0
    calendar = pemda_calendar()

    def working_days(start, end) -> int:  # day 0 is the day of receipt, as for the deadlines
        return calendar.working_days_between(timezone.localtime(start).date(), timezone.localtime(end).date())

    for c in with_pauses(qs.select_related("classification")):
        malad.update(c.maladministration)
        if c.verified_at:
            verify_days.append(working_days(c.received_at, c.verified_at))
        if c.first_answer_at:
            answer_days.append(working_days(c.received_at, c.first_answer_at))
        for d in deadlines(c):
            if d.met_at is not None or d.overdue:
                total += 1
                met += int(d.met_at is not None and not d.met_late)
    months = (
        qs.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("id")).order_by("month")
    )
    return {
        **counts,
        "maladministration": malad.most_common(),
        "total": qs.count(),
        # Working days from receipt (day 0) to the step, as the limits are counted (pauses not deducted).
        "median_verify_days": statistics.median(verify_days) if verify_days else None,
        "median_answer_days": statistics.median(answer_days) if answer_days else None,
        "sla_percent": round(100 * met / total) if total else None,
        "trend": [(month_label(row["month"]), row["n"]) for row in months],
        "generated": timezone.now(),
    }
