"""Writes of the innovation registry, the competition schemes, awards and the internal selection.

Keyword-only, one transaction, full_clean(), one audit record each (house rule 1). The stage, the call's
status and the nomination's status are written only by the transition services here (transitions.py).
Who may do what: access.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date as date_type
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.services import attachment_add
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can, is_city_wide
from sewaka.organisations.models import Service, Unit

from . import access, schemes
from .models import (
    AWARD_LABELS,
    Award,
    Call,
    CallEvent,
    FileKind,
    Innovation,
    InnovationEvent,
    InnovationFile,
    Juror,
    Nomination,
    ProposalComment,
    ProposalText,
    Scheme,
    SchemeYear,
    Score,
)
from .transitions import CallStatus, NominationStatus, Rule, Stage, call_rule, nomination_rule, stage_rule
from .words import words_count

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.core.models import Attachment

SCHEMES_DIR = schemes.SCHEMES_DIR

TEXT_FIELDS = (
    "name",
    "short_name",
    "problem",
    "goal",
    "novelty",
    "how_it_works",
    "people_and_budget",
    "partners",
    "innovator_sk_number",
    "replicated_from_text",
)
INNOVATION_FIELDS = (
    *TEXT_FIELDS,
    "started_on",
    "innovator_sk_date",
    "sdg_targets",
    "links",
    "replicated_from",
    "services",
    "partner_units",
)
MAX_LINKS = 20
MAX_TEXT = 20000


def _one_line(text: str | None) -> str:
    return " ".join(str(text or "").split())


def _text(name: str, value: Any) -> str:
    if name in ("name", "short_name", "innovator_sk_number", "replicated_from_text"):
        return _one_line(value)
    return "\n".join(line.rstrip() for line in str(value or "").strip().splitlines())


def clean_sdg_targets(values: Iterable[Any]) -> list[int]:
    out: set[int] = set()
    for value in values or ():
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= 17:
            raise ValidationError({"sdg_targets": _("Tujuan SDGs adalah nomor 1 sampai 17.")})
        out.add(number)
    return sorted(out)


def clean_links(values: Iterable[Any]) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    out: list[str] = []
    for value in values or ():
        url = str(value).strip()
        if not url:
            continue
        try:
            validate(url)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "links": _("Tautan “%(u)s” bukan alamat web yang sah (awali dengan https://).")
                    % {"u": url[:80]}
                }
            ) from exc
        if url not in out:
            out.append(url)
    if len(out) > MAX_LINKS:
        raise ValidationError({"links": _("Paling banyak %(n)s tautan.") % {"n": MAX_LINKS}})
    return out


def _unique_slug(name: str) -> str:
    base = (slugify(name)[:70].strip("-")) or "inovasi"
    slug, n = base, 1
    while Innovation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_units(unit: Unit, partner_units: Iterable[Unit]) -> list[Unit]:
    partners = [u for u in {u.pk: u for u in partner_units if u is not None}.values() if u.pk != unit.pk]
    if any(u.root_id != unit.root_id for u in partners):
        raise ValidationError({"partner_units": _("Unit mitra harus berada di pemerintah daerah yang sama.")})
    return partners


def _check_services(unit: Unit, partners: list[Unit], services: Iterable[Service]) -> list[Service]:
    allowed_units = {unit.pk, *(u.pk for u in partners)}
    chosen = list({s.pk: s for s in services if s is not None}.values())
    if any(s.unit_id not in allowed_units for s in chosen):
        raise ValidationError(
            {"services": _("Pilih layanan milik unit pemilik inovasi atau unit mitranya saja.")}
        )
    return chosen


def _check_source(unit: Unit, source: Innovation | None, innovation: Innovation | None = None) -> None:
    if source is None:
        return
    if innovation is not None and source.pk == innovation.pk:
        raise ValidationError(
            {"replicated_from": _("Inovasi tidak dapat menjadi replikasi dirinya sendiri.")}
        )
    if source.pemda_id != unit.root_id:
        raise ValidationError({"replicated_from": _("Pilih inovasi asal dari pemerintah daerah yang sama.")})


def _event(innovation: Innovation, actor: Actor, kind: str, **fields: Any) -> InnovationEvent:
    return InnovationEvent.objects.create(
        innovation=innovation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        **fields,
    )


def _locked(innovation: Innovation) -> Innovation:
    return Innovation.objects.select_for_update().select_related("unit", "pemda").get(pk=innovation.pk)


def _state(innovation: Innovation) -> dict[str, Any]:
    data = snapshot(innovation, [f for f in INNOVATION_FIELDS if f not in ("services", "partner_units")])
    data["replicated_from"] = innovation.replicated_from_id
    data["services"] = sorted(innovation.services.values_list("pk", flat=True))
    data["partner_units"] = sorted(innovation.partner_units.values_list("pk", flat=True))
    return data


@transaction.atomic
def innovation_create(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    services: Iterable[Service] = (),
    partner_units: Iterable[Unit] = (),
    replicated_from: Innovation | None = None,
    sdg_targets: Iterable[Any] = (),
    links: Iterable[Any] = (),
    started_on: date_type | None = None,
    innovator_sk_date: date_type | None = None,
    is_demo: bool = False,
    **texts: str,
) -> Innovation:
    """Register an innovation of `unit` (stage: gagasan; later stages through innovation_transition)."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied
    partners = _check_units(unit, partner_units)
    chosen = _check_services(unit, partners, services)
    _check_source(unit, replicated_from)
    innovation = Innovation(
        pemda_id=unit.root_id,
        unit=unit,
        name=_text("name", name),
        started_on=started_on,
        innovator_sk_date=innovator_sk_date,
        sdg_targets=clean_sdg_targets(sdg_targets),
        links=clean_links(links),
        replicated_from=replicated_from,
        is_demo=is_demo,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: _text(k, v) for k, v in texts.items()},
    )
    innovation.slug = _unique_slug(innovation.short_name or innovation.name)
    innovation.full_clean()
    innovation.save()
    innovation.services.set(chosen)
    innovation.partner_units.set(partners)
    _event(innovation, actor, InnovationEvent.Kind.CREATED, to_stage=innovation.stage)
    audit(actor=actor, action="innovation.create", obj=innovation, unit=unit, changes=_state(innovation))
    return innovation


@transaction.atomic
def innovation_update(*, actor: Actor, innovation: Innovation, **fields: Any) -> Innovation:
    """Change the innovation's fields (never its stage, unit or publication)."""
    unknown = set(fields) - set(INNOVATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if not access.may_edit(actor, innovation):
        raise PermissionDenied
    innovation = _locked(innovation)
    before = _state(innovation)
    partners = (
        _check_units(innovation.unit, fields.pop("partner_units"))
        if "partner_units" in fields
        else list(innovation.partner_units.all())
    )
    services = fields.pop("services") if "services" in fields else list(innovation.services.all())
    chosen = _check_services(innovation.unit, partners, services)
    if "replicated_from" in fields:
        _check_source(innovation.unit, fields["replicated_from"], innovation)
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            value = _text(name, value)
        elif name == "sdg_targets":
            value = clean_sdg_targets(value)
        elif name == "links":
            value = clean_links(value)
        setattr(innovation, name, value)
    innovation.full_clean()
    innovation.save()
    innovation.services.set(chosen)
    innovation.partner_units.set(partners)
    changes = diff(before, _state(innovation))
    if changes:
        audit(actor=actor, action="innovation.update", obj=innovation, unit=innovation.unit, changes=changes)
    return innovation


def _stage_label(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


@transaction.atomic
def innovation_transition(*, actor: Actor, innovation: Innovation, to: str, note: str = "") -> Innovation:
    """Move the innovation to stage `to` if the table allows it and the actor may; the only stage writer."""
    innovation = _locked(innovation)
    rule = stage_rule(innovation.stage, to)
    if rule is None:
        raise ValidationError(
            _("Tahap tidak dapat diubah dari “%(from)s” ke “%(to)s”.")
            % {"from": _stage_label(innovation.stage), "to": _stage_label(to)}
        )
    _require(actor, rule, innovation.unit)
    note = (note or "").strip()
    if "note" in rule.needs and not note:
        raise ValidationError({"note": _("Tuliskan alasan perubahan tahap ini.")})
    before = innovation.stage
    innovation.stage = to
    innovation.full_clean()
    innovation.save(update_fields=["stage", "updated_at"])
    _event(innovation, actor, InnovationEvent.Kind.TRANSITION, from_stage=before, to_stage=to, text=note)
    audit(
        actor=actor,
        action="innovation.stage",
        obj=innovation,
        unit=innovation.unit,
        changes={"stage": {"before": before, "after": to}, **({"note": note} if note else {})},
    )
    return innovation


def _require(actor: Actor, rule: Rule, unit: Unit) -> None:
    action = Action.MANAGE if rule.permission == "manage" else Action.ACT
    if not can(actor, action, unit):
        raise PermissionDenied


@transaction.atomic
def innovation_publish(*, actor: Actor, innovation: Innovation, published: bool = True) -> Innovation:
    """Show (or withdraw) the innovation in the public gallery: admin pemda only (`manage`)."""
    if not access.may_publish(actor, innovation):
        raise PermissionDenied
    innovation = _locked(innovation)
    published = bool(published)
    if innovation.published == published:
        return innovation
    if published and not (innovation.problem and innovation.how_it_works):
        raise ValidationError(
            _("Lengkapi masalah dan cara kerja inovasi sebelum ditampilkan di galeri publik.")
        )
    innovation.published = published
    innovation.published_at = timezone.now() if published else None
    innovation.full_clean()
    innovation.save(update_fields=["published", "published_at", "updated_at"])
    kind = InnovationEvent.Kind.PUBLISHED if published else InnovationEvent.Kind.UNPUBLISHED
    _event(innovation, actor, kind)
    audit(
        actor=actor,
        action="innovation.publish" if published else "innovation.unpublish",
        obj=innovation,
        unit=innovation.unit,
    )
    return innovation


@transaction.atomic
def innovation_file_add(
    *, actor: Actor, innovation: Innovation, kind: str, uploaded: UploadedFile, caption: str = ""
) -> Attachment:
    """Attach the innovator team's SK, a document or a photo (checked by core/files.py; photos stripped of
    their metadata). A photo must be an image."""
    if not access.may_edit(actor, innovation):
        raise PermissionDenied
    if kind not in FileKind.values:
        raise ValidationError({"kind": _("Pilih jenis berkas dari daftar.")})
    row = InnovationFile(innovation=innovation, kind=kind, caption=_one_line(caption)[:255])
    row.full_clean()
    row.save()
    attachment = attachment_add(
        owner=row, unit=innovation.unit, uploaded=uploaded, actor=actor, description=row.caption
    )
    if kind == FileKind.PHOTO and not attachment.is_image:
        raise ValidationError({"file": _("Foto harus berupa gambar JPEG atau PNG.")})
    _event(
        innovation,
        actor,
        InnovationEvent.Kind.FILE,
        text=f"{FileKind(kind).label}: {attachment.original_name}",
    )
    audit(
        actor=actor,
        action="innovation.file",
        obj=innovation,
        unit=innovation.unit,
        changes={"kind": kind, "file": attachment.original_name, "attachment": str(attachment.pk)},
    )
    return attachment


# --- Schemes ----------------------------------------------------------------------------------------


def _validate_scheme(data: dict) -> None:
    """The pure parser's full validation (schemes.parse_scheme)."""
    try:
        schemes.parse_scheme(data)
    except schemes.SchemeError as exc:
        raise ValidationError(_("Skema tidak sah: %(e)s") % {"e": exc}) from exc


@transaction.atomic
def scheme_load(*, data: dict, actor: Actor = None) -> SchemeYear:
    """Load (or confirm) one scheme file; a different file under a known code, year and version is refused."""
    if not isinstance(data, dict):
        raise ValidationError(_("Berkas skema harus berisi objek JSON."))
    code = str(data.get("code") or "").strip()
    name = _one_line(data.get("name"))
    year, version = data.get("year"), _one_line(str(data.get("version") or ""))
    if not code or not name or not isinstance(year, int) or isinstance(year, bool) or not version:
        raise ValidationError(_("Berkas skema harus memiliki kolom code, name, year (angka) dan version."))
    _validate_scheme(data)
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is not None:
        existing = SchemeYear.objects.filter(scheme=scheme, year=year, version=version).first()
        if existing is not None:
            if existing.sha256 != digest:
                raise ValidationError(
                    _(
                        "Skema %(c)s %(y)s versi %(v)s sudah dimuat dan tidak dapat diubah; beri nomor versi baru."
                    )
                    % {"c": code, "y": year, "v": version}
                )
            return existing
    else:
        scheme = Scheme(code=code, name=name, organiser=_one_line(data.get("organiser"))[:200])
        scheme.full_clean()
        scheme.save()
    scheme_year = SchemeYear(
        scheme=scheme, year=year, version=version, name=name[:200], data=data, sha256=digest
    )
    scheme_year.full_clean()
    scheme_year.save()
    audit(
        actor=actor,
        action="scheme.load",
        obj=scheme_year,
        changes={"code": code, "year": year, "version": version, "sha256": digest},
    )
    return scheme_year


@transaction.atomic
def scheme_import(*, actor: Actor, raw: bytes) -> tuple[SchemeYear, bool]:
    """Admin pemda imports a scheme file (JSON). Returns (scheme year, created)."""
    if not is_city_wide(actor, Action.MANAGE):
        raise PermissionDenied
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("Berkas skema harus JSON UTF-8 yang sah (%(e)s).") % {"e": exc}) from exc
    before = SchemeYear.objects.count()
    scheme_year = scheme_load(data=data, actor=actor)
    return scheme_year, SchemeYear.objects.count() > before


def shipped_scheme_files() -> list[Path]:
    return sorted(SCHEMES_DIR.glob("*.json")) if SCHEMES_DIR.is_dir() else []


def ensure_shipped_schemes() -> None:
    """The reviewed files under schemes/ are loaded on first use (idempotent)."""
    for path in shipped_scheme_files():
        scheme_load(data=json.loads(path.read_text("utf-8")))


# --- Awards -----------------------------------------------------------------------------------------


@transaction.atomic
def award_record(
    *,
    actor: Actor,
    innovation: Innovation,
    year: int,
    award_code: str,
    scheme_year: SchemeYear | None = None,
    scheme_name: str = "",
    group_code: str = "",
    note: str = "",
    decree: UploadedFile | None = None,
    is_demo: bool = False,
) -> Award:
    """Record an innovation's result in a loaded scheme-year, or in a scheme named in free text."""
    if not access.may_edit(actor, innovation):
        raise PermissionDenied
    award_code = _one_line(award_code)
    scheme_name = _one_line(scheme_name)
    if scheme_year is not None:
        code = scheme_year.scheme.code
        year = scheme_year.year
        names = scheme_year.award_names()
        known = set(names) | set(AWARD_LABELS)
        if award_code not in known:  # a name typed instead of the code ("Top 99", "Juara 1")
            by_name = {"".join(ch for ch in n.lower() if ch.isalnum()): c for c, n in names.items()}
            key = "".join(ch for ch in award_code.lower() if ch.isalnum())
            award_code = by_name.get(key) or _known_award(award_code) or award_code
        if award_code not in known:
            raise ValidationError({"award_code": _("Pilih hasil dari daftar hasil kompetisi ini.")})
        groups = {c for c, _n in scheme_year.group_choices()}
        if group_code and groups and group_code not in groups:
            raise ValidationError({"group_code": _("Pilih kelompok dari daftar kelompok kompetisi ini.")})
    else:
        if not scheme_name:
            raise ValidationError({"scheme_name": _("Pilih kompetisi atau tuliskan namanya.")})
        code = slugify(scheme_name)[:40].strip("-") or "lainnya"
        award_code = _known_award(award_code) or slugify(award_code)[:40].strip("-")
        if not award_code:
            raise ValidationError({"award_code": _("Tuliskan hasil yang diraih.")})
    award = Award(
        innovation=innovation,
        scheme_year=scheme_year,
        scheme_code=code,
        scheme_name=scheme_name[:200],
        year=year,
        group_code=_one_line(group_code)[:40],
        award_code=award_code,
        note=(note or "").strip(),
        is_demo=is_demo,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    award.full_clean()
    award.save()
    if decree is not None:
        attachment_add(
            owner=award, unit=innovation.unit, uploaded=decree, actor=actor, description=_("Keputusan")
        )
    _event(innovation, actor, InnovationEvent.Kind.AWARD, text=f"{code} {year} {award_code}")
    audit(
        actor=actor,
        action="innovation.award",
        obj=innovation,
        unit=innovation.unit,
        changes={"scheme": code, "year": year, "award": award_code, "group": award.group_code},
    )
    return award


def _known_award(text: str) -> str | None:
    """A free-text result naming a known award ("Top 99", "top-45") is stored under its code."""
    key = "".join(ch for ch in text.lower() if ch.isalnum())
    return {code.replace("_", ""): code for code in AWARD_LABELS}.get(key)


# --- Internal selection -----------------------------------------------------------------------------


@transaction.atomic
def call_create(
    *,
    actor: Actor,
    pemda: Unit,
    scheme_year: SchemeYear,
    title: str,
    nomination_deadline: date_type,
    cap: int | None = None,
    registration_deadline: date_type | None = None,
) -> Call:
    """Admin pemda prepares a call (draft) for a scheme-year; the cap defaults to the scheme's. The
    registration deadline (the organiser's, the base of the implementation-time rule) is the call's own
    when given, else the scheme data's."""
    if pemda.parent_id is not None:
        raise ValidationError({"pemda": _("Seleksi internal dibuka untuk pemerintah daerah.")})
    if not can(actor, Action.MANAGE, pemda):
        raise PermissionDenied
    call = Call(
        pemda=pemda,
        scheme_year=scheme_year,
        title=_one_line(title),
        nomination_deadline=nomination_deadline,
        cap=cap if cap is not None else (scheme_year.parsed.cap_per_instance if scheme_year.parsed else None),
        registration_deadline=registration_deadline
        or (scheme_year.parsed.registration_deadline if scheme_year.parsed else None),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_call_dates(call)
    call.full_clean()
    call.save()
    audit(
        actor=actor,
        action="call.create",
        obj=call,
        unit=pemda,
        changes={
            "scheme": scheme_year.scheme.code,
            "year": scheme_year.year,
            "title": call.title,
            "cap": call.cap,
            "nomination_deadline": call.nomination_deadline.isoformat(),
            "registration_deadline": (
                call.registration_deadline.isoformat() if call.registration_deadline else None
            ),
        },
    )
    return call


CALL_FIELDS = ("title", "nomination_deadline", "registration_deadline", "cap")


def _check_call_dates(call: Call) -> None:
    if call.registration_deadline and call.nomination_deadline > call.registration_deadline:
        raise ValidationError(
            {
                "nomination_deadline": _(
                    "Batas pengusulan internal harus sebelum batas pendaftaran kompetisi (%(d)s)."
                )
                % {"d": call.registration_deadline.strftime("%d-%m-%Y")}
            }
        )


@transaction.atomic
def call_update(*, actor: Actor, call: Call, **fields: Any) -> Call:
    """Admin pemda changes the call's title, dates or cap (not its scheme-year or status). A closed call
    is frozen."""
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    call = Call.objects.select_for_update().select_related("pemda").get(pk=call.pk)
    if not access.may_manage_call(actor, call):
        raise PermissionDenied
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("Seleksi yang sudah selesai tidak dapat diubah."))
    before = snapshot(call, list(CALL_FIELDS))
    for name, value in fields.items():
        setattr(call, name, _one_line(value) if name == "title" else value)
    _check_call_dates(call)
    call.full_clean()
    call.save()
    changes = diff(before, snapshot(call, list(CALL_FIELDS)))
    if changes:
        audit(actor=actor, action="call.update", obj=call, unit=call.pemda, changes=changes)
    return call


@transaction.atomic
def call_transition(*, actor: Actor, call: Call, to: str, note: str = "") -> Call:
    """Move the call to `to` if the table allows it; the only writer of its status."""
    call = Call.objects.select_for_update().select_related("pemda").get(pk=call.pk)
    rule = call_rule(call.status, to)
    if rule is None:
        raise ValidationError(
            _("Status seleksi tidak dapat diubah dari “%(from)s” ke “%(to)s”.")
            % {
                "from": call.get_status_display(),
                "to": CallStatus(to).label if to in CallStatus.values else to,
            }
        )
    _require(actor, rule, call.pemda)
    note = (note or "").strip()
    if "note" in rule.needs and not note:
        raise ValidationError({"note": _("Tuliskan alasan perubahan status ini.")})
    before = call.status
    call.status = to
    call.full_clean()
    call.save(update_fields=["status", "updated_at"])
    CallEvent.objects.create(
        call=call,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=before,
        to_status=to,
        text=note,
    )
    audit(
        actor=actor,
        action=f"call.{to}",
        obj=call,
        unit=call.pemda,
        changes={"status": {"before": before, "after": to}, **({"note": note} if note else {})},
    )
    return call


def call_open(*, actor: Actor, call: Call) -> Call:
    return call_transition(actor=actor, call=call, to=CallStatus.OPEN)


@transaction.atomic
def nomination_create(
    *, actor: Actor, call: Call, innovation: Innovation, group_code: str, category_code: str = ""
) -> Nomination:
    """A unit nominates its innovation while the call is open (until its deadline). A withdrawn
    nomination is nominated again rather than duplicated."""
    if not access.may_edit(actor, innovation):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=call.pk)
    if innovation.pemda_id != call.pemda_id:
        raise ValidationError(_("Inovasi ini bukan dari pemerintah daerah penyelenggara seleksi."))
    if call.status != CallStatus.OPEN:
        raise ValidationError(_("Pengusulan hanya dapat dilakukan saat seleksi dibuka."))
    if timezone.localdate() > call.nomination_deadline:
        raise ValidationError(_("Batas pengusulan seleksi ini sudah lewat."))
    groups = {c for c, _n in call.scheme_year.group_choices()}
    if groups and group_code not in groups:
        raise ValidationError({"group_code": _("Pilih kelompok dari daftar kelompok kompetisi ini.")})
    categories = {c for c, _n in call.scheme_year.category_choices()}
    if category_code and categories and category_code not in categories:
        raise ValidationError({"category_code": _("Pilih kategori dari daftar kategori kompetisi ini.")})
    existing = Nomination.objects.select_for_update().filter(call=call, innovation=innovation).first()
    if existing is not None:
        if existing.status != NominationStatus.WITHDRAWN:
            raise ValidationError(_("Inovasi ini sudah diusulkan dalam seleksi ini."))
        existing.group_code, existing.category_code = group_code, category_code
        existing.save(update_fields=["group_code", "category_code", "updated_at"])
        return nomination_transition(actor=actor, nomination=existing, to=NominationStatus.NOMINATED)
    nomination = Nomination(
        call=call,
        innovation=innovation,
        group_code=group_code,
        category_code=category_code,
        nominated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    nomination.full_clean()
    nomination.save()
    audit(
        actor=actor,
        action="nomination.create",
        obj=nomination,
        unit=innovation.unit,
        changes={
            "call": call.pk,
            "innovation": innovation.pk,
            "group": group_code,
            "category": category_code,
        },
    )
    return nomination


def nomination_transition(*, actor: Actor, nomination: Nomination, to: str, note: str = "") -> Nomination:
    """The one writer of a nomination's status, through NOMINATION_TRANSITIONS."""
    rule = nomination_rule(nomination.status, to)
    if rule is None:
        raise ValidationError(
            _("Status usulan tidak dapat diubah dari “%(from)s” ke “%(to)s”.")
            % {"from": nomination.get_status_display(), "to": NominationStatus(to).label}
        )
    unit = nomination.call.pemda if rule.permission == "manage" else nomination.innovation.unit
    _require(actor, rule, unit)
    note = (note or "").strip()
    if "note" in rule.needs and not note:
        raise ValidationError({"note": _("Tuliskan alasan perubahan ini.")})
    before = nomination.status
    nomination.status = to
    if to in (NominationStatus.SELECTED, NominationStatus.NOT_SELECTED):
        nomination.decided_at = timezone.now()
    nomination.full_clean()
    nomination.save()
    audit(
        actor=actor,
        action=f"nomination.{to}",
        obj=nomination,
        unit=nomination.innovation.unit,
        changes={"status": {"before": before, "after": to}, **({"note": note} if note else {})},
    )
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: Actor, nomination: Nomination, note: str = "") -> Nomination:
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("call", "innovation__unit")
        .get(pk=nomination.pk)
    )
    if nomination.call.status not in (CallStatus.OPEN, CallStatus.SCORING):
        raise ValidationError(_("Usulan hanya dapat ditarik selama seleksi berjalan."))
    return nomination_transition(actor=actor, nomination=nomination, to=NominationStatus.WITHDRAWN, note=note)


@transaction.atomic
def nomination_decide(
    *,
    actor: Actor,
    nomination: Nomination,
    selected: bool,
    total_score: Decimal | None = None,
    rank: int | None = None,
    note: str = "",
) -> Nomination:
    """Admin pemda records the selection's decision (from the scoring engine's ranking and the cap)."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("call__pemda", "innovation__unit")
        .get(pk=nomination.pk)
    )
    if nomination.call.status not in (CallStatus.SCORING, CallStatus.CLOSED):
        raise ValidationError(_("Keputusan seleksi diambil setelah penilaian juri dimulai."))
    nomination.total_score, nomination.rank = total_score, rank
    to = NominationStatus.SELECTED if selected else NominationStatus.NOT_SELECTED
    return nomination_transition(actor=actor, nomination=nomination, to=to, note=note)


@transaction.atomic
def juror_add(*, actor: Actor, call: Call, user: User) -> Juror:
    """Admin pemda gives `user` the jury role for this call (an inactive juror is reactivated)."""
    if not access.may_manage_call(actor, call):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError({"user": _("Pengguna ini tidak aktif.")})
    juror = Juror.objects.filter(call=call, user=user).first()
    if juror is not None and juror.is_active:
        raise ValidationError({"user": _("Pengguna ini sudah menjadi juri seleksi ini.")})
    if juror is None:
        juror = Juror(
            call=call, user=user, added_by=actor if getattr(actor, "is_authenticated", False) else None
        )
    juror.is_active = True
    juror.full_clean()
    juror.save()
    audit(
        actor=actor, action="call.juror_add", obj=call, unit=call.pemda, changes={"user": user.get_username()}
    )
    return juror


@transaction.atomic
def juror_remove(*, actor: Actor, juror: Juror) -> Juror:
    """The juror loses the role; their scores stay (nothing is deleted)."""
    call = juror.call
    if not access.may_manage_call(actor, call):
        raise PermissionDenied
    juror.is_active = False
    juror.save(update_fields=["is_active", "updated_at"])
    audit(
        actor=actor,
        action="call.juror_remove",
        obj=call,
        unit=call.pemda,
        changes={"user": juror.user.get_username()},
    )
    return juror


def _juror_for_scoring(actor: Actor, nomination: Nomination) -> Juror:
    juror = access.juror_of(actor, nomination.call)
    if juror is None:
        raise PermissionDenied
    if access.own_unit_conflict(actor, nomination.innovation):
        raise ValidationError(_("Juri tidak dapat menilai inovasi dari perangkat daerahnya sendiri."))
    if nomination.call.status != CallStatus.SCORING:
        raise ValidationError(_("Penilaian hanya dapat dilakukan saat seleksi dalam tahap penilaian juri."))
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError(_("Usulan ini sudah ditarik."))
    return juror


@transaction.atomic
def score_save(
    *, actor: Actor, nomination: Nomination, aspect_code: str, value: Decimal | int | str, comment: str = ""
) -> Score:
    """A juror saves (or changes, before submitting) the score of one aspect."""
    nomination = Nomination.objects.select_related("call__scheme_year", "innovation__unit").get(
        pk=nomination.pk
    )
    juror = _juror_for_scoring(actor, nomination)
    aspects = nomination.call.scheme_year.aspects(nomination.group_code)
    if aspects and aspect_code not in aspects:
        raise ValidationError({"aspect_code": _("Aspek ini tidak ada dalam kelompok usulan.")})
    parsed = nomination.call.scheme_year.parsed
    top = parsed.scale.max if parsed else Decimal(100)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or not Decimal(0) <= number <= top:
        raise ValidationError(
            {"value": _("Nilai harus angka 0 sampai %(max)s.") % {"max": f"{top.normalize():f}"}}
        )
    number = number.quantize(Decimal("0.01"))
    score = (
        Score.objects.select_for_update()
        .filter(nomination=nomination, juror=juror, aspect_code=aspect_code)
        .first()
    )
    if score is not None and score.submitted:
        raise ValidationError(_("Nilai yang sudah dikirim tidak dapat diubah."))
    before = {"value": score.value, "comment": score.comment} if score else {}
    score = score or Score(nomination=nomination, juror=juror, aspect_code=aspect_code)
    score.value, score.comment = number, (comment or "").strip()
    score.full_clean()
    score.save()
    audit(
        actor=actor,
        action="score.save",
        obj=nomination,
        unit=nomination.call.pemda,
        changes={"aspect": aspect_code, **diff(before, {"value": score.value, "comment": score.comment})},
    )
    return score


@transaction.atomic
def score_submit(*, actor: Actor, nomination: Nomination) -> int:
    """The juror submits all their scores of the nomination (every aspect must be scored); then they are
    final and the other submitted jurors' scores become visible to them."""
    nomination = Nomination.objects.select_related("call__scheme_year", "innovation__unit").get(
        pk=nomination.pk
    )
    juror = _juror_for_scoring(actor, nomination)
    mine = Score.objects.select_for_update().filter(nomination=nomination, juror=juror)
    aspects = set(nomination.call.scheme_year.aspects(nomination.group_code))
    missing = aspects - set(mine.values_list("aspect_code", flat=True))
    if missing or not mine.exists():
        raise ValidationError(_("Nilai semua aspek sebelum mengirim penilaian."))
    now = timezone.now()
    n = mine.filter(submitted=False).update(submitted=True, submitted_at=now, updated_at=now)
    if n:
        audit(
            actor=actor,
            action="score.submit",
            obj=nomination,
            unit=nomination.call.pemda,
            changes={"scores": n},
        )
    return n


def _may_draft(actor: Actor, nomination: Nomination) -> bool:
    return access.may_edit(actor, nomination.innovation) or access.may_manage_call(actor, nomination.call)


@transaction.atomic
def proposal_text_save(*, actor: Actor, nomination: Nomination, aspect_code: str, text: str) -> ProposalText:
    """Save a new version of an aspect's text; refused over the aspect's word limit (when the scheme
    gives one). An unchanged text keeps the current version."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("call__scheme_year", "innovation__unit")
        .get(pk=nomination.pk)
    )
    if not _may_draft(actor, nomination):
        raise PermissionDenied
    if nomination.status == NominationStatus.WITHDRAWN:
        raise ValidationError(_("Usulan ini sudah ditarik."))
    aspects = nomination.call.scheme_year.aspects(nomination.group_code)
    if aspects and aspect_code not in aspects:
        raise ValidationError({"aspect_code": _("Aspek ini tidak ada dalam kelompok usulan.")})
    text = (text or "").strip()
    if len(text) > MAX_TEXT * 5:
        raise ValidationError({"text": _("Teks terlalu panjang.")})
    limit = aspects[aspect_code].max_words if aspect_code in aspects else None
    count = words_count(text)
    if limit is not None and count > limit:
        raise ValidationError(
            {"text": _("Teks berisi %(n)s kata; batas aspek ini %(max)s kata.") % {"n": count, "max": limit}}
        )
    current = (
        ProposalText.objects.filter(nomination=nomination, aspect_code=aspect_code)
        .order_by("-version")
        .first()
    )
    if current is not None and current.text == text:
        return current
    version = (
        ProposalText.objects.filter(nomination=nomination, aspect_code=aspect_code).aggregate(
            v=Max("version")
        )["v"]
        or 0
    ) + 1
    row = ProposalText(
        nomination=nomination,
        aspect_code=aspect_code,
        text=text,
        version=version,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    row.full_clean()
    row.save()
    audit(
        actor=actor,
        action="proposal.text",
        obj=nomination,
        unit=nomination.innovation.unit,
        changes={"aspect": aspect_code, "version": version, "words": count},
    )
    return row


@transaction.atomic
def proposal_comment_add(
    *, actor: Actor, nomination: Nomination, aspect_code: str, text: str
) -> ProposalComment:
    """A reviewer's comment on an aspect (jurors of the call, admin pemda) or the unit's reply."""
    nomination = Nomination.objects.select_related("call__scheme_year", "innovation__unit").get(
        pk=nomination.pk
    )
    if not (_may_draft(actor, nomination) or access.juror_of(actor, nomination.call) is not None):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Komentar tidak boleh kosong.")})
    aspects = nomination.call.scheme_year.aspects(nomination.group_code)
    if aspect_code and aspects and aspect_code not in aspects:
        raise ValidationError({"aspect_code": _("Aspek ini tidak ada dalam kelompok usulan.")})
    comment = ProposalComment(
        nomination=nomination,
        aspect_code=aspect_code,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        text=text,
    )
    comment.full_clean()
    comment.save()
    audit(
        actor=actor,
        action="proposal.comment",
        obj=nomination,
        unit=nomination.innovation.unit,
        changes={"aspect": aspect_code, "comment": text},
    )
    return comment
