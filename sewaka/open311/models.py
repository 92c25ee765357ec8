"""Client keys of Open311 applications (the spec's `api_key`), issued by admin pemda. Only a SHA-256 hash of a
key is stored; the key itself is shown once, when it is issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel


class ClientKey(BaseModel):
    pemda = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("pemerintah daerah"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("nama aplikasi klien"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)  # sha256 hex of the key
    prefix = models.CharField(_("awalan kunci"), max_length=12, editable=False)  # to recognise a key
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kunci klien Open311")
        verbose_name_plural = _("kunci klien Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
