"""Services of the answer import: upload → mapping → analysis (task) → import (task).

All-or-nothing unless the operator chooses "impor baris yang valid saja"; duplicates are never stored
(rows are identified by timestamp and answers, or by file and line). Rows are stored in batches, each
in its own transaction, so a large import never locks the database for long; re-running an
interrupted import stores only the missing rows.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.tables import TableFileError, read_table
from sewaka.organisations.access import Action, can

from . import import_parser
from .ikm import UNSUR_KEYS
from .models import Education, Gender, ImportStatus, Occupation, Response, Source, SurveyImport, SurveyPeriod
from .tallies import tally_apply_rows

BATCH = 1000
MAX_ERRORS_KEPT = 5000
MAX_VALUES_KEPT = 300  # distinct values per profile/service column shown for mapping
PROGRESS_EVERY = 2000
SAMPLE_ROWS = 3


def _labels(period: SurveyPeriod) -> dict[str, list[str]]:
    return {key: period.questionnaire.questions[key]["labels"] for key in UNSUR_KEYS}


@transaction.atomic
def import_upload(*, actor, period: SurveyPeriod, uploaded) -> SurveyImport:
    if not can(actor, Action.ACT, period.unit):
        raise PermissionDenied
    data = uploaded.read()
    limit = getattr(settings, "SEWAKA_IMPORT_MAX_MB", 50) * 1024 * 1024
    if not data:
        raise ValidationError(_("Berkas kosong. Pilih berkas ekspor jawaban."))
    if len(data) > limit:
        raise ValidationError(_("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": limit // 1048576})
    name = getattr(uploaded, "name", "jawaban") or "jawaban"
    try:
        headers, rows = read_table(data, name)
        samples = _take(rows, SAMPLE_ROWS)
    except TableFileError as exc:
        raise ValidationError(str(exc)) from exc
    job = SurveyImport(
        period=period,
        uploaded_by=actor,
        original_name=name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        headers=headers,
        samples=[[_cell_text(c) for c in row] for row in samples],
        mapping=import_parser.auto_mapping(headers),
    )
    job.file.save(f"{job.file_sha256[:16]}-{name[-60:]}", ContentFile(data), save=False)
    job.save()
    audit(
        actor=actor,
        action="survey_import.upload",
        obj=job,
        unit=period.unit,
        changes={"file": job.original_name, "sha256": job.file_sha256},
    )
    return job


def _service_names(period: SurveyPeriod) -> dict[str, int]:
    """Service name or slug (as `import_parser.value_key`) → id, for the period's services."""
    names = {}
    for ps in period.period_services.select_related("service"):
        names[import_parser.value_key(ps.service.name)] = ps.service_id
        names[import_parser.value_key(ps.service.slug)] = ps.service_id
    return names


def value_choices(period: SurveyPeriod) -> dict[str, list[tuple[str, str]]]:
    """What each distinct profile/service value may be mapped to (code, Indonesian label), in the
    questionnaire's order, followed by the special choices."""
    blank = (import_parser.BLANK, _("— kosongkan —"))
    reject = (import_parser.REJECT, _("— tolak barisnya —"))
    ages = [
        (str(import_parser.AGE_STORED[label]), f"{label} tahun")
        for _lo, _hi, label in import_parser.AGE_GROUPS
    ]
    services = [
        (str(ps.service_id), ps.service.name)
        for ps in period.period_services.select_related("service").order_by("service__name")
    ]
    return {
        import_parser.GENDER: [*Gender.choices, blank, reject],
        import_parser.AGE: [*ages, blank, reject],
        import_parser.EDUCATION: [*Education.choices, blank, reject],
        import_parser.OCCUPATION: [*Occupation.choices, blank, reject],
        import_parser.SERVICE: [
            *services,
            (import_parser.SKIP, _("— abaikan barisnya —")),
            reject,
        ],
    }


def value_default(period_services: dict[str, int], target: str, key: str) -> str:
    """The code a value gets without a choice of the user: its known label's code, else REJECT."""
    if target == import_parser.SERVICE:
        found = period_services.get(key)
        return str(found) if found is not None else import_parser.REJECT
    known = import_parser.known_value(target, key)
    return import_parser.REJECT if known is None else str(known)


@transaction.atomic
def import_set_values(*, actor, job: SurveyImport, value_mapping: dict[str, dict[str, str]]) -> SurveyImport:
    """Record the user's mapping of profile and service values, then check every row again."""
    if not can(actor, Action.ACT, job.period.unit):
        raise PermissionDenied
    if job.status != ImportStatus.ANALYSED:
        raise ValidationError(_("Nilai hanya dapat dipetakan setelah berkas diperiksa dan sebelum diimpor."))
    choices = value_choices(job.period)
    services = _service_names(job.period)
    cleaned: dict[str, dict[str, str]] = {}
    for target, chosen in value_mapping.items():
        found = {row[0] for row in job.values.get(target, [])}
        allowed = {code for code, _label in choices.get(target, [])}
        for key, code in chosen.items():
            if key not in found or code not in allowed:
                raise ValidationError(_("Pemetaan nilai tidak sah."))
            if code != value_default(services, target, key):
                cleaned.setdefault(target, {})[key] = code
    job.value_mapping = cleaned
    job.status = ImportStatus.ANALYSING
    job.processed_rows = 0
    job.save(update_fields=["value_mapping", "status", "processed_rows", "updated_at"])
    audit(
        actor=actor,
        action="survey_import.map_values",
        obj=job,
        unit=job.period.unit,
        changes={"values": cleaned},
    )
    return job


def _take(rows, n):
    out = []
    for _line, cells in rows:
        out.append(cells)
        if len(out) >= n:
            break
    return out


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)[:80]


@transaction.atomic
def import_set_mapping(*, actor, job: SurveyImport, mapping: list[str]) -> SurveyImport:
    if not can(actor, Action.ACT, job.period.unit):
        raise PermissionDenied
    if job.is_busy or job.status == ImportStatus.DONE:
        raise ValidationError(_("Impor ini sedang berjalan atau sudah selesai."))
    valid_targets = set(import_parser.TARGET_LABELS) | {import_parser.IGNORE}
    if len(mapping) != len(job.headers) or any(t not in valid_targets for t in mapping):
        raise ValidationError(_("Pemetaan kolom tidak sah."))
    chosen = [t for t in mapping if t]
    if len(chosen) != len(set(chosen)):
        raise ValidationError(_("Satu isian hanya boleh dipetakan dari satu kolom."))
    if not any(t in UNSUR_KEYS for t in chosen):
        raise ValidationError(_("Petakan setidaknya satu kolom ke unsur SKM."))
    job.mapping = mapping
    job.status = ImportStatus.ANALYSING
    job.processed_rows = 0
    job.save(update_fields=["mapping", "status", "processed_rows", "updated_at"])
    audit(
        actor=actor, action="survey_import.map", obj=job, unit=job.period.unit, changes={"mapping": mapping}
    )
    return job


def import_analyse(*, job: SurveyImport) -> SurveyImport:
    """Parse and check every row; nothing is stored. Runs as a background task."""
    period = job.period
    labels = _labels(period)
    services = _service_names(period)
    try:
        data = job.file.open("rb").read()
        headers, rows = read_table(data, job.original_name)
        ts_index = (
            job.mapping.index(import_parser.TIMESTAMP) if import_parser.TIMESTAMP in job.mapping else None
        )
        samples = [str(r[ts_index]) for r in job.samples if ts_index is not None and ts_index < len(r)]
        job.date_order = import_parser.detect_date_order(samples)
        rows = list(rows)
    except TableFileError as exc:
        return _fail(job, str(exc))
    job.total_rows = len(rows)
    SurveyImport.objects.filter(pk=job.pk).update(total_rows=job.total_rows, date_order=job.date_order)
    errors, preview, seen = [], [], set()
    valid = rejected = duplicates = ignored = 0
    keys_batch: list[str] = []
    start, end = period.start, period.end
    value_columns = [(i, t) for i, t in enumerate(job.mapping) if t in import_parser.VALUE_TARGETS]
    found: dict[str, dict[str, list]] = {t: {} for _i, t in value_columns}
    for index, (line, cells) in enumerate(rows, start=1):
        for column, target in value_columns:
            cell = cells[column] if column < len(cells) else None
            key = import_parser.value_key(cell)
            if not key or (target == import_parser.AGE and import_parser.is_plain_age(key)):
                continue
            seen_value = found[target].get(key)
            if seen_value is not None:
                seen_value[2] += 1
            elif len(found[target]) < MAX_VALUES_KEPT:
                found[target][key] = [key, str(cell).strip()[:80], 1, line]
        row = import_parser.parse_row(
            line, cells, job.mapping, labels, job.date_order, headers, job.value_mapping, services
        )
        if row.skip:
            ignored += 1
            continue
        if row.submitted_at is not None and not (start <= row.submitted_at.date() <= end):
            row.errors.append(f"tanggal {row.submitted_at:%d-%m-%Y} di luar periode survei")
        if row.errors:
            rejected += 1
            if len(errors) < MAX_ERRORS_KEPT:
                errors.append([line, "; ".join(row.errors)])
        else:
            key = row.key(period.pk, job.file_sha256)
            if key in seen:
                duplicates += 1
            else:
                seen.add(key)
                keys_batch.append(key)
                valid += 1
                if len(preview) < 10:
                    preview.append(
                        [
                            line,
                            *[row.answers[k] for k in UNSUR_KEYS],
                            row.gender,
                            row.age,
                            row.education,
                            row.occupation,
                            row.service_id,
                        ]
                    )
        if len(keys_batch) >= BATCH:
            existing = Response.objects.filter(idempotency_key__in=keys_batch).count()
            duplicates += existing
            valid -= existing
            keys_batch = []
        if index % PROGRESS_EVERY == 0:
            SurveyImport.objects.filter(pk=job.pk).update(processed_rows=index)
    if keys_batch:
        existing = Response.objects.filter(idempotency_key__in=keys_batch).count()
        duplicates += existing
        valid -= existing
    job.valid_rows, job.rejected_rows, job.duplicate_rows = valid, rejected, duplicates
    job.ignored_rows = ignored
    job.values = {t: sorted(v.values(), key=lambda r: (-r[2], r[0])) for t, v in found.items()}
    job.errors, job.preview = errors, preview
    job.processed_rows = job.total_rows
    job.status = ImportStatus.ANALYSED
    job.save()
    return job


def _fail(job: SurveyImport, message: str) -> SurveyImport:
    job.status = ImportStatus.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return job


@transaction.atomic
def import_confirm(*, actor, job: SurveyImport, valid_only: bool) -> SurveyImport:
    if not can(actor, Action.ACT, job.period.unit):
        raise PermissionDenied
    if job.status != ImportStatus.ANALYSED:
        raise ValidationError(_("Impor ini belum siap atau sudah dijalankan."))
    if job.rejected_rows and not valid_only:
        raise ValidationError(
            _(
                "Berkas memiliki %(n)s baris yang ditolak, jadi tidak ada yang disimpan. Perbaiki berkasnya, atau "
                "pilih “impor baris yang valid saja”."
            )
            % {"n": job.rejected_rows}
        )
    job.valid_only = valid_only
    job.status = ImportStatus.IMPORTING
    job.processed_rows = 0
    job.save(update_fields=["valid_only", "status", "processed_rows", "updated_at"])
    audit(
        actor=actor,
        action="survey_import.confirm",
        obj=job,
        unit=job.period.unit,
        changes={"valid_only": valid_only, "rejected_rows": job.rejected_rows},
    )
    return job


def import_run(*, job: SurveyImport) -> SurveyImport:
    """Store the valid rows that are not stored yet. Runs as a background task."""
    period = job.period
    labels = _labels(period)
    services = _service_names(period)
    data = job.file.open("rb").read()
    headers, rows = read_table(data, job.original_name)
    now = timezone.now()
    batch: list[Response] = []
    stored = 0
    seen: set[str] = set()

    def flush():
        nonlocal stored
        keys = [r.idempotency_key for r in batch]
        known = set(
            Response.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
        )
        fresh = [r for r in batch if r.idempotency_key not in known]
        with transaction.atomic():
            Response.objects.bulk_create(fresh, batch_size=BATCH)
            tally_apply_rows(fresh)  # the batch's tallies, in the batch's transaction
        stored += len(fresh)
        batch.clear()

    for index, (line, cells) in enumerate(rows, start=1):
        row = import_parser.parse_row(
            line, cells, job.mapping, labels, job.date_order, headers, job.value_mapping, services
        )
        if row.skip or row.errors:
            continue
        if row.submitted_at is not None and not (period.start <= row.submitted_at.date() <= period.end):
            continue
        key = row.key(period.pk, job.file_sha256)
        if key in seen:
            continue
        seen.add(key)
        submitted = timezone.make_aware(row.submitted_at) if row.submitted_at else now
        batch.append(
            Response(
                period=period,
                unit_id=period.unit_id,
                service_id=row.service_id,
                gender=row.gender,
                age=row.age,
                education=row.education,
                occupation=row.occupation,
                suggestion=row.suggestion,
                source=Source.IMPORT,
                submitted_at=submitted,
                idempotency_key=key,
                entered_by=job.uploaded_by,
                **row.answers,
            )
        )
        if len(batch) >= BATCH:
            flush()
            SurveyImport.objects.filter(pk=job.pk).update(processed_rows=index)
    if batch:
        flush()
    job.stored_rows = stored
    job.processed_rows = job.total_rows
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    audit(
        actor=job.uploaded_by,
        action="survey_import.run",
        obj=job,
        unit=period.unit,
        changes={
            "stored": stored,
            "rejected": job.rejected_rows,
            "duplicates": job.duplicate_rows,
            "ignored": job.ignored_rows,
            "valid_only": job.valid_only,
        },
    )
    return job


def preview_rows(job: SurveyImport) -> dict:
    """The analysis preview with Indonesian labels: unsur names as headers, profile values as labels."""
    from .ikm import UNSUR_LABELS

    services = {ps.service_id: ps.service.name for ps in job.period.period_services.select_related("service")}
    labels = {
        "gender": dict(Gender.choices),
        "education": dict(Education.choices),
        "occupation": dict(Occupation.choices),
    }
    headers = [
        _("Baris"),
        *[UNSUR_LABELS[k] for k in UNSUR_KEYS],
        _("Jenis kelamin"),
        _("Usia"),
        _("Pendidikan"),
        _("Pekerjaan"),
        _("Layanan"),
    ]
    rows = []
    for raw in job.preview:
        line, answers, rest = raw[0], raw[1:10], raw[10:]
        gender, age, education, occupation, service = (rest + [None] * 5)[:5]
        rows.append(
            [
                line,
                *answers,
                labels["gender"].get(gender, ""),
                "" if age is None else age,
                labels["education"].get(education, ""),
                labels["occupation"].get(occupation, ""),
                services.get(service, ""),
            ]
        )
    return {"headers": headers, "rows": rows}
