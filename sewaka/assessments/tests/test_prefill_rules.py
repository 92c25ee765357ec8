"""The rule table: each indicator Sewaka decides, from the module's own data, with its reason."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sewaka.assessments import prefill, selectors, services
from sewaka.assessments.models import InstrumentVersion
from sewaka.complaints.models import Complaint
from sewaka.complaints.services import complaint_submit
from sewaka.consultations import services as fkp
from sewaka.consultations.models import ParticipantCategory as C
from sewaka.consultations.tests.factories import make_forum
from sewaka.followups.services import followup_transition
from sewaka.organisations.services import service_create
from sewaka.standards.services import (
    maklumat_save,
    maklumat_transition,
    standard_new_version,
    standard_review,
    standard_transition,
    standard_update,
)
from sewaka.standards.tests.test_standards import COMPLETE
from sewaka.surveys.services import publication_add, rtl_add
from sewaka.surveys.tests.factories import make_period, make_response

YEAR = timezone.localdate().year


@pytest.fixture
def pekppp(db):
    services.ensure_shipped_instruments()
    return InstrumentVersion.objects.get(code="pekppp-2023")


def set_standard(unit, actor, name="Pelayanan Umum", **changes):
    service = service_create(actor=None, unit=unit, name=name)
    standard = standard_new_version(actor=actor, service=service)
    standard_update(actor=actor, standard=standard, **{**COMPLETE, **changes})
    standard_transition(
        actor=actor,
        standard=standard,
        to="ditetapkan",
        decree_number=f"{service.pk}/{YEAR}",
        decree_date=timezone.localdate(),
        signing_official="Kepala",
        decree_pdf=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 sk"),
    )
    return standard_transition(actor=actor, standard=standard, to="published")


def draft_maklumat(unit, actor):
    return maklumat_save(
        actor=actor,
        unit=unit,
        text="Kami sanggup.",
        signatory_name="dr. A",
        signatory_position="Kepala",
        signed_on=timezone.localdate(),
    )


def decide(code, unit, year=YEAR):
    facts = selectors.unit_facts([unit], year)[unit.pk]
    return prefill.rules_for(code.split(":")[0])[code.split(":")[1]].decide(facts)


@pytest.mark.parametrize(
    ("percent", "score"),
    [(0, 0), (1, 1), (24, 1), (25, 2), (49, 2), (50, 3), (74, 3), (75, 4), (89, 4), (90, 5), (100, 5)],
)
def test_percentage_bands_have_no_gaps(percent, score):
    assert prefill._percent_band(percent) == score


def test_every_rule_names_an_indicator_of_its_instrument(pekppp):
    for rule in prefill.RULES:
        instrument = services.parsed_code(rule.instrument)
        codes = {i.code for d in instrument.dimensions for i in d.indicators}
        assert rule.indicator in codes, rule
        assert rule.status in prefill.STATUS_LABELS and rule.rollup and rule.description


def test_indicator_2_counts_the_participant_categories_of_the_weakest_service(tree, pekppp, operator_unit_a):
    first = set_standard(tree.pkm_a, operator_unit_a)
    second = set_standard(tree.pkm_a, operator_unit_a, name="Surat Keterangan Sehat")
    assert decide("pekppp-2023:2", tree.pkm_a)[0] == 0
    forum = make_forum(tree.pkm_a, operator_unit_a, standard=first)
    people = [
        fkp.participant_invite(actor=operator_unit_a, forum=forum, name=n, institution="", category=c)
        for n, c in [("A", C.PENGGUNA), ("B", C.TOKOH), ("C", C.AKADEMISI), ("D", C.LSM), ("E", C.MEDIA)]
    ]
    for p in people:
        fkp.participant_mark_attended(actor=operator_unit_a, participant=p, attended=True)
    fkp.forum_record_results(actor=operator_unit_a, forum=forum, minutes="Disepakati.")
    score, reason = decide("pekppp-2023:2", tree.pkm_a)
    assert score == 0 and "Surat Keterangan Sehat: 0" in reason and "Pelayanan Umum: 5" in reason
    other = make_forum(tree.pkm_a, operator_unit_a, standard=second, topic="Waktu tunggu SKS")
    for n, c in [("F", C.PENGGUNA), ("G", C.USAHA)]:
        p = fkp.participant_invite(actor=operator_unit_a, forum=other, name=n, institution="", category=c)
        fkp.participant_mark_attended(actor=operator_unit_a, participant=p, attended=True)
    assert decide("pekppp-2023:2", tree.pkm_a)[0] == 0  # a planned forum does not count yet
    fkp.forum_record_results(actor=operator_unit_a, forum=other, minutes="Disepakati.")
    assert decide("pekppp-2023:2", tree.pkm_a)[0] == 2


def test_indicator_4_follows_the_periodic_review(tree, pekppp, operator_unit_a):
    standard = set_standard(tree.pkm_a, operator_unit_a)
    assert decide("pekppp-2023:4", tree.pkm_a)[0] == 1
    standard_review(
        actor=operator_unit_a,
        standard=standard,
        reviewed_on=timezone.localdate() - timedelta(days=400),
        note="Tidak ada perubahan.",
    )
    assert decide("pekppp-2023:4", tree.pkm_a)[0] == 3
    standard_review(
        actor=operator_unit_a, standard=standard, reviewed_on=timezone.localdate(), note="Biaya dihapus."
    )
    score, reason = decide("pekppp-2023:4", tree.pkm_a)
    assert score == 5 and "dicatat" in reason


def test_indicator_5_follows_the_maklumat_cycle(tree, pekppp, operator_unit_a):
    assert decide("pekppp-2023:5", tree.pkm_a)[0] == 0
    m = draft_maklumat(tree.pkm_a, operator_unit_a)
    assert decide("pekppp-2023:5", tree.pkm_a)[0] == 1
    maklumat_transition(actor=operator_unit_a, maklumat=m, to="ditetapkan")
    assert decide("pekppp-2023:5", tree.pkm_a)[0] == 3
    maklumat_transition(actor=operator_unit_a, maklumat=m, to="published")
    assert decide("pekppp-2023:5", tree.pkm_a)[0] == 5
    assert decide("ombudsman-2013-2021:maklumat", tree.pkm_a)[0] == 1


def test_indicators_7_8_9_follow_skm_publication_and_rtl(tree, pekppp, operator_unit_a):
    today = timezone.localdate()
    period = make_period(
        tree.pkm_a, start=date(YEAR, 1, 1), end=date(YEAR, 3, 31) if today.month > 3 else today
    )
    make_response(period)
    assert decide("pekppp-2023:7", tree.pkm_a)[0] == 0
    assert decide("pekppp-2023:8", tree.pkm_a)[0] == 0
    for medium in ("website", "notice_board", "social_media"):
        publication_add(actor=operator_unit_a, period=period, medium=medium, published_on=today)
    publication_add(actor=operator_unit_a, period=period, medium="website", published_on=today)
    score, reason = decide("pekppp-2023:7", tree.pkm_a)
    assert score == 3 and "3 jenis media" in reason
    actions = [
        rtl_add(
            actor=operator_unit_a,
            period=period,
            unsur=u,
            title=f"Perbaiki {u}",
            owner=None,
            due=today + timedelta(days=5),
        )
        for u in ("waktu", "biaya", "produk", "sarana")
    ]
    assert decide("pekppp-2023:8", tree.pkm_a) == (0, "0 dari 4 RTL selesai (0%).")
    for action in actions[:2]:
        followup_transition(followup=action.followup, to="done", actor=operator_unit_a, note="Selesai.")
    assert decide("pekppp-2023:8", tree.pkm_a)[0] == 3  # 50 %
    assert decide("pekppp-2023:9", tree.pkm_a)[0] == 3  # both done before their due date
    late = actions[2].followup
    type(late).objects.filter(pk=late.pk).update(due=today - timedelta(days=3))
    followup_transition(followup=late, to="done", actor=operator_unit_a, note="Selesai terlambat.")
    assert decide("pekppp-2023:8", tree.pkm_a)[0] == 4  # 75 %
    assert decide("pekppp-2023:9", tree.pkm_a)[0] == 3  # still 2 of 4 on time


def test_indicator_26_counts_complaint_channels_with_a_bonus_for_lapor(tree, pekppp, operator_unit_a):
    assert decide("pekppp-2023:26", tree.pkm_a) is None  # no standard: the unit answers
    set_standard(tree.pkm_a, operator_unit_a)
    assert decide("pekppp-2023:26", tree.pkm_a)[0] == 1
    set_standard(
        tree.pkm_a,
        operator_unit_a,
        name="Surat Keterangan Sehat",
        pengaduan=[
            {"channel": "WhatsApp", "contact": "0811"},
            {"channel": "SP4N-LAPOR!", "contact": "lapor.go.id"},
            {"channel": "Kotak saran", "contact": "Lobi"},
        ],
    )
    score, reason = decide("pekppp-2023:26", tree.pkm_a)
    assert score == 4 and "SP4N-LAPOR!" in reason


def test_indicator_28_is_the_share_of_complaint_deadlines_met(tree, pekppp):
    assert decide("pekppp-2023:28", tree.pkm_a) is None  # no complaint: not decided by Sewaka
    received = timezone.now() - timedelta(days=40)
    ok, _ = complaint_submit(
        what_happened="Antrean lama", idempotency_key="k1", reported_unit=tree.pkm_a, received_at=received
    )
    late, _ = complaint_submit(
        what_happened="Petugas tidak ada",
        idempotency_key="k2",
        reported_unit=tree.pkm_a,
        received_at=received,
    )
    Complaint.objects.filter(pk=ok.pk).update(
        verified_at=received + timedelta(hours=2), first_answer_at=received + timedelta(hours=5)
    )
    Complaint.objects.filter(pk=late.pk).update(verified_at=received + timedelta(hours=3))
    score, reason = decide("pekppp-2023:28", tree.pkm_a, timezone.localtime(received).year)
    # Met: ok × 2 + late's verification = 3 of 4 deadlines (late's first answer is overdue).
    assert score == 4 and "3 dari 4" in reason


def test_ombudsman_2013_component_items_need_every_service_published(tree, operator_unit_a):
    services.ensure_shipped_instruments()
    set_standard(tree.pkm_a, operator_unit_a)
    assert decide("ombudsman-2013-2021:sp-biaya", tree.pkm_a)[0] == 1
    service = service_create(actor=None, unit=tree.pkm_a, name="Imunisasi")
    standard_new_version(actor=operator_unit_a, service=service)  # draft only
    score, reason = decide("ombudsman-2013-2021:sp-biaya", tree.pkm_a)
    assert score == 0 and "Imunisasi" in reason


def test_prefill_reaches_the_assessment_and_the_prediction(tree, pekppp, operator_unit_a):
    a = services.assessment_open(actor=operator_unit_a, unit=tree.pkm_a, instrument=pekppp, year=YEAR)
    before = services.predicted(a).total
    m = draft_maklumat(tree.pkm_a, operator_unit_a)
    maklumat_transition(actor=operator_unit_a, maklumat=m, to="ditetapkan")
    services.assessment_refresh_prefill(assessment=a)
    answer = a.answers.get(indicator="5")
    assert (answer.score, answer.source) == (3, "sewaka")
    assert services.predicted(a).total > before


def _hand_facts(*, maklumat=(), complaints=(0, 0, 0), services=()):
    """UnitFacts built by hand, without the database (the rules are a pure mapping)."""
    from sewaka.complaints.facts import UnitComplaints
    from sewaka.standards.facts import MaklumatFacts, MaklumatRecord, UnitStandards

    met, late, overdue = complaints
    return prefill.UnitFacts(
        unit_id=1,
        year=2026,
        standards=UnitStandards(1, 2026, date(2026, 12, 31), tuple(services), 0),
        maklumat=MaklumatFacts(1, tuple(MaklumatRecord(i, s, d) for i, (s, d) in enumerate(maklumat))),
        participation={},
        periods=(),
        complaints=UnitComplaints(1, 2026, 3, (), (), 0, 0, met, late, overdue),
    )


def test_the_rules_are_a_pure_mapping_of_hand_built_facts():
    rules = prefill.rules_for("pekppp-2023")
    assert rules["5"].decide(_hand_facts()) == (0, "Belum ada Maklumat Pelayanan.")
    later = _hand_facts(maklumat=[("published", date(2027, 1, 5)), ("ditetapkan", date(2026, 2, 1))])
    assert rules["5"].decide(later)[0] == 3  # the published one is signed after the year
    assert rules["28"].decide(_hand_facts()) is None  # no deadline counted
    # 3 met, 1 late, 2 overdue: 3 of 6 = 50 % → band 3.
    assert rules["28"].decide(_hand_facts(complaints=(3, 1, 2))) == (
        3,
        "3 dari 6 tenggat pengaduan 2026 dipenuhi tepat waktu (50%).",
    )
    assert rules["6"].decide(_hand_facts()) == (0, "Belum ada SKM dengan jawaban pada 2026.")
    assert prefill.rules_for("monev-denpasar")["sp-dipampang"].decide(_hand_facts()) is None


def test_prefill_module_reads_no_model():
    import ast
    import inspect

    tree_ = ast.parse(inspect.getsource(prefill))
    imported = [n.module or "" for n in ast.walk(tree_) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree_) if isinstance(n, ast.Import) for a in n.names
    ]
    assert not [m for m in imported if m.endswith("models") or m.startswith("django")], imported
    assert ".objects" not in inspect.getsource(prefill)


def test_unit_facts_query_count_does_not_grow_with_units(tree, admin_pemda):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sewaka.organisations.tests.factories import make_unit

    counts = []
    for parent, n in ((tree.dinkes, 2), (tree.capil, 6)):
        units = [make_unit(parent) for _ in range(n)]
        for u in units:
            set_standard(u, admin_pemda, name=f"Layanan {u.pk}")
            draft_maklumat(u, admin_pemda)
            make_response(make_period(u, start=date(YEAR, 1, 1), end=date(YEAR, 1, 31)))
        with CaptureQueriesContext(connection) as ctx:
            facts = selectors.unit_facts(units, YEAR)
        assert len(facts) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
