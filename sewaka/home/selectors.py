"""Reads of core's data that need the access rules: the audit trail and private attachments."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Concat
from django.http import Http404

from sewaka.core.audit import CONFIDENTIAL
from sewaka.core.models import Attachment, AuditEvent
from sewaka.organisations.access import Action, can, is_city_wide, units_visible_to


def audit_list(*, user, filters: dict | None = None) -> QuerySet[AuditEvent]:
    """The audit trail for admin pemda and Tim Monev, limited to their scope."""
    if not (is_city_wide(user, Action.MONEV) or user.is_superuser):
        raise PermissionDenied
    filters = filters or {}
    qs: QuerySet[AuditEvent] = AuditEvent.objects.select_related("unit", "actor")
    if not user.is_superuser:
        qs = qs.filter(Q(unit__in=units_visible_to(user, Action.MONEV)) | Q(unit__isnull=True))
    qs = _without_hidden_confidential(qs, user)
    if filters.get("unit"):
        unit = filters["unit"]
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.get("actor"):
        qs = qs.filter(actor_label__icontains=filters["actor"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"])
    if filters.get("action"):
        qs = qs.filter(action__icontains=filters["action"])
    if filters.get("date_from"):
        qs = qs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(at__date__lte=filters["date_to"])
    return qs.order_by("-at", "-id")


def _without_hidden_confidential(qs: QuerySet[AuditEvent], user) -> QuerySet[AuditEvent]:
    """Events of a confidential object (and of its files) only for users who may see the object."""

    for object_type, rule in CONFIDENTIAL.items():
        visible = rule.visible(user).order_by()
        ids = visible.annotate(_sid=Cast("pk", CharField())).values("_sid")
        refs = visible.annotate(_ref=Concat(Value(f"{object_type}#"), Cast("pk", CharField()))).values("_ref")
        qs = qs.exclude(Q(object_type=object_type) & ~Q(object_id__in=ids))
        qs = qs.alias(_owner=KeyTextTransform("owner", "changes")).exclude(
            Q(object_type="core.attachment", _owner__startswith=f"{object_type}#") & ~Q(_owner__in=refs)
        )
    return qs


def audit_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


def attachment_for_download(*, user, pk):
    """The attachment if `user` may download it; Http404 otherwise (ids are random UUIDs, never listed).

    Public while its owner says so (`owner.attachments_are_public()`, e.g. a published standard);
    otherwise only for users who may view the attachment's unit.
    """

    try:
        attachment = Attachment.objects.select_related("unit", "owner_type").get(pk=uuid.UUID(str(pk)))
    except (Attachment.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    owner = attachment.owner_type.get_all_objects_for_this_type().filter(pk=attachment.owner_id).first()
    if owner is not None and getattr(owner, "attachments_are_public", lambda: False)():
        return attachment
    # An owner may narrow access further (e.g. a complaint's files: its handlers only).
    rule = getattr(owner, "attachments_visible_to", None)
    if rule is not None:
        if rule(user):
            return attachment
        raise Http404
    if can(user, Action.VIEW, attachment.unit):
        return attachment
    raise Http404
