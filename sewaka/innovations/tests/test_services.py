"""Services of the registry and the internal selection: permissions, validation, the stage table, the
jury's conflict rule, the word limit, versions, audit."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from sewaka.core.models import AuditEvent
from sewaka.innovations import access, selectors, services
from sewaka.innovations.models import Award, InnovationEvent, SchemeYear
from sewaka.innovations.transitions import STAGE_TRANSITIONS, CallStatus, NominationStatus, Stage
from sewaka.innovations.words import words_count
from sewaka.organisations.models import Role
from sewaka.organisations.services import service_create
from sewaka.organisations.tests.factories import make_member

from .conftest import WITA, pdf, png, scheme_dict


def test_create_cleans_and_audits(innovation, service_a):
    assert innovation.pemda_id == innovation.unit.root_id
    assert innovation.stage == Stage.GAGASAN
    assert innovation.sdg_targets == [3, 10]
    assert innovation.slug == "si-antre"
    assert list(innovation.services.all()) == [service_a]
    assert innovation.steps == ["Daftar lewat WhatsApp", "Datang sesuai jam"]
    assert AuditEvent.objects.filter(action="innovation.create", object_id=str(innovation.pk)).exists()
    assert innovation.events.get().kind == InnovationEvent.Kind.CREATED


def test_a_second_innovation_of_the_same_name_gets_its_own_slug(tree, operator_unit_a, innovation):
    other = services.innovation_create(actor=operator_unit_a, unit=tree.pkm_a, name="Si Antre")
    assert other.slug == "si-antre-2"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sdg_targets", [18], "1 sampai 17"),
        ("sdg_targets", ["tiga"], "1 sampai 17"),
        ("links", ["javascript:alert(1)"], "bukan alamat web"),
        ("links", ["ftp://contoh.go.id"], "bukan alamat web"),
    ],
)
def test_it_rejects_bad_sdgs_and_links(tree, operator_unit_a, field, value, message):
    with pytest.raises(ValidationError) as exc:
        services.innovation_create(actor=operator_unit_a, unit=tree.pkm_a, name="X", **{field: value})
    assert message in " ".join(exc.value.messages)


def test_it_rejects_services_of_another_unit_unless_a_partner(tree, operator_unit_a):
    other = service_create(actor=None, unit=tree.capil, name="KTP-el")
    with pytest.raises(ValidationError) as exc:
        services.innovation_create(actor=operator_unit_a, unit=tree.pkm_a, name="X", services=[other])
    assert "unit pemilik" in " ".join(exc.value.messages)
    inn = services.innovation_create(
        actor=operator_unit_a, unit=tree.pkm_a, name="X", services=[other], partner_units=[tree.capil]
    )
    assert list(inn.partner_units.all()) == [tree.capil]
    with pytest.raises(ValidationError):  # dropping the partner keeps its service: refused
        services.innovation_update(actor=operator_unit_a, innovation=inn, partner_units=[])


def test_only_the_units_actors_may_create_and_edit(
    tree, operator_unit_a, operator_unit_b, pimpinan, innovation
):
    with pytest.raises(PermissionDenied):
        services.innovation_create(actor=operator_unit_b, unit=tree.pkm_a, name="X")
    with pytest.raises(PermissionDenied):
        services.innovation_create(actor=pimpinan, unit=tree.pkm_a, name="X")
    with pytest.raises(PermissionDenied):
        services.innovation_update(actor=operator_unit_b, innovation=innovation, goal="Y")
    services.innovation_update(actor=operator_unit_a, innovation=innovation, goal="  Antrean tertib.  ")
    innovation.refresh_from_db()
    assert innovation.goal == "Antrean tertib."
    event = AuditEvent.objects.get(action="innovation.update")
    assert event.changes == {"goal": {"before": "", "after": "Antrean tertib."}}


def test_replication_source_must_be_of_the_same_pemda_and_not_itself(
    tree, operator_unit_a, operator_unit_b, innovation
):
    copy = services.innovation_create(
        actor=operator_unit_b, unit=tree.pkm_b, name="Antrean Daring B", replicated_from=innovation
    )
    assert list(selectors.replications_of(innovation)) == [copy]
    with pytest.raises(ValidationError):
        services.innovation_update(actor=operator_unit_a, innovation=innovation, replicated_from=innovation)


ALL_PAIRS = [(a, b) for a in Stage.values for b in Stage.values if a != b]


@pytest.mark.parametrize(("start", "to"), ALL_PAIRS)
def test_every_stage_pair_follows_the_table(tree, operator_unit_a, innovation, start, to):
    innovation.stage = start  # test set-up of the starting state only
    innovation.save(update_fields=["stage"])
    rule = STAGE_TRANSITIONS.get(start, {}).get(to)
    if rule is None:
        with pytest.raises(ValidationError):
            services.innovation_transition(actor=operator_unit_a, innovation=innovation, to=to, note="alasan")
        innovation.refresh_from_db()
        assert innovation.stage == start
        return
    if "note" in rule.needs:
        with pytest.raises(ValidationError):
            services.innovation_transition(actor=operator_unit_a, innovation=innovation, to=to)
    moved = services.innovation_transition(actor=operator_unit_a, innovation=innovation, to=to, note="alasan")
    assert moved.stage == to
    event = moved.events.filter(kind=InnovationEvent.Kind.TRANSITION).get()
    assert (event.from_stage, event.to_stage) == (start, to)


def test_stage_moves_need_act_on_the_unit(innovation, operator_unit_b, pimpinan, admin_pemda):
    for user in (operator_unit_b, pimpinan):
        with pytest.raises(PermissionDenied):
            services.innovation_transition(actor=user, innovation=innovation, to=Stage.UJI_COBA)
    services.innovation_transition(actor=admin_pemda, innovation=innovation, to=Stage.UJI_COBA)
    assert [m[0] for m in selectors.allowed_moves(pimpinan, innovation)] == []


def test_publishing_is_admin_pemdas_and_needs_the_essentials(tree, innovation, operator_unit_a, admin_pemda):
    with pytest.raises(PermissionDenied):
        services.innovation_publish(actor=operator_unit_a, innovation=innovation)
    services.innovation_publish(actor=admin_pemda, innovation=innovation)
    innovation.refresh_from_db()
    assert innovation.published and innovation.published_at is not None
    bare = services.innovation_create(actor=operator_unit_a, unit=tree.pkm_a, name="Kosong")
    with pytest.raises(ValidationError):
        services.innovation_publish(actor=admin_pemda, innovation=bare)


def test_files_sk_documents_photos_and_their_publicity(innovation, operator_unit_a, admin_pemda):
    services.innovation_file_add(actor=operator_unit_a, innovation=innovation, kind="sk", uploaded=pdf())
    photo = services.innovation_file_add(
        actor=operator_unit_a, innovation=innovation, kind="photo", uploaded=png()
    )
    with pytest.raises(ValidationError):
        services.innovation_file_add(
            actor=operator_unit_a, innovation=innovation, kind="photo", uploaded=pdf()
        )
    files = selectors.files_of(innovation)
    assert [len(files[k]) for k in ("sk", "document", "photo")] == [1, 0, 1]
    assert selectors.has_innovator_sk([innovation.pk]) == {innovation.pk}
    assert files["photo"][0].attachment == photo
    assert not files["photo"][0].file.attachments_are_public()
    services.innovation_publish(actor=admin_pemda, innovation=innovation)
    innovation.refresh_from_db()
    files = selectors.files_of(innovation)
    assert files["photo"][0].file.attachments_are_public()
    assert not files["sk"][0].file.attachments_are_public()


def test_award_record_and_summary(tree, innovation, operator_unit_a, operator_unit_b, scheme_year):
    kipp = SchemeYear.objects.create(
        scheme=scheme_year.scheme,
        year=2023,
        version="x",
        name="Kompetisi Uji",
        data=scheme_dict(year=2023),
        sha256="1",
    )
    services.award_record(
        actor=operator_unit_a, innovation=innovation, year=0, award_code="harapan", scheme_year=kipp
    )
    services.award_record(
        actor=operator_unit_a, innovation=innovation, year=0, award_code="juara_1", scheme_year=kipp
    )
    services.award_record(
        actor=operator_unit_a,
        innovation=innovation,
        year=0,
        award_code="juara_1",
        scheme_year=scheme_year,
        decree=pdf(),
    )
    services.award_record(
        actor=operator_unit_a,
        innovation=innovation,
        year=2024,
        award_code="Top 99",
        scheme_name="KIPP",
    )
    services.award_record(
        actor=operator_unit_a, innovation=innovation, year=2025, award_code="top45", scheme_name="KIPP"
    )
    # the best result per year, oldest first: Juara 1 beats Harapan in 2023
    assert sorted(selectors.awards_summary([innovation.pk])[innovation.pk]) == [
        "KIPP: Top 99 2024, Top 45 2025",
        "UJI: Juara 1 2023, Juara 1 2026",
    ]
    with pytest.raises(ValidationError):  # not an award of the scheme
        services.award_record(
            actor=operator_unit_a,
            innovation=innovation,
            year=0,
            award_code="juara_9",
            scheme_year=scheme_year,
        )
    with pytest.raises(ValidationError):  # no scheme at all
        services.award_record(actor=operator_unit_a, innovation=innovation, year=2025, award_code="top99")
    with pytest.raises(ValidationError):  # recorded twice
        services.award_record(
            actor=operator_unit_a,
            innovation=innovation,
            year=0,
            award_code="juara_1",
            scheme_year=scheme_year,
        )
    with pytest.raises(PermissionDenied):
        services.award_record(
            actor=operator_unit_b, innovation=innovation, year=2025, award_code="x", scheme_name="Y"
        )
    award = Award.objects.get(scheme_year=scheme_year)
    assert len(selectors.awards_of(innovation)[-1].decrees) in (0, 1)
    assert [a.pk for a in selectors.awards_of(innovation) if a.decrees] == [award.pk]


def test_scheme_load_is_immutable_and_idempotent(db):
    first = services.scheme_load(data=scheme_dict())
    assert (first.scheme.code, first.year, first.version) == ("uji", 2026, "2026.1")
    assert services.scheme_load(data=scheme_dict()) == first
    changed = scheme_dict(note="diubah")
    with pytest.raises(ValidationError) as exc:
        services.scheme_load(data=changed)
    assert "tidak dapat diubah" in " ".join(exc.value.messages)
    second = services.scheme_load(data=scheme_dict(note="diubah", version="2026.2"))
    assert second.pk != first.pk
    with pytest.raises(ValidationError):
        services.scheme_load(data={"name": "tanpa kode"})


def test_scheme_import_is_admin_pemdas_and_reports_bad_json(admin_pemda, operator_unit_a):
    raw = json.dumps(scheme_dict()).encode()
    with pytest.raises(PermissionDenied):
        services.scheme_import(actor=operator_unit_a, raw=raw)
    assert services.scheme_import(actor=admin_pemda, raw=raw)[1] is True
    assert services.scheme_import(actor=admin_pemda, raw=raw)[1] is False
    with pytest.raises(ValidationError):
        services.scheme_import(actor=admin_pemda, raw=b"{bukan json")


# --- Internal selection -------------------------------------------------------------------------------


@pytest.fixture
def call(tree, admin_pemda, scheme_year):
    c = services.call_create(
        actor=admin_pemda,
        pemda=tree.pemda,
        scheme_year=scheme_year,
        title="Seleksi 2026",
        nomination_deadline=date(2026, 8, 31),
    )
    return services.call_open(actor=admin_pemda, call=c)


@pytest.fixture
def nomination(call, innovation, operator_unit_a):
    return services.nomination_create(
        actor=operator_unit_a, call=call, innovation=innovation, group_code="umum"
    )


def test_call_takes_the_schemes_cap_and_follows_its_table(tree, admin_pemda, operator_unit_a, scheme_year):
    with pytest.raises(PermissionDenied):
        services.call_create(
            actor=operator_unit_a,
            pemda=tree.pemda,
            scheme_year=scheme_year,
            title="X",
            nomination_deadline=date(2026, 9, 1),
        )
    with pytest.raises(ValidationError):
        services.call_create(
            actor=admin_pemda,
            pemda=tree.dinkes,
            scheme_year=scheme_year,
            title="X",
            nomination_deadline=date(2026, 9, 1),
        )
    call = services.call_create(
        actor=admin_pemda,
        pemda=tree.pemda,
        scheme_year=scheme_year,
        title="X",
        nomination_deadline=date(2026, 9, 1),
    )
    assert call.cap == 2 and call.status == CallStatus.DRAFT
    with pytest.raises(ValidationError):
        services.call_transition(actor=admin_pemda, call=call, to=CallStatus.CLOSED)
    services.call_open(actor=admin_pemda, call=call)
    with pytest.raises(ValidationError):  # back to draft needs a reason
        services.call_transition(actor=admin_pemda, call=call, to=CallStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.call_transition(actor=operator_unit_a, call=call, to=CallStatus.SCORING)
    services.call_transition(actor=admin_pemda, call=call, to=CallStatus.SCORING)
    assert list(call.events.values_list("to_status", flat=True)) == ["open", "scoring"]


def test_nominate_withdraw_renominate(
    call, innovation, operator_unit_a, operator_unit_b, nomination, admin_pemda
):
    with pytest.raises(ValidationError):  # twice
        services.nomination_create(actor=operator_unit_a, call=call, innovation=innovation, group_code="umum")
    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(actor=operator_unit_b, nomination=nomination)
    services.nomination_withdraw(actor=operator_unit_a, nomination=nomination)
    again = services.nomination_create(
        actor=operator_unit_a, call=call, innovation=innovation, group_code="umum"
    )
    assert again.pk == nomination.pk and again.status == NominationStatus.NOMINATED
    with pytest.raises(ValidationError):  # a group the scheme does not have
        services.nomination_create(
            actor=operator_unit_a,
            call=call,
            innovation=services.innovation_create(actor=operator_unit_a, unit=innovation.unit, name="Y"),
            group_code="khusus",
        )
    with pytest.raises(ValidationError):  # the decision waits for the scoring stage
        services.nomination_decide(actor=admin_pemda, nomination=nomination, selected=True)


def test_nomination_after_the_deadline_is_refused(call, innovation, operator_unit_a):
    with (
        time_machine.travel(datetime(2026, 9, 1, 8, tzinfo=WITA), tick=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.nomination_create(actor=operator_unit_a, call=call, innovation=innovation, group_code="umum")
    assert "Batas pengusulan" in " ".join(exc.value.messages)


def test_jurors_score_hidden_until_submitted_and_never_their_own_perangkat_daerah(
    tree, call, nomination, admin_pemda, operator_unit_a
):
    own = make_member(tree.pkm_b, Role.OPERATOR, "juri_dinkes")  # Puskesmas B: the same Dinas Kesehatan
    juri1 = make_member(tree.capil, Role.OPERATOR, "juri1")
    juri2 = make_member(tree.dpmptsp, Role.PIMPINAN, "juri2")
    outsider = make_member(tree.capil, Role.OPERATOR, "bukan_juri")
    for user in (own, juri1, juri2):
        services.juror_add(actor=admin_pemda, call=call, user=user)
    with pytest.raises(PermissionDenied):
        services.juror_add(actor=operator_unit_a, call=call, user=outsider)
    with pytest.raises(ValidationError):  # scoring not started
        services.score_save(actor=juri1, nomination=nomination, aspect_code="ringkasan", value=80)
    services.call_transition(actor=admin_pemda, call=call, to=CallStatus.SCORING)
    with pytest.raises(ValidationError) as exc:
        services.score_save(actor=own, nomination=nomination, aspect_code="ringkasan", value=80)
    assert "perangkat daerahnya sendiri" in " ".join(exc.value.messages)
    with pytest.raises(PermissionDenied):
        services.score_save(actor=outsider, nomination=nomination, aspect_code="ringkasan", value=80)
    for bad in ("101", "-1", "abc", "NaN"):
        with pytest.raises(ValidationError):
            services.score_save(actor=juri1, nomination=nomination, aspect_code="ringkasan", value=bad)
    with pytest.raises(ValidationError):
        services.score_save(actor=juri1, nomination=nomination, aspect_code="tidak_ada", value=50)
    services.score_save(actor=juri1, nomination=nomination, aspect_code="ringkasan", value="80,5")
    services.score_save(actor=juri2, nomination=nomination, aspect_code="ringkasan", value=70)
    assert [s.value for s in selectors.scores_visible_to(user=juri1, nomination=nomination)] == [
        Decimal("80.50")
    ]
    with pytest.raises(ValidationError):  # not every aspect scored
        services.score_submit(actor=juri1, nomination=nomination)
    services.score_save(actor=juri1, nomination=nomination, aspect_code="dampak", value=90, comment="Jelas")
    assert services.score_submit(actor=juri1, nomination=nomination) == 2
    with pytest.raises(ValidationError):  # final
        services.score_save(actor=juri1, nomination=nomination, aspect_code="dampak", value=10)
    # juri2 has not submitted: juri1 still sees only their own; admin pemda sees the submitted ones only
    assert {s.juror.user for s in selectors.scores_visible_to(user=juri1, nomination=nomination)} == {juri1}
    assert {s.juror.user for s in selectors.scores_visible_to(user=admin_pemda, nomination=nomination)} == {
        juri1
    }
    assert list(selectors.scores_visible_to(user=operator_unit_a, nomination=nomination)) == []
    services.score_save(actor=juri2, nomination=nomination, aspect_code="dampak", value=60)
    services.score_submit(actor=juri2, nomination=nomination)
    assert selectors.scores_visible_to(user=juri1, nomination=nomination).count() == 4
    assert access.own_unit_conflict(own, nomination.innovation)
    assert not access.own_unit_conflict(admin_pemda, nomination.innovation)  # the root is nobody's own unit
    services.nomination_decide(
        actor=admin_pemda, nomination=nomination, selected=True, total_score=Decimal("75"), rank=1
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.rank) == (NominationStatus.SELECTED, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("satu", 1), ("  e-KTP  dan\nKIA ", 3), ("a - b • c", 3), ("Rp 10.000,- per hari", 4)],
)
def test_words_count(text, expected):
    assert words_count(text) == expected


def test_proposal_text_versions_and_word_limit(nomination, operator_unit_a, operator_unit_b, admin_pemda):
    ten = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
    v1 = services.proposal_text_save(
        actor=operator_unit_a, nomination=nomination, aspect_code="ringkasan", text=ten
    )
    assert v1.version == 1
    with pytest.raises(ValidationError) as exc:
        services.proposal_text_save(
            actor=operator_unit_a, nomination=nomination, aspect_code="ringkasan", text=ten + " sebelas"
        )
    assert "11 kata" in " ".join(exc.value.messages) and "10 kata" in " ".join(exc.value.messages)
    same = services.proposal_text_save(
        actor=operator_unit_a, nomination=nomination, aspect_code="ringkasan", text=ten
    )
    assert same.pk == v1.pk
    long = " ".join(["kata"] * 500)  # no limit on this aspect
    services.proposal_text_save(actor=admin_pemda, nomination=nomination, aspect_code="dampak", text=long)
    v2 = services.proposal_text_save(
        actor=operator_unit_a, nomination=nomination, aspect_code="ringkasan", text="Singkat."
    )
    assert v2.version == 2
    assert selectors.proposal_current(nomination)["ringkasan"].text == "Singkat."
    assert [p.version for p in selectors.proposal_versions(nomination, "ringkasan")] == [2, 1]
    with pytest.raises(PermissionDenied):
        services.proposal_text_save(
            actor=operator_unit_b, nomination=nomination, aspect_code="ringkasan", text="x"
        )


def test_comments(tree, call, nomination, admin_pemda, operator_unit_b):
    juri = make_member(tree.capil, Role.OPERATOR, "juri")
    services.juror_add(actor=admin_pemda, call=call, user=juri)
    services.proposal_comment_add(
        actor=juri, nomination=nomination, aspect_code="ringkasan", text="Perjelas angka."
    )
    with pytest.raises(ValidationError):
        services.proposal_comment_add(actor=juri, nomination=nomination, aspect_code="ringkasan", text="  ")
    with pytest.raises(PermissionDenied):
        services.proposal_comment_add(actor=operator_unit_b, nomination=nomination, aspect_code="", text="x")
    assert nomination.comments.count() == 1


def test_the_shipped_schemes_load_once_and_loadscheme_reports_a_bad_file(db, tmp_path):
    from django.core.management import CommandError, call_command

    services.ensure_shipped_schemes()
    n = SchemeYear.objects.count()
    assert n == len(services.shipped_scheme_files()) >= 1
    call_command("loadscheme")
    assert SchemeYear.objects.count() == n
    bad = tmp_path / "rusak.json"
    bad.write_text(json.dumps(scheme_dict(groups=[])), "utf-8")
    with pytest.raises(CommandError, match="Skema tidak sah"):
        call_command("loadscheme", str(bad))
