"""The API's access matrix: every endpoint (discovered from the schema, so a new endpoint without a case
here fails) with a token of each role on Dinas Kesehatan, against its own unit, a child (Puskesmas A), a
sibling (Disdukcapil) and its parent (the pemda). The expectations are written out, not computed by the
code under test: a role reaches a unit's data only on its own unit and below, and only for the actions of
the pages' permission matrix."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sewaka.api.schema import schema
from sewaka.api.services import api_token_create
from sewaka.complaints.models import Complaint
from sewaka.complaints.services import complaint_submit
from sewaka.followups.services import followup_create
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member, make_unit
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.tests.factories import make_period, make_response

ROLES = (Role.OPERATOR, Role.PIMPINAN, Role.ADMIN_PEMDA, Role.TIM_MONEV, Role.PENGELOLA_PENGADUAN)
# The pages' permission matrix (organisations.access.ROLE_ACTIONS), written out.
ALLOWS = {
    Role.OPERATOR: {"view", "act"},
    Role.PIMPINAN: {"view"},
    Role.ADMIN_PEMDA: {"view", "act", "monev", "complaints", "manage"},
    Role.TIM_MONEV: {"view", "monev"},
    Role.PENGELOLA_PENGADUAN: {"view", "complaints"},
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _geometry(tree, role, other_pemda):
    """(the membership unit, {target: unit}). Admin pemda is granted on a pemda only: its sibling is another
    pemda and it has no parent."""
    if role == Role.ADMIN_PEMDA:
        return tree.pemda, {"own": tree.pemda, "child": tree.pkm_a, "sibling": other_pemda}
    return tree.dinkes, {"own": tree.dinkes, "child": tree.pkm_a, "sibling": tree.capil, "parent": tree.pemda}


def _period(unit):
    return make_period(unit, name=f"Periode {unit.code}")


def _followup(unit):
    return followup_create(
        source=unit,
        unit=unit,
        title=f"Tindak lanjut {unit.code}",
        owner=None,
        due=timezone.localdate() + timedelta(days=14),
        actor=None,
    )


def _complaint(unit):
    c, _new = complaint_submit(
        what_happened="Antrean panjang tanpa kepastian.",
        idempotency_key=str(uuid.uuid4()),
        reported_unit=unit,
        reporter_name="Komang Warga",
    )
    Complaint.objects.filter(pk=c.pk).update(handling_unit=unit, receiving_unit=unit)
    return Complaint.objects.get(pk=c.pk)


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# Each case: (the action the pages require, builder(unit) → object, request(client, obj, unit, headers)
# → response, allowed(response, obj) → bool). A list "allows" when the object is listed; a single object
# when it answers 2xx; a denial must be 403/404 in the one error shape (or absence from the list).
def _list(path, field="id"):
    def request(client, obj, unit, h):
        return client.get(path, {"limit": 100}, **h)

    def allowed(response, obj):
        assert response.status_code == 200, response.content
        return obj.pk in _ids(response)

    return request, allowed


def _status(response, obj):
    if 200 <= response.status_code < 300:
        return True
    assert response.status_code in (403, 404), (response.status_code, response.content)
    assert set(response.json()) == {"detail", "code"}
    return False


def _get(fmt):
    return lambda client, obj, unit, h: client.get(fmt.format(obj=obj, unit=unit), **h)


def _submit(client, period, unit, h):
    return client.post(
        f"/api/v1/skm/periods/{period.pk}/responses",
        {"answers": dict.fromkeys(UNSUR_KEYS, 4)},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        **h,
    )


def _transition(client, followup, unit, h):
    return client.post(
        f"/api/v1/followups/{followup.pk}/transition",
        {"to": "in_progress"},
        content_type="application/json",
        **h,
    )


def _evidence(client, followup, unit, h):
    upload = SimpleUploadedFile("bukti.png", PNG, content_type="image/png")
    return client.post(f"/api/v1/followups/{followup.pk}/evidence", {"file": upload}, **h)


def _unit_listed(response, unit):
    assert response.status_code == 200
    return unit.pk in _ids(response)


def _no_object(unit):
    return unit


CASES = {
    "datasets": ("public", _no_object, _get("/api/v1/datasets"), _status),
    "dataset_rows": ("public", _no_object, _get("/api/v1/datasets/hasil-skm"), _status),
    "me": ("any", _no_object, _get("/api/v1/me"), _status),
    "units": ("view", _no_object, *_list("/api/v1/units")),
    "skm_periods": ("view", _period, *_list("/api/v1/skm/periods")),
    "skm_period": ("view", _period, _get("/api/v1/skm/periods/{obj.pk}"), _status),
    "skm_responses": ("view", _period, _get("/api/v1/skm/periods/{obj.pk}/responses"), _status),
    "skm_response_submit": ("act", _period, _submit, _status),
    "followups": ("view", _followup, *_list("/api/v1/followups")),
    "followup": ("view", _followup, _get("/api/v1/followups/{obj.pk}"), _status),
    "followup_transition": ("act", _followup, _transition, _status),
    "followup_evidence": ({"act", "monev"}, _followup, _evidence, _status),
    "complaints": ("complaints", _complaint, *_list("/api/v1/complaints")),
    "complaint": ("complaints", _complaint, _get("/api/v1/complaints/{obj.pk}"), _status),
    "unit_standards": ("view", _no_object, _get("/api/v1/units/{unit.pk}/standards"), _status),
}


def _operations() -> set[str]:
    return {op["operationId"] for methods in schema()["paths"].values() for op in methods.values()}


@pytest.mark.django_db
def test_every_endpoint_has_a_case():
    assert _operations() == set(CASES), "add a case for every endpoint in CASES"


def _expected(action, role, target) -> bool:
    if action in ("public", "any"):
        return True
    actions = action if isinstance(action, set) else {action}
    return bool(actions & ALLOWS[role]) and target in ("own", "child")


@pytest.mark.parametrize("operation", sorted(CASES))
def test_access_matrix(client, tree, operation, settings):
    settings.SEWAKA_API_PUBLIC_RATE = 10_000
    action, build, request, allowed = CASES[operation]
    other_pemda = make_unit(code="kota-lain", name="Pemerintah Kota Lain")
    got, want = {}, {}
    for role in ROLES:
        home, units = _geometry(tree, role, other_pemda)
        user = make_member(home, role, f"u_{role}")
        _t, secret = api_token_create(actor=None, user=user, name="uji")
        h = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        for target, unit in units.items():
            obj = build(unit)
            if operation == "units":
                got[role, target] = _unit_listed(request(client, obj, unit, h), unit)
            else:
                got[role, target] = allowed(request(client, obj, unit, h), obj)
            want[role, target] = _expected(action, role, target)
    wrong = {k: v for k, v in got.items() if v != want[k]}
    assert not wrong, f"{operation}: allowed where denied or the reverse: {wrong}"


def test_without_a_token_only_public_endpoints_answer(client, tree):
    for operation, (action, build, request, _allowed) in CASES.items():
        obj = build(tree.pkm_a)
        response = request(client, obj, tree.pkm_a, {})
        if action == "public":
            assert response.status_code == 200, operation
        else:
            assert response.status_code == 401, operation
            assert response.json()["code"] == "unauthorized"


def test_responses_carry_no_client_hashes(client, tree, operator_unit_a):
    period = make_period(tree.pkm_a)
    make_response(period, client_id="browser-123", ip_hash="a" * 64)
    _t, secret = api_token_create(actor=None, user=operator_unit_a, name="uji")
    response = client.get(f"/api/v1/skm/periods/{period.pk}/responses", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    text = response.content.decode()
    assert response.json()["count"] == 1
    for leak in ("browser-123", "a" * 64, "client_id", "ip_hash", "idempotency"):
        assert leak not in text


@pytest.mark.parametrize("privacy", ["biasa", "rahasia", "anonim"])
@pytest.mark.parametrize("consent", [False, True])
def test_reporter_identity_exactly_as_the_case_page(client, tree, privacy, consent):
    """The case page is the oracle: the API shows the reporter where the page does, and only there."""
    people = [
        make_member(tree.pemda, Role.ADMIN_PEMDA, "adm"),
        make_member(tree.pemda, Role.PENGELOLA_PENGADUAN, "desk_pemda"),
        make_member(tree.dinkes, Role.PENGELOLA_PENGADUAN, "desk_dinkes"),
        make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "desk_pkm_a"),
        make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN, "desk_pkm_b"),
        make_member(tree.capil, Role.PENGELOLA_PENGADUAN, "desk_capil"),
        make_member(tree.dinkes, Role.OPERATOR, "op_dinkes"),
        make_member(tree.pemda, Role.PIMPINAN, "pimpinan_pemda"),
    ]
    c, _new = complaint_submit(
        what_happened="Petugas meminta uang tambahan.",
        idempotency_key=str(uuid.uuid4()),
        reported_unit=tree.pkm_a,
        privacy=privacy,
        reporter_name="Ni Luh Pelapor" if privacy != "anonim" else "",
        reporter_email="pelapor@example.test",
        consent_share_identity=consent,
    )
    Complaint.objects.filter(pk=c.pk).update(handling_unit=tree.pkm_a, receiving_unit=tree.dinkes)
    secret_mark = "pelapor@example.test"
    for person in people:
        client.force_login(person)
        page = client.get(f"/pengaduan-staf/{c.pk}/")
        _t, secret = api_token_create(actor=None, user=person, name="uji")
        h = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        one = client.get(f"/api/v1/complaints/{c.pk}", **h)
        listed = client.get("/api/v1/complaints", **h)
        client.logout()
        if page.status_code != 200:
            assert one.status_code == 404, person.username
            assert c.pk not in _ids(listed), person.username
            continue
        page_shows = secret_mark in page.content.decode()
        assert one.status_code == 200
        assert (secret_mark in one.content.decode()) == page_shows, person.username
        assert one.json()["identity_visible"] == page_shows
        row = next(r for r in listed.json()["results"] if r["id"] == c.pk)
        assert (row["reporter"] is not None) == page_shows, person.username
