"""Staff pages of complaints: queue, case, actions, staff entry, SLA table, reports and exports."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param
from sewaka.core.selectors import attachments_of
from sewaka.core.spreadsheet import append
from sewaka.core.workdays import WITA
from sewaka.organisations.access import Action, is_city_wide, may_handle, units_visible_to
from sewaka.organisations.models import Unit
from sewaka.organisations.selectors import pemda_managed_by
from sewaka.reports.exports.pdf import document_number, render_pdf

from . import selectors, services
from .forms import (
    MessageForm,
    ReportFilterForm,
    SlaForm,
    StaffComplaintForm,
    SubstantiateForm,
    TransitionForm,
)
from .models import Channel
from .sla import PemdaSettings, deadlines, limit_rows
from .transitions import Status, moves


def _require_any_handler(user):
    if not (units_visible_to(user, Action.COMPLAINTS).exists() or is_city_wide(user, Action.COMPLAINTS)):
        raise PermissionDenied


@login_required
def complaint_list(request):
    _require_any_handler(request.user)
    tab = request.GET.get("tab", "open")
    filters = {"open_only": tab in ("open", "due")}
    if tab == "triage":
        filters["unassigned"] = True
    if request.GET.get("status") in Status.values:
        filters["status"] = request.GET["status"]
    if request.GET.get("channel") in Channel.values:
        filters["channel"] = request.GET["channel"]
    # Searched by POST only: a tracking code must not reach access logs in a URL.
    q = request.POST.get("q", "")[:60] if request.method == "POST" else ""
    if q:
        filters["q"] = q
    qs = selectors.complaint_list(user=request.user, filters=filters)
    soon, late = selectors.due_lists(qs[:500]) if tab == "due" else ([], [])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/list.html",
        {
            "page": page,
            "tab": tab,
            "soon": soon,
            "late": late,
            "q": q,
            "statuses": Status.choices,
            "city": is_city_wide(request.user, Action.COMPLAINTS),
        },
    )


def _classifications(complaint) -> list:
    """The classifications in force for the case's pemda."""
    return limit_rows(PemdaSettings().pemda_id(complaint), classification_only=True)


@login_required
def complaint_detail(request, pk):
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    units = Unit.objects.filter(is_active=True).exclude(pk=complaint.handling_unit_id or 0).order_by("name")
    here = complaint.handling_unit
    # A disposition goes to a section of the handling unit, or on to any other unit (no wrong door).
    sections = [u for u in units if here is not None and u.path.startswith(here.path)]
    identity_visible, identity_note = selectors.identity_note(user=request.user, complaint=complaint)
    owners_unit = complaint.handling_unit or complaint.reported_unit
    return render(
        request,
        "complaints/detail.html",
        {
            "c": complaint,
            "events": complaint.events.select_related("actor", "from_unit", "to_unit"),
            "deadlines": deadlines(complaint),
            "steps": moves(complaint.status),
            "transition_form": TransitionForm(units=units, classifications=_classifications(complaint)),
            "sections": sections,
            "other_units": [u for u in units if u not in sections],
            "identity_visible": identity_visible,
            "identity_note": identity_note,
            "message_form": MessageForm(),
            "substantiate_form": SubstantiateForm(
                owners=selectors.corrective_owners(owners_unit) if owners_unit else (),
                initial={
                    "forms_": complaint.maladministration,
                    "standard_component": complaint.standard_component,
                    "due": timezone.localdate() + timedelta(days=30),
                },
            ),
            "attachments": attachments_of(complaint),
            "labels": dict(Status.choices),
            "duplicates": complaint.duplicates.all(),
        },
    )


@login_required
@require_POST
def complaint_transition(request, pk, to):
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    form = TransitionForm(
        request.POST, units=Unit.objects.filter(is_active=True), classifications=_classifications(complaint)
    )
    if not form.is_valid():
        messages.error(request, _("Isian tidak sah."))
        return redirect(complaint)
    data = form.cleaned_data
    try:
        services.complaint_transition(
            complaint=complaint,
            to=to,
            actor=request.user,
            reason=data["reason"],
            unit=data["unit"],
            answer=data["answer"],
            classification=data["classification"],
            instruction=data["instruction"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(complaint)
    messages.success(request, _("Status pengaduan diperbarui."))
    if to == Status.DIDISPOSISIKAN and not may_handle(
        request.user, complaint.__class__.objects.get(pk=complaint.pk)
    ):
        return redirect("complaints:list")  # forwarded out of this handler's units
    return redirect(complaint)


@login_required
@require_POST
def complaint_action(request, pk, action):
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    try:
        if action == "pesan":
            form = MessageForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Pesan tidak boleh kosong."))
            services.complaint_message(
                complaint=complaint,
                actor=request.user,
                text=form.cleaned_data["text"],
                public=form.cleaned_data["public"],
            )
        elif action == "tunda":
            services.complaint_pause(
                complaint=complaint, actor=request.user, question=request.POST.get("question", "")
            )
        elif action == "lanjut":
            services.complaint_resume(complaint=complaint, actor=request.user)
        elif action == "klasifikasi":
            pk = int_param(request.POST, "classification")
            row = next((r for r in _classifications(complaint) if r.pk == pk), None)
            if row is None:
                raise ValidationError(_("Pilih klasifikasi penyelesaian."))
            services.complaint_classify(complaint=complaint, actor=request.user, classification=row)
        elif action == "maladministrasi":
            unit = complaint.handling_unit or complaint.reported_unit
            owners = selectors.corrective_owners(unit) if unit else []
            form = SubstantiateForm(request.POST, owners=owners)
            if not form.is_valid():
                raise ValidationError([str(m) for errors in form.errors.values() for m in errors])
            data = form.cleaned_data
            titles = [line.strip() for line in data["actions"].splitlines() if line.strip()]
            owner = get_user_model().objects.filter(pk=data["owner"]).first() if data["owner"] else None
            services.complaint_substantiate(
                complaint=complaint,
                actor=request.user,
                forms=data["forms_"],
                standard_component=data["standard_component"],
                corrective_actions=[(title[:200], owner, data["due"]) for title in titles],
            )
        elif action == "gabung":
            target = selectors.by_code(request.POST.get("code", ""))
            if target is None or not may_handle(request.user, target):
                raise ValidationError(_("Kode pengaduan induk tidak ditemukan."))
            services.complaint_merge(duplicate=complaint, into=target, actor=request.user)
        elif action == "spam":
            services.complaint_mark_spam(
                complaint=complaint, actor=request.user, reason=request.POST.get("reason", "")
            )
        else:
            raise ValidationError(_("Tindakan tidak dikenal."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tersimpan."))
    return redirect(complaint)


def _received_at(day):
    """A complaint entered later keeps its receipt date; the hour does not matter (day 0 is the date)."""
    if day is None or day == timezone.localdate():
        return None  # now
    return datetime.combine(day, time(12, 0), tzinfo=WITA)


@sensitive_post_parameters(
    "reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address"
)
@login_required
def staff_entry(request):
    """Walk-in, phone, WhatsApp, letter, e-mail, social media and SP4N-LAPOR! referrals."""
    _require_any_handler(request.user)
    units = Unit.objects.filter(is_active=True).exclude(kind="pemda").order_by("name")
    form = StaffComplaintForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint, _c = services.complaint_submit(
                what_happened=data["what_happened"],
                idempotency_key=request.POST.get("idempotency_key") or str(uuid.uuid4()),
                privacy=data["privacy"],
                channel=data["channel"],
                lapor_number=data["lapor_number"],
                reported_unit=units.filter(code=data["unit"]).first() if data["unit"] else None,
                happened_on=data["happened_on"],
                loss=data["loss"],
                request=data["request"],
                reporter_name=data["reporter_name"],
                reporter_nik=data["reporter_nik"],
                reporter_phone=data["reporter_phone"],
                reporter_email=data["reporter_email"],
                reporter_address=data["reporter_address"],
                consent_share_identity=data["consent_share_identity"],
                consent_publish=data.get("consent_publish", False),
                base_url=request.build_absolute_uri("/"),
                attachments=[data["attachment"]] if data.get("attachment") else [],
                entered_by=request.user,
                received_at=_received_at(data.get("received_on")),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Pengaduan %(c)s dicatat. Sampaikan kode ini kepada pelapor.") % {"c": complaint.code},
            )
            if may_handle(request.user, complaint):
                return redirect(complaint)
            return redirect("complaints:list")
    return render(request, "complaints/staff_form.html", {"form": form, "idempotency_key": uuid.uuid4()})


@login_required
def sla_table(request):
    pemda = pemda_managed_by(request.user, current=getattr(request, "current_unit", None))
    if pemda is None:
        raise PermissionDenied
    rows = limit_rows(pemda.pk)  # the pemda's own rows, and the defaults it has not replaced
    form = SlaForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_limits_set(actor=request.user, pemda=pemda, values=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Batas waktu disimpan."))
            return redirect("complaints:sla")
    return render(request, "complaints/sla.html", {"form": form, "rows": rows, "pemda": pemda})


def _report_context(request):
    _require_any_handler(request.user)
    units = units_visible_to(request.user, Action.COMPLAINTS).filter(is_active=True)
    form = ReportFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    data = selectors.report(
        user=request.user, unit=filters.get("unit"), start=filters.get("start"), end=filters.get("end")
    )
    return form, filters, data


@login_required
def report(request):
    form, _filters, data = _report_context(request)
    return render(
        request,
        "complaints/report.html",
        {
            "form": form,
            "r": data,
            "status_labels": dict(Status.choices),
            "channel_labels": dict(Channel.choices),
        },
    )


@login_required
def export_xlsx(request):
    """Cases without any private data (no identity, whatever the privacy choice)."""

    _form, filters, _data = _report_context(request)
    qs = selectors.complaint_list(
        user=request.user, filters={"unit": filters.get("unit")} if filters.get("unit") else {}
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Pengaduan"
    ws.append(
        [
            "Kode",
            "Diterima",
            "Saluran",
            "Unit penanganan",
            "Layanan",
            "Status",
            "Klasifikasi",
            "Maladministrasi",
            "Diverifikasi",
            "Jawaban pertama",
            "Selesai",
        ]
    )
    for c in qs.iterator():
        append(
            ws,
            [
                c.code,
                timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M"),
                c.get_channel_display(),
                str(c.handling_unit or "—"),
                str(c.service or ""),
                c.get_status_display(),
                c.classification.label if c.classification_id else "",
                ", ".join(c.maladministration_labels),
                *(
                    timezone.localtime(x).strftime("%Y-%m-%d %H:%M") if x else ""
                    for x in (c.verified_at, c.first_answer_at, c.closed_at)
                ),
            ],
        )
    out = io.BytesIO()
    wb.save(out)

    return file_response(out.getvalue(), filename="pengaduan.xlsx")


@login_required
def monthly_pdf(request):
    """Monthly recap for the head of unit (the month of ?bulan=YYYY-MM, default: last month)."""

    _require_any_handler(request.user)
    raw = request.GET.get("bulan", "")
    today = timezone.localdate()
    try:
        year, month = (
            (int(x) for x in raw.split("-"))
            if raw
            else (
                (today.replace(day=1) - timedelta(days=1)).year,
                (today.replace(day=1) - timedelta(days=1)).month,
            )
        )
        start = date(year, month, 1)
    except ValueError:
        start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    units = units_visible_to(request.user, Action.COMPLAINTS)
    unit_pk = int_param(request.GET, "unit")
    unit = units.filter(pk=unit_pk).first() if unit_pk is not None else None
    data = selectors.report(user=request.user, unit=unit, start=start, end=end)
    pdf = render_pdf(
        "complaints/docs/monthly.html",
        {
            "r": data,
            "start": start,
            "end": end,
            "unit": unit,
            "status_labels": dict(Status.choices),
            "channel_labels": dict(Channel.choices),
        },
        number=document_number("REKAP-ADU", unit=unit, serial=f"{start:%m}", on=end),
    )

    return file_response(pdf, filename=f"rekap-pengaduan-{start:%Y-%m}.pdf")
