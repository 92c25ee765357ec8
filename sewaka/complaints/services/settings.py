"""The pemda's complaint settings: its time limits (admin pemda edits them; ADR 0005)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can
from sewaka.organisations.models import Unit

from ..models import SlaLimit
from ..sla import limit_rows


@transaction.atomic
def sla_limits_set(*, actor: Actor, pemda: Unit, values: Mapping[str, int]) -> list[SlaLimit]:
    """Set the pemda's limits (key → working days). A default row (no pemda) is never changed: the pemda
    gets its own row for that key, a copy of the default with the new number. Audited per changed row."""
    if pemda.parent_id is not None:
        raise ValidationError(_("Batas waktu ditetapkan untuk pemerintah daerah, bukan untuk unit."))
    if actor is not None and not can(actor, Action.MANAGE, pemda):  # None: the system (setup, tests)
        raise PermissionDenied
    changed = []
    for row in limit_rows(pemda.pk):
        value = values.get(row.key)
        if value is None or value == row.working_days:
            continue
        if not 1 <= value <= 365:
            raise ValidationError(_("Batas waktu antara 1 dan 365 hari kerja."))
        before = row.working_days
        if row.pemda_id is None:
            row = SlaLimit(
                pemda=pemda,
                key=row.key,
                label=row.label,
                is_classification=row.is_classification,
                source=row.source,
            )
        row.working_days = value
        row.save()
        audit(
            actor=actor,
            action="sla.update",
            obj=row,
            unit=pemda,
            changes={"key": row.key, "working_days": {"before": before, "after": value}},
        )
        changed.append(row)
    return changed
