import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param
from sewaka.organisations.access import Action, can, get_unit_for, is_city_wide

from . import forecast, prefill, selectors, services
from .charts import scatter
from .forms import (
    AnswerForm,
    EvidenceForm,
    InstrumentImportForm,
    OfficialDocumentForm,
    OfficialResultForm,
    OpenForm,
    VisitForm,
    readiness_filters,
)
from .labels import indicator_numbers, numbers_by_instrument, rule_number
from .models import AssessmentStatus


@login_required
def unit_assessments(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk)
    can_act = can(request.user, Action.ACT, unit)
    form = OpenForm(request.POST or None, instruments=selectors.instruments())
    if request.method == "POST":
        get_unit_for(request.user, unit_pk, Action.ACT)
        if form.is_valid():
            try:
                assessment = services.assessment_open(actor=request.user, unit=unit, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect(assessment)
    can_monev = can(request.user, Action.MONEV, unit)
    official_form = (
        OfficialResultForm()
        if can(request.user, Action.MANAGE, unit) or can(request.user, Action.MONEV, unit)
        else None
    )
    instrument, year = selectors.default_forecast_instrument(), timezone.localdate().year
    forecast_rows = (
        selectors.readiness_forecast(user=request.user, instrument=instrument, year=year, units=[unit])
        if instrument is not None
        else []
    )
    return render(
        request,
        "assessments/unit.html",
        {
            "unit": unit,
            "forecast": forecast_rows[0] if forecast_rows else None,
            "forecast_year": year,
            "form": form if can_act else None,
            "official_form": official_form,
            "assessments": [
                (a, services.result_of(a) if a.status == AssessmentStatus.FINAL else services.predicted(a))
                for a in selectors.assessment_list(user=request.user, unit=unit).filter(unit=unit)
            ],
            "official": selectors.with_documents(selectors.official_results(user=request.user, unit=unit)),
            "document_form": OfficialDocumentForm() if official_form else None,
            "can_monev": can_monev,
            "visits": selectors.unit_visits(unit, with_assessment=True),
        },
    )


@login_required
@require_POST
def official_record(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk)
    form = OfficialResultForm(request.POST)
    if form.is_valid():
        try:
            services.official_result_record(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Hasil resmi dicatat."))
    else:
        messages.error(request, _("Periksa isian hasil resmi."))
    return redirect("assessments:unit", unit_pk=unit.pk)


@login_required
def detail(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    services.assessment_refresh_prefill(assessment=assessment)
    instrument = services.parsed(assessment.instrument)
    answers = {a.indicator: a for a in assessment.answers.prefetch_related("evidence__attachment")}
    result = services.result_of(assessment)
    lines = {line.code: line for line in result.indicators}
    dims = []
    for dimension in instrument.dimensions:
        rows = [(ind, answers.get(ind.code), lines.get(ind.code)) for ind in dimension.indicators]
        answered = sum(1 for _ind, a, _l in rows if a and a.score is not None)
        dims.append((dimension, rows, answered))
    return render(
        request,
        "assessments/detail.html",
        {
            "a": assessment,
            "instrument": instrument,
            "dims": dims,
            "result": result,
            "can_act": can(request.user, Action.ACT, assessment.unit)
            and assessment.status == AssessmentStatus.DRAFT,
            "can_review": can(request.user, Action.MONEV, assessment.unit)
            and assessment.status == AssessmentStatus.DRAFT,
            "can_revise": can(request.user, Action.ACT, assessment.unit)
            and assessment.status == AssessmentStatus.FINAL
            and not hasattr(assessment, "next"),
            "revisions": selectors.revisions(assessment),
            "candidates": selectors.evidence_candidates(assessment.unit, assessment.year)
            if assessment.status == AssessmentStatus.DRAFT
            else [],
            "frozen_evidence": _group_by_indicator(selectors.evidence_list(assessment))
            if assessment.status == AssessmentStatus.FINAL
            else {},
            "visits": assessment.visits.all(),
            "numbers": indicator_numbers(instrument),
            "rules": prefill.rules_for(assessment.instrument.code),
            "history": selectors.history(assessment),
            "forecast": services.predicted(assessment) if result.total is None else None,
        },
    )


def _group_by_indicator(items: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for item in items:
        grouped.setdefault(item["indicator"], []).append(item)
    return grouped


@login_required
@require_POST
def evidence_add(request, pk, indicator):
    assessment = selectors.assessment_get(user=request.user, pk=pk, action=Action.ACT)
    item = selectors.answer_of(assessment, indicator)
    form = EvidenceForm(request.POST, request.FILES)
    if item is None or not form.is_valid():
        messages.error(
            request, " ".join(e for errs in form.errors.values() for e in errs) or _("Isian bukti tidak sah.")
        )
        return redirect(f"{assessment.get_absolute_url()}#ind-{indicator}")
    data = form.cleaned_data
    try:
        services.evidence_add(
            actor=request.user,
            answer=item,
            kind=data["kind"],
            url=data.get("url") or "",
            ref=data.get("ref") or "",
            uploaded=data.get("file"),
            label=data.get("label") or "",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Bukti untuk indikator %(i)s dilampirkan.") % {"i": indicator})
    return redirect(f"{assessment.get_absolute_url()}#ind-{indicator}")


@login_required
@require_POST
def evidence_remove(request, pk, evidence_pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk, action=Action.ACT)
    evidence = selectors.evidence_of(assessment, evidence_pk)
    if evidence is None:
        messages.error(request, _("Bukti tidak ditemukan."))
        return redirect(assessment)
    indicator = evidence.answer.indicator
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Bukti dihapus dari indikator %(i)s.") % {"i": indicator})
    return redirect(f"{assessment.get_absolute_url()}#ind-{indicator}")


@login_required
@require_POST
def answer(request, pk, indicator):
    assessment = selectors.assessment_get(user=request.user, pk=pk, action=Action.ACT)
    item = selectors.answer_of(assessment, indicator)
    form = AnswerForm(request.POST)
    if item is None or not form.is_valid():
        messages.error(request, _("Isian nilai tidak sah."))
        return redirect(assessment)
    try:
        services.answer_set(actor=request.user, answer=item, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Nilai indikator %(i)s disimpan.") % {"i": indicator})
    return redirect(f"{assessment.get_absolute_url()}#ind-{indicator}")


@login_required
@require_POST
def finalise(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    try:
        services.assessment_finalise(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Penilaian difinalkan dan dibekukan."))
    return redirect(assessment)


@login_required
@require_POST
def revise(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk, action=Action.ACT)
    try:
        revision = services.assessment_revise(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(assessment)
    return redirect(revision)


@login_required
@require_POST
def review(request, pk, indicator):
    assessment = selectors.assessment_get(user=request.user, pk=pk, action=Action.MONEV)
    item = selectors.answer_of(assessment, indicator)
    raw = request.POST.get("monev_score", "").strip()
    score = int_param(request.POST, "monev_score")
    if item is None or (raw and score is None):
        messages.error(request, _("Isian verifikasi tidak sah."))
        return redirect(assessment)
    try:
        services.answer_review(
            actor=request.user,
            answer=item,
            score=score,
            note=request.POST.get("monev_note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Verifikasi indikator %(i)s disimpan.") % {"i": indicator})
    return redirect(f"{assessment.get_absolute_url()}#ind-{indicator}")


@login_required
def visit(request, unit_pk):
    """A Monev visit recorded on a phone or tablet at the unit."""

    unit = get_unit_for(request.user, unit_pk, Action.MONEV)
    items = [
        (ind.code, ind.text)
        for d in services.parsed_code("monev-denpasar").dimensions
        for ind in d.indicators
    ]
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        items=items,
        assessments=selectors.assessment_list(user=request.user, unit=unit).filter(
            unit=unit, status=AssessmentStatus.DRAFT
        ),
        unit=unit,
        initial={"visited_on": timezone.localdate(), "due": timezone.localdate() + timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        findings = [line.strip() for line in data["findings"].splitlines() if line.strip()]
        try:
            recorded = services.visit_record(
                actor=request.user,
                unit=unit,
                visited_on=data["visited_on"],
                representative=data["representative"],
                notes=data["notes"],
                checklist={code: bool(data.get(f"item_{code}")) for code, _t in items},
                findings=[(title, data["due"]) for title in findings],
                owner=data.get("owner"),
                assessment=data.get("assessment"),
                photos=data.get("photos") or [],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Kunjungan dicatat; %(n)s temuan masuk ke daftar tindak lanjut unit.")
                % {"n": len(findings)},
            )
            return redirect("assessments:visit_detail", pk=recorded.pk)
    return render(
        request,
        "assessments/visit.html",
        {
            "unit": unit,
            "form": form,
            "visits": selectors.unit_visits(unit),
            "first_item": f"item_{items[0][0]}" if items else "",
            "last_item": f"item_{items[-1][0]}" if items else "",
        },
    )


@login_required
def readiness(request):
    form, filters = readiness_filters(request)
    instrument, year = filters["instrument"], filters["year"]
    data = None
    chart = None
    rows = []
    counts = {}
    if instrument is not None:
        everyone = selectors.readiness_forecast(
            user=request.user,
            instrument=instrument,
            year=year,
            kind=filters["kind"],
            agency=filters["agency"],
        )
        counts = forecast.counts_by_zone(everyone)
        zone = filters["zone"]
        rows = [
            r
            for r in everyone
            if not zone or r.zone == zone or (zone == "bawah" and r.zone in ("kuning", "merah"))
        ]
        data = selectors.readiness(user=request.user, instrument=instrument, year=year)
        points = [
            (r["unit"].name, r["result"].total, r["official"].score)
            for r in data["rows"]
            if r["official"] and r["official"].score is not None and r["result"].total is not None
        ]
        high = 100 if data["instrument"].dimension_score == "percent" else data["instrument"].scale_max
        chart = scatter(points, high=high) if points else None
    query = request.GET.copy()
    query.pop("zone", None)
    return render(
        request,
        "assessments/readiness.html",
        {
            "form": form,
            "data": data,
            "chart": chart,
            "instrument": instrument,
            "year": year,
            "filters": filters,
            "rows": rows,
            "total_units": sum(counts.values()) if counts else 0,
            "counts": counts,
            "method_years": forecast.method_years(services.parsed(instrument))
            if instrument is not None
            else "",
            "zone_ranges": forecast.zone_ranges(services.parsed(instrument))
            if instrument is not None
            else [],
            "zone_query": query.urlencode(),
            "export_query": request.GET.urlencode(),
            "may_import": selectors.official_scope(request.user).exists(),
            "numbers": indicator_numbers(services.parsed(instrument)) if instrument is not None else {},
        },
    )


@login_required
def rules(request):
    """The rule table: which indicators Sewaka's own data decides, how per-service facts roll up, status."""
    numbers = numbers_by_instrument(
        [r.instrument for r in prefill.RULES + prefill.FORECAST_PROXIES]
        + [code for code, _i, _w in prefill.NOT_DECIDED]
    )
    proxies, seen = [], set()
    for r in prefill.FORECAST_PROXIES:  # the eleven compliance indicators share one rule: one line
        if (r.instrument, r.description) in seen:
            continue
        seen.add((r.instrument, r.description))
        same = [
            p
            for p in prefill.FORECAST_PROXIES
            if (p.instrument, p.description) == (r.instrument, r.description)
        ]
        first, last = (rule_number(numbers, r.instrument, p.indicator) for p in (same[0], same[-1]))
        proxies.append((r, first if len(same) == 1 else f"{first}–{last}"))
    return render(
        request,
        "assessments/rules.html",
        {
            "rules": [(r, rule_number(numbers, r.instrument, r.indicator)) for r in prefill.RULES],
            "proxies": proxies,
            "not_decided": [(c, rule_number(numbers, c, i), why) for c, i, why in prefill.NOT_DECIDED],
            "titles": dict(selectors.instruments().values_list("code", "title")),
        },
    )


def _unconfirmed_count(data) -> int:
    if isinstance(data, dict):
        own = sum(1 for k, v in data.items() if k.endswith("status") and v == "unconfirmed")
        return own + sum(_unconfirmed_count(v) for v in data.values())
    if isinstance(data, list):
        return sum(_unconfirmed_count(v) for v in data)
    return 0


@login_required
def instruments(request):
    """Instrument versions in use; admin pemda imports a new version (a published one never changes)."""

    may_import = is_city_wide(request.user, Action.MANAGE)
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        if form.is_valid():
            try:
                version, created = services.instrument_import(
                    actor=request.user, raw=form.cleaned_data["file"].read()
                )
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                messages.success(
                    request,
                    (
                        _("Versi instrumen %(c)s dimuat.")
                        if created
                        else _("Versi instrumen %(c)s sudah ada; tidak ada perubahan.")
                    )
                    % {"c": version.code},
                )
                return redirect("assessments:instruments")
    rows = []
    for version in selectors.instruments():
        inst = services.parsed(version)
        rows.append(
            {
                "v": version,
                "indicators": sum(len(d.indicators) for d in inst.dimensions),
                "unconfirmed": _unconfirmed_count(version.data),
                "years": version.data.get("years", {}),
                "bands": bool(inst.bands),
            }
        )
    return render(
        request,
        "assessments/instruments.html",
        {"rows": rows, "form": form if may_import else None},
    )


@login_required
def instrument_json(request, code):
    version = selectors.instruments().filter(code=code).first()
    if version is None:
        raise Http404
    data = json.dumps(version.data, ensure_ascii=False, indent=2).encode("utf-8")
    # Published instrument data is public knowledge: cacheable.
    return file_response(
        data, filename=f"{version.code}.json", content_type="application/json; charset=utf-8", private=False
    )


@login_required
def complaint_statistics(request, unit_pk, year):
    """The unit's complaint figures for a year, as evidence: aggregates only, for anyone who sees the unit."""
    unit = get_unit_for(request.user, unit_pk)
    return render(
        request, "assessments/complaint_statistics.html", {"s": selectors.complaint_statistics(unit, year)}
    )
