from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils.translation import gettext as _

from sewaka.complaints import facts as complaint_facts
from sewaka.core.db import Ids
from sewaka.core.models import Attachment, AuditEvent
from sewaka.core.selectors import attachments_of
from sewaka.followups.models import FollowUp
from sewaka.followups.transitions import OPEN_STATES
from sewaka.organisations.access import Action, can, get_unit_for, units_visible_to
from sewaka.organisations.models import Unit

from . import forecast as forecast_mod
from . import official_import as oi
from . import services
from .models import (
    Assessment,
    AssessmentAnswer,
    AssessmentEvidence,
    InstrumentVersion,
    MonevVisit,
    OfficialImport,
    OfficialImportStatus,
    OfficialResult,
    Scheme,
)
from .scoring.engine import InstrumentError
from .services import ensure_shipped_instruments, parsed_code
from .sources import evidence_candidates as evidence_candidates  # re-exported: views, the demo
from .sources import evidence_list as evidence_list
from .sources import unit_facts as unit_facts


def assessment_list(*, user, unit=None) -> QuerySet[Assessment]:
    qs = Assessment.objects.filter(unit__in=units_visible_to(user, Action.VIEW)).select_related(
        "unit", "instrument"
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def assessment_get(*, user, pk, action: Action = Action.VIEW) -> Assessment:
    try:
        assessment = Assessment.objects.select_related("unit", "instrument", "previous").get(pk=int(pk))
    except (Assessment.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, assessment.unit):
        raise Http404
    if not can(user, action, assessment.unit):
        raise PermissionDenied
    return assessment


def instruments() -> QuerySet[InstrumentVersion]:
    ensure_shipped_instruments()
    return InstrumentVersion.objects.all()


def official_results(*, user, unit) -> QuerySet[OfficialResult]:
    if not can(user, Action.VIEW, unit):
        raise Http404
    return OfficialResult.objects.filter(unit=unit).order_by("scheme", "-year")


def official_latest(units) -> dict[int, dict[str, OfficialResult]]:
    """{unit id: {scheme: its newest official result}} for many units in one query (the leadership
    dashboard). Pure read: callers scope the units."""
    ids = [u if isinstance(u, int) else u.pk for u in units]
    out: dict[int, dict[str, OfficialResult]] = {}
    for r in OfficialResult.objects.filter(unit_id__in_ids=Ids(ids)).order_by("unit_id", "scheme", "-year"):
        out.setdefault(r.unit_id, {}).setdefault(r.scheme, r)
    return out


def revisions(assessment: Assessment) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            unit=assessment.unit, instrument=assessment.instrument, year=assessment.year
        ).order_by("revision")
    )


def _prefixes(field: str, paths) -> Q:
    """`field` starts with one of `paths`."""
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _latest_assessments(*, user, instrument, year) -> list[Assessment]:
    """The newest revision per unit (final or draft) of an instrument and year, in the user's scope."""
    rows = (
        assessment_list(user=user).filter(instrument=instrument, year=year).order_by("unit_id", "-revision")
    )
    latest: dict[int, Assessment] = {}
    for a in rows:
        latest.setdefault(a.unit_id, a)
    return list(latest.values())


def readiness(*, user, instrument, year) -> dict:
    """Units ranked by predicted score (unanswered indicators count as the scale minimum), those below the
    green zone, the indicators that cost each unit most points, open follow-ups; and, where official
    results exist, forecast vs official: mean absolute error and category agreement."""

    inst = services.parsed(instrument)
    scheme = (
        Scheme.OMBUDSMAN
        if instrument.code.startswith("ombudsman")
        else Scheme.PEKPPP
        if instrument.code.startswith("pekppp")
        else ""
    )
    latest = _latest_assessments(user=user, instrument=instrument, year=year)
    # Read for all units at once (a query per unit made the page grow with the city).
    answers = services.answers_of(latest)
    officials = (
        {
            r.unit_id: r
            for r in OfficialResult.objects.filter(
                unit__in=[a.unit_id for a in latest], scheme=scheme, year=year
            )
        }
        if scheme
        else {}
    )
    paths = {a.unit.path for a in latest}
    open_paths = (
        list(
            FollowUp.objects.filter(status__in=OPEN_STATES)
            .filter(_prefixes("unit__path", paths))
            .values_list("unit__path", flat=True)
        )
        if paths
        else []
    )
    weighted = [i.code for d in inst.dimensions if d.weight != 0 for i in d.indicators if i.weight != 0]
    documented: dict[int, set[str]] = {}
    for assessment_id, code in (
        AssessmentAnswer.objects.filter(assessment__in=latest, indicator__in=weighted)
        .exclude(evidence_link="", evidence__isnull=True, prefill_score__isnull=True)
        .values_list("assessment_id", "indicator")
        .distinct()
    ):
        documented.setdefault(assessment_id, set()).add(code)
    rows: list[dict[str, Any]] = []
    for a in latest:
        result = services.predicted(a, instrument=inst, answers=answers[a.pk])
        dim_weights = {d.code: d.weight for d in result.dimensions}
        losses = []
        for line in result.indicators:
            ceiling = Fraction(100) if inst.dimension_score == "percent" else Fraction(inst.scale_max)
            value = line.value if line.value is not None else Fraction(0)
            lost = dim_weights.get(line.dimension, Fraction(0)) / 100 * line.weight / 100 * (ceiling - value)
            if lost > 0:
                losses.append((lost, line))
        losses.sort(key=lambda item: -item[0])
        official = officials.get(a.unit_id)
        open_followups = sum(1 for path in open_paths if path.startswith(a.unit.path))
        documented_here = documented.get(a.pk, set())
        rows.append(
            {
                "assessment": a,
                "unit": a.unit,
                "evidence": (len(documented_here), len(weighted)),
                "missing_evidence": len(documented_here) < len(weighted),
                "result": result,
                "losses": losses[:3],
                "official": official,
                "open_followups": open_followups,
                "below_green": result.zone not in (None, "hijau"),
            }
        )
    rows.sort(key=lambda r: (r["result"].total is None, -(r["result"].total or 0), r["unit"].name))
    paired = [
        (r["result"].total, r["official"].score)
        for r in rows
        if r["official"] and r["official"].score is not None and r["result"].total is not None
    ]
    mae = sum(abs(p - o) for p, o in paired) / len(paired) if paired else None
    cats = [
        (r["result"].category, r["official"].category)
        for r in rows
        if r["official"] and r["official"].category
    ]
    agreement = round(100 * sum(1 for p, o in cats if p == o) / len(cats)) if cats else None
    return {"rows": rows, "mae": mae, "agreement": agreement, "paired": paired, "instrument": inst}


def forecast_scope(*, user, kind: str = "", agency=None) -> QuerySet[Unit]:
    """The active units whose forecast `user` sees (the pemda itself excluded), optionally of one unit type
    or one perangkat daerah (its subtree)."""
    units = units_visible_to(user, Action.VIEW).filter(is_active=True).exclude(parent=None)
    if kind:
        units = units.filter(kind=kind)
    if agency is not None:
        units = units.filter(path__startswith=agency.path)
    return units.order_by("path")


def forecast_agencies(*, user) -> QuerySet[Unit]:
    """The perangkat daerah (and kecamatan, RSUD: the units right under the pemda) the user's forecast
    can be narrowed to."""
    return units_visible_to(user, Action.VIEW).filter(is_active=True, depth=1).order_by("name")


def readiness_forecast(
    *, user, instrument, year: int, units=None, kind: str = "", agency=None, zone: str = ""
):
    """The forecast from facts for every active unit in the user's scope (or the given `units`, still
    intersected with that scope), worst first: a list of `forecast.ForecastRow` (score with undecided
    indicators at the minimum, best case, zone — None without confirmed bands —, decided/total indicators,
    gaps with what to do, the latest self-assessment's score beside it). `zone`: "merah", "kuning",
    "hijau", or "bawah" (kuning and merah). A constant number of queries whatever the number of units."""
    scope = forecast_scope(user=user, kind=kind, agency=agency)
    if units is not None:
        scope = scope.filter(pk__in=[u if isinstance(u, int) else u.pk for u in units])
    rows = forecast_mod.forecast(scope, instrument=instrument, year=year)
    if zone == "bawah":
        rows = [r for r in rows if r.zone in ("kuning", "merah")]
    elif zone:
        rows = [r for r in rows if r.zone == zone]
    return rows


def default_forecast_instrument() -> InstrumentVersion | None:
    """The instrument the forecast uses by default: the Ombudsman 2022–2024 method, the latest whose zones
    are confirmed."""
    return instruments().filter(code="ombudsman-2022-2024").first()


def units_to_visit(*, user, year: int, limit: int = 10):
    """Tim Monev's home page: the units to visit, worst forecast first (Ombudsman 2022–2024 method), at most
    `limit` rows of `forecast.ForecastRow`."""
    instrument = default_forecast_instrument()
    if instrument is None:
        return []
    return readiness_forecast(user=user, instrument=instrument, year=year)[:limit]


HISTORY_LABELS = {
    "assessment.open": "Penilaian dibuka",
    "assessment.answer": "Nilai indikator diisi",
    "assessment.review": "Verifikasi Tim Monev",
    "assessment.evidence_add": "Bukti dilampirkan",
    "assessment.evidence_remove": "Bukti dihapus",
    "assessment.finalise": "Difinalkan dan dibekukan",
    "assessment.revise": "Revisi baru dibuka",
    "assessment.export_pdf": "PDF diunduh",
}


def history(assessment: Assessment) -> list[dict]:
    """The audit trail of one revision, newest first, in words."""

    rows = []
    for e in AuditEvent.objects.filter(
        object_type="assessments.assessment", object_id=str(assessment.pk)
    ).order_by("-at", "-id"):
        c = e.changes or {}
        detail = []
        if c.get("indicator"):
            detail.append(f"indikator {c['indicator']}")
        score = c.get("score")
        if isinstance(score, dict):
            before, after = score.get("before"), score.get("after")
            detail.append(f"{'–' if before is None else before} → {'–' if after is None else after}")
        if c.get("monev_score") is not None:
            detail.append(f"nilai verifikasi {c['monev_score']}")
        if c.get("label"):
            detail.append(str(c["label"]))
        if c.get("previous"):
            detail.append(f"dari revisi sebelumnya #{c['previous']}")
        rows.append(
            {
                "at": e.at,
                "actor": e.actor_label,
                "action": HISTORY_LABELS.get(e.action, e.action),
                "detail": ", ".join(str(d) for d in detail),
            }
        )
    return rows


def complaint_statistics(unit, year: int) -> dict:
    """Aggregate complaint figures of the unit and its sub-units for one year (no personal data, no case
    text): counts by status and channel, and the share of working-day deadlines met on time
    (`complaints.facts`)."""
    c = complaint_facts.complaints([unit], year, subtree=True)[unit.pk]
    return {
        "unit": unit,
        "year": year,
        "total": c.received,
        "by_status": list(c.by_status_labels),
        "by_channel": list(c.by_channel_labels),
        "deadlines_met": c.deadlines_met,
        "deadlines_late": c.deadlines_late,
        "deadlines_overdue": c.deadlines_overdue,
        "deadlines_counted": c.deadlines_counted,
        "sla_percent": c.sla_percent,
    }


# --- Tim Monev visits ---------------------------------------------------------------------------------


def visit_units(*, user, q: str = ""):
    """Units where the user may record a Monev visit (the "Catat kunjungan" picker)."""

    units = units_visible_to(user, Action.MONEV).filter(is_active=True).exclude(parent=None)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    return units.order_by("path")


def visit_get(*, user, pk):
    """A visit for whoever sees its unit: Tim Monev and the unit itself (its findings are the unit's to do)."""

    try:
        visit = MonevVisit.objects.select_related("unit", "assessment__instrument", "created_by").get(
            pk=int(pk)
        )
    except (MonevVisit.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not can(user, Action.VIEW, visit.unit):
        raise Http404
    return visit


def visit_readback(visit) -> dict:
    """What the visit page and the visit report show: checklist answers in words, findings with follow-ups."""

    try:
        items = [(i.code, i.text) for i in parsed_code("monev-denpasar").indicators]
    except (InstrumentVersion.DoesNotExist, InstrumentError):
        items = []
    answers = visit.checklist or {}
    known = {code for code, _text in items}
    checklist = [(text, bool(answers.get(code))) for code, text in items if code in answers]
    # An item no longer in the checklist keeps its answer (its key, humanised, rather than nothing).
    checklist += [
        (code.replace("-", " ").capitalize(), bool(ok)) for code, ok in answers.items() if code not in known
    ]
    findings = list(
        FollowUp.objects.filter(
            source_type=ContentType.objects.get_for_model(MonevVisit), source_id=str(visit.pk)
        )
        .select_related("owner")
        .order_by("due", "id")
    )
    return {
        "checklist": checklist,
        "met": sum(1 for _t, ok in checklist if ok),
        "findings": findings,
        "photos": list(visit.photos),
    }


# --- Official results: import preview, pending uploads, source documents -------------------------------


def official_scope(user) -> QuerySet[Unit]:
    """Units whose official results `user` may record: MANAGE or MONEV."""
    return units_visible_to(user, Action.MANAGE) | units_visible_to(user, Action.MONEV)


def official_template_units(user) -> list[tuple[str, str]]:
    """(code, name) of the units the import template lists for `user`."""
    return list(official_scope(user).order_by("path").values_list("code", "name")[:5000])


def official_check_rows(preview: oi.Preview, *, user) -> oi.Preview:
    """Resolve unit codes inside the user's scope and compare with the results already recorded."""
    codes = {r.unit_code for r in preview.rows if r.unit_code}
    units = {
        u.code.lower(): u
        for u in official_scope(user).annotate(lower_code=Lower("code")).filter(lower_code__in=codes)
    }
    for row in preview.rows:
        if not row.unit_code:
            continue
        row.unit = units.get(row.unit_code)
        if row.unit is None:
            # Unknown and out-of-scope codes read the same: no existence leak.
            row.error(
                "unit_code",
                _("Kode unit “%(v)s” tidak dikenal atau di luar wewenang Anda.")
                % {"v": row.cells["unit_code"]},
            )
    keyed = [r for r in preview.rows if r.unit and r.scheme and r.year is not None]
    existing = {
        (o.unit_id, o.scheme, o.year): o
        for o in OfficialResult.objects.filter(
            unit__in={r.unit for r in keyed},
            scheme__in={r.scheme for r in keyed},
            year__in={r.year for r in keyed},
        )
    }
    for row in keyed:
        row.existing = (
            existing.get((row.unit.pk, row.scheme, row.year))
            if row.unit is not None and row.year is not None
            else None
        )
        if row.existing is not None:
            row.changes = oi.changes(row.existing, row)
    return preview


def official_preview(data: bytes, filename: str, *, user, last_year: int) -> oi.Preview:
    """The file read and checked cell by cell, then against the user's scope and the recorded results."""
    preview = oi.read_file(data, filename, last_year=last_year)
    if not preview.file_errors:
        official_check_rows(preview, user=user)
    return preview


def official_import_pending(*, user, sha256: str) -> OfficialImport | None:
    """The upload `user` previewed and may still confirm (the one whose file has this SHA-256)."""
    if not sha256:
        return None
    return (
        OfficialImport.objects.filter(uploaded_by=user, status=OfficialImportStatus.PENDING, sha256=sha256)
        .order_by("-created_at")
        .first()
    )


def official_result_for(*, user, pk) -> OfficialResult:
    """An official result whose source documents `user` may add: 404 outside view scope, 403 without
    MANAGE or MONEV on its unit."""
    result = OfficialResult.objects.select_related("unit").filter(pk=pk).first()
    if result is None:
        raise Http404
    unit = get_unit_for(user, result.unit_id)
    if not (can(user, Action.MANAGE, unit) or can(user, Action.MONEV, unit)):
        raise PermissionDenied
    return result


def official_documents(result: OfficialResult) -> QuerySet:
    return attachments_of(result)


def with_documents(results: Iterable[OfficialResult]) -> list[OfficialResult]:
    """The results, each with `.documents` (its source documents), in one query."""
    results = list(results)
    by_owner: dict[str, list] = {str(r.pk): [] for r in results}
    if results:
        for attachment in Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(OfficialResult), owner_id__in=list(by_owner)
        ).order_by("created_at"):
            by_owner[attachment.owner_id].append(attachment)
    for r in results:
        r.documents = by_owner[str(r.pk)]  # type: ignore[attr-defined]  # read by the template
    return results


# --- What the assessment document reads -----------------------------------------------------------------


def answers_by_indicator(assessment: Assessment) -> dict:
    """{indicator code: AssessmentAnswer} of one assessment."""
    return {a.indicator: a for a in assessment.answers.all()}


def visits_of(assessment: Assessment, *, item_texts: dict[str, str]) -> list[dict]:
    """The Monev visits linked to the assessment: checklist in words (`item_texts`: code → text) and the
    findings (follow-ups) of each visit, in two queries."""
    visits = list(assessment.visits.all())
    if not visits:
        return []
    findings: dict[str, list] = {}
    for f in FollowUp.objects.filter(
        source_type=ContentType.objects.get_for_model(MonevVisit),
        source_id__in=[str(v.pk) for v in visits],
    ).order_by("due", "id"):
        findings.setdefault(f.source_id, []).append(f)
    return [
        {
            "visit": v,
            "checklist": [(item_texts.get(code, code), bool(ok)) for code, ok in (v.checklist or {}).items()],
            "findings": findings.get(str(v.pk), []),
        }
        for v in visits
    ]


def answer_of(assessment: Assessment, indicator: str):
    """The assessment's answer to one indicator, or None."""
    return assessment.answers.filter(indicator=indicator).first()


def evidence_of(assessment: Assessment, pk):
    """One piece of evidence of the assessment, or None (another assessment's evidence is never found)."""

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        AssessmentEvidence.objects.filter(answer__assessment=assessment, pk=pk)
        .select_related("answer")
        .first()
    )


def unit_visits(unit, *, limit: int = 10, with_assessment: bool = False) -> list:
    """The unit's latest Monev visits, newest first."""
    qs = MonevVisit.objects.filter(unit=unit)
    if with_assessment:
        qs = qs.select_related("assessment")
    return list(qs[:limit])


def instrument_by_code(code: str) -> InstrumentVersion | None:
    return instruments().filter(code=code).first()
