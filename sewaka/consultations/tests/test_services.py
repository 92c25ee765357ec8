"""Services and selectors of the Forum Konsultasi Publik: rules, idempotent check-in, categories, audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sewaka.consultations import selectors, services
from sewaka.consultations.forms import EVIDENCE_KIND_CHOICES
from sewaka.consultations.models import Forum, Participant, ParticipantCategory
from sewaka.core.models import AuditEvent
from sewaka.core.words import date_in_words, terbilang
from sewaka.demo.consultations import seed_forums
from sewaka.followups.models import FollowUp

from .factories import due, make_forum

C = ParticipantCategory


@pytest.fixture
def forum(tree, operator_unit_a):
    return make_forum(tree.pkm_a, operator_unit_a)


def invite(forum, actor, name, category, institution="", consent=False):
    return services.participant_invite(
        actor=actor, forum=forum, name=name, institution=institution, category=category, consent=consent
    )


def actions_of(obj) -> set[str]:
    return set(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).values_list(
            "action", flat=True
        )
    )


def test_it_counts_only_the_categories_of_attending_participants(forum, operator_unit_a):
    people = [
        invite(forum, operator_unit_a, "Ani", C.PENGGUNA),
        invite(forum, operator_unit_a, "Budi", C.PENGGUNA),
        invite(forum, operator_unit_a, "Citra", C.TOKOH),
        invite(forum, operator_unit_a, "Dewa", C.AKADEMISI),
        invite(forum, operator_unit_a, "Eka", C.MEDIA),  # invited, does not come
    ]
    assert selectors.category_count(forum) == 0
    for p in people[:4]:
        services.participant_mark_attended(actor=operator_unit_a, participant=p, attended=True)
    assert selectors.category_count(forum) == 3
    assert selectors.categories_present(forum) == ["Pengguna layanan", "Tokoh masyarakat", "Akademisi"]
    summary = selectors.attendance_summary(forum)
    assert (summary.invited, summary.attended, summary.categories, summary.score_label) == (5, 4, 3, "3")
    services.participant_mark_attended(actor=operator_unit_a, participant=people[3], attended=False)
    assert selectors.category_count(forum) == 2
    row = selectors.forum_list(user=operator_unit_a).get(pk=forum.pk)
    assert (row.n_invited, row.n_attended, row.n_categories) == (5, 3, 2)


@pytest.mark.parametrize(
    ("n", "score", "label"), [(0, 0, "–"), (1, 1, "1"), (4, 4, "4"), (5, 5, ">4"), (8, 5, ">4")]
)
def test_the_pekppp_descriptor_caps_at_more_than_four(n, score, label):
    assert selectors.pekppp_participation_score(n) == score
    assert selectors.pekppp_label(n) == label


def test_self_checkin_needs_consent(forum):
    with pytest.raises(ValidationError) as exc:
        services.participant_checkin_self(
            forum=forum, name="Ani", institution="", category=C.PENGGUNA, consent=False
        )
    assert "persetujuan" in exc.value.message_dict["consent"][0]
    assert not forum.participants.exists()


def test_self_checkin_is_idempotent_and_marks_the_invited_participant(forum, operator_unit_a):
    invited = invite(forum, operator_unit_a, "I Made Sudana", C.TOKOH, institution="Banjar Tengah")
    for name, institution in (("I Made Sudana", "Banjar Tengah"), ("  i made   SUDANA ", "banjar tengah")):
        p = services.participant_checkin_self(
            forum=forum, name=name, institution=institution, category=C.PENGGUNA, consent=True
        )
        assert p.pk == invited.pk
    invited.refresh_from_db()
    assert invited.attended and invited.consent and invited.checkin_via == "qr"
    assert invited.category == C.TOKOH  # the operator's classification stays
    walk_in = {"forum": forum, "name": "Siti", "institution": "Warga", "category": C.RENTAN, "consent": True}
    first = services.participant_checkin_self(**walk_in)
    again = services.participant_checkin_self(**walk_in)
    assert first.pk == again.pk and forum.participants.count() == 2
    assert (
        AuditEvent.objects.filter(action="fkp.participant.checkin", actor__isnull=True).count() == 2
    )  # a retry writes nothing
    event = AuditEvent.objects.filter(action="fkp.participant.checkin", object_id=str(first.pk)).get()
    assert event.changes["name"] == "[disamarkan]"


def test_the_flow_sets_the_status_and_opens_followups(forum, tree, operator_unit_a):
    p = invite(forum, operator_unit_a, "Ani", C.PENGGUNA)
    with pytest.raises(ValidationError):
        services.agreement_add(
            actor=operator_unit_a, forum=forum, text="Buka loket lebih awal", owner=operator_unit_a, due=due()
        )
    services.participant_mark_attended(actor=operator_unit_a, participant=p, attended=True)
    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Peserta mengeluhkan antrean.")
    forum.refresh_from_db()
    assert forum.status == "held"
    agreement = services.agreement_add(
        actor=operator_unit_a, forum=forum, text="Buka loket lebih awal", owner=operator_unit_a, due=due()
    )
    fu = agreement.followup
    assert (fu.unit, fu.owner, fu.title, fu.source) == (
        tree.pkm_a,
        operator_unit_a,
        "Buka loket lebih awal",
        agreement,
    )
    with pytest.raises(ValidationError) as exc:
        services.agreement_add(actor=operator_unit_a, forum=forum, text="", owner=None, due=date(2020, 1, 1))
    assert set(exc.value.message_dict) == {"text", "owner", "due"}

    with pytest.raises(ValidationError):  # a photo must be an image
        services.forum_add_evidence(
            actor=operator_unit_a,
            forum=forum,
            uploaded=SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"),
            kind="photo",
        )
    services.forum_add_evidence(
        actor=operator_unit_a,
        forum=forum,
        uploaded=SimpleUploadedFile("ba.pdf", b"%PDF-1.4 ditandatangani"),
        description="hal. 1-2",
        kind="berita_acara",
    )
    forum.refresh_from_db()
    assert forum.status == "reported"
    assert [k for k, _a in selectors.forum_evidence(forum)] == ["berita_acara"]
    # The signed berita acara freezes attendance, participants and agreements; check-in is closed.
    with pytest.raises(ValidationError):
        services.participant_mark_attended(actor=operator_unit_a, participant=p, attended=False)
    with pytest.raises(ValidationError):
        invite(forum, operator_unit_a, "Baru", C.MEDIA)
    with pytest.raises(ValidationError):
        services.participant_checkin_self(
            forum=forum, name="Baru", institution="", category=C.MEDIA, consent=True
        )
    assert list(selectors.forums_held(tree.pkm_a, forum.date.year)) == [forum]
    assert not selectors.forums_held(tree.pkm_a, forum.date.year - 1).exists()

    assert {"fkp.create", "fkp.results", "fkp.held", "fkp.reported", "fkp.evidence.add"} <= actions_of(forum)
    assert {"fkp.participant.invite", "fkp.participant.attendance"} <= actions_of(p)
    assert actions_of(agreement) == {"fkp.agreement.add"}
    assert "followup.create" in actions_of(fu)


def test_results_wait_for_the_forum_date(tree, operator_unit_a):
    forum = make_forum(tree.pkm_a, operator_unit_a, days=3)
    with pytest.raises(ValidationError) as exc:
        services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Catatan")
    assert "mulai tanggal pelaksanaannya" in exc.value.message_dict["minutes"][0]
    with pytest.raises(ValidationError):
        services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="  ")


def test_publication_waits_until_held(forum, operator_unit_a):
    with pytest.raises(ValidationError):
        services.forum_publish_summary(actor=operator_unit_a, forum=forum, summary="Ringkasan")
    services.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Notulen")
    forum = services.forum_publish_summary(actor=operator_unit_a, forum=forum, summary="Ringkasan")
    assert forum.summary_published_at is not None
    assert list(selectors.published_forums(forum.unit)) == [forum]
    assert "fkp.publish" in actions_of(forum)


def test_the_standard_must_belong_to_the_unit(tree, operator_unit_a, admin_pemda):
    from sewaka.organisations.services import service_create
    from sewaka.standards.models import ServiceStandard

    own = ServiceStandard.objects.create(
        service=service_create(actor=admin_pemda, unit=tree.pkm_a, name="Pemeriksaan Umum"), version=1
    )
    other = ServiceStandard.objects.create(
        service=service_create(actor=admin_pemda, unit=tree.pkm_b, name="Imunisasi"), version=1
    )
    with pytest.raises(ValidationError) as exc:
        make_forum(tree.pkm_a, operator_unit_a, standard=other)
    assert "bukan milik unit ini" in exc.value.message_dict["standard"][0]
    forum = make_forum(tree.pkm_a, operator_unit_a, standard=own)
    with pytest.raises(ValidationError):
        services.forum_update(actor=operator_unit_a, forum=forum, standard=other)
    services.forum_update(actor=operator_unit_a, forum=forum, place="  Balai   Banjar ", standard=None)
    forum.refresh_from_db()
    assert forum.place == "Balai Banjar" and forum.standard is None
    event = AuditEvent.objects.get(action="fkp.update", object_id=str(forum.pk))
    assert event.changes["place"] == {"before": "Aula Puskesmas A", "after": "Balai Banjar"}


def test_a_sibling_unit_and_read_only_roles_cannot_write(forum, operator_unit_a, operator_unit_b, pimpinan):
    p = invite(forum, operator_unit_a, "Ani", C.PENGGUNA)
    for actor in (operator_unit_b, pimpinan):
        calls = [
            lambda a=actor: make_forum(forum.unit, a),
            lambda a=actor: services.forum_update(actor=a, forum=forum, topic="x"),
            lambda a=actor: invite(forum, a, "Budi", C.MEDIA),
            lambda a=actor: services.participant_mark_attended(actor=a, participant=p, attended=True),
            lambda a=actor: services.forum_record_results(actor=a, forum=forum, minutes="x"),
            lambda a=actor: services.agreement_add(actor=a, forum=forum, text="x", owner=a, due=due()),
            lambda a=actor: services.forum_publish_summary(actor=a, forum=forum, summary="x"),
            lambda a=actor: services.forum_add_evidence(
                actor=a, forum=forum, uploaded=SimpleUploadedFile("f.pdf", b"%PDF-1.4"), kind="other"
            ),
        ]
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
    assert selectors.forum_list(user=operator_unit_b).count() == 0
    assert Forum.objects.count() == 1 and Participant.objects.count() == 1


def test_evidence_kinds_match_the_form():
    assert {k for k, _label in EVIDENCE_KIND_CHOICES} == set(services.EVIDENCE_PREFIXES)


def test_numbers_and_dates_in_words():
    assert [terbilang(n) for n in (0, 1, 10, 11, 12, 19, 20, 24, 100, 111, 250, 1000, 1945, 2026)] == [
        "nol",
        "satu",
        "sepuluh",
        "sebelas",
        "dua belas",
        "sembilan belas",
        "dua puluh",
        "dua puluh empat",
        "seratus",
        "seratus sebelas",
        "dua ratus lima puluh",
        "seribu",
        "seribu sembilan ratus empat puluh lima",
        "dua ribu dua puluh enam",
    ]
    assert date_in_words(date(2026, 11, 24)) == (
        "Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam"
    )


@pytest.mark.parametrize("audited", [True, False])
def test_the_demo_forum_is_idempotent(tree, operator_unit_a, audited):
    unit = tree.pkm_a if audited else tree.capil  # capil has nobody who may act: rows are written directly
    assert seed_forums(unit) == 12
    assert seed_forums(unit) == 0 and Forum.objects.count() == 1
    forum = Forum.objects.get()
    assert forum.status == "held" and forum.summary_published_at is not None
    assert forum.participants.filter(attended=True).count() == 6
    assert selectors.category_count(forum) == 4
    followups = FollowUp.objects.filter(unit=unit)
    assert followups.count() == 2
    assert all(f.owner == (operator_unit_a if audited else None) for f in followups)
    assert forum.date <= timezone.localdate() and forum.date.year == timezone.localdate().year
    assert ("fkp.create" in actions_of(forum)) is audited
