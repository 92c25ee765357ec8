"""Complaint handling and the reporter's front door (issue 13 item 9; issue 14 items 13, 15)."""

import logging
import re
import uuid
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sewaka.complaints.models import Complaint
from sewaka.complaints.services import complaint_submit, complaint_substantiate, complaint_transition
from sewaka.complaints.tokens import status_token
from sewaka.complaints.transitions import Status
from sewaka.followups.models import FollowUp
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

STORY = "Loket tutup sebelum jam layanan berakhir."


def _form(tree, **extra):
    return {
        "privacy": "biasa",
        "reporter_name": "Komang Warga",
        "what_happened": STORY,
        "unit": tree.pkm_a.code,
        "idempotency_key": str(uuid.uuid4()),
        **extra,
    }


def _answered(tree, admin, *, email="warga@example.test"):
    c = complaint_submit(
        what_happened=STORY,
        idempotency_key=str(uuid.uuid4()),
        reported_unit=tree.pkm_a,
        reporter_name="Komang Warga",
        reporter_email=email,
    )[0]
    complaint_transition(complaint=c, to=Status.DIVERIFIKASI, actor=admin)
    complaint_transition(
        complaint=c, to=Status.DIDISPOSISIKAN, actor=admin, unit=tree.pkm_b, instruction="Tangani."
    )
    complaint_transition(complaint=c, to=Status.DALAM_TINDAK_LANJUT, actor=admin)
    return complaint_transition(complaint=c, to=Status.DIJAWAB, actor=admin, answer="Jam layanan diperbaiki.")


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --- The tracking code: shown once, never in a URL, never logged -----------------------------------


def test_the_code_is_shown_once_then_forgotten_and_never_logged(client, tree, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(reverse("public_complaint_form"), _form(tree))
    assert response.status_code == 302
    code = Complaint.objects.get().code
    assert code not in caplog.text  # the submission log names the case by its id only
    first = client.get(reverse("public_complaint_sent")).content.decode()
    assert code in first
    assert "adu_code" not in client.session  # a shared device keeps nothing
    second = client.get(reverse("public_complaint_sent")).content.decode()
    assert code not in second and "hanya ditampilkan sekali" in second


def test_a_code_never_travels_in_a_url(client, tree):
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a)[0]
    # An old printed receipt's link answers with the lookup form: no status, no code echoed.
    old = client.get(f"/pengaduan/lacak/{c.code}/")
    body = old.content.decode()
    assert old.status_code == 200 and c.code not in body and STORY not in body
    assert 'method="post"' in body and "Demi keamanan" in body
    # The old GET form does nothing with a code in the query string.
    assert STORY not in client.get(reverse("public_complaint_track"), {"code": c.code}).content.decode()
    # Lookup by POST leads to a status address holding a signed token, not the code.
    lookup = client.post(reverse("public_complaint_track"), {"code": c.code.lower().replace("-", " ")})
    assert lookup.status_code == 302
    assert c.code not in lookup.url and c.code.replace("-", "") not in lookup.url
    assert STORY not in lookup.url
    page = client.get(lookup.url)
    assert page.status_code == 200 and "Diterima" in page.content.decode()
    assert client.get(lookup.url[:-6] + "XXXXX/").status_code == 404  # a forged token


def test_a_status_link_expires(client, tree):
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a)[0]
    url = reverse("public_complaint_status", args=[status_token(c)])
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.get(url)
    assert response.status_code == 410 and "kedaluwarsa" in response.content.decode()


# --- Receipt e-mail -------------------------------------------------------------------------------


def test_a_reporter_with_an_email_gets_a_receipt_with_the_code(client, tree):
    mail.outbox.clear()
    client.post(reverse("public_complaint_form"), _form(tree, reporter_email="warga@example.test"))
    client.post(reverse("public_complaint_form"), _form(tree, reporter_email=""))
    client.post(
        reverse("public_complaint_form"),
        _form(tree, reporter_email="bot@example.test", website="http://spam"),  # honeypot: no mail
    )
    with_email = Complaint.objects.get(reporter_email="warga@example.test")
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["warga@example.test"]
    assert with_email.code in receipt.subject and with_email.code in receipt.body
    assert "/pengaduan/lacak/" in receipt.body and with_email.code not in _link(receipt)


# --- Satisfied / not satisfied: the code plus a link to the reporter's mailbox ---------------------


def test_a_screenshot_of_the_code_cannot_close_the_case(client, tree, admin_pemda):
    c = _answered(tree, admin_pemda)
    status_url = reverse("public_complaint_status", args=[status_token(c)])
    mail.outbox.clear()
    response = client.post(status_url, {"action": "puas"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.DIJAWAB  # the code alone changes nothing
    assert "w••••@example.test" in client.get(response.url).content.decode()
    (message,) = mail.outbox
    assert message.to == ["warga@example.test"]
    link = _link(message)
    page = client.get(link)  # opening the link shows the choice; a GET changes nothing
    assert page.status_code == 200 and "puas" in page.content.decode()
    c.refresh_from_db()
    assert c.status == Status.DIJAWAB
    done = client.post(link, {"comment": "Terima kasih"})
    assert done.status_code == 200
    c.refresh_from_db()
    assert c.status == Status.SELESAI and c.satisfied is True
    assert client.post(link, {}).status_code == 410  # used: the case is no longer answered


def test_a_feedback_link_is_bound_to_its_answer_and_cannot_be_forged(client, tree, admin_pemda):
    c = _answered(tree, admin_pemda)
    client.post(reverse("public_complaint_status", args=[status_token(c)]), {"action": "belum_puas"})
    link = _link(mail.outbox[-1])
    client.post(link, {})
    c.refresh_from_db()
    assert c.status == Status.DALAM_TINDAK_LANJUT and c.satisfied is False
    complaint_transition(complaint=c, to=Status.DIJAWAB, actor=admin_pemda, answer="Jawaban kedua.")
    assert client.post(link, {}).status_code == 410  # about the first answer: stale
    c.refresh_from_db()
    assert c.status == Status.DIJAWAB
    assert client.get(link.replace(link.rstrip("/")[-5:], "AAAAA")).status_code == 404


def test_without_a_contact_the_code_alone_answers_as_before(client, tree, admin_pemda):
    c = _answered(tree, admin_pemda, email="")
    mail.outbox.clear()
    client.post(reverse("public_complaint_status", args=[status_token(c)]), {"action": "puas"})
    c.refresh_from_db()
    assert c.status == Status.SELESAI and not mail.outbox


# --- Disposition, answer, labels, owners (staff) --------------------------------------------------


def test_a_disposition_to_a_section_carries_an_instruction(client, tree, admin_pemda):
    dinkes_desk = make_member(tree.dinkes, Role.PENGELOLA_PENGADUAN, "dinkes_desk")
    pkm_desk = make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "pkm_desk")
    pkm_desk.email = "pkm@example.test"
    pkm_desk.save()
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.dinkes)[0]
    complaint_transition(complaint=c, to=Status.DIVERIFIKASI, actor=dinkes_desk)
    client.force_login(dinkes_desk)
    page = client.get(c.get_absolute_url()).content.decode()
    sections = re.search(r'<optgroup label="Bagian di dalam unit ini">(.*?)</optgroup>', page).group(1)
    assert "Puskesmas A" in sections and "Disdukcapil" not in sections
    assert 'name="instruction"' in page
    url = reverse("complaints:transition", args=[c.pk, Status.DIDISPOSISIKAN])
    client.post(url, {"unit": tree.pkm_a.pk})  # no instruction: refused
    c.refresh_from_db()
    assert c.status == Status.DIVERIFIKASI
    mail.outbox.clear()
    client.post(url, {"unit": tree.pkm_a.pk, "instruction": "Cek jadwal loket pagi, lapor Jumat."})
    c.refresh_from_db()
    assert c.status == Status.DIDISPOSISIKAN and c.handling_unit == tree.pkm_a
    assert any("Cek jadwal loket pagi" in m.body for m in mail.outbox if "pkm@example.test" in m.to)
    client.force_login(pkm_desk)
    assert "Cek jadwal loket pagi" in client.get(c.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(reverse("public_complaint_status", args=[status_token(c)])).content.decode()
    assert "Cek jadwal loket pagi" not in public and "Puskesmas A" in public


def test_the_answer_is_written_once(client, tree, admin_pemda):
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a)[0]
    complaint_transition(complaint=c, to=Status.DIVERIFIKASI, actor=admin_pemda)
    complaint_transition(
        complaint=c, to=Status.DIDISPOSISIKAN, actor=admin_pemda, unit=tree.pkm_a, instruction="x"
    )
    complaint_transition(complaint=c, to=Status.DALAM_TINDAK_LANJUT, actor=admin_pemda)
    client.force_login(admin_pemda)
    page = client.get(c.get_absolute_url()).content.decode()
    assert page.count("Jawaban untuk pelapor") == 1  # only the "Dijawab" step asks for the answer
    client.post(
        reverse("complaints:transition", args=[c.pk, Status.DIJAWAB]), {"answer": "Jam loket kembali normal."}
    )
    public = client.get(reverse("public_complaint_status", args=[status_token(c)])).content.decode()
    assert public.count("Jam loket kembali normal.") == 1 and "Jawaban petugas" in public


def test_maladministration_shows_its_indonesian_labels(client, tree, admin_pemda):
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a)[0]
    complaint_substantiate(
        complaint=c,
        actor=admin_pemda,
        forms=["penundaan_berlarut", "permintaan_imbalan"],
        standard_component="jangka_waktu",
    )
    client.force_login(admin_pemda)
    page = client.get(c.get_absolute_url()).content.decode()
    shown = page.split('id="h-case"')[1].split("</section>")[0]
    assert "Penundaan berlarut" in shown and "Permintaan imbalan (uang, barang, jasa)" in shown
    assert "penundaan_berlarut" not in shown and "jangka_waktu" not in shown
    report = client.get(reverse("complaints:report")).content.decode()
    assert "Penundaan berlarut" in report and "penundaan_berlarut" not in report
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(client.get(reverse("complaints:export_xlsx")).content)).active
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    assert "Penundaan berlarut" in cells and "penundaan_berlarut" not in cells


def test_corrective_actions_get_an_owner_of_the_unit(client, tree, admin_pemda):
    person_a = make_member(tree.pkm_a, Role.OPERATOR, "made_a")
    person_a.first_name, person_a.last_name = "Made", "Operator"
    person_a.save()
    person_b = make_member(tree.pkm_b, Role.OPERATOR, "ketut_b")
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a)[0]
    client.force_login(admin_pemda)
    page = client.get(c.get_absolute_url()).content.decode()
    picker = re.search(r'<select name="owner".*?</select>', page, re.S).group(0)
    assert "Made Operator — Puskesmas A" in picker and "ketut_b" not in picker
    url = reverse("complaints:action", args=[c.pk, "maladministrasi"])
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    post = {"forms_": ["tidak_patut"], "actions": "Pembinaan petugas loket", "due": due}
    client.post(url, {**post, "owner": person_b.pk})  # not a person of the unit: refused
    client.post(url, post)  # no owner: refused
    assert not FollowUp.objects.exists()
    client.post(url, {**post, "owner": person_a.pk})
    assert FollowUp.objects.get().owner == person_a
    with pytest.raises(ValidationError):
        complaint_substantiate(
            complaint=c,
            actor=admin_pemda,
            forms=["tidak_patut"],
            corrective_actions=[("Lain", person_b, timezone.localdate())],
        )


def test_staff_search_a_code_by_post_never_by_url(client, tree, admin_pemda):
    c = complaint_submit(what_happened=STORY, idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a)[0]
    other = complaint_submit(
        what_happened="Lain", idempotency_key=str(uuid.uuid4()), reported_unit=tree.pkm_a
    )[0]
    client.force_login(admin_pemda)
    page = client.get(reverse("complaints:list")).content.decode()
    assert re.search(r'<form method="post"[^>]*role="search"', page)
    found = client.post(reverse("complaints:list") + "?tab=all", {"q": c.code}).content.decode()
    assert c.code in found and other.code not in found
    ignored = client.get(reverse("complaints:list"), {"tab": "all", "q": c.code}).content.decode()
    assert other.code in ignored  # a code in the query string filters nothing
