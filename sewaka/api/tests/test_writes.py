"""Writes through the API: SKM answers with a required Idempotency-Key, follow-up status and evidence."""

import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sewaka.core.models import AuditEvent
from sewaka.followups.models import FollowUp
from sewaka.followups.services import followup_create
from sewaka.surveys.ikm import UNSUR_KEYS
from sewaka.surveys.models import Response
from sewaka.surveys.tests.factories import make_period

from .helpers import assert_error_shape, bearer
from .test_access_matrix import PNG

ANSWERS = dict.fromkeys(UNSUR_KEYS, 4)


def _submit(client, period, h, key, answers=ANSWERS, **extra):
    headers = {**h, **({"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {})}
    return client.post(
        f"/api/v1/skm/periods/{period.pk}/responses",
        {"answers": answers, **extra},
        content_type="application/json",
        **headers,
    )


def test_idempotent_submission(client, tree, operator_unit_a):
    period = make_period(tree.pkm_a)
    h = bearer(operator_unit_a)
    first = _submit(client, period, h, "kios-1-0001")
    assert first.status_code == 201 and first.json()["created"] is True
    again = _submit(client, period, h, "kios-1-0001")
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert Response.objects.filter(period=period).count() == 1
    stored = Response.objects.get()
    assert stored.source == "kiosk" and stored.entered_by == operator_unit_a
    assert AuditEvent.objects.filter(action="response.submit").count() == 1
    other = _submit(client, period, h, "kios-1-0001", answers={**ANSWERS, "waktu": 1})
    assert_error_shape(other, 422, "idempotency_key_conflict")
    assert Response.objects.filter(period=period).count() == 1
    # Another user's same key is another answer (keys are per user).
    h2 = bearer(operator_unit_a)
    assert _submit(client, period, h2, "kios-1-0002").status_code == 201


def test_key_is_required(client, tree, operator_unit_a):
    period = make_period(tree.pkm_a)
    h = bearer(operator_unit_a)
    body = assert_error_shape(_submit(client, period, h, None), 422, "idempotency_key_required")
    assert "Idempotency-Key" in body["detail"]
    assert_error_shape(_submit(client, period, h, "x" * 101), 422, "idempotency_key_required")
    assert not Response.objects.exists()


def test_bad_answers_and_closed_period(client, tree, operator_unit_a):
    period = make_period(tree.pkm_a)
    h = bearer(operator_unit_a)
    assert_error_shape(_submit(client, period, h, str(uuid.uuid4()), answers={"waktu": 9}), 422, "invalid")
    assert_error_shape(_submit(client, period, h, str(uuid.uuid4()), answers={"siapa": 3}), 422, "invalid")
    assert_error_shape(_submit(client, period, h, str(uuid.uuid4()), answers={}), 422, "invalid")
    closed = make_period(tree.pkm_a, name="Tutup", open_=False)
    body = assert_error_shape(_submit(client, closed, h, str(uuid.uuid4())), 422, "invalid")
    assert "ditutup" in body["detail"]
    assert not Response.objects.exists()


def test_pimpinan_may_not_submit(client, tree, pimpinan):
    period = make_period(tree.pkm_a)
    assert_error_shape(_submit(client, period, bearer(pimpinan), "k1"), 403, "forbidden")


def _followup(unit):
    return followup_create(
        source=unit,
        unit=unit,
        title="Pasang papan alur",
        owner=None,
        due=timezone.localdate() + timedelta(days=7),
        actor=None,
    )


def test_followup_status_through_its_rules(client, tree, operator_unit_a, tim_monev):
    f = _followup(tree.pkm_a)
    h = bearer(operator_unit_a)
    url = f"/api/v1/followups/{f.pk}/transition"
    body = assert_error_shape(
        client.post(url, {"to": "done"}, content_type="application/json", **h), 422, "invalid"
    )
    assert "bukti" in body["detail"]
    assert_error_shape(
        client.post(url, {"to": "verified"}, content_type="application/json", **h), 422, "invalid"
    )
    ok = client.post(url, {"to": "done", "note": "Sudah dipasang."}, content_type="application/json", **h)
    assert ok.status_code == 200 and ok.json()["status"] == "done"
    assert FollowUp.objects.get(pk=f.pk).status == "done"
    assert AuditEvent.objects.filter(action="followup.done").exists()
    # Verifying is Tim Monev's (and admin pemda's), not the operator's.
    assert_error_shape(
        client.post(url, {"to": "verified"}, content_type="application/json", **h), 403, "forbidden"
    )
    monev = client.post(url, {"to": "verified"}, content_type="application/json", **bearer(tim_monev))
    assert monev.status_code == 200 and monev.json()["status"] == "verified"


def test_followup_evidence_upload_is_checked(client, tree, operator_unit_a, pimpinan):
    f = _followup(tree.pkm_a)
    url = f"/api/v1/followups/{f.pk}/evidence"
    h = bearer(operator_unit_a)
    ok = client.post(url, {"file": SimpleUploadedFile("foto.png", PNG), "description": "Papan"}, **h)
    assert ok.status_code == 201, ok.content
    assert ok.json()["mime"] == "image/png"
    bad = client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a picture")}, **h)
    assert_error_shape(bad, 422, "invalid")
    assert_error_shape(client.post(url, {}, **h), 422, "invalid")
    denied = client.post(url, {"file": SimpleUploadedFile("foto.png", PNG)}, **bearer(pimpinan))
    assert_error_shape(denied, 403, "forbidden")


def test_error_shape_everywhere(client, tree, operator_unit_a):
    h = bearer(operator_unit_a)
    assert_error_shape(client.get("/api/v1/me"), 401, "unauthorized")
    assert_error_shape(client.get("/api/v1/skm/periods/999999", **h), 404, "not_found")
    assert_error_shape(client.get("/api/v1/skm/periods/abc", **h), 422, "invalid")
    assert_error_shape(client.get("/api/v1/units?limit=1000", **h), 422, "invalid")
    assert_error_shape(client.get("/api/v1/skm/periods?start=kemarin", **h), 422, "invalid")
    assert_error_shape(client.get(f"/api/v1/units?unit={tree.capil.pk}", **h), 404, "not_found")
    f = _followup(tree.pkm_a)
    url = f"/api/v1/followups/{f.pk}/transition"
    assert_error_shape(client.post(url, "{not json", content_type="application/json", **h), 422)
    assert_error_shape(
        client.post(url, {"to": "x\x00"}, content_type="application/json", **h), 422, "invalid"
    )
    assert_error_shape(client.get("/api/v1/tidak-ada", **h), 404, "not_found")
    assert_error_shape(client.delete("/api/v1/me", **h), 405)


def test_validation_messages_are_indonesian(client, tree, operator_unit_a):
    h = bearer(operator_unit_a)
    body = assert_error_shape(client.get("/api/v1/units?limit=1000&offset=-1&start=x", **h), 422, "invalid")
    msgs = {tuple(e["loc"]): e["msg"] for e in body["errors"]}
    assert msgs[("query", "limit")] == "Paling besar 100."
    assert msgs[("query", "offset")] == "Paling kecil 0."
    body = assert_error_shape(client.get("/api/v1/skm/periods?start=kemarin", **h), 422, "invalid")
    assert body["errors"][0]["msg"].startswith("Tanggal tidak valid")
