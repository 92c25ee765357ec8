"""Every (from, to) pair of the standard's and the Maklumat's tables: a legal move writes the status and
one AuditEvent (the audit trail is their history); an illegal one raises a ValidationError in
Indonesian and writes nothing."""

from datetime import date
from itertools import product

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sewaka.consultations.models import Method, Purpose
from sewaka.consultations.services import forum_create
from sewaka.core.models import AuditEvent
from sewaka.organisations.services import service_create
from sewaka.standards.models import Maklumat
from sewaka.standards.services import (
    maklumat_save,
    maklumat_transition,
    standard_new_version,
    standard_transition,
)
from sewaka.standards.transitions import MAKLUMAT_TRANSITIONS, TRANSITIONS, MaklumatStatus, Status

S, M = Status, MaklumatStatus
# By hand from the module's docstring. Superseding is a move of its own row only while a newer version
# is published: a person never makes it directly.
MOVES = {
    (S.DRAFT, S.DIBAHAS): ("forum",),
    (S.DRAFT, S.DITETAPKAN): ("decree",),
    (S.DIBAHAS, S.DITETAPKAN): ("decree",),
    (S.DIBAHAS, S.DRAFT): (),
    (S.DITETAPKAN, S.PUBLISHED): (),
    (S.PUBLISHED, S.SUPERSEDED): ("newer_version",),
}
BY_HAND = {pair for pair, needs in MOVES.items() if "newer_version" not in needs}
MAKLUMAT_MOVES = {(M.DRAFT, M.DITETAPKAN), (M.DITETAPKAN, M.PUBLISHED)}
PAIRS = list(product(S.values, S.values))
MAKLUMAT_PAIRS = list(product(M.values, M.values))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture
def service(tree):
    return service_create(actor=None, unit=tree.pkm_a, name="Pelayanan Umum")


@pytest.fixture
def standard(service, operator_unit_a):
    return standard_new_version(actor=operator_unit_a, service=service)


@pytest.fixture
def maklumat(tree, operator_unit_a):
    return maklumat_save(
        actor=operator_unit_a,
        unit=tree.pkm_a,
        text="Kami sanggup menyelenggarakan pelayanan sesuai standar.",
        signatory_name="dr. Contoh",
        signatory_position="Kepala Puskesmas A",
        signed_on=date(2026, 2, 2),
    )


def _inputs(tree, actor, after):
    """What a move to `after` takes (more than it needs is ignored)."""
    if after == S.DIBAHAS:
        forum = forum_create(
            actor=actor,
            unit=tree.pkm_a,
            topic="Rancangan standar pelayanan umum",
            purpose=Purpose.STANDARD,
            method=Method.FGD,
            date=date(2026, 2, 26),
            place="Aula Puskesmas A",
        )
        return {"forum": forum}
    if after == S.DITETAPKAN:
        return {
            "decree_number": "188.45/12/2026",
            "decree_date": date(2026, 2, 27),
            "signing_official": "Kepala Puskesmas A",
            "decree_pdf": SimpleUploadedFile("sk.pdf", b"%PDF-1.4 SK Kepala Puskesmas"),
        }
    return {}


def _put(obj, status):
    """Test set-up only: place the row in `status` as if it had got there."""
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    return obj


def _audits(obj):
    return AuditEvent.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower).count()


def _last_audit(obj):
    return AuditEvent.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower).latest("id")


def test_the_tables_hold_exactly_the_intended_moves():
    assert {(a, b): r.needs for a, targets in TRANSITIONS.items() for b, r in targets.items()} == MOVES
    assert {(a, b) for a, targets in MAKLUMAT_TRANSITIONS.items() for b in targets} == MAKLUMAT_MOVES


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_a_standard_moves_only_along_the_table(tree, operator_unit_a, standard, before, after):
    inputs = _inputs(tree, operator_unit_a, after)
    standard = _put(standard, before)
    audits = _audits(standard)
    if (before, after) in BY_HAND:
        standard_transition(actor=operator_unit_a, standard=standard, to=after, **inputs)
        standard.refresh_from_db()
        assert standard.status == after
        audit = _last_audit(standard)
        assert audit.action == f"standard.{after}" and audit.actor == operator_unit_a
        assert audit.changes["status"] == {"before": before, "after": after}
        assert _audits(standard) == audits + 1  # the SK's attachment.add is the attachment's own row
    else:
        with pytest.raises(ValidationError) as refused:
            standard_transition(actor=operator_unit_a, standard=standard, to=after, **inputs)
        if (before, after) in MOVES:
            assert refused.value.messages == [
                "Versi yang dipublikasikan digantikan dengan mempublikasikan versi yang lebih baru."
            ]
        else:
            assert refused.value.messages[0] == (
                f"Status standar tidak dapat diubah dari “{S(before).label}” ke “{S(after).label}”."
            )
        standard.refresh_from_db()
        assert standard.status == before and _audits(standard) == audits


def test_publishing_a_newer_version_supersedes_the_published_one(service, operator_unit_a, standard):
    old = _put(standard, S.PUBLISHED)
    newer = _put(standard_new_version(actor=operator_unit_a, service=service), S.DITETAPKAN)
    audits = _audits(old)
    standard_transition(actor=operator_unit_a, standard=newer, to=S.PUBLISHED)
    old.refresh_from_db()
    newer.refresh_from_db()
    assert (old.status, newer.status) == (S.SUPERSEDED, S.PUBLISHED)
    audit = _last_audit(old)
    assert audit.action == "standard.superseded"
    assert audit.changes == {
        "status": {"before": "published", "after": "superseded"},
        "by_version": newer.version,
    }
    assert _audits(old) == audits + 1


def test_a_move_needs_its_forum_or_decree(tree, operator_unit_a, standard):
    with pytest.raises(ValidationError) as refused:
        standard_transition(actor=operator_unit_a, standard=standard, to=S.DIBAHAS)
    assert refused.value.message_dict == {
        "forum": ["Pilih Forum Konsultasi Publik unit ini tempat standar dibahas."]
    }
    with pytest.raises(ValidationError) as refused:
        standard_transition(actor=operator_unit_a, standard=standard, to=S.DITETAPKAN)
    assert set(refused.value.message_dict) == {
        "decree_number",
        "decree_date",
        "signing_official",
        "decree_pdf",
    }
    standard.refresh_from_db()
    assert standard.status == S.DRAFT


def test_an_operator_of_another_unit_may_not_move_it(operator_unit_b, standard, maklumat):
    with pytest.raises(PermissionDenied):
        standard_transition(actor=operator_unit_b, standard=_put(standard, S.DITETAPKAN), to=S.PUBLISHED)
    with pytest.raises(PermissionDenied):
        maklumat_transition(actor=operator_unit_b, maklumat=maklumat, to=M.DITETAPKAN)


@pytest.mark.parametrize(("before", "after"), MAKLUMAT_PAIRS, ids=[f"{a}->{b}" for a, b in MAKLUMAT_PAIRS])
def test_a_maklumat_moves_only_along_the_table(operator_unit_a, maklumat, before, after):
    maklumat = _put(maklumat, before)
    audits = _audits(maklumat)
    if (before, after) in MAKLUMAT_MOVES:
        maklumat_transition(actor=operator_unit_a, maklumat=maklumat, to=after)
        maklumat.refresh_from_db()
        assert maklumat.status == after
        audit = _last_audit(maklumat)
        assert audit.action == f"maklumat.{after}" and audit.actor == operator_unit_a
        assert audit.changes == {"status": {"before": before, "after": after}}
        assert _audits(maklumat) == audits + 1
    else:
        with pytest.raises(ValidationError) as refused:
            maklumat_transition(actor=operator_unit_a, maklumat=maklumat, to=after)
        assert refused.value.messages[0] == (
            f"Status maklumat tidak dapat diubah dari “{M(before).label}” ke “{M(after).label}”."
        )
        maklumat.refresh_from_db()
        assert maklumat.status == before and _audits(maklumat) == audits
        assert Maklumat.objects.count() == 1
