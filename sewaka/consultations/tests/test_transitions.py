"""Every (from, to) pair of the forum table: a legal move writes the status and one AuditEvent (the audit
trail is the forum's history); an illegal one raises a ValidationError in Indonesian and writes nothing."""

from datetime import date
from itertools import product

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sewaka.consultations.models import Forum, Method, Purpose
from sewaka.consultations.services import EVIDENCE_PREFIXES, forum_create, forum_transition
from sewaka.consultations.transitions import TRANSITIONS, Status
from sewaka.core.models import AuditEvent
from sewaka.core.services import attachment_add

S = Status
# By hand from the module's docstring: the notulen make a forum held, the signed berita acara reported.
MOVES = {(S.PLANNED, S.HELD): ("minutes",), (S.HELD, S.REPORTED): ("berita_acara",)}
PAIRS = list(product(S.values, S.values))
IDS = [f"{a}->{b}" for a, b in PAIRS]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture
def forum(tree, operator_unit_a):
    return forum_create(
        actor=operator_unit_a,
        unit=tree.pkm_a,
        topic="Waktu tunggu loket pendaftaran",
        purpose=Purpose.EVALUATION,
        method=Method.FGD,
        date=date(2026, 2, 26),
        place="Aula Puskesmas A",
    )


def _ready(forum, actor):
    """Test set-up: what every move needs is there (notulen recorded, signed berita acara attached)."""
    Forum.objects.filter(pk=forum.pk).update(minutes="Peserta meminta loket dibuka 07.30.")
    attachment_add(
        owner=forum,
        unit=forum.unit,
        uploaded=SimpleUploadedFile("ba.pdf", b"%PDF-1.4 berita acara"),
        actor=actor,
        description=EVIDENCE_PREFIXES["berita_acara"],
    )


def _put(forum, status):
    """Test set-up only: place the forum in `status` as if it had got there."""
    Forum.objects.filter(pk=forum.pk).update(status=status)
    forum.refresh_from_db()
    return forum


def _audits(forum):
    return AuditEvent.objects.filter(object_type="consultations.forum", object_id=str(forum.pk)).count()


def test_the_table_holds_exactly_the_intended_moves():
    assert {(a, b): r.needs for a, targets in TRANSITIONS.items() for b, r in targets.items()} == MOVES


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=IDS)
def test_it_moves_only_along_the_table(forum, operator_unit_a, before, after):
    _ready(forum, operator_unit_a)
    forum = _put(forum, before)
    audits = _audits(forum)
    if (before, after) in MOVES:
        forum_transition(actor=operator_unit_a, forum=forum, to=after)
        forum.refresh_from_db()
        assert forum.status == after
        audit = AuditEvent.objects.filter(object_type="consultations.forum", object_id=str(forum.pk)).latest(
            "id"
        )
        assert audit.action == f"fkp.{after}" and audit.actor == operator_unit_a
        assert audit.changes == {"status": {"before": before, "after": after}}
        assert _audits(forum) == audits + 1
    else:
        with pytest.raises(ValidationError) as refused:
            forum_transition(actor=operator_unit_a, forum=forum, to=after)
        assert refused.value.messages[0] == (
            f"Status forum tidak dapat diubah dari “{S(before).label}” ke “{S(after).label}”."
        )
        forum.refresh_from_db()
        assert forum.status == before and _audits(forum) == audits


def test_a_forum_is_held_only_with_its_notulen(forum, operator_unit_a):
    audits = _audits(forum)
    with pytest.raises(ValidationError) as refused:
        forum_transition(actor=operator_unit_a, forum=forum, to=S.HELD)
    assert refused.value.messages == ["Catat hasil forum (notulen) lebih dahulu."]
    forum.refresh_from_db()
    assert forum.status == S.PLANNED and _audits(forum) == audits


def test_a_forum_is_reported_only_with_the_signed_berita_acara(forum, operator_unit_a):
    forum = _put(forum, S.HELD)
    attachment_add(
        owner=forum,
        unit=forum.unit,
        uploaded=SimpleUploadedFile("foto.pdf", b"%PDF-1.4 foto"),
        actor=operator_unit_a,
        description=EVIDENCE_PREFIXES["photo"],
    )
    audits = _audits(forum)
    with pytest.raises(ValidationError) as refused:
        forum_transition(actor=operator_unit_a, forum=forum, to=S.REPORTED)
    assert refused.value.messages == ["Unggah berita acara bertanda tangan lebih dahulu."]
    forum.refresh_from_db()
    assert forum.status == S.HELD and _audits(forum) == audits


def test_an_operator_of_another_unit_may_not_move_it(forum, operator_unit_a, operator_unit_b):
    _ready(forum, operator_unit_a)
    with pytest.raises(PermissionDenied):
        forum_transition(actor=operator_unit_b, forum=forum, to=S.HELD)
    forum.refresh_from_db()
    assert forum.status == S.PLANNED
