"""A pemda's open-data settings (ADR 0005: settings tables carry the pemda): the licence of its datasets.
No row: CC BY 4.0."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sewaka.core.models import BaseModel


class License(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Atribusi 4.0 Internasional (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Atribusi-BerbagiSerupa 4.0 Internasional (CC BY-SA 4.0)")
    CC0 = "CC0-1.0", _("CC0 1.0: dedikasi ke domain publik")
    ODBL = "ODbL-1.0", _("Open Data Commons Open Database License (ODbL 1.0)")


LICENSE_URLS = {
    License.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    License.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    License.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    License.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class OpenDataSettings(BaseModel):
    pemda = models.OneToOneField(
        "organisations.Unit", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    license = models.CharField(_("lisensi"), max_length=20, choices=License.choices, default=License.CC_BY)

    class Meta:
        verbose_name = _("pengaturan data terbuka")
        verbose_name_plural = _("pengaturan data terbuka")

    def __str__(self) -> str:
        return f"{self.pemda_id}: {self.license}"
