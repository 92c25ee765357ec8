"""Reads of the Forum Konsultasi Publik. Staff reads take the user and are scoped by organisations/access.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sewaka.core.selectors import attachments_of
from sewaka.organisations.access import Action, can, units_visible_to

from .facts import pekppp_participation_score
from .models import EVIDENCE_PREFIXES, Agreement, Forum, Participant, ParticipantCategory
from .transitions import TOOK_PLACE


def forum_list(*, user, unit=None, filters: dict | None = None) -> QuerySet[Forum]:
    """Forums the user may see (below `unit` when given), with their attendance figures."""
    filters = filters or {}
    qs = Forum.objects.filter(unit__in=units_visible_to(user, Action.VIEW)).select_related("unit")
    unit = unit or filters.get("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.get("year"):
        qs = qs.filter(date__year=filters["year"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(topic__icontains=filters["q"])
    attended = Q(participants__attended=True)
    return qs.annotate(
        n_invited=Count("participants", filter=Q(participants__invited=True), distinct=True),
        n_attended=Count("participants", filter=attended, distinct=True),
        n_categories=Count("participants__category", filter=attended, distinct=True),
        n_agreements=Count("agreements", distinct=True),
    ).order_by("-date", "-id")


def forum_get(*, user, pk, action: Action = Action.VIEW) -> Forum:
    """The forum if the user may `action` it: 404 outside the user's view scope, 403 without `action`."""
    try:
        forum = Forum.objects.select_related("unit", "unit__home_agency", "standard__service").get(pk=int(pk))
    except (Forum.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, forum.unit):
        raise Http404
    if not can(user, action, forum.unit):
        raise PermissionDenied
    return forum


def participant_get(*, forum: Forum, pk) -> Participant:
    try:
        return forum.participants.get(pk=int(pk))
    except (Participant.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc


def participants_of(forum: Forum) -> QuerySet[Participant]:
    return forum.participants.order_by("category", "name", "id")


def attendees_of(forum: Forum) -> QuerySet[Participant]:
    """Attending participants in check-in order (the berita acara's signature table)."""
    return forum.participants.filter(attended=True).order_by("checked_in_at", "id")


def agreements_of(forum: Forum) -> QuerySet[Agreement]:
    return forum.agreements.select_related("followup", "followup__owner").order_by("id")


# --- Participant categories (unsur masyarakat) and the PEKPPP descriptor --------------------------------


def category_count(forum: Forum) -> int:
    """Number of distinct participant categories among the participants who ATTENDED."""
    return forum.participants.filter(attended=True).values("category").distinct().count()


def categories_present(forum: Forum) -> list[str]:
    """Labels of the categories among attending participants, in the order of ParticipantCategory."""
    present = set(forum.participants.filter(attended=True).values_list("category", flat=True))
    return [str(label) for value, label in ParticipantCategory.choices if value in present]


def pekppp_label(n: int) -> str:
    """The descriptor as printed: "–" for none, "1" … "4", ">4"."""
    score = pekppp_participation_score(n)
    return "–" if score == 0 else (">4" if score == 5 else str(score))


@dataclass(frozen=True)
class Attendance:
    invited: int
    attended: int
    categories: int
    labels: list[str]
    score: int
    score_label: str


def attendance_summary(forum: Forum) -> Attendance:
    n = category_count(forum)
    return Attendance(
        invited=forum.participants.filter(invited=True).count(),
        attended=forum.participants.filter(attended=True).count(),
        categories=n,
        labels=categories_present(forum),
        score=pekppp_participation_score(n),
        score_label=pekppp_label(n),
    )


# --- Evidence -----------------------------------------------------------------------------------------


def forum_evidence(forum: Forum) -> list[tuple[str, object]]:
    """(kind, attachment) for the forum's files; the kind is read from the stored description prefix."""

    rows = []
    for attachment in attachments_of(forum).order_by("created_at"):
        kind = next(
            (
                k
                for k, prefix in EVIDENCE_PREFIXES.items()
                if attachment.description == prefix or attachment.description.startswith(prefix + ": ")
            ),
            "other",
        )
        rows.append((kind, attachment))
    return rows


# --- For other modules: obligations tracker, public pages ----------------------------------------------


def forums_held(unit, year: int) -> QuerySet[Forum]:
    """Forums of exactly `unit` that took place (held or reported) in `year` — for the obligations tracker."""
    return Forum.objects.filter(unit=unit, date__year=year, status__in=TOOK_PLACE).order_by("date", "id")


def forum_by_token(token) -> Forum | None:
    """The forum whose QR check-in token is `token`, if its unit is active."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return Forum.objects.select_related("unit").filter(checkin_token=token, unit__is_active=True).first()


def published_forums(unit=None) -> QuerySet[Forum]:
    """Forums whose public summary is published (of `unit` when given), newest first."""
    qs = Forum.objects.filter(summary_published_at__isnull=False, unit__is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("-date", "-id")


def published_forum(pk) -> Forum:
    try:
        return published_forums().get(pk=int(pk))
    except (Forum.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
