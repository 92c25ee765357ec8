"""Staff pages of the SKM: periods, results, paper entry, integrity review, kiosks, city ranking."""

from __future__ import annotations

import uuid
from collections import Counter

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import XLSX, file_response
from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param, parse_int
from sewaka.organisations.access import Action, can, get_unit_for, is_city_wide
from sewaka.reports.exports.pdf import pdf_to_png, render_pdf
from sewaka.reports.exports.xlsx import SkmSheetRow, skm_workbook

from . import charts, import_services, selectors, services, tasks
from .documents import report_extras
from .forms import (
    ExtraQuestionForm,
    ImportConfirmForm,
    ImportMappingForm,
    ImportUploadForm,
    ImportValuesForm,
    InclusionForm,
    KioskForm,
    PeriodForm,
    PublicationForm,
    RankingFilterForm,
    ReportIssueForm,
    RtlForm,
    SurveyAnswerForm,
)
from .ikm import UNSUR_KEYS, UNSUR_LABELS
from .import_services import preview_rows
from .models import ExtraQuestion, Kiosk, PeriodStatus, Response, Source, SurveyImport


@login_required
def period_list(request):
    unit = request.current_unit
    periods = selectors.period_list(user=request.user, unit=None if is_city_wide(request.user) else unit)
    page = Paginator(periods, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/period_list.html",
        {"page": page, "unit": unit, "can_create": unit is not None and can(request.user, Action.ACT, unit)},
    )


@login_required
def period_create(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk, Action.ACT)
    form = PeriodForm(request.POST or None, services=unit.services.filter(is_active=True))
    overlap = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_create(
                actor=request.user,
                unit=unit,
                name=data["name"],
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
                services=form.service_populations(),
                confirm_overlap=data.get("confirm_overlap", False),
            )
        except ValidationError as exc:
            overlap = any(e.code == "overlap" for e in getattr(exc, "error_list", []))
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Periode survei dibuka."))
            if not period.in_ranking:
                messages.warning(
                    request,
                    _(
                        "Periode ini tumpang-tindih dengan periode yang sudah ditutup; tidak dihitung dalam "
                        "peringkat kota."
                    ),
                )
            return redirect(period)
    show_overlap = overlap or bool(form.data.get("confirm_overlap"))
    return render(
        request, "surveys/period_form.html", {"form": form, "unit": unit, "show_overlap": show_overlap}
    )


@login_required
def period_detail(request, pk):
    period = selectors.period_get(user=request.user, pk=pk)
    results = selectors.period_results(period)
    trend = selectors.trend(period=period)
    previous = trend[-2][1] if len(trend) >= 2 else None
    dropped = bool(
        previous
        and previous.ikm is not None
        and results.result.ikm is not None
        and results.result.ikm < previous.ikm
    )
    public_url = request.build_absolute_uri(reverse("public_survey", args=[period.unit.code]))
    return render(
        request,
        "surveys/period_detail.html",
        {
            "period": period,
            "r": results,
            "bars": charts.unsur_bars(results.result, priorities={u.key for u in results.priorities}),
            "trend": trend,
            "trend_svg": charts.trend_line(trend),
            "previous": previous,
            "dropped": dropped,
            "profile_svgs": {name: charts.count_bars(rows) for name, rows in results.profile.items()},
            "texts": selectors.period_texts(user=request.user, period=period, limit=100),
            "can_act": can(request.user, Action.ACT, period.unit),
            "can_review": can(request.user, Action.MONEV, period.unit),
            "public_url": public_url,
            "kiosks": Kiosk.objects.filter(unit=period.unit, is_active=True),
            "period_services": period.period_services.select_related("service"),
            "rtl": selectors.rtl_summary(period, results.result),
            "publications": period.publications.all(),
            "evaluation": selectors.period_evaluation(period, result=results.result),
            "unsur_labels": UNSUR_LABELS,
            "unsur_short": selectors.UNSUR_SHORT_LABELS,
            "segments": [
                (label, selectors.segment_results(period, key, results.tallies))
                for key, (label, _c) in selectors.SEGMENTS.items()
            ]
            if results.respondents
            else [],
        },
    )


@login_required
@require_POST
def period_close(request, pk):
    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    services.period_close(actor=request.user, period=period)
    messages.success(request, _("Periode ditutup; jawaban publik tidak diterima lagi."))
    return redirect(period)


@login_required
@require_POST
def period_publish(request, pk):
    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    services.period_publish(actor=request.user, period=period)
    messages.success(request, _("Hasil diterbitkan di halaman publik unit."))
    return redirect(period)


@login_required
def paper_entry(request, pk):
    """Fast keyboard entry of paper questionnaires by an operator (source = paper)."""
    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    period_services = [ps.service for ps in period.period_services.select_related("service")]
    form = SurveyAnswerForm(
        request.POST or None, questionnaire=period.questionnaire, services=period_services, require_all=False
    )
    if period_services:
        form.fields["service"].required = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submission = services.Submission(
            answers=form.answers(),
            service_id=data.get("service") or None,
            gender=data.get("gender", ""),
            age=data.get("age"),
            education=data.get("education", ""),
            occupation=data.get("occupation", ""),
            why=form.why(),
            suggestion=data.get("suggestion", ""),
        )
        key = request.POST.get("idempotency_key", "")
        try:
            key = str(uuid.UUID(key))
        except ValueError:
            key = str(uuid.uuid4())
        try:
            services.response_submit(
                period=period,
                submission=submission,
                idempotency_key=key,
                source=Source.PAPER,
                entered_by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kuesioner kertas tersimpan. Silakan isi berikutnya."))
            return redirect("surveys:paper_entry", pk=period.pk)
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "period": period,
            "form": form,
            "idempotency_key": uuid.uuid4(),
            "unsur_labels": UNSUR_LABELS,
            "unsur_short": selectors.UNSUR_SHORT_LABELS,
        },
    )


@login_required
def flagged(request, pk):
    period = selectors.period_get(user=request.user, pk=pk)
    responses = Paginator(selectors.flagged_responses(user=request.user, period=period), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/flagged.html",
        {
            "period": period,
            "page": responses,
            "form": InclusionForm(),
            "can_review": can(request.user, Action.MONEV, period.unit),
        },
    )


@login_required
@require_POST
def response_decide(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    form = InclusionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan dan tuliskan alasannya."))
    else:
        try:
            services.response_set_inclusion(
                response=response,
                include=form.cleaned_data["include"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Keputusan disimpan dan tercatat di jejak audit."))
    return redirect("surveys:flagged", pk=response.period_id)


@login_required
def kiosk_register(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk, Action.ACT)
    form = KioskForm(request.POST or None)
    token_url = None
    if request.method == "POST" and form.is_valid():
        kiosk, token = services.kiosk_register(actor=request.user, unit=unit, name=form.cleaned_data["name"])
        token_url = request.build_absolute_uri(reverse("public_kiosk_start", args=[token]))
        messages.success(request, _("Kios terdaftar. Buka tautan di bawah ini sekali pada tablet kios."))
    kiosks = Kiosk.objects.filter(unit=unit).order_by("-is_active", "name")
    return render(
        request, "surveys/kiosks.html", {"unit": unit, "form": form, "token_url": token_url, "kiosks": kiosks}
    )


@login_required
@require_POST
def kiosk_deactivate(request, unit_pk, kiosk_pk):
    unit = get_unit_for(request.user, unit_pk, Action.ACT)
    pk = parse_int(kiosk_pk)
    kiosk = Kiosk.objects.filter(unit=unit, pk=pk).first() if pk is not None else None
    if kiosk is None:
        raise PermissionDenied
    services.kiosk_deactivate(actor=request.user, kiosk=kiosk)
    messages.success(request, _("Kios dinonaktifkan."))
    return redirect("surveys:kiosks", unit_pk=unit.pk)


@login_required
def ranking(request):
    form = RankingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.city_ranking(user=request.user, start=filters.get("start"), end=filters.get("end"))
    return render(request, "surveys/ranking.html", {"form": form, "rows": rows})


@login_required
def extra_questions(request, unit_pk):
    """The unit's own questions, asked after the nine unsur and never part of the IKM."""

    unit = get_unit_for(request.user, unit_pk, Action.ACT)
    form = ExtraQuestionForm(request.POST or None)
    if request.method == "POST":
        toggle = int_param(request.POST, "toggle")
        if toggle is not None:
            question = ExtraQuestion.objects.filter(unit=unit, pk=toggle).first()
            if question is None:
                raise PermissionDenied
            services.extra_question_set_active(
                actor=request.user, question=question, active=not question.is_active
            )
            messages.success(request, _("Pertanyaan diperbarui."))
            return redirect("surveys:extra_questions", unit_pk=unit.pk)
        if form.is_valid():
            services.extra_question_add(actor=request.user, unit=unit, text=form.cleaned_data["text"])
            messages.success(request, _("Pertanyaan tambahan disimpan."))
            return redirect("surveys:extra_questions", unit_pk=unit.pk)
    questions = ExtraQuestion.objects.filter(unit=unit).order_by("-is_active", "id")
    return render(
        request, "surveys/extra_questions.html", {"unit": unit, "form": form, "questions": questions}
    )


@login_required
def period_xlsx(request, pk):
    """Raw answers plus a sheet that recomputes NRR and IKM with live formulas."""

    period = selectors.period_get(user=request.user, pk=pk)
    rows = [SkmSheetRow(*r) for r in selectors.export_rows(period)]
    excluded = [SkmSheetRow(*r) for r in selectors.export_rows(period, included=False)]
    data = skm_workbook(
        title=f"IKM {period.name} — {period.unit.name}",
        unsur=[(k, UNSUR_LABELS[k]) for k in UNSUR_KEYS],
        rows=rows,
        excluded=excluded,
    )
    name = slugify(f"skm-{period.unit.code}-{period.name}")
    return _file_response(data, XLSX, f"{name}.xlsx")


# --- Import ------------------------------------------------------------------------------------


def _import_get(user, pk):
    job = (
        SurveyImport.objects.select_related("period__unit", "period__questionnaire")
        .filter(pk=parse_int(pk, 0))
        .first()
    )
    if job is None or not can(user, Action.VIEW, job.period.unit):
        raise Http404
    return job


@login_required
def import_start(request, pk):
    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_services.import_upload(
                actor=request.user, period=period, uploaded=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("surveys:import_mapping", pk=job.pk)
    history = period.imports.select_related("uploaded_by")[:20]
    return render(request, "surveys/import_start.html", {"period": period, "form": form, "history": history})


@login_required
def import_mapping(request, pk):
    job = _import_get(request.user, pk)
    if not can(request.user, Action.ACT, job.period.unit):
        raise PermissionDenied
    form = ImportMappingForm(
        request.POST or None, headers=job.headers, samples=job.samples, initial_mapping=job.mapping
    )
    if request.method == "POST" and form.is_valid():
        try:
            import_services.import_set_mapping(actor=request.user, job=job, mapping=form.mapping())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            tasks.analyse_import.enqueue(job.pk)
            return redirect(job)
    return render(request, "surveys/import_mapping.html", {"job": job, "form": form})


def _import_context(request, job, values_form=None):
    can_act = can(request.user, Action.ACT, job.period.unit)
    if values_form is None and can_act and job.status == "analysed":
        values_form = ImportValuesForm(job=job)
    return {
        "job": job,
        "form": ImportConfirmForm(),
        "values_form": values_form,
        "preview": preview_rows(job),
        "can_act": can_act,
    }


@login_required
def import_detail(request, pk):
    job = _import_get(request.user, pk)
    template = "surveys/partials/_import_status.html" if request.htmx else "surveys/import_detail.html"
    return render(request, template, _import_context(request, job))


@login_required
@require_POST
def import_values(request, pk):
    """The user's mapping of profile and service values; every row is checked again."""

    job = _import_get(request.user, pk)
    if not can(request.user, Action.ACT, job.period.unit):
        raise PermissionDenied
    if job.status != "analysed":
        messages.error(
            request, _("Nilai hanya dapat dipetakan setelah berkas diperiksa dan sebelum diimpor.")
        )
        return redirect(job)
    form = ImportValuesForm(request.POST, job=job)
    if form.is_valid():
        try:
            import_services.import_set_values(actor=request.user, job=job, value_mapping=form.value_mapping())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            tasks.analyse_import.enqueue(job.pk)
            return redirect(job)
    return render(request, "surveys/import_detail.html", _import_context(request, job, form), status=400)


@login_required
@require_POST
def import_confirm(request, pk):
    job = _import_get(request.user, pk)
    form = ImportConfirmForm(request.POST)
    form.is_valid()
    try:
        import_services.import_confirm(
            actor=request.user, job=job, valid_only=form.cleaned_data.get("valid_only", False)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        tasks.run_import.enqueue(job.pk)
    return redirect(job)


# --- Documents: report, infographic, posters -----------------------------------------------------


def _document_context(period):
    results = selectors.period_results(period)
    suggestions_qs = (
        Response.objects.filter(period=period, is_included=True)
        .exclude(suggestion="")
        .values_list("suggestion", flat=True)
    )
    why_counts = Counter()
    for why in (
        Response.objects.filter(period=period, is_included=True).exclude(why={}).values_list("why", flat=True)
    ):
        why_counts.update(why.keys())
    return {
        "period": period,
        "unit": period.unit,
        "r": results,
        "bars": charts.unsur_bars(results.result, priorities={u.key for u in results.priorities}),
        "profile_svgs": {name: charts.count_bars(rows) for name, rows in results.profile.items()},
        "population": sum(period.period_services.values_list("population", flat=True)),
        "suggestions": list(suggestions_qs.order_by("-submitted_at")[:30]),
        "suggestion_total": suggestions_qs.count(),
        "why_counts": dict(why_counts),
        "rtl": selectors.rtl_summary(period, results.result).actions,
        "today": timezone.localdate(),
        # Number, conclusion, previous-period comparison, grouped suggestions (surveys/documents.py).
        **report_extras(period, results, list(suggestions_qs.order_by("submitted_at", "pk"))),
        # While the period is open the figures are interim: the document says "SEMENTARA".
        "interim": period.status != PeriodStatus.CLOSED,
    }


def _file_response(data: bytes, content_type: str, filename: str, *, inline: bool = False):
    return file_response(data, filename=filename, content_type=content_type, inline=inline)


@login_required
def period_report(request, pk):
    """The official "Laporan Hasil SKM" (A4 PDF)."""

    period = selectors.period_get(user=request.user, pk=pk)
    # A download never issues the report: issuing is a recorded act (period_report_issue).
    pdf = render_pdf("surveys/docs/report.html", _document_context(period))
    return _file_response(
        pdf, "application/pdf", slugify(f"laporan-skm-{period.unit.code}-{period.name}") + ".pdf"
    )


def infographic_bytes(period, kind: str) -> bytes:
    pdf = render_pdf("surveys/docs/infographic.html", _document_context(period))
    return pdf_to_png(pdf) if kind == "png" else pdf


@login_required
def period_infographic(request, pk, kind):
    if kind not in ("pdf", "png"):
        raise Http404
    period = selectors.period_get(user=request.user, pk=pk)
    data = infographic_bytes(period, kind)
    name = slugify(f"infografis-skm-{period.unit.code}-{period.name}") + f".{kind}"
    return _file_response(data, "image/png" if kind == "png" else "application/pdf", name)


@login_required
def poster(request, unit_pk, service_pk=None):
    """A4 QR poster for the counter: per unit, or per service."""

    unit = get_unit_for(request.user, unit_pk)
    service = None
    if service_pk is not None:
        service = unit.services.filter(pk=service_pk, is_active=True).first()
        if service is None:
            raise Http404
        url = request.build_absolute_uri(reverse("public_survey_service", args=[unit.code, service.slug]))
    else:
        url = request.build_absolute_uri(reverse("public_survey", args=[unit.code]))
    qr_svg = mark_safe(segno.make(url, error="m").svg_inline(scale=10, border=4))  # noqa: S308 - generated SVG
    pdf = render_pdf(
        "surveys/docs/poster.html", {"unit": unit, "service": service, "url": url, "qr_svg": qr_svg}
    )
    suffix = f"-{service.slug}" if service else ""
    return _file_response(pdf, "application/pdf", f"poster-skm-{unit.code}{suffix}.pdf")


# --- RTL and publication ---------------------------------------------------------------------------


@login_required
def rtl_add(request, pk):
    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    results = selectors.period_results(period)
    evaluation = selectors.period_evaluation(period, result=results.result)
    needed = evaluation.rtl_missing or evaluation.rtl_unsur
    form = RtlForm(request.POST or None, unit=period.unit, initial={"unsur": needed[0] if needed else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.rtl_add(
            actor=request.user,
            period=period,
            unsur=data["unsur"],
            title=data["title"],
            owner=data["owner"],
            due=data["due"],
            description=data["description"],
        )
        messages.success(
            request, _("Rencana tindak lanjut ditambahkan dan masuk ke daftar tindak lanjut unit.")
        )
        return redirect(period)
    return render(
        request,
        "surveys/rtl_form.html",
        {
            "period": period,
            "form": form,
            "r": results,
            "needed": [(k, UNSUR_LABELS[k]) for k in evaluation.rtl_missing],
        },
    )


@login_required
def report_issue(request, pk):
    """Terbitkan laporan: the unit records the official report's number and date (never a download)."""

    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    initial = {"number": period.report_number, "issued_on": period.report_date or timezone.localdate()}
    form = ReportIssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_issue_report(
                actor=request.user,
                period=period,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Laporan hasil SKM diterbitkan dan tercatat di jejak audit."))
            return redirect(period)
    return render(
        request,
        "surveys/report_issue.html",
        {
            "period": period,
            "form": form,
            "evaluation": selectors.period_evaluation(period),
            "is_open": period.status != PeriodStatus.CLOSED,
        },
        status=400 if form.errors else 200,
    )


@login_required
def publication_add(request, pk):
    period = selectors.period_get(user=request.user, pk=pk, action=Action.ACT)
    form = PublicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publication_add(
                actor=request.user,
                period=period,
                medium=data["medium"],
                published_on=data["published_on"],
                link=data["link"],
                note=data["note"],
                evidence=data.get("evidence"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Publikasi dicatat."))
            return redirect(period)
    return render(request, "surveys/publication_form.html", {"period": period, "form": form})
