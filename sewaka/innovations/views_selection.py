"""Internal selection screens (issue 18 items 4-6): calls, eligibility, nominations, the jury, the
ranking and the decision, proposal drafting. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.forms import apply_validation_error
from sewaka.core.http import int_param
from sewaka.organisations.access import Action, units_visible_to

from . import access, impact, scoring, selectors, services
from .forms_selection import (
    CallForm,
    CallTransitionForm,
    CommentForm,
    DecideForm,
    EligibilityForm,
    JurorForm,
    NominationForm,
    ProposalTextForm,
    SchemeYearPickForm,
)
from .transitions import CALL_TRANSITIONS, CallStatus, NominationStatus
from .words import words_count


def _pemdas_managed(user):
    """Pemda roots the user may run calls for (admin pemda)."""
    return units_visible_to(user, Action.MANAGE).filter(parent__isnull=True).order_by("name")


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Calls ------------------------------------------------------------------------------------------


@login_required
def call_list(request):
    calls = list(selectors.call_list(user=request.user).order_by("-nomination_deadline", "-id"))
    return render(
        request,
        "innovations/selection/call_list.html",
        {"calls": calls, "can_create": _pemdas_managed(request.user).exists()},
    )


@login_required
def call_create(request):
    pemdas = list(_pemdas_managed(request.user))
    if not pemdas:
        raise PermissionDenied
    services.ensure_shipped_schemes()
    years = selectors.scheme_years()
    pick = SchemeYearPickForm(request.GET or None, scheme_years=years)
    if not pick.is_valid():
        return render(
            request,
            "innovations/selection/call_form.html",
            {"pick": pick, "title": _("Seleksi internal baru")},
            status=400 if request.GET.get("skema") else 200,
        )
    scheme_year = selectors.scheme_year_get(pick.cleaned_data["skema"])
    scheme = selectors.scheme_of(scheme_year)
    initial = {
        "title": _("Seleksi internal %(name)s %(year)s")
        % {"name": scheme_year.scheme.name, "year": scheme_year.year},
        "cap": scheme_year.parsed.cap_per_instance if scheme_year.parsed else None,
        "registration_deadline": scheme.registration_deadline if scheme else None,
    }
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                actor=request.user, pemda=pemdas[0], scheme_year=scheme_year, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Seleksi dibuat sebagai draf. Tambahkan juri lalu buka pengusulan."))
            return redirect("innovations:call_detail", call.pk)
    return render(
        request,
        "innovations/selection/call_form.html",
        {
            "pick": pick,
            "form": form,
            "scheme_year": scheme_year,
            "scheme": scheme,
            "title": _("Seleksi internal baru"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def call_update(request, pk):
    call = selectors.call_get(user=request.user, pk=pk, manage=True)
    initial = {f: getattr(call, f) for f in services.CALL_FIELDS}
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("innovations:call_detail", call.pk)
    return render(
        request,
        "innovations/selection/call_form.html",
        {
            "form": form,
            "call": call,
            "scheme_year": call.scheme_year,
            "scheme": selectors.scheme_of(call.scheme_year),
            "title": _("Ubah seleksi"),
        },
        status=400 if form.errors else 200,
    )


def _call_moves(call) -> list[tuple[str, str, bool]]:
    return [
        (to, str(CallStatus(to).label), "note" in rule.needs)
        for to, rule in CALL_TRANSITIONS.get(call.status, {}).items()
    ]


@login_required
def call_detail(request, pk):
    call = selectors.call_get(user=request.user, pk=pk)
    manager = access.may_manage_call(request.user, call)
    juror = access.juror_of(request.user, call)
    nominations = list(selectors.nominations_of(user=request.user, call=call))
    can_nominate = (
        call.status == CallStatus.OPEN
        and timezone.localdate() <= call.nomination_deadline
        and selectors.nominatable_innovations(user=request.user, call=call).exists()
    )
    return render(
        request,
        "innovations/selection/call_detail.html",
        {
            "call": call,
            "scheme": selectors.scheme_of(call.scheme_year),
            "manager": manager,
            "juror": juror,
            "juror_done": juror is not None and selectors.juror_done(juror),
            "nominations": nominations,
            "jurors": selectors.jurors_of(call) if manager else [],
            "juror_form": JurorForm(candidates=selectors.juror_candidates(call)) if manager else None,
            "moves": _call_moves(call) if manager else [],
            "can_nominate": can_nominate,
            "forwarded": selectors.forwarded_count(call),
            "events": call.events.select_related("actor").order_by("created_at", "id") if manager else [],
            "status_labels": dict(CallStatus.choices),
            "group_names": dict(call.scheme_year.group_choices()),
        },
    )


@login_required
@require_POST
def call_transition(request, pk):
    call = selectors.call_get(user=request.user, pk=pk, manage=True)
    form = CallTransitionForm(request.POST)
    if form.is_valid():
        try:
            services.call_transition(
                actor=request.user, call=call, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            call.refresh_from_db()
            messages.success(request, _("Status seleksi: %(s)s.") % {"s": call.get_status_display()})
    return redirect("innovations:call_detail", call.pk)


@login_required
@require_POST
def juror_add(request, pk):
    call = selectors.call_get(user=request.user, pk=pk, manage=True)
    candidates = selectors.juror_candidates(call)
    form = JurorForm(request.POST, candidates=candidates)
    if not form.is_valid():
        messages.error(request, _("Pilih pengguna dari daftar."))
        return redirect("innovations:call_detail", call.pk)
    user = candidates.get(pk=int(form.cleaned_data["user"]))
    try:
        services.juror_add(actor=request.user, call=call, user=user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("%(u)s menjadi juri.") % {"u": user.get_full_name() or user.get_username()}
        )
    return redirect(reverse("innovations:call_detail", args=[call.pk]) + "#juri")


@login_required
@require_POST
def juror_remove(request, pk, juror_pk):
    call = selectors.call_get(user=request.user, pk=pk, manage=True)
    juror = selectors.jurors_of(call).filter(pk=juror_pk).first()
    if juror is None:
        raise Http404
    services.juror_remove(actor=request.user, juror=juror)
    messages.success(request, _("Peran juri dicabut; nilai yang sudah diberikan tetap tersimpan."))
    return redirect(reverse("innovations:call_detail", args=[call.pk]) + "#juri")


# --- Eligibility and nomination ------------------------------------------------------------------------


def _groups_and_categories(scheme_year):
    return scheme_year.group_choices(), scheme_year.category_choices()


@login_required
def eligibility(request, pk):
    """Can this innovation compete in a scheme-year group? One line per rule with the engine's reason."""
    innovation = selectors.innovation_get(user=request.user, pk=pk)
    if not access.may_view(request.user, innovation):  # published is not enough: SK and awards are private
        raise Http404
    services.ensure_shipped_schemes()
    years = list(selectors.scheme_years())
    if not years:
        raise Http404
    chosen_pk = int_param(request.GET, "skema", years[0].pk, min_value=1)
    scheme_year = next((y for y in years if y.pk == chosen_pk), years[0])
    groups, categories = _groups_and_categories(scheme_year)
    data = {
        "skema": str(scheme_year.pk),
        "kelompok": request.GET.get("kelompok") or (groups[0][0] if groups else ""),
        "kategori": request.GET.get("kategori", ""),
    }
    form = EligibilityForm(data, scheme_years=years, groups=groups, categories=categories)
    check = None
    if form.is_valid() and form.cleaned_data["kelompok"]:
        check = selectors.eligibility_check(
            innovation=innovation,
            scheme_year=scheme_year,
            group_code=form.cleaned_data["kelompok"],
            category=form.cleaned_data["kategori"],
        )
    return render(
        request,
        "innovations/selection/eligibility.html",
        {"innovation": innovation, "form": form, "check": check, "scheme_year": scheme_year},
        status=200 if check is not None or not request.GET else 400,
    )


@login_required
def nominate(request, pk):
    call = selectors.call_get(user=request.user, pk=pk)
    innovations = selectors.nominatable_innovations(user=request.user, call=call)
    if not innovations.exists():
        raise PermissionDenied
    groups, categories = _groups_and_categories(call.scheme_year)
    source = request.POST if request.method == "POST" else (request.GET or None)
    form = NominationForm(source, innovations=innovations, groups=groups, categories=categories)
    check = innovation = None
    if form.is_valid():
        innovation = innovations.get(pk=int(form.cleaned_data["innovation"]))
        check = selectors.eligibility_check(
            innovation=innovation,
            scheme_year=call.scheme_year,
            group_code=form.cleaned_data["group_code"],
            category=form.cleaned_data["category_code"],
            call=call,
        )
        if request.method == "POST":
            try:
                nomination = services.nomination_create(
                    actor=request.user,
                    call=call,
                    innovation=innovation,
                    group_code=form.cleaned_data["group_code"],
                    category_code=form.cleaned_data["category_code"] or "",
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, _("%(i)s diusulkan. Susun proposalnya di bawah ini.") % {"i": innovation.name}
                )
                return redirect("innovations:proposal", nomination.pk)
    return render(
        request,
        "innovations/selection/nominate.html",
        {
            "call": call,
            "form": form,
            "check": check,
            "innovation": innovation,
            "open": call.status == CallStatus.OPEN and timezone.localdate() <= call.nomination_deadline,
        },
        status=400 if form.errors else 200,
    )


@login_required
def nomination_detail(request, pk):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    call = nomination.call
    check = selectors.eligibility_check(
        innovation=nomination.innovation,
        scheme_year=call.scheme_year,
        group_code=nomination.group_code,
        category=nomination.category_code,
        call=call,
    )
    return render(
        request,
        "innovations/selection/nomination_detail.html",
        {
            "nomination": nomination,
            "call": call,
            "check": check,
            "may_draft": access.may_edit(request.user, nomination.innovation)
            or access.may_manage_call(request.user, call),
            "may_withdraw": access.may_edit(request.user, nomination.innovation)
            and nomination.status == NominationStatus.NOMINATED
            and call.status in (CallStatus.OPEN, CallStatus.SCORING),
            "scores": selectors.scores_visible_to(user=request.user, nomination=nomination),
            "aspect_names": {a.code: a.name for a in selectors.nomination_aspects(nomination)},
        },
    )


@login_required
@require_POST
def nomination_withdraw(request, pk):
    nomination = selectors.nomination_get(user=request.user, pk=pk, action="draft")
    try:
        services.nomination_withdraw(
            actor=request.user, nomination=nomination, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Usulan ditarik."))
    return redirect("innovations:nomination_detail", nomination.pk)


# --- Jury ---------------------------------------------------------------------------------------------


@login_required
def jury(request, pk):
    """A juror's list: the nominations to score (never those of the juror's own perangkat daerah)."""
    call = selectors.call_get(user=request.user, pk=pk)
    juror = access.juror_of(request.user, call)
    if juror is None:
        raise PermissionDenied
    tasks = selectors.juror_tasks(juror=juror)
    return render(
        request,
        "innovations/selection/jury.html",
        {"call": call, "tasks": tasks, "done": bool(tasks) and all(t.submitted for t in tasks)},
    )


@login_required
def score(request, pk):
    """A juror scores each aspect with a comment, saves a draft and submits; once submitted, the other
    submitted jurors' scores show."""
    nomination = selectors.nomination_get(user=request.user, pk=pk, action="score")
    call = nomination.call
    juror = access.juror_of(request.user, call)
    aspects = selectors.nomination_aspects(nomination)
    scale = selectors.scheme_of(call.scheme_year)
    mine = {s.aspect_code: s for s in nomination.scores.filter(juror=juror)}
    submitted = bool(mine) and all(s.submitted for s in mine.values())
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    comments: dict[str, str] = {}
    if request.method == "POST" and not submitted:
        for a in aspects:
            raw = (request.POST.get(f"value-{a.code}") or "").strip()
            comment = request.POST.get(f"comment-{a.code}") or ""
            values[a.code], comments[a.code] = raw, comment
            if not raw:
                continue
            try:
                services.score_save(
                    actor=request.user, nomination=nomination, aspect_code=a.code, value=raw, comment=comment
                )
            except ValidationError as exc:
                errors[a.code] = _errors(exc)
        if not errors and "submit" in request.POST:
            try:
                services.score_submit(actor=request.user, nomination=nomination)
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("Penilaian dikirim."))
                return redirect("innovations:score", nomination.pk)
        elif not errors:
            messages.success(request, _("Draf nilai disimpan."))
            return redirect("innovations:score", nomination.pk)
        else:
            messages.error(request, _("Sebagian nilai belum tersimpan; periksa isian yang ditandai."))
    rows = []
    for a in aspects:
        s = mine.get(a.code)
        rows.append(
            {
                "aspect": a,
                "value": values.get(a.code, "" if s is None else str(s.value).replace(".", ",")),
                "comment": comments.get(a.code, "" if s is None else s.comment),
                "error": errors.get(a.code, ""),
            }
        )
    texts = selectors.proposal_current(nomination)
    others = []
    if submitted:
        others = [
            s
            for s in selectors.scores_visible_to(user=request.user, nomination=nomination)
            if s.juror_id != juror.pk
        ]
    return render(
        request,
        "innovations/selection/score.html",
        {
            "nomination": nomination,
            "call": call,
            "rows": rows,
            "submitted": submitted,
            "scale": scale.scale if scale else None,
            "texts": {a.code: texts.get(a.code) for a in aspects},
            "others": others,
            "aspect_names": {a.code: a.name for a in aspects},
            "open": call.status == CallStatus.SCORING,
        },
        status=400 if errors else 200,
    )


# --- Ranking and decision ------------------------------------------------------------------------------


@login_required
def ranking(request, pk):
    call = selectors.call_get(user=request.user, pk=pk)
    manager = access.may_manage_call(request.user, call)
    juror = access.juror_of(request.user, call)
    if not manager and not (juror is not None and selectors.juror_done(juror)):
        raise PermissionDenied
    return render(
        request,
        "innovations/selection/ranking.html",
        {
            "call": call,
            "groups": selectors.call_ranking(call),
            "manager": manager,
            "labels": scoring.DECISION_LABELS,
            "may_decide": manager and call.status in (CallStatus.SCORING, CallStatus.CLOSED),
            "forwarded": selectors.forwarded_count(call),
        },
    )


def _entry_of(call, nomination_pk: int):
    """(nomination, total, rank) of a ranked or unscorable nomination of the call, else None."""
    for group in selectors.call_ranking(call):
        for row in group.rows:
            if row.nomination.pk == nomination_pk:
                return row.nomination, row.entry.total_display, row.entry.rank
        for nomination in group.unscored:
            if nomination.pk == nomination_pk:
                return nomination, None, None
    return None


@login_required
@require_POST
def decide(request, pk):
    """Record one decision (selected / not selected) with the engine's total and rank."""
    call = selectors.call_get(user=request.user, pk=pk, manage=True)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan dari daftar."))
        return redirect("innovations:ranking", call.pk)
    found = _entry_of(call, form.cleaned_data["nomination"])
    if found is None:
        raise Http404
    nomination, total, rank = found
    try:
        services.nomination_decide(
            actor=request.user,
            nomination=nomination,
            selected=form.cleaned_data["selected"],
            total_score=total,
            rank=rank,
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Keputusan untuk %(i)s dicatat.") % {"i": nomination.innovation.name})
    return redirect(reverse("innovations:ranking", args=[call.pk]) + f"#n-{nomination.pk}")


@login_required
@require_POST
def apply_ranking(request, pk):
    """Decide every undecided nomination the engine puts clearly forward or not (ties at the cap and
    nominations that cannot be ranked wait for an explicit decision)."""
    call = selectors.call_get(user=request.user, pk=pk, manage=True)
    done = 0
    for group in selectors.call_ranking(call):
        if group.cap is None:
            continue
        for row in group.rows:
            decision = row.entry.decision
            if row.nomination.status != NominationStatus.NOMINATED or decision not in (
                scoring.FORWARD,
                scoring.NOT_FORWARD,
            ):
                continue
            try:
                services.nomination_decide(
                    actor=request.user,
                    nomination=row.nomination,
                    selected=decision == scoring.FORWARD,
                    total_score=row.entry.total_display,
                    rank=row.entry.rank,
                )
            except ValidationError as exc:
                messages.error(request, _errors(exc))
                return redirect("innovations:ranking", call.pk)
            done += 1
    messages.success(request, _("%(n)s keputusan dicatat dari peringkat dan kuota.") % {"n": done})
    return redirect("innovations:ranking", call.pk)


# --- Proposal drafting ----------------------------------------------------------------------------------


def _aspect_of(nomination, code: str):
    for a in selectors.nomination_aspects(nomination):
        if a.code == code:
            return a
    raise Http404


def proposal_rows(nomination) -> list[dict]:
    """Each aspect in the scheme's order with its current text and word count against the limit."""
    texts = selectors.proposal_current(nomination)
    rows = []
    for a in selectors.nomination_aspects(nomination):
        current = texts.get(a.code)
        text = current.text if current else ""
        count = words_count(text)
        rows.append(
            {
                "aspect": a,
                "current": current,
                "text": text,
                "words": count,
                "over": a.max_words is not None and count > a.max_words,
            }
        )
    return rows


@login_required
def proposal(request, pk):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    comments = nomination.comments.select_related("author").order_by("created_at", "id")
    counts: dict[str, int] = {}
    for c in comments:
        counts[c.aspect_code] = counts.get(c.aspect_code, 0) + 1
    return render(
        request,
        "innovations/selection/proposal.html",
        {
            "nomination": nomination,
            "call": nomination.call,
            "rows": proposal_rows(nomination),
            "comment_counts": counts,
            "may_draft": access.may_edit(request.user, nomination.innovation)
            or access.may_manage_call(request.user, nomination.call),
            "attachments": selectors.proposal_attachments(nomination),
        },
    )


def _may_comment(user, nomination) -> bool:
    return (
        access.may_edit(user, nomination.innovation)
        or access.may_manage_call(user, nomination.call)
        or access.juror_of(user, nomination.call) is not None
    )


@login_required
def proposal_aspect(request, pk, aspect):
    """One aspect's editor: the question, the text with its live word count, versions and comments."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    a = _aspect_of(nomination, aspect)
    may_draft = access.may_edit(request.user, nomination.innovation) or access.may_manage_call(
        request.user, nomination.call
    )
    current = selectors.proposal_current(nomination).get(a.code)
    form = ProposalTextForm(initial={"text": current.text if current else ""})
    status = 200
    if request.method == "POST":
        if not may_draft:
            raise PermissionDenied
        form = ProposalTextForm(request.POST)
        if form.is_valid() and "impact" in request.POST:
            # Appended to the editor, not saved: the author trims it to the limit, then saves.
            try:
                evidence = _impact_text(nomination.innovation)
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                text = f"{form.cleaned_data['text'].rstrip()}\n\n{evidence}".strip()
                form = ProposalTextForm(data={"text": text})
                form.is_valid()
                messages.info(
                    request,
                    _("Data dampak disisipkan di akhir teks; periksa, ringkas bila perlu, lalu simpan."),
                )
        elif form.is_valid():
            try:
                row = services.proposal_text_save(
                    actor=request.user,
                    nomination=nomination,
                    aspect_code=a.code,
                    text=form.cleaned_data["text"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
                status = 400
            else:
                if current is not None and row.pk == current.pk:
                    messages.info(
                        request, _("Tidak ada perubahan; versi %(v)s tetap berlaku.") % {"v": row.version}
                    )
                else:
                    messages.success(request, _("Tersimpan sebagai versi %(v)s.") % {"v": row.version})
                return redirect("innovations:proposal_aspect", nomination.pk, a.code)
        else:
            status = 400
    text = form["text"].value() or ""
    return render(
        request,
        "innovations/selection/proposal_aspect.html",
        {
            "nomination": nomination,
            "call": nomination.call,
            "aspect": a,
            "form": form,
            "current": current,
            "words": words_count(text),
            "versions": selectors.proposal_versions(nomination, a.code),
            "comments": nomination.comments.filter(aspect_code=a.code).select_related("author"),
            "comment_form": CommentForm(),
            "may_draft": may_draft,
            "may_comment": _may_comment(request.user, nomination),
            "impact_available": may_draft,
        },
        status=status,
    )


def _impact_text(innovation) -> str:
    """The innovation's evidence of impact from Sewaka's data as plain text (impact.impact_text)."""
    if innovation.started_on is None:
        raise ValidationError(
            _("Isi tanggal mulai diterapkan pada data inovasi sebelum menyisipkan data dampak.")
        )
    return impact.impact_text(
        impact.impact(
            unit_ids=[innovation.unit_id, *innovation.partner_units.values_list("pk", flat=True)],
            service_ids=list(innovation.services.values_list("pk", flat=True)),
            started_on=innovation.started_on,
        )
    )


@login_required
def proposal_version(request, pk, aspect, version):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    a = _aspect_of(nomination, aspect)
    row = selectors.proposal_versions(nomination, a.code).filter(version=version).first()
    if row is None:
        raise Http404
    return render(
        request,
        "innovations/selection/proposal_version.html",
        {
            "nomination": nomination,
            "call": nomination.call,
            "aspect": a,
            "row": row,
            "words": words_count(row.text),
        },
    )


@login_required
@require_POST
def proposal_comment(request, pk, aspect):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    a = _aspect_of(nomination, aspect)
    if not _may_comment(request.user, nomination):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_comment_add(
                actor=request.user, nomination=nomination, aspect_code=a.code, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Komentar ditambahkan."))
    else:
        messages.error(request, " ".join(form.errors.get("text", [])) or _("Komentar tidak boleh kosong."))
    return redirect(reverse("innovations:proposal_aspect", args=[nomination.pk, a.code]) + "#komentar")
