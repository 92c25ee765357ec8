"""Staff pages of the Forum Konsultasi Publik: list, plan, detail (participants, attendance, results,
agreements, evidence, publication) and the two documents (berita acara, check-in QR poster)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.core.words import date_in_words
from sewaka.organisations.access import Action, can, get_unit_for, units_visible_to
from sewaka.reports.exports.pdf import document_number, render_pdf

from . import selectors, services
from .forms import (
    AgreementForm,
    EvidenceForm,
    ForumFilterForm,
    ForumForm,
    InviteForm,
    PublishForm,
    ResultsForm,
)


@login_required
def forum_list(request):
    units = units_visible_to(request.user, Action.VIEW).filter(is_active=True)
    form = ForumFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    forums = selectors.forum_list(user=request.user, filters=filters)
    page = Paginator(forums, 50).get_page(request.GET.get("page"))
    unit = filters.get("unit") or request.current_unit
    create_unit = unit if unit is not None and can(request.user, Action.ACT, unit) else None
    return render(
        request, "consultations/list.html", {"form": form, "page": page, "create_unit": create_unit}
    )


@login_required
def forum_create(request):
    """Plan a forum for the unit in ?unit= (or the current unit)."""
    unit_pk = request.GET.get("unit") or (request.current_unit.pk if request.current_unit else None)
    if unit_pk is None:
        raise Http404
    unit = get_unit_for(request.user, unit_pk, Action.ACT)
    form = ForumForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.forum_create(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Forum konsultasi publik direncanakan."))
            return redirect(forum)
    return render(request, "consultations/form.html", {"form": form, "unit": unit, "forum": None})


@login_required
def forum_update(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    initial = {name: getattr(forum, name) for name in services.FORUM_FIELDS}
    form = ForumForm(request.POST or None, unit=forum.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_update(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Rencana forum disimpan."))
            return redirect(forum)
    return render(request, "consultations/form.html", {"form": form, "unit": forum.unit, "forum": forum})


def _checkin_url(request, forum) -> str:
    return request.build_absolute_uri(reverse("public_fkp_checkin", args=[forum.checkin_token]))


def _qr_svg(url: str, scale: int = 10) -> str:
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, border=4))  # noqa: S308 - generated SVG


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def _detail(request, forum, *, status: int = 200, **forms):
    can_act = can(request.user, Action.ACT, forum.unit)
    checkin_url = _checkin_url(request, forum)
    context = {
        "forum": forum,
        "participants": selectors.participants_of(forum),
        "att": selectors.attendance_summary(forum),
        "agreements": selectors.agreements_of(forum),
        "evidence": selectors.forum_evidence(forum),
        "can_act": can_act,
        "checkin_url": checkin_url,
        "checkin_qr": _qr_data_uri(checkin_url),
        "summary_url": reverse("public_fkp_summary", args=[forum.pk]) if forum.summary_published_at else "",
        "invite_form": InviteForm(),
        "results_form": ResultsForm(initial={"minutes": forum.minutes}),
        "agreement_form": AgreementForm(unit=forum.unit),
        "evidence_form": EvidenceForm(),
        "publish_form": PublishForm(initial={"summary": forum.public_summary}),
    }
    context.update(forms)
    for form in forms.values():
        if form.errors:
            # Rules of the forum (e.g. "record the minutes first") come as errors of the whole form.
            messages.error(
                request, " ".join(form.non_field_errors()) or _("Periksa kembali isian yang ditandai.")
            )
    return render(request, "consultations/detail.html", context, status=status)


@login_required
def forum_detail(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk)
    return _detail(request, forum)


@login_required
@require_POST
def participant_invite(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.participant_invite(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Peserta ditambahkan ke daftar undangan."))
            return redirect(reverse("consultations:detail", args=[forum.pk]) + "#h-participants")
    return _detail(request, forum, invite_form=form)


@login_required
@require_POST
def participant_attendance(request, pk, participant_pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    participant = selectors.participant_get(forum=forum, pk=participant_pk)
    attended = request.POST.get("attended") == "1"
    try:
        services.participant_mark_attended(actor=request.user, participant=participant, attended=attended)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kehadiran dicatat.") if attended else _("Catatan kehadiran dibatalkan."))
    return redirect(reverse("consultations:detail", args=[forum.pk]) + "#h-participants")


@login_required
@require_POST
def forum_results(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    form = ResultsForm(request.POST)
    if form.is_valid():
        try:
            services.forum_record_results(
                actor=request.user, forum=forum, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Notulen disimpan."))
            return redirect(reverse("consultations:detail", args=[forum.pk]) + "#h-results")
    return _detail(request, forum, results_form=form)


@login_required
@require_POST
def agreement_add(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    form = AgreementForm(request.POST, unit=forum.unit)
    if form.is_valid():
        try:
            services.agreement_add(actor=request.user, forum=forum, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kesepakatan dicatat dan masuk ke daftar tindak lanjut."))
            return redirect(reverse("consultations:detail", args=[forum.pk]) + "#h-agreements")
    return _detail(request, forum, agreement_form=form)


@login_required
@require_POST
def evidence_add(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.forum_add_evidence(
                actor=request.user,
                forum=forum,
                uploaded=data["file"],
                description=data["description"],
                kind=data["kind"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Berkas diunggah."))
            return redirect(reverse("consultations:detail", args=[forum.pk]) + "#h-evidence")
    return _detail(request, forum, evidence_form=form)


@login_required
@require_POST
def forum_publish(request, pk):
    forum = selectors.forum_get(user=request.user, pk=pk, action=Action.ACT)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.forum_publish_summary(
                actor=request.user, forum=forum, summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Ringkasan dipublikasikan di halaman publik."))
            return redirect(reverse("consultations:detail", args=[forum.pk]) + "#h-publish")
    return _detail(request, forum, publish_form=form)


# --- Documents ---------------------------------------------------------------------------------------


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    return file_response(data, filename=filename, inline=True)


BLANK_SIGNATURE_ROWS = 15


def berita_acara_context(forum) -> dict:
    attendees = list(selectors.attendees_of(forum))
    return {
        "forum": forum,
        "unit": forum.unit,
        "att": selectors.attendance_summary(forum),
        "attendees": attendees,
        # No attendance recorded yet: the sheet is printed as a paper attendance list.
        "blank_rows": [] if attendees else list(range(1, BLANK_SIGNATURE_ROWS + 1)),
        "agreements": list(selectors.agreements_of(forum)),
        "date_words": date_in_words(forum.date),
        "today": timezone.localdate(),
        "doc_number": document_number("BA-FKP", unit=forum.unit, serial=forum.pk, on=forum.date),
        "doc_date": forum.date,
    }


def berita_acara_pdf(forum) -> bytes:
    return render_pdf("consultations/docs/berita_acara.html", berita_acara_context(forum))


@login_required
def berita_acara(request, pk):
    """The berita acara (A4 PDF): agreements and the participants' signature table, to print and sign."""
    forum = selectors.forum_get(user=request.user, pk=pk)
    name = slugify(f"berita-acara-fkp-{forum.unit.code}-{forum.date:%Y-%m-%d}") + ".pdf"
    return _pdf_response(berita_acara_pdf(forum), name)


@login_required
def checkin_poster(request, pk):
    """A4 poster with the QR code of the forum's public check-in page."""

    forum = selectors.forum_get(user=request.user, pk=pk)
    url = _checkin_url(request, forum)
    pdf = render_pdf(
        "consultations/docs/checkin_poster.html",
        {"forum": forum, "unit": forum.unit, "url": url, "qr_svg": _qr_svg(url)},
    )
    name = slugify(f"poster-hadir-fkp-{forum.unit.code}-{forum.date:%Y-%m-%d}") + ".pdf"
    return _pdf_response(pdf, name)
