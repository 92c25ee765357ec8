from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sewaka.organisations.access import Action, can, units_visible_to

from .models import FollowUp
from .services import PERMISSION_ACTIONS
from .transitions import OPEN_STATES, TRANSITIONS


def followup_list(*, user, filters: dict | None = None) -> QuerySet[FollowUp]:
    filters = filters or {}
    qs = FollowUp.objects.filter(unit__in=units_visible_to(user, Action.VIEW)).select_related(
        "unit", "owner", "source_type"
    )
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("source_type"):
        qs = qs.filter(source_type=filters["source_type"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATES, due__lt=timezone.localdate())
    if filters.get("q"):
        qs = qs.filter(title__icontains=filters["q"])
    return qs.order_by("due", "id")


def followup_get(*, user, pk) -> FollowUp:
    try:
        followup = FollowUp.objects.select_related("unit", "owner", "source_type", "verified_by").get(
            pk=int(pk)
        )
    except (FollowUp.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, followup.unit):
        raise Http404
    return followup


def followup_next_steps(*, user, followup: FollowUp) -> list[str]:
    """The statuses this user may move the follow-up to now."""

    steps = []
    for to, rule in TRANSITIONS.get(followup.status, {}).items():
        if can(user, PERMISSION_ACTIONS[rule.permission], followup.unit):
            steps.append(to)
    return steps


def followup_source_types() -> QuerySet[ContentType]:
    ids = FollowUp.objects.order_by().values_list("source_type_id", flat=True).distinct()
    return ContentType.objects.filter(pk__in=ids)


def require_can_create(user, unit) -> None:
    if not (can(user, Action.ACT, unit) or can(user, Action.MONEV, unit)):
        raise PermissionDenied


def may_work_on(user, followup: FollowUp) -> bool:
    """Comment and add evidence: the unit's staff (act) and Tim Monev; read-only roles only read."""
    return can(user, Action.ACT, followup.unit) or can(user, Action.MONEV, followup.unit)
