"""Services of the answer import: upload → mapping → analysis (task) → import (task).

All-or-nothing unless the operator chooses "impor baris yang valid saja"; duplicates are never stored
(rows are identified by timestamp and answers, or by file and line). Rows are stored in batches, each
in its own transaction, so a large import never locks the database for long; re-running an
interrupted import stores only the missing rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager, suppress
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connection,
    connections,
    models,
    transaction,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.tables import TableFileError, estimate_rows, read_table
from sewaka.organisations.access import Action, can

from . import import_parser
from .ikm import UNSUR_KEYS, UNSUR_LABELS
from .models import Education, Gender, ImportStatus, Occupation, Response, Source, SurveyImport, SurveyPeriod
from .tallies import tally_apply_facts

BATCH = 5000  # rows a transaction of the saving (and a line of the parsed rows' file)
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
    # The upload is read in chunks and as a stream (a large file stays in Django's temporary file).
    limit = getattr(settings, "SEWAKA_IMPORT_MAX_MB", 50) * 1024 * 1024
    size = uploaded.size
    if not size:
        raise ValidationError(_("Berkas kosong. Pilih berkas ekspor jawaban."))
    if size > limit:
        raise ValidationError(_("Berkas terlalu besar; batasnya %(mb)s MB.") % {"mb": limit // 1048576})
    name = getattr(uploaded, "name", "jawaban") or "jawaban"
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    try:
        headers, rows = read_table(uploaded, name)
        samples = _take(rows, SAMPLE_ROWS)
    except TableFileError as exc:
        raise ValidationError(str(exc)) from exc
    job = SurveyImport(
        period=period,
        uploaded_by=actor,
        original_name=name[:255],
        file_sha256=digest.hexdigest(),
        headers=headers,
        samples=[[_cell_text(c) for c in row] for row in samples],
        mapping=import_parser.auto_mapping(headers),
    )
    uploaded.seek(0)
    job.file.save(f"{job.file_sha256[:16]}-{name[-60:]}", File(uploaded), save=False)
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
    ts_index = job.mapping.index(import_parser.TIMESTAMP) if import_parser.TIMESTAMP in job.mapping else None
    samples = [str(r[ts_index]) for r in job.samples if ts_index is not None and ts_index < len(r)]
    job.date_order = import_parser.detect_date_order(samples)
    # The file is read as a stream, row by row; the progress bar's total is an estimate until the end.
    _parsed_remove(job)
    try:
        with job.file.open("rb") as handle, tempfile.TemporaryFile("w+b") as parsed:
            job.total_rows = estimate_rows(handle, job.original_name)
            SurveyImport.objects.filter(pk=job.pk).update(
                total_rows=job.total_rows, date_order=job.date_order
            )
            headers, rows = read_table(handle, job.original_name)
            parsed.write(json.dumps(_plan(job, labels, services)).encode() + b"\n")
            with _bulk_session():
                _analyse_rows(job, headers, rows, labels=labels, services=services, sink=parsed)
            parsed.seek(0)
            job.file.storage.save(_parsed_name(job), File(parsed))
    except TableFileError as exc:
        return _fail(job, str(exc))
    job.status = ImportStatus.ANALYSED
    job.save()
    return job


PARSED_FORMAT = 2  # of the parsed rows' file: a file of another format is not reused


def _plan(job: SurveyImport, labels, services) -> str:
    """Fingerprint of everything a row's reading depends on: the saving reuses the analysis's parsed rows
    only when none of it changed in between (else it reads the file again)."""
    period = job.period
    basis = [
        PARSED_FORMAT,
        job.file_sha256,
        job.mapping,
        job.value_mapping,
        job.date_order,
        str(period.start),
        str(period.end),
        labels,
        sorted(services.items()),
    ]
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


def _parsed_name(job: SurveyImport) -> str:
    return f"{job.file.name}.rows.jsonl"


def _parsed_remove(job: SurveyImport) -> None:
    storage = job.file.storage
    if job.file and storage.exists(_parsed_name(job)):
        storage.delete(_parsed_name(job))


PARSED_FIELDS = ("service_id", "gender", "age", "education", "occupation", "suggestion")
_PARSED_NAMES = (*PARSED_FIELDS, *UNSUR_KEYS)  # a parsed record after its line, key and time


def _parsed_record(line: int, row, key: str) -> list:
    """One valid row as the saving needs it (the analysis writes them, a JSON array of BATCH records a
    line; the saving reads them back a line at a time)."""
    return [
        line,
        key,
        row.submitted_at.isoformat() if row.submitted_at else None,
        row.service_id,
        row.gender,
        row.age,
        row.education,
        row.occupation,
        row.suggestion,
        *map(row.answers.__getitem__, UNSUR_KEYS),
    ]


def _parsed_write(sink, records: list) -> None:
    if records:
        sink.write(json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        records.clear()


def _parsed_rows(job: SurveyImport, plan: str):
    """The analysis's valid rows as (line, key, submitted_at, values in _PARSED_NAMES order) — or None when
    they cannot be reused."""
    name = _parsed_name(job)
    storage = job.file.storage
    if not job.file or not storage.exists(name):
        return None
    handle = storage.open(name, "rb")
    if json.loads(handle.readline() or b"null") != plan:
        handle.close()
        return None

    def rows():
        with handle:
            # not `for raw in handle`: File.chunks() seeks to 0
            for raw in iter(handle.readline, b""):
                for line, key, stamp, *values in json.loads(raw):
                    yield line, key, datetime.fromisoformat(stamp) if stamp else None, values

    return rows()


def _analyse_rows(job: SurveyImport, headers, rows, *, labels, services, sink=None) -> None:
    """Check every row and set the job's counts, errors, values and preview (not saved here). Each valid row
    is written to `sink` (a binary file) for the saving to reuse."""
    period = job.period
    total = 0
    errors, preview, seen = [], [], set()
    valid = rejected = duplicates = ignored = 0
    keys_batch: list[str] = []
    records: list[list] = []
    start, end = period.start, period.end
    parser = import_parser.RowParser(
        job.mapping, labels, job.date_order, headers, job.value_mapping, services
    )
    # Per value column: its index, target and the listed key of each distinct text ("" = not listed).
    value_columns = [(i, t, {}) for i, t in enumerate(job.mapping) if t in import_parser.VALUE_TARGETS]
    found: dict[str, dict[str, list]] = {t: {} for _i, t, _k in value_columns}
    period_id, file_sha = period.pk, job.file_sha256
    for index, (line, cells) in enumerate(rows, start=1):
        total = index
        count = len(cells)
        for column, target, listed in value_columns:
            cell = cells[column] if column < count else None
            key = listed.get(cell) if type(cell) is str else None
            if key is None:
                key = import_parser.value_key(cell)
                if key and target == import_parser.AGE and import_parser.is_plain_age(key):
                    key = ""
                if type(cell) is str and len(listed) < 4096:
                    listed[cell] = key
            if not key:
                continue
            seen_value = found[target].get(key)
            if seen_value is not None:
                seen_value[2] += 1
            elif len(found[target]) < MAX_VALUES_KEPT:
                found[target][key] = [key, str(cell).strip()[:80], 1, line]
        row = parser.parse(line, cells)
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
            key = row.key(period_id, file_sha)
            if key in seen:
                duplicates += 1
            else:
                seen.add(key)
                keys_batch.append(key)
                valid += 1
                if sink is not None:
                    records.append(_parsed_record(line, row, key))
                    if len(records) >= BATCH:
                        _parsed_write(sink, records)
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
            existing = _stored_count(keys_batch)
            duplicates += existing
            valid -= existing
            keys_batch = []
        if index % PROGRESS_EVERY == 0:
            SurveyImport.objects.filter(pk=job.pk).update(processed_rows=index)
    if sink is not None:
        _parsed_write(sink, records)
    if keys_batch:
        existing = _stored_count(keys_batch)
        duplicates += existing
        valid -= existing
    job.valid_rows, job.rejected_rows, job.duplicate_rows = valid, rejected, duplicates
    job.ignored_rows = ignored
    job.values = {t: sorted(v.values(), key=lambda r: (-r[2], r[0])) for t, v in found.items()}
    job.errors, job.preview = errors, preview
    job.total_rows = job.processed_rows = total


def _stored_count(keys: list[str]) -> int:
    """How many of these idempotency keys are stored (one statement; the ORM would prepare each key)."""
    table = connection.ops.quote_name(Response._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter: the driver splits no 5 000-mark query
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE idempotency_key = ANY(%s)", [list(keys)])
        else:
            marks = ", ".join(["%s"] * len(keys))
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE idempotency_key IN ({marks})", keys)
        return cursor.fetchone()[0]


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
    """Store the valid rows that are not stored yet. Runs as a background task.

    Rows are stored in batches of BATCH, each in its own transaction with its tallies (once per batch); one
    audit event for the whole import, with the counts. Each batch is inserted with one `executemany`
    (SQLite) or one COPY (PostgreSQL) of plain value lists (`_RowWriter`), not through model instances.
    A batch is first inserted as it is: when some of its rows are stored already (an interrupted import run
    again, or the same answers imported meanwhile), the unique key refuses the batch, its transaction is
    rolled back and the batch is stored again without the stored rows.
    """
    period = job.period
    labels = _labels(period)
    services = _service_names(period)
    now = timezone.now()
    writer = _RowWriter(
        base={
            "period_id": period.pk,
            "unit_id": period.unit_id,
            "source": Source.IMPORT,
            "entered_by_id": job.uploaded_by_id,
            "is_included": True,
            "is_flagged": False,
        },
        names=(*_PARSED_NAMES, "submitted_at", "idempotency_key"),
    )
    batch: list[list] = []
    stored = 0
    seen: set[str] = set()
    period_id = period.pk
    last = len(_PARSED_NAMES) + 1  # the key's position in a row of `batch`

    def store(rows: list[list]) -> None:
        with transaction.atomic():
            writer.insert(rows)
            # The tally facts (tallies.FACTS order) straight from the parsed values.
            tally_apply_facts((period_id, r[0], *r[6:15], r[1], r[2], r[3], r[4], True, False) for r in rows)

    def flush():
        nonlocal stored
        try:
            store(batch)
            fresh = len(batch)
        except IntegrityError:
            keys = [r[last] for r in batch]
            known = set(
                Response.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
            )
            rows = [r for r in batch if r[last] not in known]
            if rows:
                store(rows)
            fresh = len(rows)
        stored += fresh
        batch.clear()

    with _bulk_session():
        for line, key, submitted_at, values in _valid_rows(job, labels, services):
            if key in seen:
                continue
            seen.add(key)
            values.append(writer.stamp(submitted_at) if submitted_at else writer.prepared_now(now))
            values.append(key)
            batch.append(values)
            if len(batch) >= BATCH:
                flush()
                SurveyImport.objects.filter(pk=job.pk).update(processed_rows=line - 1)
        if batch:
            flush()
    _parsed_remove(job)
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


@contextmanager
def _bulk_session():
    """The connection's settings while an import reads or stores its rows, restored afterwards.

    PostgreSQL: commits (each batch, each progress update) do not wait for the disk. The import's last
    commit, the job's status, waits as usual and with it for every commit before it; a crash in between
    loses whole batches only (each with its tallies), which running the import again stores.
    SQLite: a page cache of up to 128 MB (the default is 2 MB): each batch adds keys all over the table's
    unique indexes (uid, idempotency key), whose pages would otherwise be read again for every batch.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        try:
            yield
        finally:
            # After a database error inside an outer transaction the statement cannot run; the
            # transaction's rollback then undoes the SET anyway.
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -131072")
    try:
        yield
    finally:
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _valid_rows(job: SurveyImport, labels, services):
    """The rows to store as (line, key, submitted_at, values in _PARSED_NAMES order): the analysis's parsed
    rows when nothing changed since, else the file read again with the same checks (an import re-run after
    its parsed rows were removed)."""
    parsed = _parsed_rows(job, _plan(job, labels, services))
    if parsed is not None:
        yield from parsed
        return
    period = job.period
    with job.file.open("rb") as handle:
        headers, rows = read_table(handle, job.original_name)
        parser = import_parser.RowParser(
            job.mapping, labels, job.date_order, headers, job.value_mapping, services
        )
        for line, cells in rows:
            row = parser.parse(line, cells)
            if row.skip or row.errors:
                continue
            if row.submitted_at is not None and not (period.start <= row.submitted_at.date() <= period.end):
                continue
            key = row.key(period.pk, job.file_sha256)
            yield line, key, row.submitted_at, _parsed_record(line, row, key)[3:]


class _RowWriter:
    """Inserts rows of `Response` given as value lists (`names` order, prepared: see `stamp`) plus the
    constant `base` values and the model's defaults for every other column, with one executemany (SQLite)
    or one COPY (PostgreSQL) per batch. Values are prepared as the ORM prepares them, but only where the
    database needs another form (uuid, JSON, date-times); numbers, texts, booleans and foreign keys go as
    they are. A default that is the same for every row (an empty JSON object, "") is prepared once."""

    def __init__(self, *, base: dict, names: tuple[str, ...]):
        db = connections[DEFAULT_DB_ALIAS]
        self.fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
        self.template: list = []
        self.uid = None  # position of the uid: a fresh uuid4 per row
        given = {name: i for i, name in enumerate(names)}
        self.take = []  # (template position, position in a given row)
        for position, field in enumerate(self.fields):
            if field.attname in given:
                self.take.append((position, given[field.attname]))
                value = None
            elif field.attname in base:
                value = base[field.attname]
                if isinstance(field, _PREPARED_FIELDS):
                    value = field.get_db_prep_save(value, db)
            elif isinstance(field, models.UUIDField):
                self.uid, value = position, None
            else:
                value = field.get_default()
                if isinstance(field, models.DateTimeField):
                    value = db.ops.adapt_datetimefield_value(value)
                elif isinstance(field, _PREPARED_FIELDS):
                    value = field.get_db_prep_save(value, db)
            self.template.append(value)
        if len(self.take) != len(names) or any(
            isinstance(self.fields[p], _PREPARED_FIELDS + (models.DateTimeField,))
            and self.fields[p].attname != "submitted_at"
            for p, _i in self.take
        ):
            raise ValueError("given columns must be plain values or submitted_at")
        self.zone = timezone.get_current_timezone()  # make_aware(value) is value.replace(tzinfo=<zone>)
        self.sqlite = db.vendor == "sqlite"
        self.db_zone = db.timezone if settings.USE_TZ else None
        self.db = db

    def stamp(self, naive: datetime):
        """A parsed (local, naive) time as its column's value: what DateTimeField's preparation makes of
        `make_aware(naive)` — on SQLite the text of the time in the database's zone (UTC)."""
        aware = naive.replace(tzinfo=self.zone)
        if self.sqlite and self.db_zone is not None:
            return str(aware.astimezone(self.db_zone).replace(tzinfo=None))
        return self.db.ops.adapt_datetimefield_value(aware)

    def prepared_now(self, now: datetime):
        return self.db.ops.adapt_datetimefield_value(now)

    def insert(self, rows: list[list]) -> None:
        if not rows:
            return
        template, take, uid = self.template, self.take, self.uid
        prepared = []
        for row in rows:
            values = template.copy()
            for position, index in take:
                values[position] = row[index]
            prepared.append(values)
        if uid is not None:
            for values, text in zip(prepared, _uuid4_texts(len(prepared)), strict=True):
                values[uid] = text
        quote = connection.ops.quote_name
        table = quote(Response._meta.db_table)
        columns = ", ".join(quote(f.column) for f in self.fields)
        # The driver's cursor, its errors seen as Django's (a unique key refusing a batch: IntegrityError).
        with connection.cursor() as cursor, self.db.wrap_database_errors:
            if connection.vendor == "postgresql":
                # COPY: one statement for the batch instead of one parsed INSERT a row (3-4x less server time).
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["?"] * len(self.fields))
                cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


def _uuid4_texts(count: int) -> list[str]:
    """`count` fresh random (version 4) UUIDs as 32 hex digits — the uid column's text form on both
    databases — from one read of the system's random source (uuid.uuid4() reads it once per UUID)."""
    data = os.urandom(16 * count).hex()
    texts = []
    for start in range(0, 32 * count, 32):
        text = data[start : start + 32]
        # The version (4) and the RFC 4122 variant (10xx), as uuid.UUID(..., version=4) sets them.
        texts.append(f"{text[:12]}4{text[13:16]}{'89ab'[int(text[16], 16) & 3]}{text[17:]}")
    return texts


_PREPARED_FIELDS = (models.UUIDField, models.JSONField, models.DateField, models.DecimalField)


def preview_rows(job: SurveyImport) -> dict:
    """The analysis preview with Indonesian labels: unsur names as headers, profile values as labels."""

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
