"""The obligations tracker, a unit's obligations, the rules page and the Sekda's reminder letters.

Thin views: reads through selectors (scoped by core/access.py), writes through services, documents through
`documents.py` on the shared document base.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.downloads import file_response
from sewaka.core.forms import apply_validation_error
from sewaka.events.selectors import unit_events
from sewaka.organisations.access import Action, can, get_unit_for
from sewaka.organisations.models import Unit

from . import documents, selectors, services
from . import evaluation as ev
from .forms import LetterChooseForm, LetterIssueForm, LetterSettingsForm, RuleForm, TrackerFilterForm
from .models import LetterKind

# Where a unit does what a missing cell asks (URL names of the apps that own the work).
WHERE_TO_ACT = {
    "fkp_held": ("consultations:list", False, _("Buka Forum Konsultasi Publik")),
    "skm_evaluated": ("surveys:period_list", False, _("Buka periode SKM")),
    "standard_current": ("standards:unit", True, _("Buka standar pelayanan unit")),
    "maklumat_published": ("standards:maklumat", True, _("Buka maklumat unit")),
    "complaints_on_time": ("complaints:list", False, _("Buka daftar pengaduan")),
    "followups_on_time": ("followups:list", False, _("Buka tindak lanjut")),
    "events_attended": ("events:list", False, _("Buka kegiatan koordinasi")),
    "innovations_registered": ("innovations:list", False, _("Buka daftar inovasi")),
}


def _pemda(request) -> Unit:
    pemda = selectors.pemda_of(request.user, current=getattr(request, "current_unit", None))
    if pemda is None:
        raise PermissionDenied
    return pemda


def _tracker_from_request(request):
    pemda = _pemda(request)
    rules = selectors.rule_list(pemda)
    form = TrackerFilterForm(
        request.GET or None,
        rules=rules,
        type_choices=selectors.unit_type_choices(),
        initial={"tahun": timezone.localdate().year},
    )
    valid = form.is_valid() if request.GET else False
    data = form.cleaned_data if valid else {}
    view = data.get("view") or ev.year_period(timezone.localdate().year)
    tr = selectors.tracker(
        user=request.user,
        pemda=pemda,
        view=view,
        unit_type_key=data.get("jenis", ""),
        state=data.get("status", ""),
        rule_key=data.get("kewajiban", ""),
    )
    return pemda, form, tr, data


@login_required
def tracker(request):
    pemda, form, tr, data = _tracker_from_request(request)
    today = timezone.localdate()
    fkp = next((r for r in tr.rules if r.fact == "fkp_held"), None)
    skm = next((r for r in tr.rules if r.fact == "skm_evaluated"), None)
    quick = []
    if fkp:
        quick.append(
            (
                _("Belum FKP tahun ini"),
                f"?tahun={today.year}&periode={today.year}&kewajiban={fkp.key}&status=belum",
            )
        )
    if skm:
        lq = ev.last_quarter(today)
        quick.append(
            (
                _("SKM %(p)s belum dievaluasi") % {"p": lq.label},
                f"?tahun={lq.start.year}&periode={lq.key}&kewajiban={skm.key}&status=belum",
            )
        )
    query = request.GET.urlencode()
    return render(
        request,
        "obligations/tracker.html",
        {
            "pemda": pemda,
            "form": form,
            "tr": tr,
            "quick": quick,
            "query": query,
            "periods": ev.view_periods(tr.view.start.year),
            "states": list(ev.State),
            "state_labels": ev.STATE_LABELS,
            "may_manage": selectors.may_manage(request.user, pemda),
            "open_all": tr.filtered,
        },
    )


@login_required
def tracker_xlsx(request):
    pemda, _form, tr, _data = _tracker_from_request(request)
    data = documents.tracker_workbook(tr)
    return file_response(data, filename=f"pelacak-kewajiban-{tr.view.key}.xlsx")


@login_required
def tracker_pdf(request):
    pemda, _form, tr, _data = _tracker_from_request(request)
    data = documents.tracker_pdf(tr, user=request.user)
    return file_response(data, filename=f"pelacak-kewajiban-{tr.view.key}.pdf")


@login_required
def unit_obligations(request, pk):
    unit = get_unit_for(request.user, pk)
    form = TrackerFilterForm(request.GET or None, rules=[], type_choices=[])
    view = (form.cleaned_data.get("view") if request.GET and form.is_valid() else None) or ev.year_period(
        timezone.localdate().year
    )
    rows = selectors.unit_obligations(user=request.user, unit=unit, view=view)
    can_act = can(request.user, Action.ACT, unit)
    items = []
    for rule, cell in rows:
        name, with_unit, label = WHERE_TO_ACT.get(rule.fact, (None, False, ""))
        action = reverse(name, args=[unit.pk]) if name and with_unit else (reverse(name) if name else "")
        items.append({"rule": rule, "cell": cell, "action": action, "action_label": label})
    return render(
        request,
        "obligations/unit.html",
        {
            "unit": unit,
            "view": view,
            "periods": ev.view_periods(view.start.year),
            "items": items,
            "can_act": can_act,
            "letters": selectors.unit_letters(user=request.user, unit=unit),
            "events": unit_events(unit, view.start.year),
            "city": selectors.may_read_city(request.user),
            "today": timezone.localdate(),
        },
    )


# --- Rules --------------------------------------------------------------------------------------------


@login_required
def rules(request):
    pemda = _pemda(request)
    if not can(request.user, Action.VIEW, pemda):
        raise PermissionDenied
    return render(
        request,
        "obligations/rules.html",
        {
            "pemda": pemda,
            "rules": selectors.rule_list(pemda, active_only=False),
            "may_manage": selectors.may_manage(request.user, pemda),
        },
    )


@login_required
@require_POST
def rules_install(request):
    pemda = _pemda(request)
    if not selectors.may_manage(request.user, pemda):
        raise PermissionDenied
    created = services.obligations_install_defaults(actor=request.user, pemda=pemda)
    messages.success(request, _("%(n)s aturan bawaan dipasang.") % {"n": created})
    return redirect("obligations:rules")


@login_required
def rule_edit(request, pk):
    rule = selectors.rule_get(user=request.user, pk=pk)
    units = Unit.objects.filter(path__startswith=rule.pemda.path, is_active=True).exclude(pk=rule.pemda_id)
    initial = {
        **{f: getattr(rule, f) for f in services.RULE_FIELDS},
        "units": list(rule.units.all()),
    }
    form = RuleForm(request.POST or None, unit_queryset=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("units")
        try:
            services.obligation_update(actor=request.user, obligation=rule, units=chosen, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Aturan kewajiban disimpan."))
            return redirect("obligations:rules")
    return render(
        request,
        "obligations/rule_form.html",
        {"form": form, "rule": rule},
        status=400 if form.errors else 200,
    )


# --- Letters ------------------------------------------------------------------------------------------


def _city_reader(request) -> Unit:
    pemda = _pemda(request)
    if not can(request.user, Action.VIEW, pemda):
        raise PermissionDenied
    return pemda


@login_required
def letters(request):
    pemda = _city_reader(request)
    today = timezone.localdate()
    rules = selectors.rule_list(pemda)
    choose = LetterChooseForm(
        request.GET or None,
        rules=rules,
        year=today.year,
        initial={"periode": str(today.year), "bentuk": LetterKind.SUMMARY},
    )
    chosen = choose.cleaned_data if request.GET and choose.is_valid() else {}
    view = ev.parse_period(chosen.get("periode", "")) or ev.year_period(today.year)
    keys = chosen.get("kewajiban", [])
    kind = chosen.get("bentuk") or LetterKind.SUMMARY
    return render(
        request,
        "obligations/letters.html",
        {
            "pemda": pemda,
            "letters": selectors.letter_list(user=request.user, pemda=pemda),
            "settings": selectors.letter_settings(pemda),
            "view": view,
            "kind": LetterKind(kind),
            "chosen_rules": [r for r in rules if r.key in keys] or rules,
            "may_manage": selectors.may_manage(request.user, pemda),
            "choose_form": choose,
            "preview_query": urlencode({"periode": view.key, "bentuk": kind, "kewajiban": keys}, doseq=True),
            "issue_form": LetterIssueForm(
                initial={"kind": kind, "periode": view.key, "kewajiban": keys}, rules=rules
            ),
        },
    )


@login_required
def letter_settings(request):
    pemda = _pemda(request)
    if not selectors.may_manage(request.user, pemda):
        raise PermissionDenied
    current = selectors.letter_settings(pemda)
    initial = {f: getattr(current, f) for f in services.LETTER_FIELDS} if current else {}
    form = LetterSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_settings_update(actor=request.user, pemda=pemda, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Pengaturan surat disimpan."))
            return redirect("obligations:letters")
    return render(
        request, "obligations/letter_settings.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def letter_preview(request):
    """The letter as it would be issued now, marked DRAF (a GET writes nothing)."""
    pemda = _pemda(request)
    if not selectors.may_manage(request.user, pemda):
        raise PermissionDenied
    view = ev.parse_period(request.GET.get("periode", "")) or ev.year_period(timezone.localdate().year)
    kind = request.GET.get("bentuk", LetterKind.SUMMARY)
    if kind not in LetterKind.values:
        kind = LetterKind.SUMMARY
    keys = [k for k in request.GET.getlist("kewajiban") if k]
    try:
        draft = selectors.letter_draft(user=request.user, pemda=pemda, view=view, keys=keys or None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("obligations:letters")
    data = documents.draft_pdf(draft, pemda=pemda, kind=kind, view=view)
    return file_response(data, filename=f"draf-surat-pengingat-{view.key}.pdf", inline=True)


@login_required
@require_POST
def letter_issue(request):
    pemda = _pemda(request)
    if not selectors.may_manage(request.user, pemda):
        raise PermissionDenied
    form = LetterIssueForm(request.POST, rules=selectors.rule_list(pemda))
    if not form.is_valid():
        messages.error(request, _("Pilih bentuk surat dan periode dari daftar."))
        return redirect("obligations:letters")
    data = form.cleaned_data
    try:
        letter = services.letter_issue(
            actor=request.user,
            pemda=pemda,
            kind=data["kind"],
            view=data["periode"],
            keys=data["kewajiban"],
            confirm=data["confirm"],
        )
    except services.ConfirmationNeeded as exc:
        confirm = LetterIssueForm(
            initial={
                "kind": data["kind"],
                "periode": data["periode"].key,
                "kewajiban": data["kewajiban"],
                "confirm": True,
            },
            rules=selectors.rule_list(pemda),
        )
        return render(
            request,
            "obligations/letter_confirm.html",
            {"form": confirm, "previous": exc.letters, "view": data["periode"]},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("obligations:letters")
    messages.success(request, _("Surat pengingat diterbitkan."))
    return redirect(letter)


@login_required
def letter_detail(request, pk):
    letter = selectors.letter_get(user=request.user, pk=pk)
    return render(
        request,
        "obligations/letter_detail.html",
        {"letter": letter, "recipients": letter.recipients.select_related("unit")},
    )


@login_required
def letter_pdf(request, pk):
    letter = selectors.letter_get(user=request.user, pk=pk)
    data = documents.letter_pdf(letter)
    return file_response(data, filename=f"surat-pengingat-{letter.pk}.pdf", inline=True)


@login_required
def letter_copy_pdf(request, pk, unit_pk):
    """One perangkat daerah's letter: readable by the city and by the people of that perangkat daerah."""
    recipient = selectors.recipient_get(user=request.user, letter_pk=pk, unit_pk=unit_pk)
    data = documents.recipient_pdf(recipient, full=can(request.user, Action.VIEW, recipient.letter.pemda))
    return file_response(data, filename=f"surat-pengingat-{pk}-{recipient.unit.code}.pdf", inline=True)
