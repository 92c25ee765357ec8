"""The FKP pages over HTTP: the whole flow, scope (404 for a sibling unit), the public pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sewaka.consultations import services
from sewaka.consultations.models import Forum, ParticipantCategory
from sewaka.core.models import AuditEvent

from .factories import due, make_forum

C = ParticipantCategory
INVITED = [
    ("Ni Luh Ayu", "Warga Dangin Puri", C.PENGGUNA),
    ("I Ketut Darma", "Banjar Tengah", C.TOKOH),
    ("Dr. Putu Sari", "Universitas Udayana", C.AKADEMISI),
    ("Made Wartawan", "Bali Post", C.MEDIA),  # invited; does not come
]


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def forum(tree, operator_unit_a):
    return make_forum(tree.pkm_a, operator_unit_a, topic="Waktu tunggu loket pendaftaran")


def test_the_whole_flow_from_plan_to_followups(client, tree, operator_unit_a, admin_pemda, operator_unit_b):
    client.force_login(operator_unit_a)
    assert client.get(reverse("consultations:create"), {"unit": tree.pkm_a.pk}).status_code == 200
    response = client.post(
        reverse("consultations:create") + f"?unit={tree.pkm_a.pk}",
        {
            "topic": "Waktu tunggu loket pendaftaran",
            "purpose": "evaluasi",
            "method": "fgd",
            "date": due(0).isoformat(),
            "place": "Aula Puskesmas A",
            "agenda": "Pembukaan; diskusi; kesepakatan",
        },
    )
    forum = Forum.objects.get()
    assert response.status_code == 302 and response["Location"] == forum.get_absolute_url()
    assert forum.unit == tree.pkm_a and forum.created_by == operator_unit_a

    for name, institution, category in INVITED:
        response = client.post(
            reverse("consultations:invite", args=[forum.pk]),
            {"name": name, "institution": institution, "category": category},
        )
        assert response.status_code == 302
    assert forum.participants.filter(invited=True).count() == 4

    # The invited user of the service checks in on her phone through the QR code.
    phone = Client()
    checkin = reverse("public_fkp_checkin", args=[forum.checkin_token])
    page = phone.get(checkin)
    assert (
        page.status_code == 200
        and "Catat kehadiran" in body(page)
        and "<script" not in body(page).split("</head>")[1]
    )
    response = phone.post(
        checkin,
        {"name": "ni luh  ayu", "institution": "warga dangin  puri", "category": C.PENGGUNA, "consent": "on"},
    )
    assert response.status_code == 302
    assert "sudah tercatat" in body(phone.get(response["Location"]))

    # The operator records two more at the registration desk.
    for name in ("I Ketut Darma", "Dr. Putu Sari"):
        p = forum.participants.get(name=name)
        response = client.post(reverse("consultations:attendance", args=[forum.pk, p.pk]), {"attended": "1"})
        assert response.status_code == 302
    assert forum.participants.filter(attended=True).count() == 3

    detail = body(client.get(forum.get_absolute_url()))
    assert "3 kategori peserta hadir" in detail
    assert "Pengguna layanan" in detail and "Nilai PEKPPP" in detail

    response = client.post(
        reverse("consultations:results", args=[forum.pk]), {"minutes": "Antrean menumpuk pagi."}
    )
    assert response.status_code == 302
    texts = ["Loket dibuka pukul 07.30 mulai bulan depan", "Papan alur pelayanan dipasang di ruang tunggu"]
    for text in texts:
        response = client.post(
            reverse("consultations:agreement_add", args=[forum.pk]),
            {"text": text, "owner": operator_unit_a.pk, "due": due(30).isoformat()},
        )
        assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.status == "held" and forum.agreements.count() == 2

    unit_list = body(client.get(reverse("followups:list")))
    client.force_login(admin_pemda)
    city_list = body(client.get(reverse("followups:list")))
    client.force_login(operator_unit_b)
    sibling_list = body(client.get(reverse("followups:list")))
    for text in texts:
        assert text in unit_list and text in city_list and text not in sibling_list

    client.force_login(admin_pemda)
    fkp_list = body(client.get(reverse("consultations:list")))
    assert "Waktu tunggu loket pendaftaran" in fkp_list
    client.force_login(operator_unit_b)
    assert "Waktu tunggu loket pendaftaran" not in body(client.get(reverse("consultations:list")))

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "fkp.create",
        "fkp.participant.invite",
        "fkp.participant.checkin",
        "fkp.participant.attendance",
        "fkp.results",
        "fkp.held",
        "fkp.agreement.add",
        "followup.create",
    } <= actions


def test_bad_input_gets_indonesian_messages_next_to_the_fields(
    client, forum, operator_unit_a, operator_unit_b
):
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("consultations:create") + f"?unit={forum.unit.pk}", {"topic": "", "date": "x"}
    )
    assert response.status_code == 200
    assert body(response).count('class="errorlist') == 5 and "tidak boleh kosong" in body(response)
    response = client.post(reverse("consultations:invite", args=[forum.pk]), {"name": "", "category": "zz"})
    assert response.status_code == 200 and "errorlist" in body(response)
    response = client.post(
        reverse("consultations:agreement_add", args=[forum.pk]),
        {"text": "x", "owner": operator_unit_a.pk, "due": due().isoformat()},
    )
    assert "Catat hasil forum (notulen) lebih dahulu" in body(response)
    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Notulen")
    response = client.post(
        reverse("consultations:agreement_add", args=[forum.pk]),
        {"text": "x", "owner": operator_unit_b.pk, "due": "2020-01-01"},
    )
    assert "Tenggat tidak boleh di masa lalu" in body(response)
    assert "Pilih pilihan yang valid" in body(response) or "pilihan yang tersedia" in body(response)
    assert not forum.agreements.exists()


def test_a_sibling_unit_gets_404_everywhere_and_changes_nothing(
    client, forum, operator_unit_a, operator_unit_b
):
    p = services.participant_invite(
        actor=operator_unit_a, forum=forum, name="Ani", institution="", category=C.PENGGUNA
    )
    client.force_login(operator_unit_b)
    gets = ["detail", "update", "berita_acara", "checkin_poster"]
    for name in gets:
        assert client.get(reverse(f"consultations:{name}", args=[forum.pk])).status_code == 404, name
    assert client.get(reverse("consultations:create"), {"unit": forum.unit.pk}).status_code == 404
    posts = {
        reverse("consultations:update", args=[forum.pk]): {"topic": "Diambil alih"},
        reverse("consultations:invite", args=[forum.pk]): {"name": "Penyusup", "category": C.MEDIA},
        reverse("consultations:attendance", args=[forum.pk, p.pk]): {"attended": "1"},
        reverse("consultations:results", args=[forum.pk]): {"minutes": "x"},
        reverse("consultations:agreement_add", args=[forum.pk]): {"text": "x"},
        reverse("consultations:evidence", args=[forum.pk]): {"kind": "other"},
        reverse("consultations:publish", args=[forum.pk]): {"summary": "x"},
        reverse("consultations:create") + f"?unit={forum.unit.pk}": {"topic": "x"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    forum.refresh_from_db()
    p.refresh_from_db()
    assert forum.topic == "Waktu tunggu loket pendaftaran" and forum.status == "planned" and not forum.minutes
    assert not p.attended and forum.participants.count() == 1 and Forum.objects.count() == 1
    assert client.get(reverse("consultations:detail", args=[999999])).status_code == 404


def test_a_read_only_role_sees_but_cannot_change(client, forum, pimpinan):
    client.force_login(pimpinan)
    page = client.get(forum.get_absolute_url())
    assert page.status_code == 200 and "Undang peserta" not in body(page)
    assert client.post(reverse("consultations:results", args=[forum.pk]), {"minutes": "x"}).status_code == 403


def test_consent_is_required_and_unknown_tokens_are_closed(client, forum):
    url = reverse("public_fkp_checkin", args=[forum.checkin_token])
    response = client.post(url, {"name": "Ani", "institution": "", "category": C.PENGGUNA})
    assert response.status_code == 400
    assert "Centang persetujuan" in body(response)
    assert not forum.participants.exists()
    assert client.get("/hadir/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/hadir/bukan-token/").status_code == 404


def test_checkin_by_the_same_person_twice_stores_one_participant(client, forum):
    url = reverse("public_fkp_checkin", args=[forum.checkin_token])
    data = {"name": "Komang", "institution": "Yayasan Tuna Netra", "category": C.RENTAN, "consent": "on"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert forum.participants.get().attended


def test_evidence_upload_reports_the_forum_and_closes_checkin(client, forum, operator_unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator_unit_a)
    upload = reverse("consultations:evidence", args=[forum.pk])
    response = client.post(
        upload,
        {"kind": "berita_acara", "file": SimpleUploadedFile("ba.pdf", b"%PDF-1.4 ttd"), "description": ""},
    )
    assert "setelah hasil forum (notulen) dicatat" in body(response)
    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Notulen")
    response = client.post(
        upload,
        {"kind": "berita_acara", "file": SimpleUploadedFile("ba.pdf", b"%PDF-1.4 ttd"), "description": ""},
    )
    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.status == "reported"
    assert "ba.pdf" in body(client.get(forum.get_absolute_url()))
    closed = Client().get(reverse("public_fkp_checkin", args=[forum.checkin_token]))
    assert "Daftar hadir sudah ditutup" in body(closed)


def test_the_public_summary_appears_only_when_published_and_names_nobody(client, forum, operator_unit_a):
    for name, institution, category in INVITED[:3]:
        p = services.participant_invite(
            actor=operator_unit_a,
            forum=forum,
            name=name,
            institution=institution,
            category=category,
            consent=True,
        )
        services.participant_mark_attended(actor=operator_unit_a, participant=p, attended=True)
    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Notulen rahasia internal")
    services.agreement_add(
        actor=operator_unit_a, forum=forum, text="Loket dibuka pukul 07.30", owner=operator_unit_a, due=due()
    )
    url = reverse("public_fkp_summary", args=[forum.pk])
    public = Client()
    assert public.get(url).status_code == 404
    assert public.get(reverse("public_fkp_summary", args=[99999])).status_code == 404
    client.force_login(operator_unit_a)
    response = client.post(
        reverse("consultations:publish", args=[forum.pk]), {"summary": "Antrean pagi dibahas."}
    )
    assert response.status_code == 302
    page = public.get(url)
    html = body(page)
    assert page.status_code == 200
    for text in (
        "Waktu tunggu loket pendaftaran",
        "Antrean pagi dibahas.",
        "Loket dibuka pukul 07.30",
        "Terbuka",
    ):
        assert text in html
    assert "3 kategori peserta hadir" in html and "Focus group discussion" in html
    for name, institution, _c in INVITED:
        assert name not in html and institution not in html
    assert "Notulen rahasia" not in html and operator_unit_a.username not in html
    assert "<script" not in html.split("</head>")[1]
    listing = body(public.get(reverse("public_fkp_unit", args=[forum.unit.code])))
    assert "Waktu tunggu loket pendaftaran" in listing and re.search(rf'href="{url}"', listing)
    assert public.get(reverse("public_fkp_unit", args=["tidak-ada"])).status_code == 404


def test_odd_input_never_breaks_a_page(client, forum, operator_unit_a):
    client.force_login(operator_unit_a)
    lst = reverse("consultations:list")
    assert client.get(lst, {"unit": "x", "year": "abc", "status": "nonsense", "q": "%"}).status_code == 200
    assert client.get(lst, {"unit": forum.unit.pk, "year": forum.date.year}).status_code == 200
    assert client.get(f"/fkp/{'9' * 30}/").status_code == 404
    assert client.get(reverse("consultations:create"), {"unit": "abc"}).status_code == 404
    assert client.get(f"/fkp-publik/{'9' * 30}/").status_code == 404
    url = reverse("public_fkp_checkin", args=[forum.checkin_token])
    response = Client().post(url, {"name": "Ani\x00", "category": C.PENGGUNA, "consent": "on"})
    assert response.status_code in (400, 302) and response.status_code != 500
    response = Client().post(url, {"name": "A" * 500, "category": "bukan", "consent": "on"})
    assert response.status_code == 400 and "errorlist" in body(response)
