"""Writes of the obligations: the pemda's rules, the letter settings, issuing the Sekda's reminder letter,
sending reminders. Keyword-only, one transaction, full_clean(), audited; the admin pemda (Action.MANAGE on the
pemda) edits rules and issues letters.
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.templatetags.fmt import format_date
from sewaka.core.types import Actor
from sewaka.organisations.access import Action, can
from sewaka.organisations.models import Membership, Role, Unit, UnitKind

from . import evaluation as ev
from . import selectors
from .defaults import DEFAULT_LETTER, DEFAULT_RULES
from .models import (
    Letter,
    LetterKind,
    LetterRecipient,
    LetterSettings,
    NoticeKind,
    Obligation,
    ReminderNotice,
)

RULE_FIELDS = (
    "name",
    "short_name",
    "legal_basis",
    "fact",
    "frequency",
    "due_mode",
    "due_days",
    "threshold",
    "unit_kinds",
    "counts_subtree",
    "remind_days",
    "order",
    "is_active",
)
LETTER_FIELDS = (
    "number_pattern",
    "subject",
    "body",
    "closing",
    "follow_up_days",
    "signer_title",
    "signer_name",
    "signer_rank",
    "signer_nip",
    "copies_to",
)
NUMBER_FIELDS = {"urut", "bulan", "tahun", "unit"}
BODY_FIELDS = selectors.BODY_FIELDS
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _require_manage(actor, pemda: Unit) -> None:
    if actor is not None and not can(actor, Action.MANAGE, pemda):  # None: the demo seeder, migrations
        raise PermissionDenied


def _require_pemda(pemda: Unit) -> None:
    if pemda.kind != UnitKind.PEMDA or pemda.parent_id is not None:
        raise ValidationError(_("Kewajiban diatur pada unit pemerintah daerah."))


# --- Rules --------------------------------------------------------------------------------------------


@transaction.atomic
def obligations_install_defaults(*, actor: Actor, pemda: Unit) -> int:
    """Install the shipped rules (defaults.py) and letter settings that the pemda does not have yet."""
    _require_manage(actor, pemda)
    _require_pemda(pemda)
    have = set(Obligation.objects.filter(pemda=pemda).values_list("key", flat=True))
    created = 0
    for order, spec in enumerate(DEFAULT_RULES, start=1):
        if spec["key"] in have:
            continue
        rule = Obligation(pemda=pemda, order=order * 10, **{**spec, "threshold": _decimal(spec["threshold"])})
        rule.full_clean()
        rule.save()
        created += 1
    if not LetterSettings.objects.filter(pemda=pemda).exists():
        letter = LetterSettings(pemda=pemda, **DEFAULT_LETTER)
        letter.full_clean()
        letter.save()
        created += 1
    if created:
        audit(
            actor=actor,
            action="obligations.install_defaults",
            obj=pemda,
            unit=pemda,
            changes={"created": created},
        )
    return created


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@transaction.atomic
def obligation_update(
    *, actor: Actor, obligation: Obligation, units: Iterable[Unit] | None = None, **fields: Any
) -> Obligation:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _require_manage(actor, obligation.pemda)
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    before = snapshot(obligation, fields)
    before_units = sorted(obligation.units.values_list("code", flat=True))
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(obligation, name, value)
    kinds = obligation.unit_kinds or []
    bad = [k for k in kinds if k not in UnitKind.values]
    if bad:
        raise ValidationError({"unit_kinds": _("Jenis unit tidak dikenal: %(k)s.") % {"k": ", ".join(bad)}})
    obligation.full_clean()
    obligation.save()
    changes = diff(before, snapshot(obligation, fields))
    if units is not None:
        units = list(units)
        if any(u.root_id != obligation.pemda_id for u in units):
            raise ValidationError({"units": _("Hanya unit di pemerintah daerah ini yang dapat dipilih.")})
        obligation.units.set(units)
        after_units = sorted(u.code for u in units)
        if after_units != before_units:
            changes["units"] = {"before": before_units, "after": after_units}
    if changes:
        audit(actor=actor, action="obligation.update", obj=obligation, unit=obligation.pemda, changes=changes)
    return obligation


# --- Letter settings ----------------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ValidationError(_("Kurung kurawal { } pada teks tidak berpasangan.")) from exc


def check_pattern(pattern: str) -> None:
    names = _placeholders(pattern)
    unknown = names - NUMBER_FIELDS
    if unknown:
        raise ValidationError(
            {
                "number_pattern": _("Penanda tidak dikenal: %(n)s.")
                % {"n": ", ".join("{%s}" % n for n in sorted(unknown))}
            }
        )
    if "urut" not in names:
        raise ValidationError({"number_pattern": _("Pola nomor harus memuat {urut}.")})


def check_body(text: str, field: str = "body") -> None:
    unknown = _placeholders(text) - BODY_FIELDS
    if unknown:
        raise ValidationError(
            {
                field: _("Penanda tidak dikenal: %(n)s.")
                % {"n": ", ".join("{%s}" % n for n in sorted(unknown))}
            }
        )


def letter_number(pattern: str, *, serial: int, on: date, unit_code: str = "") -> str:
    return pattern.format(
        urut=serial, bulan=ROMAN_MONTHS[on.month - 1], tahun=on.year, unit=unit_code.upper()
    )


@transaction.atomic
def letter_settings_update(*, actor: Actor, pemda: Unit, **fields: Any) -> LetterSettings:
    unknown = set(fields) - set(LETTER_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _require_manage(actor, pemda)
    _require_pemda(pemda)
    current = LetterSettings.objects.select_for_update().filter(pemda=pemda).first()
    if current is None:
        current = LetterSettings(pemda=pemda, **DEFAULT_LETTER)
    before = snapshot(current, fields) if current.pk else {}
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    check_pattern(current.number_pattern)
    check_body(current.body)
    check_body(current.closing, "closing")
    current.full_clean()
    current.save()
    changes = diff(before, snapshot(current, fields))
    if changes:
        audit(actor=actor, action="obligations.letter_settings", obj=current, unit=pemda, changes=changes)
    return current


# --- Issuing the letter -------------------------------------------------------------------------------


class ConfirmationNeeded(Exception):
    """A letter of the same form was already issued this month: the admin must confirm."""

    def __init__(self, letters):
        super().__init__("already issued this month")
        self.letters = letters


def _next_serial(pemda: Unit, year: int) -> int:
    top = LetterRecipient.objects.filter(letter__pemda=pemda, letter__issued_on__year=year).aggregate(
        m=Max("serial")
    )
    return (top["m"] or 0) + 1


@transaction.atomic
def letter_issue(
    *,
    actor: Actor,
    pemda: Unit,
    kind: str,
    view: ev.Period,
    keys: list[str] | None = None,
    confirm: bool = False,
    today: date | None = None,
) -> Letter:
    """Record the Sekda's reminder as issued: numbers from the pemda's pattern, the listing frozen as of
    today. A second letter of the same form in the same month needs `confirm`."""
    if not can(actor, Action.MANAGE, pemda):
        raise PermissionDenied
    if kind not in LetterKind.values:
        raise ValidationError(_("Pilih bentuk surat dari daftar."))
    today = today or timezone.localdate()
    LetterSettings.objects.select_for_update().filter(pemda=pemda).first()  # serialises the numbering
    previous = selectors.letters_this_month(pemda, kind, today)
    if previous and not confirm:
        raise ConfirmationNeeded(previous)
    draft = selectors.letter_draft(user=actor, pemda=pemda, view=view, keys=keys, today=today)
    if not draft.content:
        raise ValidationError(
            _("Tidak ada kewajiban yang belum dipenuhi pada periode ini; surat tidak diperlukan.")
        )
    s = draft.settings
    serial = _next_serial(pemda, today.year)
    number = letter_number(s.number_pattern, serial=serial, on=today) if kind == LetterKind.SUMMARY else ""
    letter = Letter(
        pemda=pemda,
        kind=kind,
        period_key=view.key,
        period_label=view.label,
        issued_on=today,
        number=number,
        subject=s.subject,
        body=draft.body,
        closing=draft.closing,
        signer={"title": s.signer_title, "name": s.signer_name, "rank": s.signer_rank, "nip": s.signer_nip},
        copies_to=[line.strip() for line in s.copies_to.splitlines() if line.strip()],
        content=draft.content,
        issued_by=actor,
    )
    letter.full_clean()
    letter.save()
    for n, unit in enumerate(draft.recipients):
        own = serial if kind == LetterKind.SUMMARY else serial + n
        recipient = LetterRecipient(
            letter=letter,
            unit=unit,
            serial=own,
            number=number or letter_number(s.number_pattern, serial=own, on=today, unit_code=unit.code),
            content=selectors.gaps_of(draft.content, unit.pk),
        )
        recipient.full_clean()
        recipient.save()
    audit(
        actor=actor,
        action="obligations.letter_issue",
        obj=letter,
        unit=pemda,
        changes={
            "kind": kind,
            "period": view.key,
            "numbers": [r.number for r in letter.recipients.all()][:50],
            "recipients": [u.code for u in draft.recipients],
            "confirmed_repeat": bool(previous),
        },
    )
    return letter


# --- Reminders ----------------------------------------------------------------------------------------


def _link(path: str) -> str:
    return getattr(django_settings, "SEWAKA_BASE_URL", "").rstrip("/") + path


def _unit_recipients(pemda: Unit) -> dict[int, list[str]]:
    """Per unit: its office e-mail (the head's desk) and its operators' e-mail addresses."""
    out: dict[int, set[str]] = defaultdict(set)
    for unit_id, email in (
        Unit.objects.filter(path__startswith=pemda.path, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    ):
        out[unit_id].add(email)
    for unit_id, email in (
        Membership.objects.filter(
            unit__path__startswith=pemda.path, role=Role.OPERATOR, is_active=True, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("unit_id", "user__email")
    ):
        out[unit_id].add(email)
    return {k: sorted(v) for k, v in out.items()}


def _admins(pemda: Unit) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(unit=pemda, role=Role.ADMIN_PEMDA, is_active=True, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """E-mail each unit's head (office address) and operators N days before a due date and on the day it
    becomes missing, once per state (ReminderNotice), and the admin pemda a digest on Mondays."""
    today = today or timezone.localdate()
    now = timezone.now()
    totals = {"units": 0, "notices": 0, "digests": 0}
    for pemda in Unit.objects.filter(parent__isnull=True, kind=UnitKind.PEMDA, is_active=True):
        rules = selectors.rule_list(pemda)
        if not rules:
            continue
        units = list(Unit.objects.filter(path__startswith=pemda.path, is_active=True).exclude(pk=pemda.pk))
        views = [ev.year_period(today.year)] + ([ev.year_period(today.year - 1)] if today.month <= 3 else [])
        sent = {
            (n.obligation_id, n.unit_id, n.period_key, n.kind)
            for n in ReminderNotice.objects.filter(
                pemda=pemda, obligation__isnull=False, sent_at__year__gte=today.year - 1
            )
        }
        recipients = _unit_recipients(pemda)
        per_unit: dict[int, list[tuple[Obligation, ev.Cell, str]]] = defaultdict(list)
        new_notices = []
        missing_now: dict[tuple[str, int], int] = defaultdict(int)
        for view in views:
            result = selectors.evaluate(
                units, pemda=pemda, view=view, today=today, universe=units, rules=rules
            )
            for unit in units:
                for rule, cell in zip(rules, result.cells[unit.pk], strict=True):
                    kind = None
                    if cell.state == ev.State.MISSING:
                        kind = NoticeKind.MISSING
                        missing_now[(view.label, rule.pk)] += 1
                    elif (
                        cell.state == ev.State.NOT_DUE
                        and cell.due is not None
                        and 0 <= (cell.due - today).days <= rule.remind_days
                    ):
                        kind = NoticeKind.DUE_SOON
                    if kind is None:
                        continue
                    key = f"{view.key}@{cell.due.isoformat() if cell.due else '-'}"
                    if (rule.pk, unit.pk, key, kind) in sent:
                        continue
                    sent.add((rule.pk, unit.pk, key, kind))
                    per_unit[unit.pk].append((rule, cell, kind))
                    new_notices.append(
                        ReminderNotice(
                            pemda=pemda,
                            obligation=rule,
                            unit=unit,
                            period_key=key,
                            kind=kind,
                            due=cell.due,
                            recipients=recipients.get(unit.pk, []),
                            sent_at=now,
                        )
                    )
        by_id = {u.pk: u for u in units}
        for unit_id, items in per_unit.items():
            to = recipients.get(unit_id, [])
            if not to:
                continue
            unit = by_id[unit_id]
            lines = []
            for rule, cell, notice in items:
                when = f" (batas {format_date(cell.due)})" if cell.due else ""
                head = _("LEWAT TENGGAT") if notice == NoticeKind.MISSING else _("Segera jatuh tempo")
                lines.append(f"- {head}: {rule.name}{when}\n  {cell.reason}")
            body = _(
                "Yth. Kepala %(unit)s,\n\nBerikut kewajiban pelayanan publik unit Saudara yang perlu segera "
                "ditindaklanjuti:\n\n%(lines)s\n\nRincian dan bukti: %(link)s\n\nPesan ini dikirim otomatis oleh "
                "%(site)s satu kali untuk setiap perubahan keadaan."
            ) % {
                "unit": unit.name,
                "lines": "\n".join(lines),
                "link": _link(reverse("obligations:unit", args=[unit_id])),
                "site": django_settings.SITE_NAME,
            }
            send_mail(
                _("Pengingat kewajiban pelayanan publik: %(unit)s") % {"unit": unit.name},
                body,
                None,
                to,
                fail_silently=True,
            )
            totals["units"] += 1
        ReminderNotice.objects.bulk_create(new_notices)
        totals["notices"] += len(new_notices)
        if today.weekday() == 0:
            totals["digests"] += _digest(pemda, rules, [v.label for v in views], missing_now, today, now)
        if new_notices:
            audit(
                actor=None,
                action="obligations.reminders",
                obj=pemda,
                unit=pemda,
                changes={"notices": len(new_notices), "units": len(per_unit)},
            )
    return totals


def _digest(pemda: Unit, rules: list[Obligation], periods: list[str], missing, today: date, now) -> int:
    monday = today.isoformat()
    if ReminderNotice.objects.filter(pemda=pemda, kind=NoticeKind.DIGEST, period_key=monday).exists():
        return 0
    to = _admins(pemda)
    lines = []
    for label in periods:
        lines.append(f"{label}:")
        lines += [f"- {r.name}: {missing.get((label, r.pk), 0)} unit belum memenuhi" for r in rules]
        lines.append("")
    body = _(
        "Ringkasan mingguan kewajiban pelayanan publik %(pemda)s, %(date)s:\n\n%(lines)s\nPelacak kewajiban: "
        "%(link)s"
    ) % {
        "pemda": pemda.name,
        "date": format_date(today),
        "lines": "\n".join(lines),
        "link": _link(reverse("obligations:tracker")),
    }
    if to:
        send_mail(_("Ringkasan mingguan kewajiban pelayanan publik"), body, None, to, fail_silently=True)
    ReminderNotice.objects.create(
        pemda=pemda,
        obligation=None,
        unit=pemda,
        period_key=monday,
        kind=NoticeKind.DIGEST,
        recipients=to,
        sent_at=now,
    )
    return 1 if to else 0
