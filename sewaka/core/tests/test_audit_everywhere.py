"""Every write service leaves an AuditEvent that names what it did (house rule: services audit).

The services are discovered, not listed: every public function that takes a keyword-only `actor` in any
module of `sewaka` (each app's `services` module or package, and write paths that live elsewhere such as
the survey import) is a write service. Each one needs an entry in BUILDERS: a minimal valid setup that
returns the call and the audit action it must leave. So a new service without an entry fails here, and so
does a service whose call leaves no event with its action. Services that act for a citizen or a clock (no
`actor`) are listed in BUILDERS too, by hand.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

import sewaka
from sewaka.core.models import AuditEvent
from sewaka.core.workdays import WITA

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=WITA)  # a Wednesday
SKIPPED_MODULES = (".tests", ".migrations", ".management", ".demo")
NOT_SERVICES = {"core.audit"}  # the audit helper itself


def discover() -> dict[str, Callable]:
    """ "app.function" → every public function with a keyword-only `actor` defined in a `sewaka` module."""
    found: dict[str, Callable] = {}
    for info in pkgutil.walk_packages(sewaka.__path__, "sewaka."):
        if any(part in info.name for part in SKIPPED_MODULES):
            continue
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            actor = inspect.signature(fn).parameters.get("actor")
            if actor is None or actor.kind is not inspect.Parameter.KEYWORD_ONLY:
                continue
            key = f"{info.name.split('.')[1]}.{name}"
            if key not in NOT_SERVICES:
                found[key] = fn
    return found


# --- The world every builder starts from ------------------------------------------------------------


class World(SimpleNamespace):
    """The personas' tree plus makers for the objects a service works on (each made through services)."""

    def service(self, unit=None, name="Pemeriksaan Umum"):
        from sewaka.organisations.services import service_create

        return service_create(actor=None, unit=unit or self.tree.pkm_a, name=name)

    def user(self, username="baru"):
        from sewaka.accounts.services import user_create

        return user_create(actor=self.admin, username=username, email=f"{username}@example.test")

    def complaint(self, *, status="diterima", email=""):
        from sewaka.complaints import services

        c, _new = services.complaint_submit(
            what_happened="Antrean tiga jam tanpa kepastian.",
            idempotency_key=str(uuid.uuid4()),
            reported_unit=self.tree.pkm_a,
            reporter_name="Komang Warga",
            reporter_email=email,
        )
        steps = [
            ("diverifikasi", {}),
            ("didisposisikan", {"unit": self.tree.pkm_a, "instruction": "Tangani."}),
            ("dalam_tindak_lanjut", {}),
            ("dijawab", {"answer": "Loket tambahan dibuka."}),
        ]
        for to, extra in steps:
            if c.status == status:
                break
            c = services.complaint_transition(complaint=c, to=to, actor=self.admin, **extra)
        assert c.status == status
        return c

    def followup(self):
        from sewaka.followups.services import followup_create

        return followup_create(
            source=self.tree.pkm_a,
            unit=self.tree.pkm_a,
            title="Pasang papan alur",
            owner=self.operator,
            due=NOW.date() + timedelta(days=14),
            actor=self.admin,
        )

    def forum(self):
        from sewaka.consultations.tests.factories import make_forum

        return make_forum(self.tree.pkm_a, self.operator)

    def standard(self, *, status="draft"):
        from sewaka.standards import services
        from sewaka.standards.tests.test_standards import COMPLETE

        standard = services.standard_new_version(actor=self.operator, service=self.service())
        services.standard_update(actor=self.operator, standard=standard, **COMPLETE)
        if status in ("ditetapkan", "published"):
            standard = services.standard_transition(actor=self.operator, standard=standard, **_decree())
        if status == "published":
            standard = services.standard_transition(actor=self.operator, standard=standard, to="published")
        return standard

    def maklumat(self):
        from sewaka.standards.services import maklumat_save

        return maklumat_save(
            actor=self.operator,
            unit=self.tree.pkm_a,
            text="Kami sanggup melayani sesuai standar.",
            signatory_name="dr. Ayu",
            signatory_position="Kepala Puskesmas A",
            signed_on=date(2026, 11, 2),
        )

    def period(self, **extra):
        from sewaka.surveys.tests.factories import make_period

        service = self.service(name="Layanan SKM")
        return make_period(
            self.tree.pkm_a,
            services={service: 100},
            start=date(2026, 10, 1),
            end=date(2026, 12, 31),
            **extra,
        )

    def response(self):
        from sewaka.surveys.tests.factories import make_response

        return make_response(self.period())

    def import_job(self, *, analysed=False):
        from sewaka.surveys import import_services as imports
        from sewaka.surveys.ikm import UNSUR_KEYS

        period = self.period()
        csv = ",".join(UNSUR_KEYS) + "\n" + ",".join("3" for _ in UNSUR_KEYS) + "\n"
        job = imports.import_upload(
            actor=self.operator, period=period, uploaded=SimpleUploadedFile("skm.csv", csv.encode())
        )
        if analysed:
            job = imports.import_analyse(job=job)
            assert job.status == "analysed", job.message
        return job

    def instrument(self, code="pekppp-2023"):
        from sewaka.assessments.models import InstrumentVersion
        from sewaka.assessments.services import ensure_shipped_instruments

        ensure_shipped_instruments()
        return InstrumentVersion.objects.get(code=code)

    def assessment(self):
        from sewaka.assessments.services import assessment_open

        return assessment_open(
            actor=self.operator, unit=self.tree.pkm_a, instrument=self.instrument(), year=2026
        )

    def answer(self):
        return self.assessment().answers.get(indicator="11")


DECREE = {
    "to": "ditetapkan",
    "decree_number": "188.45/12/2026",
    "decree_date": date(2026, 11, 2),
    "signing_official": "Kepala Puskesmas",
}


def _decree():
    return {**DECREE, "decree_pdf": SimpleUploadedFile("sk.pdf", b"%PDF-1.4 SK")}


def _pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bukti")


# --- BUILDERS: "app.function" → (action the call must leave, setup returning the call) ---------------

BUILDERS: dict[str, tuple[str, Callable[[World], Callable[[], object]]]] = {}


def builder(key: str, action: str):
    def register(setup):
        assert key not in BUILDERS, key
        BUILDERS[key] = (action, setup)
        return setup

    return register


# accounts


@builder("accounts.user_create", "user.create")
def _(w):
    from sewaka.accounts.services import user_create

    return lambda: user_create(actor=w.admin, username="baru", email="baru@example.test")


@builder("accounts.user_invite", "user.invite")
def _(w):
    from sewaka.accounts.services import user_invite

    user = w.user()
    return lambda: user_invite(actor=w.admin, user=user)


@builder("accounts.user_update", "user.update")
def _(w):
    from sewaka.accounts.services import user_update

    user = w.user()
    return lambda: user_update(actor=w.admin, user=user, first_name="Baru")


@builder("accounts.user_set_active", "user.deactivate")
def _(w):
    from sewaka.accounts.services import user_set_active

    user = w.user()
    return lambda: user_set_active(actor=w.admin, user=user, active=False)


# core


@builder("core.dayoff_set", "dayoff.create")
def _(w):
    from sewaka.core.services import dayoff_set

    return lambda: dayoff_set(
        actor=w.admin, pemda=w.tree.pemda, date=date(2026, 12, 31), kind="local", name="Libur lokal"
    )


@builder("core.dayoff_remove", "dayoff.remove")
def _(w):
    from sewaka.core.services import dayoff_remove, dayoff_set

    day = dayoff_set(
        actor=w.admin, pemda=w.tree.pemda, date=date(2026, 12, 31), kind="local", name="Libur lokal"
    )
    return lambda: dayoff_remove(actor=w.admin, day=day)


@builder("core.attachment_add", "attachment.add")
def _(w):
    from sewaka.core.services import attachment_add

    followup = w.followup()
    return lambda: attachment_add(owner=followup, unit=w.tree.pkm_a, uploaded=_pdf(), actor=w.admin)


# organisations


@builder("organisations.unit_create", "unit.create")
def _(w):
    from sewaka.organisations.services import unit_create

    return lambda: unit_create(
        actor=w.admin, parent=w.tree.dinkes, kind="puskesmas", code="pkm-x", name="Puskesmas X"
    )


@builder("organisations.unit_update", "unit.update")
def _(w):
    from sewaka.organisations.services import unit_update

    return lambda: unit_update(actor=w.admin, unit=w.tree.pkm_a, phone="0361-111")


@builder("organisations.unit_set_active", "unit.deactivate")
def _(w):
    from sewaka.organisations.services import unit_set_active

    return lambda: unit_set_active(actor=w.admin, unit=w.tree.pkm_b, active=False)


@builder("organisations.service_create", "service.create")
def _(w):
    from sewaka.organisations.services import service_create

    return lambda: service_create(actor=w.admin, unit=w.tree.pkm_a, name="Kesehatan Gigi")


@builder("organisations.service_update", "service.update")
def _(w):
    from sewaka.organisations.services import service_update

    service = w.service()
    return lambda: service_update(actor=w.admin, service=service, name="Pemeriksaan Umum Dewasa")


@builder("organisations.membership_grant", "membership.grant")
def _(w):
    from sewaka.organisations.services import membership_grant

    user = w.user()
    return lambda: membership_grant(actor=w.admin, user=user, unit=w.tree.pkm_a, role="operator")


@builder("organisations.membership_revoke", "membership.revoke")
def _(w):
    from sewaka.organisations.models import Membership
    from sewaka.organisations.services import membership_revoke

    membership = Membership.objects.get(user=w.operator, unit=w.tree.pkm_a)
    return lambda: membership_revoke(actor=w.admin, membership=membership)


@builder("organisations.letterhead_set", "letterhead.set")
def _(w):
    from sewaka.organisations.services import letterhead_set

    return lambda: letterhead_set(
        actor=w.admin, pemda=w.tree.pemda, title="PEMERINTAH KOTA UJI", place="Kota Uji", address="Jl. Uji 1"
    )


# followups


@builder("followups.followup_create", "followup.create")
def _(w):
    return w.followup


@builder("followups.followup_transition", "followup.in_progress")
def _(w):
    from sewaka.followups.services import followup_transition

    followup = w.followup()
    return lambda: followup_transition(followup=followup, to="in_progress", actor=w.operator)


@builder("followups.followup_comment", "followup.comment")
def _(w):
    from sewaka.followups.services import followup_comment

    followup = w.followup()
    return lambda: followup_comment(followup=followup, actor=w.operator, text="Papan sudah dipesan.")


@builder("followups.followup_add_evidence", "attachment.add")
def _(w):
    from sewaka.followups.services import followup_add_evidence

    followup = w.followup()
    return lambda: followup_add_evidence(followup=followup, actor=w.operator, uploaded=_pdf())


# standards


@builder("standards.standard_new_version", "standard.new_version")
def _(w):
    from sewaka.standards.services import standard_new_version

    service = w.service()
    return lambda: standard_new_version(actor=w.operator, service=service)


@builder("standards.standard_update", "standard.update")
def _(w):
    from sewaka.standards.services import standard_new_version, standard_update

    standard = standard_new_version(actor=w.operator, service=w.service())
    return lambda: standard_update(actor=w.operator, standard=standard, produk="Surat keterangan sehat")


@builder("standards.standard_transition", "standard.ditetapkan")
def _(w):
    from sewaka.standards.services import standard_transition

    standard = w.standard()
    return lambda: standard_transition(actor=w.operator, standard=standard, **_decree())


@builder("standards.standard_review", "standard.review")
def _(w):
    from sewaka.standards.services import standard_review

    standard = w.standard(status="published")
    return lambda: standard_review(
        actor=w.operator, standard=standard, reviewed_on=NOW.date(), note="Masih sesuai."
    )


@builder("standards.maklumat_save", "maklumat.save")
def _(w):
    return w.maklumat


@builder("standards.maklumat_transition", "maklumat.ditetapkan")
def _(w):
    from sewaka.standards.services import maklumat_transition

    maklumat = w.maklumat()
    return lambda: maklumat_transition(actor=w.operator, maklumat=maklumat, to="ditetapkan")


# consultations


@builder("consultations.forum_create", "fkp.create")
def _(w):
    return w.forum


@builder("consultations.forum_transition", "fkp.held")
def _(w):
    from sewaka.consultations.models import Forum
    from sewaka.consultations.services import forum_transition

    forum = w.forum()
    Forum.objects.filter(pk=forum.pk).update(minutes="Antrean pagi dibahas.")  # the move needs notulen
    return lambda: forum_transition(actor=w.operator, forum=forum, to="held")


@builder("consultations.forum_update", "fkp.update")
def _(w):
    from sewaka.consultations.services import forum_update

    forum = w.forum()
    return lambda: forum_update(actor=w.operator, forum=forum, place="Aula Kantor Camat")


@builder("consultations.participant_invite", "fkp.participant.invite")
def _(w):
    from sewaka.consultations.services import participant_invite

    forum = w.forum()
    return lambda: participant_invite(
        actor=w.operator, forum=forum, name="Ni Wayan Sari", institution="Warga", category="pengguna_layanan"
    )


@builder("consultations.participant_checkin_self", "fkp.participant.checkin")
def _(w):
    from sewaka.consultations.services import participant_checkin_self

    forum = w.forum()
    return lambda: participant_checkin_self(
        forum=forum, name="Ni Wayan Sari", institution="Warga", category="pengguna_layanan", consent=True
    )


@builder("consultations.participant_mark_attended", "fkp.participant.attendance")
def _(w):
    from sewaka.consultations.services import participant_invite, participant_mark_attended

    participant = participant_invite(
        actor=w.operator,
        forum=w.forum(),
        name="Ni Wayan Sari",
        institution="Warga",
        category="pengguna_layanan",
    )
    return lambda: participant_mark_attended(actor=w.operator, participant=participant, attended=True)


@builder("consultations.forum_record_results", "fkp.results")
def _(w):
    from sewaka.consultations.services import forum_record_results

    forum = w.forum()
    return lambda: forum_record_results(actor=w.operator, forum=forum, minutes="Antrean pagi dibahas.")


@builder("consultations.agreement_add", "fkp.agreement.add")
def _(w):
    from sewaka.consultations.services import agreement_add, forum_record_results

    forum = forum_record_results(actor=w.operator, forum=w.forum(), minutes="Antrean pagi dibahas.")
    return lambda: agreement_add(
        actor=w.operator, forum=forum, text="Loket dibuka 07.30", owner=w.operator, due=date(2026, 12, 18)
    )


@builder("consultations.forum_add_evidence", "fkp.evidence.add")
def _(w):
    from sewaka.consultations.services import forum_add_evidence

    forum = w.forum()
    return lambda: forum_add_evidence(
        actor=w.operator, forum=forum, uploaded=_pdf("daftar-hadir.pdf"), kind="other"
    )


@builder("consultations.forum_publish_summary", "fkp.publish")
def _(w):
    from sewaka.consultations.services import forum_publish_summary, forum_record_results

    forum = forum_record_results(actor=w.operator, forum=w.forum(), minutes="Antrean pagi dibahas.")
    return lambda: forum_publish_summary(actor=w.operator, forum=forum, summary="Antrean pagi dibahas.")


# complaints


@builder("complaints.complaint_submit", "complaint.submit")
def _(w):
    from sewaka.complaints.services import complaint_submit

    return lambda: complaint_submit(what_happened="Loket tutup.", idempotency_key=str(uuid.uuid4()))


@builder("complaints.complaint_transition", "complaint.diverifikasi")
def _(w):
    from sewaka.complaints.services import complaint_transition

    c = w.complaint()
    return lambda: complaint_transition(complaint=c, to="diverifikasi", actor=w.admin)


@builder("complaints.complaint_classify", "complaint.classify")
def _(w):
    from sewaka.complaints.models import SlaLimit
    from sewaka.complaints.services import complaint_classify

    c = w.complaint()
    row = SlaLimit.objects.filter(key="ringan").first()
    return lambda: complaint_classify(complaint=c, actor=w.admin, classification=row)


@builder("complaints.sla_limits_set", "sla.update")
def _(w):
    from sewaka.complaints.services import sla_limits_set

    return lambda: sla_limits_set(actor=w.admin, pemda=w.tree.pemda, values={"verifikasi": 4})


@builder("opendata.opendata_settings_set", "opendata.settings")
def _(w):
    from sewaka.opendata.services import opendata_settings_set

    return lambda: opendata_settings_set(actor=w.admin, pemda=w.tree.pemda, license="CC0-1.0")


@builder("open311.client_key_issue", "open311.key_issue")
def _(w):
    from sewaka.open311.services import client_key_issue

    return lambda: client_key_issue(actor=w.admin, pemda=w.tree.pemda, name="Aplikasi Warga")


@builder("open311.client_key_revoke", "open311.key_revoke")
def _(w):
    from sewaka.open311.services import client_key_issue, client_key_revoke

    row, _key = client_key_issue(actor=w.admin, pemda=w.tree.pemda, name="Aplikasi Warga")
    return lambda: client_key_revoke(actor=w.admin, key=row)


@builder("api.api_token_create", "api_token.create")
def _(w):
    from sewaka.api.services import api_token_create

    return lambda: api_token_create(actor=w.operator, user=w.operator, name="Aplikasi kios")


@builder("api.api_token_revoke", "api_token.revoke")
def _(w):
    from sewaka.api.services import api_token_create, api_token_revoke

    token, _secret = api_token_create(actor=w.operator, user=w.operator, name="Aplikasi kios")
    return lambda: api_token_revoke(actor=w.admin, token=token)


@builder("complaints.complaint_message", "complaint.note")
def _(w):
    from sewaka.complaints.services import complaint_message

    c = w.complaint()
    return lambda: complaint_message(complaint=c, actor=w.admin, text="Cek CCTV loket.", public=False)


@builder("complaints.complaint_pause", "complaint.pause")
def _(w):
    from sewaka.complaints.services import complaint_pause

    c = w.complaint()
    return lambda: complaint_pause(complaint=c, actor=w.admin, question="Jam berapa Anda datang?")


@builder("complaints.complaint_resume", "complaint.resume")
def _(w):
    from sewaka.complaints.services import complaint_pause, complaint_resume

    c = complaint_pause(complaint=w.complaint(), actor=w.admin, question="Jam berapa Anda datang?")
    return lambda: complaint_resume(complaint=c, actor=w.admin)


@builder("complaints.citizen_add_information", "complaint.citizen_message")
def _(w):
    from sewaka.complaints.services import citizen_add_information

    c = w.complaint()
    return lambda: citizen_add_information(complaint=c, text="Saya datang pukul 08.00.")


@builder("complaints.citizen_feedback", "complaint.citizen_feedback")
def _(w):
    from sewaka.complaints.services import citizen_feedback

    c = w.complaint(status="dijawab")
    return lambda: citizen_feedback(complaint=c, satisfied=True)


@builder("complaints.citizen_feedback_request", "complaint.citizen_feedback")
def _(w):
    from sewaka.complaints.services import citizen_feedback_request

    c = w.complaint(status="dijawab")  # no e-mail given: the answer applies at once
    return lambda: citizen_feedback_request(complaint=c, satisfied=False, comment="Masih antre.")


@builder("complaints.close_unanswered", "complaint.auto_close")
def _(w):
    from sewaka.complaints.services import close_unanswered

    w.complaint(status="dijawab")
    return lambda: close_unanswered(now=NOW + timedelta(days=30))


@builder("complaints.complaint_substantiate", "complaint.substantiate")
def _(w):
    from sewaka.complaints.services import complaint_substantiate

    c = w.complaint()
    return lambda: complaint_substantiate(complaint=c, actor=w.admin, forms=["penundaan_berlarut"])


@builder("complaints.complaint_merge", "complaint.ditutup")
def _(w):
    from sewaka.complaints.services import complaint_merge

    duplicate, into = w.complaint(), w.complaint()
    return lambda: complaint_merge(duplicate=duplicate, into=into, actor=w.admin)


@builder("complaints.complaint_mark_spam", "complaint.spam")
def _(w):
    from sewaka.complaints.services import complaint_mark_spam

    c = w.complaint()
    return lambda: complaint_mark_spam(complaint=c, actor=w.admin, reason="Iklan.")


# surveys


@builder("surveys.period_create", "survey_period.create")
def _(w):
    from sewaka.surveys.services import period_create

    return lambda: period_create(
        actor=w.operator,
        unit=w.tree.pkm_a,
        name="Triwulan I 2027",
        kind="triwulan",
        start=date(2027, 1, 1),
        end=date(2027, 3, 31),
    )


@builder("surveys.period_set_population", "survey_period.population")
def _(w):
    from sewaka.surveys.services import period_set_population

    period, service = w.period(), w.service(name="Imunisasi")
    return lambda: period_set_population(actor=w.operator, period=period, service=service, population=250)


@builder("surveys.period_close", "survey_period.close")
def _(w):
    from sewaka.surveys.services import period_close

    period = w.period()
    return lambda: period_close(actor=w.operator, period=period)


@builder("surveys.period_publish", "survey_period.publish")
def _(w):
    from sewaka.surveys.services import period_close, period_publish

    period = period_close(actor=w.operator, period=w.period())
    return lambda: period_publish(actor=w.operator, period=period)


@builder("surveys.close_due_periods", "survey_period.close")
def _(w):
    from sewaka.surveys.services import close_due_periods

    w.period()
    return lambda: close_due_periods(today=date(2027, 1, 1))


@builder("surveys.response_submit", "response.submit")
def _(w):
    # A paper entry: the officer who typed it is audited. An anonymous web or kiosk answer leaves no audit
    # event on purpose: the response row is its own record (time, channel, kiosk, hashed address, flags),
    # never edited except by audited decisions; one audit row per answer halved the submission rate
    # (docs/performance.md). sewaka/surveys/tests/test_answering.py holds that decision.
    from sewaka.surveys.ikm import UNSUR_KEYS
    from sewaka.surveys.models import PeriodService, Source
    from sewaka.surveys.services import Submission, response_submit

    period = w.period()
    service_id = PeriodService.objects.filter(period=period).values_list("service_id", flat=True).first()
    submission = Submission(answers=dict.fromkeys(UNSUR_KEYS, 3), service_id=service_id)
    return lambda: response_submit(
        period=period,
        submission=submission,
        idempotency_key=str(uuid.uuid4()),
        source=Source.PAPER,
        entered_by=w.operator,
    )


@builder("surveys.response_set_inclusion", "response.exclude")
def _(w):
    from sewaka.surveys.services import response_set_inclusion

    response = w.response()
    return lambda: response_set_inclusion(
        response=response, include=False, reason="Isian ganda.", actor=w.monev
    )


@builder("surveys.response_set_service", "response.service")
def _(w):
    from sewaka.surveys.services import response_set_service

    response = w.response()
    return lambda: response_set_service(response=response, service=None, reason="Salah pilih.", actor=w.monev)


@builder("surveys.kiosk_register", "kiosk.register")
def _(w):
    from sewaka.surveys.services import kiosk_register

    return lambda: kiosk_register(actor=w.operator, unit=w.tree.pkm_a, name="Tablet loket 1")


@builder("surveys.kiosk_deactivate", "kiosk.deactivate")
def _(w):
    from sewaka.surveys.services import kiosk_deactivate, kiosk_register

    kiosk, _token = kiosk_register(actor=w.operator, unit=w.tree.pkm_a, name="Tablet loket 1")
    return lambda: kiosk_deactivate(actor=w.operator, kiosk=kiosk)


@builder("surveys.extra_question_add", "extra_question.add")
def _(w):
    from sewaka.surveys.services import extra_question_add

    return lambda: extra_question_add(actor=w.operator, unit=w.tree.pkm_a, text="Dari mana Anda tahu?")


@builder("surveys.extra_question_set_active", "extra_question.deactivate")
def _(w):
    from sewaka.surveys.services import extra_question_add, extra_question_set_active

    question = extra_question_add(actor=w.operator, unit=w.tree.pkm_a, text="Dari mana Anda tahu?")
    return lambda: extra_question_set_active(actor=w.operator, question=question, active=False)


@builder("surveys.rtl_add", "rtl.add")
def _(w):
    from sewaka.surveys.services import rtl_add

    period = w.period()
    return lambda: rtl_add(
        actor=w.operator,
        period=period,
        unsur="waktu",
        title="Tambah loket",
        owner=w.operator,
        due=date(2026, 12, 31),
    )


@builder("surveys.publication_add", "publication.add")
def _(w):
    from sewaka.surveys.services import publication_add

    period = w.period()
    return lambda: publication_add(
        actor=w.operator, period=period, medium="website", published_on=date(2026, 11, 10)
    )


@builder("surveys.period_issue_report", "survey_period.report_issue")
def _(w):
    from sewaka.surveys.services import period_close, period_issue_report

    period = period_close(actor=w.operator, period=w.period())
    return lambda: period_issue_report(
        actor=w.operator, period=period, number="800/12/PKM-A/2026", issued_on=NOW.date()
    )


@builder("surveys.import_upload", "survey_import.upload")
def _(w):
    return w.import_job


@builder("surveys.import_set_mapping", "survey_import.map")
def _(w):
    from sewaka.surveys.import_services import import_set_mapping

    job = w.import_job()
    return lambda: import_set_mapping(actor=w.operator, job=job, mapping=job.mapping)


@builder("surveys.import_set_values", "survey_import.map_values")
def _(w):
    from sewaka.surveys.import_services import import_set_values

    job = w.import_job(analysed=True)
    return lambda: import_set_values(actor=w.operator, job=job, value_mapping={})


@builder("surveys.import_confirm", "survey_import.confirm")
def _(w):
    from sewaka.surveys.import_services import import_confirm

    job = w.import_job(analysed=True)
    return lambda: import_confirm(actor=w.operator, job=job, valid_only=False)


@builder("surveys.import_run", "survey_import.run")
def _(w):
    from sewaka.surveys.import_services import import_confirm, import_run

    job = import_confirm(actor=w.operator, job=w.import_job(analysed=True), valid_only=False)
    return lambda: import_run(job=job)


# assessments


@builder("assessments.instrument_load", "instrument.load")
def _(w):
    from sewaka.assessments.services import instrument_load

    data = {**w.instrument("monev-denpasar").data, "code": "monev-denpasar-2027", "title": "Monev 2027"}
    return lambda: instrument_load(data=data, actor=w.admin)


@builder("assessments.instrument_import", "instrument.load")
def _(w):
    from sewaka.assessments.services import instrument_import

    data = {**w.instrument("monev-denpasar").data, "code": "monev-denpasar-2027", "title": "Monev 2027"}
    return lambda: instrument_import(actor=w.admin, raw=json.dumps(data).encode())


@builder("assessments.assessment_open", "assessment.open")
def _(w):
    return w.assessment


@builder("assessments.answer_set", "assessment.answer")
def _(w):
    from sewaka.assessments.services import answer_set

    answer = w.answer()
    return lambda: answer_set(actor=w.operator, answer=answer, score=3, note="Kode etik dipasang.")


@builder("assessments.answer_review", "assessment.review")
def _(w):
    from sewaka.assessments.services import answer_review

    answer = w.answer()
    return lambda: answer_review(actor=w.monev, answer=answer, score=2, note="Belum ada bukti.")


@builder("assessments.assessment_finalise", "assessment.finalise")
def _(w):
    from sewaka.assessments.services import assessment_finalise

    assessment = w.assessment()
    return lambda: assessment_finalise(actor=w.operator, assessment=assessment)


@builder("assessments.assessment_revise", "assessment.revise")
def _(w):
    from sewaka.assessments.services import assessment_finalise, assessment_revise

    assessment = assessment_finalise(actor=w.operator, assessment=w.assessment())
    return lambda: assessment_revise(actor=w.operator, assessment=assessment)


@builder("assessments.official_result_record", "official_result.record")
def _(w):
    from sewaka.assessments.services import official_result_record

    return lambda: official_result_record(
        actor=w.admin, unit=w.tree.pkm_a, scheme="ombudsman", year=2026, score=80, category="B"
    )


@builder("assessments.visit_record", "monev.visit")
def _(w):
    from sewaka.assessments.services import visit_record

    return lambda: visit_record(
        actor=w.monev,
        unit=w.tree.pkm_a,
        visited_on=NOW.date(),
        representative="Kepala Tata Usaha",
        checklist={"sp-dipampang": True},
    )


@builder("assessments.evidence_add", "assessment.evidence_add")
def _(w):
    from sewaka.assessments.services import evidence_add

    answer = w.answer()
    return lambda: evidence_add(actor=w.operator, answer=answer, kind="link", url="https://pkm.example/a")


@builder("assessments.evidence_remove", "assessment.evidence_remove")
def _(w):
    from sewaka.assessments.services import evidence_add, evidence_remove

    evidence = evidence_add(actor=w.operator, answer=w.answer(), kind="link", url="https://pkm.example/a")
    return lambda: evidence_remove(actor=w.operator, evidence=evidence)


OFFICIAL_CSV = b"kode unit,penilaian,tahun,nilai,kategori/predikat\npkm-a,Ombudsman RI,2025,81.5,B\n"


def _official_preview(w):
    from sewaka.assessments import selectors

    preview = selectors.official_preview(OFFICIAL_CSV, "hasil.csv", user=w.admin, last_year=2026)
    assert preview.importable, (preview.file_errors, preview.errors)
    return preview


@builder("assessments.official_results_import", "official_result.import")
def _(w):
    from sewaka.assessments.services import official_results_import

    preview = _official_preview(w)
    return lambda: official_results_import(actor=w.admin, preview=preview)


@builder("assessments.official_import_stage", "official_result.import_upload")
def _(w):
    from sewaka.assessments.services import official_import_stage

    preview = _official_preview(w)
    return lambda: official_import_stage(actor=w.admin, data=OFFICIAL_CSV, preview=preview)


@builder("assessments.official_import_discard", "official_result.import_discarded")
def _(w):
    from sewaka.assessments.services import official_import_discard, official_import_stage

    official_import_stage(actor=w.admin, data=OFFICIAL_CSV, preview=_official_preview(w))
    return lambda: official_import_discard(actor=w.admin)


@builder("assessments.official_import_transition", "official_result.import_imported")
def _(w):
    from sewaka.assessments.services import official_import_stage, official_import_transition

    upload = official_import_stage(actor=w.admin, data=OFFICIAL_CSV, preview=_official_preview(w))
    return lambda: official_import_transition(actor=w.admin, upload=upload, to="imported")


# events


def _event(w):
    from sewaka.events.services import event_create
    from sewaka.organisations.tests.factories import make_unit

    organiser = make_unit(w.tree.pemda, "bagian", name="Bagian Organisasi", code="bagian-org")
    return event_create(
        actor=w.admin,
        organiser=organiser,
        kind="sosialisasi",
        topic="Sosialisasi SKM",
        date=NOW.date(),
        place="Aula",
    )


@builder("events.event_create", "event.create")
def _(w):
    from sewaka.events.services import event_create

    return lambda: event_create(
        actor=w.admin, organiser=w.tree.dinkes, kind="bimtek", topic="Bimtek", date=NOW.date(), place="Aula"
    )


@builder("events.event_update", "event.update")
def _(w):
    from sewaka.events.services import event_update

    event = _event(w)
    return lambda: event_update(actor=w.admin, event=event, topic="Sosialisasi SKM dan FKP")


@builder("events.event_invite", "event.invite")
def _(w):
    from sewaka.events.services import event_invite

    event = _event(w)
    return lambda: event_invite(actor=w.admin, event=event, units=[w.tree.pkm_a])


def _invited(w):
    from sewaka.events.services import event_invite

    event = _event(w)
    event_invite(actor=w.admin, event=event, units=[w.tree.pkm_a])
    return event


@builder("events.invitation_mark_attended", "event.attendance")
def _(w):
    from sewaka.events.services import invitation_mark_attended

    invitation = _invited(w).invitations.get()
    return lambda: invitation_mark_attended(actor=w.admin, invitation=invitation, attended=True)


@builder("events.invitations_mark_attended", "event.attendance")
def _(w):
    from sewaka.events.services import invitations_mark_attended

    event = _invited(w)
    return lambda: invitations_mark_attended(actor=w.admin, event=event, unit_ids=[w.tree.pkm_a.pk])


@builder("events.invitation_checkin_self", "event.checkin")
def _(w):
    from sewaka.events.services import invitation_checkin_self

    event = _invited(w)
    return lambda: invitation_checkin_self(
        event=event, unit_id=w.tree.pkm_a.pk, attendee_name="Ni Luh", attendee_title="Kepala"
    )


@builder("events.event_close_checkin", "event.checkin_closed")
def _(w):
    from sewaka.events.services import event_close_checkin

    event = _event(w)
    return lambda: event_close_checkin(actor=w.admin, event=event)


@builder("events.event_add_material", "event.material.add")
def _(w):
    from sewaka.events.services import event_add_material

    event = _event(w)
    return lambda: event_add_material(actor=w.admin, event=event, uploaded=_pdf("materi.pdf"))


# obligations


@builder("obligations.obligations_install_defaults", "obligations.install_defaults")
def _(w):
    from sewaka.obligations.services import obligations_install_defaults

    return lambda: obligations_install_defaults(actor=w.admin, pemda=w.tree.pemda)


@builder("obligations.obligation_update", "obligation.update")
def _(w):
    from sewaka.obligations.models import Obligation
    from sewaka.obligations.services import obligation_update, obligations_install_defaults

    obligations_install_defaults(actor=w.admin, pemda=w.tree.pemda)
    rule = Obligation.objects.get(pemda=w.tree.pemda, key="fkp")
    return lambda: obligation_update(actor=w.admin, obligation=rule, due_days=15)


@builder("obligations.letter_settings_update", "obligations.letter_settings")
def _(w):
    from sewaka.obligations.services import letter_settings_update, obligations_install_defaults

    obligations_install_defaults(actor=w.admin, pemda=w.tree.pemda)
    return lambda: letter_settings_update(actor=w.admin, pemda=w.tree.pemda, signer_name="Dr. Contoh")


@builder("obligations.letter_issue", "obligations.letter_issue")
def _(w):
    from sewaka.obligations import evaluation as ev
    from sewaka.obligations.services import letter_issue, obligations_install_defaults

    obligations_install_defaults(actor=w.admin, pemda=w.tree.pemda)
    # 18 November 2026: no FKP is due yet; last year's (2025) is missing for every perangkat daerah.
    return lambda: letter_issue(actor=w.admin, pemda=w.tree.pemda, kind="summary", view=ev.year_period(2025))


@builder("obligations.reminders_send", "obligations.reminders")
def _(w):
    from sewaka.obligations.services import obligations_install_defaults, reminders_send

    obligations_install_defaults(actor=w.admin, pemda=w.tree.pemda)
    return lambda: reminders_send(today=date(2026, 12, 20))  # the FKP falls due within 14 days


# --- innovations (issue 18) --------------------------------------------------------------------------


def _innovation(w):
    from sewaka.innovations import services

    return services.innovation_create(
        actor=w.operator,
        unit=w.tree.pkm_a,
        name="Antrean Daring",
        started_on=date(2023, 1, 2),
        problem="Antrean panjang.",
        how_it_works="Daftar lewat WhatsApp\nDatang sesuai jam",
    )


def _scheme_year():
    from sewaka.innovations.models import Scheme, SchemeYear
    from sewaka.innovations.tests.conftest import scheme_dict

    scheme = Scheme.objects.create(code="uji", name="Kompetisi Uji")
    return SchemeYear.objects.create(
        scheme=scheme, year=2026, version="2026.1", name="Kompetisi Uji", data=scheme_dict(), sha256="0" * 64
    )


def _call(w, *, status="draft"):
    from sewaka.innovations import services

    call = services.call_create(
        actor=w.admin,
        pemda=w.tree.pemda,
        scheme_year=_scheme_year(),
        title="Seleksi uji",
        nomination_deadline=NOW.date() + timedelta(days=10),
        registration_deadline=NOW.date() + timedelta(days=20),
    )
    for to in ("open", "scoring")[: ("draft", "open", "scoring").index(status)]:
        call = services.call_transition(actor=w.admin, call=call, to=to)
    return call


def _nomination(w, *, scoring=False):
    from sewaka.innovations import services

    call = _call(w, status="open")
    nomination = services.nomination_create(
        actor=w.operator, call=call, innovation=_innovation(w), group_code="umum"
    )
    if scoring:
        services.juror_add(actor=w.admin, call=call, user=w.monev)
        services.call_transition(actor=w.admin, call=call, to="scoring")
    return nomination


@builder("innovations.innovation_create", "innovation.create")
def _(w):
    return lambda: _innovation(w)


@builder("innovations.innovation_update", "innovation.update")
def _(w):
    from sewaka.innovations.services import innovation_update

    i = _innovation(w)
    return lambda: innovation_update(actor=w.operator, innovation=i, goal="Antrean pendek.")


@builder("innovations.innovation_transition", "innovation.stage")
def _(w):
    from sewaka.innovations.services import innovation_transition
    from sewaka.innovations.transitions import STAGE_TRANSITIONS

    i = _innovation(w)
    to = next(iter(STAGE_TRANSITIONS[i.stage]))
    return lambda: innovation_transition(actor=w.admin, innovation=i, to=to, note="Uji coba selesai.")


@builder("innovations.innovation_publish", "innovation.publish")
def _(w):
    from sewaka.innovations.services import innovation_publish

    i = _innovation(w)
    return lambda: innovation_publish(actor=w.admin, innovation=i)


@builder("innovations.innovation_file_add", "innovation.file")
def _(w):
    from sewaka.innovations.services import innovation_file_add

    i = _innovation(w)
    return lambda: innovation_file_add(actor=w.operator, innovation=i, kind="document", uploaded=_pdf())


@builder("innovations.award_record", "innovation.award")
def _(w):
    from sewaka.innovations.services import award_record

    i = _innovation(w)
    return lambda: award_record(
        actor=w.operator, innovation=i, year=2024, award_code="top99", scheme_name="KIPP"
    )


@builder("innovations.scheme_load", "scheme.load")
def _(w):
    from sewaka.innovations.services import scheme_load
    from sewaka.innovations.tests.conftest import scheme_dict

    return lambda: scheme_load(actor=w.admin, data=scheme_dict())


@builder("innovations.scheme_import", "scheme.load")
def _(w):
    from sewaka.innovations.services import scheme_import
    from sewaka.innovations.tests.conftest import scheme_dict

    return lambda: scheme_import(actor=w.admin, raw=json.dumps(scheme_dict()).encode())


@builder("innovations.call_create", "call.create")
def _(w):
    return lambda: _call(w)


@builder("innovations.call_update", "call.update")
def _(w):
    from sewaka.innovations.services import call_update

    call = _call(w)
    return lambda: call_update(actor=w.admin, call=call, title="Seleksi uji 2026")


@builder("innovations.call_transition", "call.open")
def _(w):
    from sewaka.innovations.services import call_transition

    call = _call(w)
    return lambda: call_transition(actor=w.admin, call=call, to="open")


@builder("innovations.call_open", "call.open")
def _(w):
    from sewaka.innovations.services import call_open

    call = _call(w)
    return lambda: call_open(actor=w.admin, call=call)


@builder("innovations.juror_add", "call.juror_add")
def _(w):
    from sewaka.innovations.services import juror_add

    call = _call(w)
    return lambda: juror_add(actor=w.admin, call=call, user=w.monev)


@builder("innovations.juror_remove", "call.juror_remove")
def _(w):
    from sewaka.innovations.services import juror_add, juror_remove

    juror = juror_add(actor=w.admin, call=_call(w), user=w.monev)
    return lambda: juror_remove(actor=w.admin, juror=juror)


@builder("innovations.nomination_create", "nomination.create")
def _(w):
    return lambda: _nomination(w)


@builder("innovations.nomination_transition", "nomination.withdrawn")
def _(w):
    from sewaka.innovations.services import nomination_transition

    n = _nomination(w)
    return lambda: nomination_transition(actor=w.operator, nomination=n, to="withdrawn", note="Belum siap.")


@builder("innovations.nomination_withdraw", "nomination.withdrawn")
def _(w):
    from sewaka.innovations.services import nomination_withdraw

    n = _nomination(w)
    return lambda: nomination_withdraw(actor=w.operator, nomination=n, note="Belum siap.")


@builder("innovations.nomination_decide", "nomination.selected")
def _(w):
    from sewaka.innovations.services import nomination_decide

    n = _nomination(w, scoring=True)
    return lambda: nomination_decide(actor=w.admin, nomination=n, selected=True, note="Peringkat 1.")


@builder("innovations.score_save", "score.save")
def _(w):
    from sewaka.innovations.services import score_save

    n = _nomination(w, scoring=True)
    return lambda: score_save(actor=w.monev, nomination=n, aspect_code="dampak", value=80)


@builder("innovations.score_submit", "score.submit")
def _(w):
    from sewaka.innovations.services import score_save, score_submit

    n = _nomination(w, scoring=True)
    for aspect in ("ringkasan", "dampak"):
        score_save(actor=w.monev, nomination=n, aspect_code=aspect, value=80)
    return lambda: score_submit(actor=w.monev, nomination=n)


@builder("innovations.proposal_text_save", "proposal.text")
def _(w):
    from sewaka.innovations.services import proposal_text_save

    n = _nomination(w)
    return lambda: proposal_text_save(
        actor=w.operator, nomination=n, aspect_code="dampak", text="Antrean turun."
    )


@builder("innovations.proposal_comment_add", "proposal.comment")
def _(w):
    from sewaka.innovations.services import proposal_comment_add

    n = _nomination(w)
    return lambda: proposal_comment_add(
        actor=w.operator, nomination=n, aspect_code="dampak", text="Tambah angka."
    )


# --- The test ---------------------------------------------------------------------------------------

SERVICES = discover()


@pytest.fixture
def world(tree, admin_pemda, operator_unit_a, tim_monev, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW, tick=False):
        yield World(tree=tree, admin=admin_pemda, operator=operator_unit_a, monev=tim_monev)


def test_every_discovered_service_is_found():
    """The discovery works: it finds services in modules, in packages and outside `services`."""
    assert {"complaints.complaint_transition", "surveys.import_upload", "core.dayoff_set"} <= set(SERVICES)
    assert "core.audit" not in SERVICES and "assessments.result_of" not in SERVICES


@pytest.mark.parametrize("key", sorted(set(SERVICES) | set(BUILDERS)))
def test_every_write_service_leaves_its_audit_event(world, key):
    actorless = key not in SERVICES
    if actorless:  # listed by hand: it must still exist under that name
        app, name = key.split(".")
        found = discover_actorless(app, name)
        assert found, f"BUILDERS lists {key}, which no longer exists: remove or rename its entry"
    assert key in BUILDERS, (
        f"New write service {key}: add a builder to BUILDERS in {__name__} (a minimal valid call and the "
        "audit action it leaves), and make it call core.audit.audit()"
    )
    action, setup = BUILDERS[key]
    call = setup(world)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call()
    left = list(AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True))
    assert action in left, f"{key} left {left or 'no audit event'}, expected {action!r}"


def discover_actorless(app: str, name: str) -> bool:
    """Services without `actor` (a citizen, a clock) are named by hand in BUILDERS; they must exist."""
    package = importlib.import_module(f"sewaka.{app}")
    for info in pkgutil.walk_packages(package.__path__, f"sewaka.{app}."):
        if any(part in info.name for part in SKIPPED_MODULES):
            continue
        if inspect.isfunction(getattr(importlib.import_module(info.name), name, None)):
            return True
    return False


def test_a_service_without_an_audit_event_fails_the_check(world, monkeypatch):
    """The check can fail: the same service with its audit call removed leaves nothing."""
    from sewaka.core import services as core_services

    monkeypatch.setattr(core_services, "audit", lambda **kwargs: None)
    action, setup = BUILDERS["core.dayoff_set"]
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    setup(world)()
    assert action not in AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True)


def test_it_sets_up_a_real_pemda_from_the_command_line(db):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    from sewaka.organisations.models import Membership

    get_user_model().objects.create_user("kabag", password="rahasia-uji-123")
    call_command("setuppemda", code="kota-baru", name="Pemerintah Kota Baru", admin="kabag", stdout=None)
    call_command("setuppemda", code="kota-baru", name="Pemerintah Kota Baru", admin="kabag")
    assert Membership.objects.filter(user__username="kabag", role="admin_pemda").count() == 1
    with pytest.raises(CommandError):
        call_command("setuppemda", code="kota-baru", name="x", admin="tidak-ada")
