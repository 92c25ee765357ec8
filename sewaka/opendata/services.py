"""Writes of the open-data app: a pemda's licence (admin pemda)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can
from sewaka.organisations.models import Unit

from .models import OpenDataSettings


@transaction.atomic
def opendata_settings_set(*, actor: Actor, pemda: Unit, license: str) -> OpenDataSettings:  # noqa: A002
    """Set the licence of the pemda's open datasets (copy on write: the first save creates the row)."""
    if pemda.parent_id is not None:
        raise ValidationError(_("Lisensi data terbuka ditetapkan untuk pemerintah daerah, bukan untuk unit."))
    if actor is not None and not can(actor, Action.MANAGE, pemda):  # None: the system (setup, tests)
        raise PermissionDenied
    row = OpenDataSettings.objects.select_for_update().filter(pemda=pemda).first() or OpenDataSettings(
        pemda=pemda
    )
    before = row.license if row.pk else None
    row.license = license
    row.full_clean()
    row.save()
    audit(
        actor=actor,
        action="opendata.settings",
        obj=row,
        unit=pemda,
        changes={"license": {"before": before, "after": license}},
    )
    return row
