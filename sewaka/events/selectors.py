"""Reads of coordination events, scoped by core/access.py: a user sees the events organised by a unit in
their view scope and those to which a unit of their scope is invited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sewaka.core.selectors import attachments_of
from sewaka.organisations.access import Action, can, units_visible_to
from sewaka.organisations.models import Unit

from .models import CoordinationEvent, Invitation


def event_list(*, user, year: int | None = None) -> QuerySet[CoordinationEvent]:
    visible = units_visible_to(user, Action.VIEW)
    qs = CoordinationEvent.objects.filter(
        Q(organiser__in=visible) | Q(invitations__unit__in=visible)
    ).distinct()
    if year:
        qs = qs.filter(date__year=year)
    ids = qs.values("pk")
    return (
        CoordinationEvent.objects.filter(pk__in=ids)
        .select_related("organiser")
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_attended=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
        )
        .order_by("-date", "-id")
    )


def event_get(*, user, pk, action: Action = Action.VIEW) -> CoordinationEvent:
    try:
        event = CoordinationEvent.objects.select_related("organiser", "pemda").get(pk=int(pk))
    except (CoordinationEvent.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    visible = (
        can(user, Action.VIEW, event.organiser)
        or event.invitations.filter(unit__in=units_visible_to(user, Action.VIEW)).exists()
    )
    if not visible:
        raise Http404
    if action != Action.VIEW and not can(user, action, event.organiser):
        raise PermissionDenied
    return event


def may_organise(user, event: CoordinationEvent) -> bool:
    return can(user, Action.ACT, event.organiser)


def invitations_of(*, user, event: CoordinationEvent) -> QuerySet[Invitation]:
    """The organiser sees every invitation; an invited unit's people see their scope's only."""
    qs = event.invitations.select_related("unit", "unit__parent").order_by("unit__path")
    if can(user, Action.VIEW, event.organiser):
        return qs
    return qs.filter(unit__in=units_visible_to(user, Action.VIEW))


def invitation_get(*, event: CoordinationEvent, pk) -> Invitation:
    try:
        return event.invitations.select_related("unit").get(pk=int(pk))
    except (Invitation.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def materials_of(event: CoordinationEvent):
    return attachments_of(event)


def organiser_units(user) -> QuerySet[Unit]:
    """Units on whose behalf the user may organise an event."""
    return units_visible_to(user, Action.ACT).filter(is_active=True).order_by("path")


def invitable_units(event: CoordinationEvent) -> QuerySet[Unit]:
    return Unit.objects.filter(
        path__startswith=event.pemda.path, is_active=True, parent__isnull=False
    ).order_by("path")


def event_by_token(token) -> CoordinationEvent | None:
    return CoordinationEvent.objects.select_related("organiser", "pemda").filter(checkin_token=token).first()


def unit_events(unit: Unit, year: int) -> QuerySet[Invitation]:
    """The unit's invitations of the year (its page): the caller has checked that it may view the unit."""
    return (
        Invitation.objects.filter(unit=unit, event__date__year=year)
        .select_related("event")
        .order_by("-event__date", "-event_id")
    )
