from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sewaka.organisations.access import Action, can, units_visible_to

from .models import Assessment, AssessmentAnswer, InstrumentVersion, OfficialResult


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
    from .services import ensure_shipped_instruments

    ensure_shipped_instruments()
    return InstrumentVersion.objects.all()


def official_results(*, user, unit) -> QuerySet[OfficialResult]:
    if not can(user, Action.VIEW, unit):
        raise Http404
    return OfficialResult.objects.filter(unit=unit).order_by("scheme", "-year")


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
    from fractions import Fraction

    from sewaka.followups.models import FollowUp
    from sewaka.followups.transitions import OPEN_STATES

    from . import services

    inst = services.parsed(instrument)
    scheme = (
        "ombudsman"
        if instrument.code.startswith("ombudsman")
        else "pekppp"
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
    rows = []
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


def evidence_list(assessment: Assessment) -> list[dict]:
    """Every piece of evidence of an assessment, one dict per item:
    {"indicator", "kind" (link/file/object), "label", "url", "ref", "sha256"}. A final assessment lists its
    snapshot, so later changes to the linked objects never alter it."""
    from .models import AssessmentEvidence

    if assessment.status == "final" and assessment.snapshot.get("evidence_items") is not None:
        return list(assessment.snapshot["evidence_items"])
    items = [
        {"indicator": code, "kind": "link", "label": link, "url": link, "ref": "", "sha256": ""}
        for code, link in assessment.answers.exclude(evidence_link="").values_list(
            "indicator", "evidence_link"
        )
    ]
    items += [
        e.as_dict()
        for e in AssessmentEvidence.objects.filter(answer__assessment=assessment).select_related(
            "answer", "attachment"
        )
    ]
    return items


def evidence_candidates(unit, year: int) -> list[dict]:
    """Objects already in Sewaka that can serve as evidence for the unit's assessment of `year`:
    set/published standards, SKM periods of the year with results, FKP held, complaint statistics."""
    from django.urls import reverse

    from sewaka.consultations.models import Forum
    from sewaka.standards.models import ServiceStandard
    from sewaka.surveys.models import SurveyPeriod

    items = []
    for s in ServiceStandard.objects.filter(
        service__unit=unit, status__in=("ditetapkan", "published")
    ).select_related("service"):
        decree = f", SK {s.decree_number}" if s.decree_number else ""
        items.append(
            {
                "ref": f"standard:{s.pk}",
                "label": f"Standar pelayanan {s.service.name} v{s.version} ({s.get_status_display()}{decree})",
                "url": reverse("standards:detail", args=[s.pk]),
            }
        )
    for p in SurveyPeriod.objects.filter(unit=unit, end__year=year).order_by("start"):
        media = p.publications.count()
        state = "hasil diterbitkan" if p.published_at else p.get_status_display()
        items.append(
            {
                "ref": f"skm:{p.pk}",
                "label": f"SKM {p.name} ({state}; {media} publikasi)",
                "url": reverse("surveys:period_detail", args=[p.pk]),
            }
        )
    for f in Forum.objects.filter(unit=unit, date__year=year, status__in=("held", "reported")):
        items.append(
            {
                "ref": f"forum:{f.pk}",
                "label": f"FKP {f.topic} ({f.date:%d-%m-%Y}, {f.get_status_display()})",
                "url": reverse("consultations:detail", args=[f.pk]),
            }
        )
    total = _complaints_of(unit, year).count()
    items.append(
        {
            "ref": f"complaints:{unit.pk}:{year}",
            "label": f"Statistik pengaduan {year}: {total} pengaduan",
            "url": reverse("assessments:complaint_statistics", args=[unit.pk, year]),
        }
    )
    return items


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
    from sewaka.core.models import AuditEvent

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


def _complaints_of(unit, year: int):
    from sewaka.complaints.models import Complaint

    return Complaint.objects.filter(
        handling_unit__path__startswith=unit.path, is_spam=False, received_at__year=year
    )


def complaint_statistics(unit, year: int) -> dict:
    """Aggregate complaint figures of the unit and its sub-units for one year (no personal data, no case
    text): counts by status and channel, and the share of working-day deadlines met on time."""
    from django.db.models import Count

    from sewaka.complaints.models import Channel, Status
    from sewaka.complaints.sla import deadlines

    cases = _complaints_of(unit, year).select_related("classification")
    statuses = dict(Status.choices)
    channels = dict(Channel.choices)
    met = late = overdue = 0
    for c in cases:
        for d in [d for d in deadlines(c) if d.on_handlers]:
            if d.met_at is not None:
                met += int(not d.met_late)
                late += int(d.met_late)
            elif d.overdue:
                overdue += 1
    counted = met + late + overdue
    return {
        "unit": unit,
        "year": year,
        "total": cases.count(),
        "by_status": [
            (statuses.get(r["status"], r["status"]), r["n"])
            for r in cases.values("status").annotate(n=Count("id")).order_by("-n", "status")
        ],
        "by_channel": [
            (channels.get(r["channel"], r["channel"]), r["n"])
            for r in cases.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
        ],
        "deadlines_met": met,
        "deadlines_late": late,
        "deadlines_overdue": overdue,
        "deadlines_counted": counted,
        "sla_percent": round(100 * met / counted) if counted else None,
    }


# --- Tim Monev visits ---------------------------------------------------------------------------------


def visit_units(*, user, q: str = ""):
    """Units where the user may record a Monev visit (the "Catat kunjungan" picker)."""
    from django.db.models import Q

    units = units_visible_to(user, Action.MONEV).filter(is_active=True).exclude(parent=None)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    return units.order_by("path")


def visit_get(*, user, pk):
    """A visit for whoever sees its unit: Tim Monev and the unit itself (its findings are the unit's to do)."""
    from .models import MonevVisit

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
    from django.contrib.contenttypes.models import ContentType

    from sewaka.followups.models import FollowUp

    from .models import InstrumentVersion, MonevVisit
    from .scoring.engine import InstrumentError
    from .services import parsed_code

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
