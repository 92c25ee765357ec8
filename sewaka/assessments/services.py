"""Writes of assessments: instrument versions, self-assessments with pre-filled indicators, official results."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sewaka.core.audit import audit
from sewaka.core.services import attachment_add
from sewaka.core.types import Actor
from sewaka.followups.services import followup_create
from sewaka.organisations.access import Action, can, is_city_wide

from . import official_import as oi
from . import prefill
from .models import (
    AnswerSource,
    Assessment,
    AssessmentAnswer,
    AssessmentEvidence,
    AssessmentStatus,
    EvidenceKind,
    InstrumentVersion,
    MonevVisit,
    OfficialImport,
    OfficialImportStatus,
    OfficialResult,
)
from .scoring import engine
from .sources import evidence_candidates, evidence_list, unit_facts

if TYPE_CHECKING:
    from decimal import Decimal

    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from sewaka.organisations.models import Unit


@transaction.atomic
def instrument_load(*, data: dict, actor: Actor = None) -> InstrumentVersion:
    """Load (or confirm) a published instrument version; a different file under a known code is refused."""
    engine.parse_instrument(data)  # validates weights, bands without gaps, sources
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    existing = InstrumentVersion.objects.filter(code=data["code"]).first()
    if existing is not None:
        if existing.sha256 != digest:
            raise ValidationError(
                _("Versi instrumen %(c)s sudah diterbitkan dan tidak dapat diubah; beri kode versi baru.")
                % {"c": data["code"]}
            )
        return existing
    version = InstrumentVersion.objects.create(
        code=data["code"], title=data["title"], data=data, sha256=digest
    )
    audit(
        actor=actor, action="instrument.load", obj=version, changes={"code": version.code, "sha256": digest}
    )
    return version


@transaction.atomic
def instrument_import(*, actor: Actor, raw: bytes) -> tuple[InstrumentVersion, bool]:
    """Admin pemda imports a new instrument version (JSON). Returns (version, created); a known code with
    different content is refused, the same file again changes nothing."""

    if not is_city_wide(actor, Action.MANAGE):
        raise PermissionDenied
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("Berkas instrumen harus JSON UTF-8 yang sah (%(e)s).") % {"e": exc}) from exc
    if not isinstance(data, dict) or not isinstance(data.get("code"), str) or not data.get("title"):
        raise ValidationError(_("Berkas instrumen harus berisi objek JSON dengan kolom code dan title."))
    existed = InstrumentVersion.objects.filter(code=data["code"]).exists()
    try:
        return instrument_load(data=data, actor=actor), not existed
    except engine.InstrumentError as exc:
        raise ValidationError(_("Instrumen tidak sah: %(e)s") % {"e": exc}) from exc


def ensure_shipped_instruments() -> None:
    """The reviewed files under instruments/ are loaded on first use."""
    for code in engine.available_instruments():
        if not InstrumentVersion.objects.filter(code=code).exists():
            instrument_load(data=json.loads((engine.INSTRUMENTS_DIR / f"{code}.json").read_text("utf-8")))


def parsed(version: InstrumentVersion) -> engine.Instrument:
    return engine.parse_instrument(version.data, origin=version.code)


@transaction.atomic
def assessment_open(*, actor: Actor, unit: Unit, instrument: InstrumentVersion, year: int) -> Assessment:
    if not can(actor, Action.ACT, unit):
        raise PermissionDenied
    if Assessment.objects.filter(unit=unit, instrument=instrument, year=year).exists():
        raise ValidationError(_("Penilaian mandiri untuk instrumen dan tahun ini sudah ada."))
    assessment = Assessment.objects.create(unit=unit, instrument=instrument, year=year, created_by=actor)
    assessment_refresh_prefill(assessment=assessment)
    audit(
        actor=actor,
        action="assessment.open",
        obj=assessment,
        unit=unit,
        changes={"instrument": instrument.code, "year": year},
    )
    return assessment


def assessment_refresh_prefill(*, assessment: Assessment) -> None:
    """Re-evaluate the indicators Sewaka's data decides (draft only); the unit's own answers stay."""
    if assessment.status != AssessmentStatus.DRAFT:
        return
    instrument = parsed(assessment.instrument)
    facts = unit_facts([assessment.unit], assessment.year)[assessment.unit_id]
    decisions = prefill.decide_all(instrument.code, facts)
    for dimension in instrument.dimensions:
        for indicator in dimension.indicators:
            answer, _created = AssessmentAnswer.objects.get_or_create(
                assessment=assessment, indicator=indicator.code
            )
            decided = decisions.get(indicator.code)
            if decided is None:
                continue
            score, reason = decided
            answer.prefill_score, answer.prefill_reason = score, reason
            if answer.source != AnswerSource.ARGUED:
                answer.score, answer.source = score, AnswerSource.SEWAKA
            answer.save()


@transaction.atomic
def answer_set(
    *, actor: Actor, answer: AssessmentAnswer, score: int | None, note: str = "", evidence_link: str = ""
) -> AssessmentAnswer:
    """The unit's answer; a pre-filled indicator can only be argued with a note and evidence."""
    assessment = answer.assessment
    if not can(actor, Action.ACT, assessment.unit):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Penilaian yang sudah final tidak dapat diubah; buka revisi baru."))
    instrument = parsed(assessment.instrument)
    low, high = instrument.scale_min, instrument.scale_max
    if score is not None and not low <= score <= high:
        raise ValidationError({"score": _("Nilai harus %(a)s sampai %(b)s.") % {"a": low, "b": high}})
    before = answer.score
    if answer.prefill_score is not None and score != answer.prefill_score:
        if not note.strip() or not (evidence_link.strip() or answer.evidence.exists()):
            raise ValidationError(
                _(
                    "Indikator ini diisi dari data Sewaka (%(r)s). Untuk menyanggahnya tulis argumen dan lampirkan bukti (tautan, berkas, atau data Sewaka)."
                )
                % {"r": answer.prefill_reason}
            )
        answer.source = AnswerSource.ARGUED
    elif answer.prefill_score is not None:
        answer.source = AnswerSource.SEWAKA
    answer.score, answer.note, answer.evidence_link = score, note.strip(), evidence_link.strip()
    answer.full_clean()
    answer.save()
    audit(
        actor=actor,
        action="assessment.answer",
        obj=assessment,
        unit=assessment.unit,
        changes={
            "indicator": answer.indicator,
            "score": {"before": before, "after": score},
            "source": answer.source,
        },
    )
    return answer


def _answers(assessment: Assessment) -> dict:
    """The frozen answers of a final assessment; otherwise the live ones, Tim Monev's verified score first."""
    if assessment.status == AssessmentStatus.FINAL and assessment.snapshot.get("answers") is not None:
        return dict(assessment.snapshot["answers"])
    return {
        code: monev if monev is not None else score
        for code, score, monev in assessment.answers.values_list("indicator", "score", "monev_score")
    }


def result_of(assessment: Assessment) -> engine.Result:
    """The assessment's result. A final assessment returns the result frozen in its snapshot (scored by the
    engine and instrument versions it records), never a re-scoring with today's engine."""
    if assessment.status == AssessmentStatus.FINAL and assessment.snapshot.get("result") is not None:
        return engine.from_dict(assessment.snapshot["result"])
    return engine.score(parsed(assessment.instrument), _answers(assessment))


@transaction.atomic
def assessment_finalise(*, actor: Actor, assessment: Assessment) -> Assessment:
    """Freeze inputs, evidence list, instrument version and result; the record never changes again."""
    if not can(actor, Action.ACT, assessment.unit) and not can(actor, Action.MONEV, assessment.unit):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Penilaian ini sudah final."))
    answers = list(
        assessment.answers.values(
            "indicator",
            "score",
            "source",
            "prefill_reason",
            "note",
            "evidence_link",
            "monev_score",
            "monev_note",
        )
    )
    instrument = parsed(assessment.instrument)
    result = result_of(assessment)  # Tim Monev's verified score first, as in the frozen answers below
    assessment.snapshot = {
        "engine_version": engine.ENGINE_VERSION,
        "instrument": assessment.instrument.code,
        "instrument_version": instrument.version,
        "instrument_sha256": assessment.instrument.sha256,
        "answers": {
            a["indicator"]: a["monev_score"] if a["monev_score"] is not None else a["score"] for a in answers
        },
        "evidence": answers,
        "evidence_items": evidence_list(assessment),
        "result": engine.to_dict(result),
    }
    assessment.status, assessment.finalised_at = AssessmentStatus.FINAL, timezone.now()
    assessment.save()
    audit(
        actor=actor,
        action="assessment.finalise",
        obj=assessment,
        unit=assessment.unit,
        changes={"revision": assessment.revision},
    )
    return assessment


@transaction.atomic
def assessment_revise(*, actor: Actor, assessment: Assessment) -> Assessment:
    """Reopening a final assessment creates a new revision; the old one stays as it was."""
    if not can(actor, Action.ACT, assessment.unit):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.FINAL or hasattr(assessment, "next"):
        raise ValidationError(_("Hanya revisi final terakhir yang dapat dibuka kembali."))
    revision = Assessment.objects.create(
        unit=assessment.unit,
        instrument=assessment.instrument,
        year=assessment.year,
        revision=assessment.revision + 1,
        previous=assessment,
        created_by=actor,
    )
    for a in assessment.answers.prefetch_related("evidence"):
        copy = AssessmentAnswer.objects.create(
            assessment=revision,
            indicator=a.indicator,
            score=a.score,
            source=a.source,
            prefill_score=a.prefill_score,
            prefill_reason=a.prefill_reason,
            note=a.note,
            evidence_link=a.evidence_link,
        )
        for e in a.evidence.all():
            AssessmentEvidence.objects.create(
                answer=copy,
                kind=e.kind,
                label=e.label,
                url=e.url,
                ref=e.ref,
                attachment=e.attachment,
                added_by=e.added_by,
            )
    assessment_refresh_prefill(assessment=revision)
    audit(
        actor=actor,
        action="assessment.revise",
        obj=revision,
        unit=revision.unit,
        changes={"previous": assessment.pk, "revision": revision.revision},
    )
    return revision


@transaction.atomic
def official_result_record(
    *,
    actor: Actor,
    unit: Unit,
    scheme: str,
    year: int,
    score: Decimal | float | int | str | None = None,
    category: str = "",
    zone: str = "",
    opinion: str = "",
    source: str = "",
) -> OfficialResult:
    if not can(actor, Action.MANAGE, unit) and not can(actor, Action.MONEV, unit):
        raise PermissionDenied
    result, _created = OfficialResult.objects.get_or_create(
        unit=unit, scheme=scheme, year=year, defaults={"recorded_by": actor}
    )
    result.score, result.category, result.zone, result.opinion, result.source = (
        score,
        category,
        zone,
        opinion,
        source,
    )
    result.recorded_by = actor
    result.full_clean()
    result.save()
    audit(
        actor=actor,
        action="official_result.record",
        obj=result,
        unit=unit,
        changes={
            "scheme": scheme,
            "year": year,
            "score": str(score) if score is not None else None,
            "category": category,
            "zone": zone,
        },
    )
    return result


# --- Official results imported from a spreadsheet ---------------------------------------------------------

# The life of an upload waiting for confirmation: the one table, applied only by official_import_transition.
OFFICIAL_IMPORT_TRANSITIONS = {
    OfficialImportStatus.PENDING: frozenset({OfficialImportStatus.IMPORTED, OfficialImportStatus.DISCARDED}),
    OfficialImportStatus.IMPORTED: frozenset(),
    OfficialImportStatus.DISCARDED: frozenset(),
}


def official_import_transition(
    *, actor: Actor, upload: OfficialImport, to: str, counts: dict | None = None
) -> OfficialImport:
    """The only writer of an upload's status. Discarding deletes the stored file."""
    if to not in OFFICIAL_IMPORT_TRANSITIONS[OfficialImportStatus(upload.status)]:
        raise ValidationError(_("Status impor tidak dapat diubah."))
    before = upload.status
    upload.status, upload.finished_at = to, timezone.now()
    if counts is not None:
        upload.counts = counts
    if to == OfficialImportStatus.DISCARDED and upload.file:
        upload.file.delete(save=False)
    upload.save()
    audit(
        actor=actor,
        action=f"official_result.import_{to}",
        obj=upload,
        changes={"status": {"before": before, "after": to}, "file": upload.original_name},
    )
    return upload


@transaction.atomic
def official_import_discard(*, actor: Actor) -> int:
    """Drop the uploads `actor` left waiting for confirmation (a new upload replaces them)."""
    pending = list(
        OfficialImport.objects.select_for_update().filter(
            uploaded_by=actor, status=OfficialImportStatus.PENDING
        )
    )
    for upload in pending:
        official_import_transition(actor=actor, upload=upload, to=OfficialImportStatus.DISCARDED)
    return len(pending)


@transaction.atomic
def official_import_stage(*, actor: Actor, data: bytes, preview: oi.Preview) -> OfficialImport | None:
    """Keep a previewed file for its uploader to confirm — only when it would import cleanly and write
    something. Any earlier upload of the same person waiting for confirmation is discarded first."""
    official_import_discard(actor=actor)
    if not (preview.importable and preview.to_write):
        return None
    upload = OfficialImport(uploaded_by=actor, original_name=preview.filename, sha256=preview.sha256)
    upload.file.save(f"{preview.sha256[:16]}.bin", ContentFile(data), save=False)
    upload.full_clean()
    upload.save()
    audit(
        actor=actor,
        action="official_result.import_upload",
        obj=upload,
        changes={"file": preview.filename, "sha256": preview.sha256, "rows": len(preview.rows)},
    )
    return upload


@transaction.atomic
def official_results_import(
    *, actor: Actor, preview: oi.Preview, upload: OfficialImport | None = None
) -> dict[str, int]:
    """Write every new or changed row through `official_result_record`, all in one transaction; unchanged
    rows are left alone (no new audit event). Refuses a preview with any error. The upload it came from, if
    any, becomes imported."""
    if not preview.importable:
        raise ValidationError(_("Berkas masih memuat baris yang salah; tidak ada yang diimpor."))
    counts = preview.counts
    for row in preview.to_write:
        assert row.unit is not None and row.year is not None  # to_write holds only rows without errors
        try:
            official_result_record(actor=actor, unit=row.unit, scheme=row.scheme, year=row.year, **row.values)
        except ValidationError as exc:
            raise ValidationError(
                _("Baris %(n)s: %(m)s Tidak ada yang diimpor.") % {"n": row.line, "m": " ".join(exc.messages)}
            ) from exc
    audit(
        actor=actor,
        action="official_result.import",
        object_type=OfficialResult._meta.label_lower,
        changes={
            "file": preview.filename,
            "sha256": preview.sha256,
            "rows": len(preview.rows),
            "new": counts[oi.NEW],
            "replaced": counts[oi.REPLACE],
            "unchanged": counts[oi.SAME],
        },
    )
    if upload is not None:
        official_import_transition(
            actor=actor,
            upload=upload,
            to=OfficialImportStatus.IMPORTED,
            counts={k: counts[k] for k in (oi.NEW, oi.REPLACE, oi.SAME)},
        )
    return counts


@transaction.atomic
def answer_review(
    *, actor: Actor, answer: AssessmentAnswer, score: int | None, note: str
) -> AssessmentAnswer:
    """Tim Monev's desk review: accept (same score) or correct an indicator, always with a note."""
    assessment = answer.assessment
    if not can(actor, Action.MONEV, assessment.unit):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Penilaian yang sudah final tidak dapat diubah; buka revisi baru."))
    instrument = parsed(assessment.instrument)
    if score is not None and not instrument.scale_min <= score <= instrument.scale_max:
        raise ValidationError({"score": _("Nilai di luar skala instrumen.")})
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan verifikasi.")})
    answer.monev_score, answer.monev_note = score, note.strip()
    answer.save(update_fields=["monev_score", "monev_note", "updated_at"])
    audit(
        actor=actor,
        action="assessment.review",
        obj=assessment,
        unit=assessment.unit,
        changes={
            "indicator": answer.indicator,
            "unit_score": answer.score,
            "monev_score": score,
            "note": note,
        },
    )
    return answer


@transaction.atomic
def visit_record(
    *,
    actor: Actor,
    unit: Unit,
    visited_on: date,
    representative: str,
    checklist: dict,
    notes: str = "",
    findings: Sequence[tuple[str, date]] = (),
    assessment: Assessment | None = None,
    photos: Sequence[UploadedFile] = (),
    owner: User | None = None,
) -> MonevVisit:
    """Record a Monev visit; each finding becomes a FollowUp of the unit (owner: the unit, due date given)."""

    if not can(actor, Action.MONEV, unit):
        raise PermissionDenied
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Tanggal kunjungan tidak boleh di masa depan.")})
    if assessment is not None and assessment.unit_id != unit.pk:
        raise ValidationError({"assessment": _("Penilaian itu milik unit lain.")})
    visit = MonevVisit(
        unit=unit,
        assessment=assessment,
        visited_on=visited_on,
        representative=representative.strip(),
        checklist=checklist,
        notes=notes.strip(),
        created_by=actor,
    )
    visit.full_clean()
    visit.save()

    for photo in photos:
        try:
            attachment_add(
                owner=visit, unit=unit, uploaded=photo, actor=actor, description=_("Foto kunjungan")
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    "photos": _("%(f)s: %(m)s")
                    % {"f": getattr(photo, "name", "foto"), "m": " ".join(exc.messages)}
                }
            ) from exc
    for title, due in findings:
        followup_create(
            source=visit,
            unit=unit,
            title=title[:200],
            owner=owner,
            due=due,
            actor=actor,
            description=_("Temuan kunjungan Tim Monev %(d)s.") % {"d": visited_on.strftime("%d-%m-%Y")},
        )
    audit(
        actor=actor,
        action="monev.visit",
        obj=visit,
        unit=unit,
        changes={
            "visited_on": visited_on.isoformat(),
            "checklist": checklist,
            "findings": [f[0] for f in findings],
            "photos": len(photos),
            "assessment": assessment.pk if assessment is not None else None,
        },
    )
    return visit


def parsed_code(code: str) -> engine.Instrument:
    ensure_shipped_instruments()
    return parsed(InstrumentVersion.objects.get(code=code))


def answers_of(assessments: Iterable[Assessment]) -> dict[int, dict]:
    """`_answers` of many assessments in one query: assessment id → {indicator: score}."""
    out: dict[int, dict] = {}
    live = []
    for assessment in assessments:
        if assessment.status == AssessmentStatus.FINAL and assessment.snapshot.get("answers") is not None:
            out[assessment.pk] = dict(assessment.snapshot["answers"])
        else:
            out[assessment.pk] = {}
            live.append(assessment.pk)
    rows = AssessmentAnswer.objects.filter(assessment_id__in=live).values_list(
        "assessment_id", "indicator", "score", "monev_score"
    )
    for assessment_id, code, score, monev in rows if live else ():
        out[assessment_id][code] = monev if monev is not None else score
    return out


def predicted(
    assessment: Assessment, *, instrument: engine.Instrument | None = None, answers: dict | None = None
) -> engine.Result:
    """The readiness forecast: like `result_of`, but an unanswered indicator counts as the scale minimum.
    A page over many assessments passes the parsed `instrument` and `answers_of` (read once)."""
    instrument = instrument or parsed(assessment.instrument)
    answers = dict(answers) if answers is not None else _answers(assessment)
    for dimension in instrument.dimensions:
        for indicator in dimension.indicators:
            if answers.get(indicator.code) is None:
                answers[indicator.code] = instrument.scale_min
    return engine.score(instrument, answers)


def _evidence_guard(actor, answer: AssessmentAnswer) -> Assessment:
    assessment = answer.assessment
    if not can(actor, Action.ACT, assessment.unit):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Penilaian yang sudah final tidak dapat diubah; buka revisi baru."))
    return assessment


def _evidence_audit(actor, evidence: AssessmentEvidence, action: str) -> None:
    assessment = evidence.answer.assessment
    audit(
        actor=actor,
        action=action,
        obj=assessment,
        unit=assessment.unit,
        changes={
            "indicator": evidence.answer.indicator,
            "kind": evidence.kind,
            "label": evidence.label,
            "ref": evidence.ref,
        },
    )


@transaction.atomic
def evidence_add(
    *,
    actor: Actor,
    answer: AssessmentAnswer,
    kind: str,
    url: str = "",
    ref: str = "",
    uploaded: UploadedFile | None = None,
    label: str = "",
) -> AssessmentEvidence:
    """Attach evidence to an indicator: a link, an uploaded file, or an object already in Sewaka (by its
    reference key among `sources.evidence_candidates`; label and URL are copied as they are now)."""

    assessment = _evidence_guard(actor, answer)
    evidence = AssessmentEvidence(answer=answer, kind=kind, added_by=actor, label=label.strip()[:255])
    if kind == EvidenceKind.LINK:
        try:
            URLValidator(schemes=["http", "https"])(url.strip())
        except ValidationError as exc:
            raise ValidationError(
                {"url": _("Tautan bukti harus alamat web yang lengkap (https://…).")}
            ) from exc
        evidence.url = url.strip()
        evidence.label = evidence.label or evidence.url[:255]
    elif kind == EvidenceKind.FILE:
        if uploaded is None:
            raise ValidationError({"file": _("Pilih berkas bukti.")})
        evidence.attachment = attachment_add(
            owner=answer, unit=assessment.unit, uploaded=uploaded, actor=actor, description=evidence.label
        )
        evidence.label = evidence.label or evidence.attachment.original_name
    elif kind == EvidenceKind.OBJECT:
        found = next(
            (c for c in evidence_candidates(assessment.unit, assessment.year) if c["ref"] == ref), None
        )
        if found is None:
            raise ValidationError(
                {"ref": _("Data Sewaka yang dipilih tidak ditemukan untuk unit dan tahun ini.")}
            )
        evidence.ref, evidence.url = found["ref"], found["url"]
        evidence.label = evidence.label or found["label"]
    else:
        raise ValidationError({"kind": _("Jenis bukti tidak dikenal.")})
    duplicate = AssessmentEvidence.objects.filter(answer=answer, kind=kind)
    if (kind == EvidenceKind.LINK and duplicate.filter(url=evidence.url).exists()) or (
        kind == EvidenceKind.OBJECT and duplicate.filter(ref=evidence.ref).exists()
    ):
        raise ValidationError(_("Bukti ini sudah dilampirkan pada indikator ini."))
    evidence.full_clean()
    evidence.save()
    _evidence_audit(actor, evidence, "assessment.evidence_add")
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Actor, evidence: AssessmentEvidence) -> None:
    _evidence_guard(actor, evidence.answer)
    _evidence_audit(actor, evidence, "assessment.evidence_remove")
    evidence.delete()
