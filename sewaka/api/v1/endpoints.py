"""The endpoints of API v1. Public: the open datasets (no token, rate-limited per address). Staff: a
personal token; every read goes through the same selectors as the pages (organisations.access), so the API
never shows more than the pages would to the same user."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import File, Form, Header, Query, Router, Status, UploadedFile

from sewaka.complaints import selectors as complaint_selectors
from sewaka.followups import selectors as followup_selectors
from sewaka.followups import services as followup_services
from sewaka.opendata.catalogue import built
from sewaka.opendata.datasets import DATASETS
from sewaka.organisations.access import Action, get_unit_for, may_see_reporter, roles_of
from sewaka.organisations.selectors import unit_list
from sewaka.standards import selectors as standard_selectors
from sewaka.surveys import ikm
from sewaka.surveys import selectors as survey_selectors
from sewaka.surveys import services as survey_services

from . import schemas as s
from .auth import public_limit
from .errors import ERRORS, PUBLIC_ERRORS, ApiError

public = Router(tags=["Data terbuka"])
staff = Router()


def _page(qs, q: s.PageQuery, convert) -> dict:
    count = qs.count() if hasattr(qs, "count") and not isinstance(qs, list) else len(qs)
    rows = qs[q.offset : q.offset + q.limit]
    return {"count": count, "limit": q.limit, "offset": q.offset, "results": [convert(r) for r in rows]}


def _unit(user, pk):
    """The filter unit: one the user may see (404 otherwise, like the pages)."""
    return None if pk is None else get_unit_for(user, pk, Action.VIEW)


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def _day_end(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.max))


def _json(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is not None and not isinstance(value, bool | int | float | str):
        return float(value)  # Decimal
    return value


# --- Public -------------------------------------------------------------------------------------------


@public.get(
    "/datasets",
    response={200: list[s.DatasetOut], **PUBLIC_ERRORS},
    auth=None,
    operation_id="datasets",
    summary=_lazy("Daftar dataset terbuka"),
)
def datasets(request):
    """The open datasets (the catalogue at /data/)."""
    public_limit(request)
    out = []
    for d in DATASETS.values():
        columns = built(d.slug).table.columns  # the catalogue's cached table
        out.append(
            {
                "slug": d.slug,
                "title": str(d.title),
                "description": str(d.description),
                "frequency": str(d.frequency),
                "columns": [
                    {"key": c.key, "label": str(c.label), "description": str(c.meaning), "type": c.kind}
                    for c in columns
                ],
            }
        )
    return out


@public.get(
    "/datasets/{slug}",
    response={200: s.DatasetRows, **PUBLIC_ERRORS},
    auth=None,
    operation_id="dataset_rows",
    summary=_lazy("Baris satu dataset terbuka"),
)
def dataset_rows(request, slug: str, q: Query[s.PageQuery]):
    """The rows of one open dataset, paginated."""
    public_limit(request)
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404
    table = built(dataset.slug).table  # the same cached rows as the /data/ downloads
    keys = [c.key for c in table.columns]
    page = _page(table.rows, q, lambda row: {k: _json(v) for k, v in zip(keys, row, strict=True)})
    return {"slug": slug, **page}


# --- Staff: who am I, units ---------------------------------------------------------------------------


@staff.get(
    "/me",
    response={200: s.MeOut, **ERRORS},
    tags=["Akun"],
    operation_id="me",
    summary=_lazy("Pengguna token ini"),
)
def me(request):
    """The token's user and roles."""
    user, token = request.auth, request.api_token
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "roles": sorted(roles_of(user)),
        "token_name": token.name,
        "token_expires_at": token.expires_at,
    }


def _unit_out(u) -> dict:
    return {
        "id": u.pk,
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent_id": u.parent_id,
        "home_agency_id": u.home_agency_id,
        "is_active": u.is_active,
    }


@staff.get(
    "/units",
    response={200: s.UnitPage, **ERRORS},
    tags=["Unit"],
    operation_id="units",
    summary=_lazy("Unit dalam cakupan"),
)
def units(request, q: Query[s.UnitFilter]):
    """Units in the token user's scope (the unit list page)."""
    qs = unit_list(user=request.auth)
    unit = _unit(request.auth, q.unit)
    if unit is not None:
        qs = qs.filter(path__startswith=unit.path)
    return _page(qs, q, _unit_out)


# --- SKM ----------------------------------------------------------------------------------------------


def _period_out(p, respondents: int | None = None) -> dict:
    return {
        "id": p.pk,
        "unit_id": p.unit_id,
        "unit_code": p.unit.code,
        "name": p.name,
        "kind": p.kind,
        "start": p.start,
        "end": p.end,
        "status": p.status,
        "published_at": p.published_at,
        "respondents": respondents if respondents is not None else getattr(p, "n", 0),
    }


@staff.get(
    "/skm/periods",
    response={200: s.PeriodPage, **ERRORS},
    tags=["SKM"],
    operation_id="skm_periods",
    summary=_lazy("Periode SKM"),
)
def skm_periods(request, q: Query[s.PeriodFilter]):
    """SKM periods of the units in scope; `start`/`end` keep the periods overlapping that range."""
    qs = survey_selectors.period_list(user=request.auth, unit=_unit(request.auth, q.unit))
    if q.start:
        qs = qs.filter(end__gte=q.start)
    if q.end:
        qs = qs.filter(start__lte=q.end)
    if q.status:
        qs = qs.filter(status=q.status)
    return _page(qs, q, _period_out)


def _f(value) -> float | None:
    return None if value is None else float(value)


@staff.get(
    "/skm/periods/{period_id}",
    response={200: s.PeriodResultOut, **ERRORS},
    tags=["SKM"],
    operation_id="skm_period",
    summary=_lazy("Periode SKM dan hasilnya"),
)
def skm_period(request, period_id: int):
    """A period with its results (the results page: IKM, mutu, NRR per unsur)."""
    period = survey_selectors.period_get(user=request.auth, pk=period_id)
    res = survey_selectors.period_results(period)
    return {
        **_period_out(period, res.respondents),
        "ikm": _f(res.result.ikm),
        "mutu": res.result.mutu or "",
        "target_sample": res.target,
        "excluded": res.excluded,
        "flagged": res.flagged,
        "unsur": [
            {"key": u.key, "label": str(u.label), "nrr": _f(u.nrr), "ikm_scale": _f(u.ikm_equiv)}
            for u in res.result.unsur
        ],
    }


def _response_out(r) -> dict:
    return {
        "id": r.pk,
        "uid": str(r.uid),
        "period_id": r.period_id,
        "service_id": r.service_id,
        "submitted_at": r.submitted_at,
        "source": r.source,
        "answers": {k: getattr(r, k) for k in ikm.UNSUR_KEYS},
        "gender": r.gender,
        "age": r.age,
        "education": r.education,
        "occupation": r.occupation,
        "why": r.why,
        "suggestion": r.suggestion,
        "is_included": r.is_included,
        "is_flagged": r.is_flagged,
    }


@staff.get(
    "/skm/periods/{period_id}/responses",
    response={200: s.ResponsePage, **ERRORS},
    tags=["SKM"],
    operation_id="skm_responses",
    summary=_lazy("Jawaban responden satu periode"),
)
def skm_responses(request, period_id: int, q: Query[s.DateFilter]):
    """The period's responses, without client or address hashes; `start`/`end` filter by submission date."""
    period = survey_selectors.period_get(user=request.auth, pk=period_id)
    qs = survey_selectors.period_responses(user=request.auth, period=period)
    if q.unit is not None:
        _unit(request.auth, q.unit)
        qs = qs.filter(unit_id=q.unit)
    if q.start:
        qs = qs.filter(submitted_at__gte=_day_start(q.start))
    if q.end:
        qs = qs.filter(submitted_at__lte=_day_end(q.end))
    return _page(qs, q, _response_out)


def _api_key(user, key: str) -> str:
    return "api:" + hashlib.sha256(f"{user.pk}:{key}".encode()).hexdigest()[:56]


@staff.post(
    "/skm/periods/{period_id}/responses",
    response={200: s.ResponseCreated, 201: s.ResponseCreated, **ERRORS},
    tags=["SKM"],
    operation_id="skm_response_submit",
    summary=_lazy("Kirim jawaban dari aplikasi kios unit"),
)
def skm_response_submit(
    request,
    period_id: int,
    body: s.ResponseIn,
    idempotency_key: str = Header(
        None, alias="Idempotency-Key", description="Wajib: kunci unik per jawaban (1–100 karakter)."
    ),
):
    """Submit one answer from the unit's own kiosk app. The same Idempotency-Key with the same body returns
    the stored answer (200, created false); with a different body: 422."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise ApiError(
            422,
            "idempotency_key_required",
            _("Header Idempotency-Key wajib diisi (1–100 karakter)."),
            ("header", "Idempotency-Key"),
        )
    period = survey_selectors.period_get(user=request.auth, pk=period_id, action=Action.ACT)
    kiosk = None
    if body.kiosk_id is not None:
        kiosk = survey_selectors.unit_kiosk(unit=period.unit, pk=body.kiosk_id)
        if kiosk is None:
            raise ApiError(
                422, "invalid", _("Kios tidak terdaftar pada unit periode ini."), ("body", "kiosk_id")
            )
    unknown = set(body.answers) - set(ikm.UNSUR_KEYS)
    if unknown:
        raise ApiError(
            422,
            "invalid",
            _("Unsur tidak dikenal: %(k)s.") % {"k": ", ".join(sorted(unknown))},
            ("body", "answers"),
        )
    submission = survey_services.Submission(
        answers={k: body.answers.get(k) for k in ikm.UNSUR_KEYS},
        service_id=body.service_id,
        gender=body.gender,
        age=body.age,
        education=body.education,
        occupation=body.occupation,
        suggestion=body.suggestion,
    )
    response, created = survey_services.response_submit(
        period=period,
        submission=submission,
        idempotency_key=_api_key(request.auth, key),
        source="kiosk",
        kiosk=kiosk,
        entered_by=request.auth,
        duration_seconds=body.duration_seconds,
    )
    if not created:
        same = (
            response.period_id == period.pk
            and response.service_id == body.service_id
            and all(getattr(response, k) == submission.answers[k] for k in ikm.UNSUR_KEYS)
        )
        if not same:
            raise ApiError(
                422,
                "idempotency_key_conflict",
                _("Idempotency-Key ini sudah dipakai untuk jawaban yang berbeda."),
                ("header", "Idempotency-Key"),
            )
    return Status(201 if created else 200, {"id": response.pk, "uid": str(response.uid), "created": created})


# --- Follow-ups ---------------------------------------------------------------------------------------


def _followup_out(f, user) -> dict:
    return {
        "id": f.pk,
        "unit_id": f.unit_id,
        "title": f.title,
        "description": f.description,
        "status": f.status,
        "due": f.due,
        "owner": (f.owner.get_full_name() or f.owner.get_username()) if f.owner_id else "",
        "done_at": f.done_at,
        "verified_at": f.verified_at,
        "next_steps": followup_selectors.followup_next_steps(user=user, followup=f),
    }


@staff.get(
    "/followups",
    response={200: s.FollowUpPage, **ERRORS},
    tags=["Tindak lanjut"],
    operation_id="followups",
    summary=_lazy("Tindak lanjut"),
)
def followups(request, q: Query[s.StatusFilter]):
    """Follow-ups of the units in scope; `start`/`end` filter by due date."""
    qs = followup_selectors.followup_list(
        user=request.auth, filters={"unit": _unit(request.auth, q.unit), "status": q.status}
    )
    if q.start:
        qs = qs.filter(due__gte=q.start)
    if q.end:
        qs = qs.filter(due__lte=q.end)
    return _page(qs, q, lambda f: _followup_out(f, request.auth))


@staff.get(
    "/followups/{followup_id}",
    response={200: s.FollowUpOut, **ERRORS},
    tags=["Tindak lanjut"],
    operation_id="followup",
    summary=_lazy("Satu tindak lanjut"),
)
def followup(request, followup_id: int):
    return _followup_out(followup_selectors.followup_get(user=request.auth, pk=followup_id), request.auth)


@staff.post(
    "/followups/{followup_id}/transition",
    response={200: s.FollowUpOut, **ERRORS},
    tags=["Tindak lanjut"],
    operation_id="followup_transition",
    summary=_lazy("Ubah status tindak lanjut"),
)
def followup_transition(request, followup_id: int, body: s.TransitionIn):
    """Change the status (the same rules as the page: who may, what it needs)."""
    f = followup_selectors.followup_get(user=request.auth, pk=followup_id)
    f = followup_services.followup_transition(followup=f, to=body.to, actor=request.auth, note=body.note)
    return _followup_out(f, request.auth)


@staff.post(
    "/followups/{followup_id}/evidence",
    response={201: s.EvidenceOut, **ERRORS},
    tags=["Tindak lanjut"],
    operation_id="followup_evidence",
    summary=_lazy("Unggah bukti tindak lanjut"),
)
def followup_evidence(
    request,
    followup_id: int,
    file: File[UploadedFile],
    description: str = Form("", max_length=500, pattern=r"^[^\x00]*$"),
):
    """Upload an evidence file (PDF, JPEG or PNG; checked by content like the page's upload)."""
    f = followup_selectors.followup_get(user=request.auth, pk=followup_id)
    if not followup_selectors.may_work_on(request.auth, f):
        raise PermissionDenied
    attachment = followup_services.followup_add_evidence(
        followup=f, actor=request.auth, uploaded=file, description=description
    )
    return Status(
        201,
        {
            "id": str(attachment.pk),
            "name": attachment.original_name,
            "size": attachment.size,
            "mime": attachment.mime,
        },
    )


# --- Complaints ---------------------------------------------------------------------------------------


def _complaint_out(c, user) -> dict:
    visible = may_see_reporter(user, c)
    return {
        "id": c.pk,
        "code": c.code,
        "channel": c.channel,
        "privacy": c.privacy,
        "status": c.status,
        "received_at": c.received_at,
        "handling_unit_id": c.handling_unit_id,
        "reported_unit_id": c.reported_unit_id,
        "service_id": c.service_id,
        "what_happened": c.what_happened,
        "request": c.request,
        "identity_visible": visible,
        "reporter": {
            "name": c.reporter_name,
            "nik": c.reporter_nik,
            "phone": c.reporter_phone,
            "email": c.reporter_email,
            "address": c.reporter_address,
        }
        if visible
        else None,
    }


@staff.get(
    "/complaints",
    response={200: s.ComplaintPage, **ERRORS},
    tags=["Pengaduan"],
    operation_id="complaints",
    summary=_lazy("Pengaduan yang dapat Anda tangani"),
)
def complaints(request, q: Query[s.StatusFilter]):
    """Complaints the token user may handle (the complaint list page); the reporter's identity only where
    the case page shows it. `start`/`end` filter by the date received."""
    qs = complaint_selectors.complaint_list(
        user=request.auth, filters={"unit": _unit(request.auth, q.unit), "status": q.status}
    ).select_related("reported_unit", "receiving_unit", "handling_unit__home_agency")
    if q.start:
        qs = qs.filter(received_at__gte=_day_start(q.start))
    if q.end:
        qs = qs.filter(received_at__lte=_day_end(q.end))
    return _page(qs, q, lambda c: _complaint_out(c, request.auth))


@staff.get(
    "/complaints/{complaint_id}",
    response={200: s.ComplaintOut, **ERRORS},
    tags=["Pengaduan"],
    operation_id="complaint",
    summary=_lazy("Satu pengaduan"),
)
def complaint(request, complaint_id: int):
    return _complaint_out(complaint_selectors.complaint_get(user=request.auth, pk=complaint_id), request.auth)


# --- Standards ----------------------------------------------------------------------------------------


def _standard_out(st, service) -> dict:
    return {
        "id": st.pk,
        "service_id": service.pk,
        "service_name": service.name,
        "version": st.version,
        "status": st.status,
        "decree_number": st.decree_number,
        "decree_date": st.decree_date,
        "components": {key: text for key, _label, text in standard_selectors.component_texts(st)},
    }


@staff.get(
    "/units/{unit_id}/standards",
    response={200: s.StandardPage, **ERRORS},
    tags=["Standar pelayanan"],
    operation_id="unit_standards",
    summary=_lazy("Standar pelayanan satu unit"),
)
def unit_standards(request, unit_id: int, q: Query[s.PageQuery]):
    """Every version of the service standards of one unit in scope (the unit's standards page)."""
    unit = get_unit_for(request.auth, unit_id, Action.VIEW)
    rows = [
        (st, row["service"])
        for row in standard_selectors.unit_standards(user=request.auth, unit=unit)
        for st in row["versions"]
    ]
    return _page(rows, q, lambda pair: _standard_out(*pair))
