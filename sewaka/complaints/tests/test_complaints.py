import logging
import uuid
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sewaka.complaints.models import Complaint, SlaLimit
from sewaka.complaints.services import (
    citizen_feedback,
    close_unanswered,
    complaint_submit,
    complaint_substantiate,
    complaint_transition,
    remind_due,
)
from sewaka.complaints.sla import deadlines
from sewaka.complaints.tokens import status_token
from sewaka.complaints.transitions import TRANSITIONS, Status
from sewaka.core.models import AuditEvent
from sewaka.core.services import dayoff_set
from sewaka.core.workdays import WITA
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

SECRET = {
    "reporter_name": "Ni Wayan Rahasia",
    "reporter_nik": "5171012345678901",
    "reporter_phone": "0812-9999-1111",
    "reporter_email": "rahasia@example.test",
    "reporter_address": "Jl. Rahasia No. 7",
}


def submit(unit=None, privacy="rahasia", **extra):
    data = {
        "what_happened": "Antrean KTP-el tiga jam tanpa kepastian.",
        "idempotency_key": str(uuid.uuid4()),
        "privacy": privacy,
        "reported_unit": unit,
        **SECRET,
        **extra,
    }
    return complaint_submit(**data)[0]


@pytest.fixture
def handler_a(tree):
    return make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "handler_a")


@pytest.fixture
def handler_b(tree):
    return make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN, "handler_b")


def test_the_worked_example_of_the_rulebook(db, tree):
    c = submit(tree.pkm_a, received_at=datetime(2026, 11, 27, 15, 0, tzinfo=WITA))
    due = {d.key: d.due for d in deadlines(c, now=datetime(2026, 11, 27, 16, 0, tzinfo=WITA))}
    assert due["verifikasi"] == datetime(2026, 12, 2, 23, 59, 59, tzinfo=WITA)
    dayoff_set(actor=None, pemda=None, date=date(2026, 11, 30), kind="local", name="Libur lokal")
    due = {d.key: d.due for d in deadlines(c, now=datetime(2026, 11, 27, 16, 0, tzinfo=WITA))}
    assert due["verifikasi"] == datetime(2026, 12, 3, 23, 59, 59, tzinfo=WITA)


def test_deadlines_skip_weekends_nyepi_and_cuti_bersama(db, tree):
    # Received Friday 5 March 2027: Nyepi Monday 8 March (package), cuti bersama 9 March (table).
    import time_machine

    dayoff_set(actor=None, pemda=None, date=date(2027, 3, 9), kind="cuti_bersama", name="Cuti bersama")
    with time_machine.travel(datetime(2027, 3, 5, 10, 30, tzinfo=WITA), tick=False):
        c = submit(tree.pkm_a, received_at=datetime(2027, 3, 5, 10, 0, tzinfo=WITA))
    due = {d.key: d.due.date() for d in deadlines(c, now=datetime(2027, 3, 5, 11, 0, tzinfo=WITA))}
    # Counted by hand: Mon 8 Nyepi, Tue 9 cuti bersama, Wed 10–Thu 11 Idul Fitri, Fri 12 and Mon 15 cuti
    # bersama (package); working days 16, 17, 18 March → verification due Thursday 18 March.
    assert due["verifikasi"] == date(2027, 3, 18)


def test_a_pause_waiting_for_the_reporter_moves_the_deadline(db, tree, handler_a, client):
    c = submit(tree.pkm_a, received_at=datetime(2026, 11, 23, 9, 0, tzinfo=WITA))  # Monday
    before = {d.key: d.due for d in deadlines(c, now=datetime(2026, 11, 23, 10, 0, tzinfo=WITA))}[
        "jawaban_pertama"
    ]
    import time_machine

    from sewaka.complaints.services import complaint_pause, complaint_resume

    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=WITA), tick=False):
        complaint_pause(complaint=c, actor=handler_a, question="Nomor antrean Anda?")
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=WITA), tick=False):
        complaint_resume(complaint=c, actor=handler_a)  # Tuesday 24 and Wednesday 25: 2 working days
    c.refresh_from_db()
    after = {d.key: d.due for d in deadlines(c, now=datetime(2026, 11, 23, 10, 0, tzinfo=WITA))}[
        "jawaban_pertama"
    ]
    assert after.date() == date(2026, 12, 2) and before.date() == date(2026, 11, 30)


def test_anonymous_complaints_store_no_identity(db, tree):
    c = submit(tree.pkm_a, privacy="anonim")
    assert (c.reporter_name, c.reporter_nik, c.reporter_phone, c.reporter_address) == ("", "", "", "")
    assert c.reporter_email == SECRET["reporter_email"]  # for notifications only, treated as rahasia


def test_a_rahasia_identity_never_leaves_the_handlers(db, client, tree, handler_a, admin_pemda, caplog):
    caplog.set_level(logging.DEBUG)
    c = submit(tree.pkm_a, privacy="rahasia", service=None)
    make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN, "handler_b").email = "b@example.test"
    complaint_transition(complaint=c, to=Status.DIVERIFIKASI, actor=admin_pemda)
    mail.outbox.clear()
    handler_b = make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN, "handler_b2")
    complaint_transition(
        complaint=c,
        to=Status.DIDISPOSISIKAN,
        actor=admin_pemda,
        unit=tree.pkm_b,
        instruction="Mohon ditangani.",
    )
    unit_mails = [m for m in mail.outbox if handler_b.email in m.to]
    assert unit_mails, "the new unit is notified"
    public = client.get(reverse("public_complaint_status", args=[status_token(c)])).content.decode()
    client.force_login(admin_pemda)
    export = client.get(reverse("complaints:export_xlsx")).content
    from openpyxl import load_workbook

    sheet_text = str([list(r) for r in load_workbook(BytesIO(export)).active.iter_rows(values_only=True)])
    audit_text = str(list(AuditEvent.objects.values_list("changes", "object_repr")))
    for value in SECRET.values():
        assert value not in public, value
        assert value not in sheet_text, value
        assert value not in audit_text, value
        assert value not in caplog.text, value
        for m in unit_mails:
            assert value not in m.body and value not in m.subject, value
    # Admin pemda sees it; the unit it was forwarded to handles the case without the identity.
    assert SECRET["reporter_name"] in client.get(c.get_absolute_url()).content.decode()
    client.force_login(handler_b)
    assert SECRET["reporter_name"] not in client.get(c.get_absolute_url()).content.decode()


def test_forwarding_moves_access_and_keeps_history(db, client, tree, handler_a, handler_b, admin_pemda):
    c = submit(tree.pkm_a, privacy="biasa")
    complaint_transition(complaint=c, to=Status.DIVERIFIKASI, actor=handler_a)
    complaint_transition(
        complaint=c, to=Status.DIDISPOSISIKAN, actor=handler_a, unit=tree.pkm_b, instruction="Wilayah B."
    )
    client.force_login(handler_a)
    assert client.get(c.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=c, to=Status.DALAM_TINDAK_LANJUT, actor=handler_a)
    client.force_login(handler_b)
    page = client.get(c.get_absolute_url()).content.decode()
    assert SECRET["reporter_name"] in page and "Puskesmas A" in page  # the history stays
    assert c.events.count() == 2


def test_the_table_rejects_illegal_moves_and_audits_legal_ones(db, tree, handler_a):
    c = submit(tree.pkm_a)
    with pytest.raises(ValidationError) as exc:
        complaint_transition(complaint=c, to=Status.SELESAI, actor=handler_a)
    assert "tidak dapat diubah menjadi" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        complaint_transition(complaint=c, to=Status.DITUTUP, actor=handler_a)  # needs a reason
    complaint_transition(complaint=c, to=Status.DIVERIFIKASI, actor=handler_a)
    complaint_transition(
        complaint=c,
        to=Status.DIDISPOSISIKAN,
        actor=handler_a,
        unit=tree.pkm_a.parent,
        instruction="Ke dinas.",
    )
    assert AuditEvent.objects.filter(object_id=str(c.pk), action__startswith="complaint.").count() == 3
    edges = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert (Status.SELESAI, Status.DALAM_TINDAK_LANJUT) not in edges and (
        Status.DITERIMA,
        Status.DIJAWAB,
    ) not in edges


def test_the_citizen_confirms_or_reopens_within_ten_working_days(db, tree, handler_a):
    c = submit(tree.pkm_a)
    for to, kw in (
        (Status.DIVERIFIKASI, {}),
        (Status.DIDISPOSISIKAN, {"unit": tree.pkm_b, "instruction": "Tangani."}),
    ):
        complaint_transition(
            complaint=c, to=to, actor=handler_a if to == Status.DIVERIFIKASI else handler_a, **kw
        )
    handler_b = make_member(tree.pkm_b, Role.PENGELOLA_PENGADUAN)
    complaint_transition(complaint=c, to=Status.DALAM_TINDAK_LANJUT, actor=handler_b)
    complaint_transition(complaint=c, to=Status.DIJAWAB, actor=handler_b, answer="Loket tambahan dibuka.")
    c = citizen_feedback(complaint=c, satisfied=False, comment="Masih antre lama")
    assert c.status == Status.DALAM_TINDAK_LANJUT
    complaint_transition(complaint=c, to=Status.DIJAWAB, actor=handler_b, answer="Sistem antrean daring.")
    c = citizen_feedback(complaint=c, satisfied=True)
    assert c.status == Status.SELESAI and c.satisfied
    other = submit(tree.pkm_b)
    Complaint.objects.filter(pk=other.pk).update(
        status=Status.DIJAWAB, answered_at=timezone.now() - timedelta(days=30)
    )
    assert close_unanswered() == 1
    other.refresh_from_db()
    assert other.status == Status.SELESAI
    with pytest.raises(ValidationError):
        citizen_feedback(complaint=other, satisfied=False)


def test_substantiated_complaints_create_corrective_follow_ups(db, client, tree, handler_a):
    c = submit(tree.pkm_a)
    operator = make_member(tree.pkm_a, Role.OPERATOR)
    complaint_substantiate(
        complaint=c,
        actor=handler_a,
        forms=["penundaan_berlarut", "tidak_patut"],
        standard_component="jangka_waktu",
        corrective_actions=[
            ("Perbaiki standar waktu penyelesaian", operator, timezone.localdate() + timedelta(days=20))
        ],
    )
    client.force_login(operator)
    assert "Perbaiki standar waktu penyelesaian" in client.get(reverse("followups:list")).content.decode()
    with pytest.raises(ValidationError):
        complaint_substantiate(complaint=c, actor=handler_a, forms=["bukan_bentuk"])


def test_the_public_form_tracks_to_the_code_and_marks_honeypot_spam(db, client, tree):
    url = reverse("public_complaint", args=[tree.pkm_a.code])
    data = {
        "privacy": "anonim",
        "what_happened": "Petugas meminta uang tambahan.",
        "unit": tree.pkm_a.code,
        "idempotency_key": str(uuid.uuid4()),
        "happened_on": (timezone.localdate() - timedelta(days=40)).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    again = client.post(url, data)  # a retried POST stores one complaint
    assert again.status_code == 302 and Complaint.objects.count() == 1
    c = Complaint.objects.get()
    assert "lebih dari 30 hari" in c.late_note
    sent = client.get(reverse("public_complaint_sent")).content.decode()
    assert c.code in sent
    status = client.get(reverse("public_complaint_status", args=[status_token(c)])).content.decode()
    assert "Diterima" in status and "lebih dari 30 hari" in status
    client.post(url, {**data, "idempotency_key": str(uuid.uuid4()), "website": "http://spam"})
    assert Complaint.objects.filter(is_spam=True).count() == 1
    bad = client.post(url, {"privacy": "biasa", "what_happened": "", "idempotency_key": str(uuid.uuid4())})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Ceritakan apa yang terjadi" in body and "pilih “Anonim”" in body


def test_wrong_codes_404_and_guessing_is_rate_limited(db, client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SEWAKA_TRACK_LIMIT_PER_HOUR = 5
    assert client.get(reverse("public_complaint_status", args=["ADU-XXXX-XX"])).status_code == 404
    assert client.post(reverse("public_complaint_track"), {"code": "ADU-XXXX-XX"}).status_code == 404
    for _ in range(5):
        client.post(reverse("public_complaint_track"), {"code": "ADU-2222-22"})
    assert client.post(reverse("public_complaint_track"), {"code": "ADU-2222-22"}).status_code == 429
    cache.clear()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=60))
def test_no_malformed_input_gives_a_500(client, tree, text):
    from django.core.cache import cache

    cache.clear()
    for response in (
        client.post(reverse("public_complaint_track"), {"code": text}),
        client.post(
            reverse("public_complaint_form"),
            {
                "what_happened": text,
                "privacy": text,
                "unit": text,
                "happened_on": text,
                "idempotency_key": text,
            },
        ),
    ):
        assert response.status_code < 500
    safe = "".join(ch for ch in text if ch not in "/?#%") or "x"
    assert client.get(f"/pengaduan/lacak/{safe}/").status_code < 500


def test_sla_reminders_and_reports(db, client, tree, admin_pemda, handler_a):
    handler_a.email = "handler@example.test"
    handler_a.save()
    c = submit(tree.pkm_a, received_at=timezone.now() - timedelta(days=20))
    mail.outbox.clear()
    call_command("sendslareminders", stdout=None)
    assert any(c.code in m.subject and SECRET["reporter_name"] not in m.body for m in mail.outbox)
    assert remind_due() >= 1
    client.force_login(admin_pemda)
    page = client.get(reverse("complaints:report")).content.decode()
    assert "Per saluran" in page
    pdf = client.get(reverse("complaints:monthly_pdf"), {"bulan": "2026-11"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("complaints:monthly_pdf"), {"bulan": "bukan"}).status_code == 200
    default = SlaLimit.objects.get(key="verifikasi", pemda=None)
    client.post(
        reverse("complaints:sla"),
        {r.key: (4 if r.key == "verifikasi" else r.working_days) for r in SlaLimit.objects.all()},
    )
    # The pemda gets its own row; the installation's default row stays as it was (ADR 0005).
    own = SlaLimit.objects.get(key="verifikasi", pemda=tree.pemda)
    default.refresh_from_db()
    assert (own.working_days, default.working_days) == (4, 3)
    assert AuditEvent.objects.filter(action="sla.update").exists()


def test_operators_and_sibling_handlers_see_nothing(db, client, tree, handler_b, operator_unit_a):
    c = submit(tree.pkm_a)
    for user in (handler_b, operator_unit_a):
        client.force_login(user)
        assert client.get(c.get_absolute_url()).status_code in (403, 404)
        assert client.post(
            reverse("complaints:transition", args=[c.pk, Status.DIVERIFIKASI])
        ).status_code in (
            403,
            404,
        )
        assert client.post(
            reverse("complaints:action", args=[c.pk, "pesan"]), {"text": "x", "public": "1"}
        ).status_code in (403, 404)
    client.force_login(handler_b)
    assert c.code not in client.get(reverse("complaints:list"), {"tab": "all"}).content.decode()


def test_a_complaints_files_are_for_its_handlers_only(db, client, tree, handler_a, operator_unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = complaint_submit(
        what_happened="Foto antrean",
        idempotency_key=str(uuid.uuid4()),
        reported_unit=tree.pkm_a,
        privacy="rahasia",
        reporter_name="X",
        attachments=[SimpleUploadedFile("foto.pdf", b"%PDF-1.4 wajah pelapor")],
    )[0]
    from sewaka.core.selectors import attachments_of

    url = attachments_of(c).get().get_absolute_url()
    client.force_login(operator_unit_a)  # may view the unit, but is not a handler
    assert client.get(url).status_code == 404
    client.force_login(handler_a)
    assert client.get(url).status_code == 200
