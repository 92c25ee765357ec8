from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.forms import AttachmentForm, apply_validation_error
from sewaka.core.http import int_param
from sewaka.core.selectors import attachments_of
from sewaka.organisations.access import Action, units_visible_to

from . import selectors, services
from .forms import CommentForm, FollowUpCreateForm, FollowUpFilterForm, TransitionForm
from .transitions import Status


@login_required
def followup_list(request):
    units = units_visible_to(request.user, Action.VIEW).filter(is_active=True)
    form = FollowUpFilterForm(
        request.GET or None, units=units, source_types=selectors.followup_source_types()
    )
    filters = form.cleaned_data if form.is_valid() else {}
    followups = selectors.followup_list(user=request.user, filters=filters)
    page = Paginator(followups, 50).get_page(request.GET.get("page"))
    can_create = (
        units_visible_to(request.user, Action.ACT).exists()
        or units_visible_to(request.user, Action.MONEV).exists()
    )
    return render(request, "followups/list.html", {"form": form, "page": page, "can_create": can_create})


@login_required
def followup_create(request):
    units = (
        (units_visible_to(request.user, Action.ACT) | units_visible_to(request.user, Action.MONEV))
        .filter(is_active=True)
        .distinct()
    )
    if not units.exists():
        raise PermissionDenied
    # Two steps without script: the unit is chosen first (GET ?unit=), then the owner among its people.
    data = request.POST if request.method == "POST" else None
    chosen = int_param(data if data is not None else request.GET, "unit")
    unit = units.filter(pk=chosen).first() if chosen is not None else None
    if unit is None and chosen is None and request.current_unit in units:
        unit = request.current_unit
    form = FollowUpCreateForm(data, units=units, unit=unit, initial={"unit": unit} if unit else {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        selectors.require_can_create(request.user, data["unit"])
        try:
            followup = services.followup_create(
                source=data["unit"],
                unit=data["unit"],
                title=data["title"],
                description=data["description"],
                owner=data["owner"],
                due=data["due"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Tindak lanjut dibuat."))
            return redirect(followup)
    return render(request, "followups/create.html", {"form": form, "unit": unit, "units": units})


@login_required
def followup_detail(request, pk):
    followup = selectors.followup_get(user=request.user, pk=pk)
    steps = selectors.followup_next_steps(user=request.user, followup=followup)
    return render(
        request,
        "followups/detail.html",
        {
            "f": followup,
            "events": followup.events.select_related("actor"),
            "attachments": attachments_of(followup),
            "steps": [(s, Status(s).label) for s in steps],
            "transition_form": TransitionForm(),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
            "can_upload": selectors.may_work_on(request.user, followup),
            "status_labels": dict(Status.choices),
        },
    )


@login_required
@require_POST
def followup_transition(request, pk):
    followup = selectors.followup_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Permintaan perubahan status tidak sah."))
        return redirect(followup)
    try:
        services.followup_transition(
            followup=followup, to=form.cleaned_data["to"], actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status diperbarui."))
    return redirect(followup)


@login_required
@require_POST
def followup_comment(request, pk):
    followup = selectors.followup_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.followup_comment(followup=followup, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Komentar ditambahkan."))
    else:
        messages.error(request, _("Komentar tidak boleh kosong."))
    return redirect(followup)


@login_required
@require_POST
def followup_upload(request, pk):
    followup = selectors.followup_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(followup)
    try:
        services.followup_add_evidence(
            followup=followup,
            actor=request.user,
            uploaded=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Berkas bukti diunggah."))
    return redirect(followup)
