"""Every (from, to) pair of the follow-up table: a legal move writes the status, one FollowUpEvent and one
AuditEvent; an illegal one raises a ValidationError in Indonesian and writes nothing."""

from datetime import date
from itertools import product

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from sewaka.core.models import AuditEvent
from sewaka.followups.models import FollowUp, FollowUpEvent
from sewaka.followups.services import followup_create, followup_transition
from sewaka.followups.transitions import TRANSITIONS, Status

S = Status
# Written out by hand from the module's docstring: who works (act) and who verifies (verify).
MOVES = {
    (S.OPEN, S.IN_PROGRESS): "act",
    (S.OPEN, S.DONE): "act",
    (S.IN_PROGRESS, S.DONE): "act",
    (S.DONE, S.VERIFIED): "verify",
    (S.DONE, S.REOPENED): "verify",
    (S.VERIFIED, S.REOPENED): "verify",
    (S.REOPENED, S.IN_PROGRESS): "act",
    (S.REOPENED, S.DONE): "act",
}
PAIRS = list(product(S.values, S.values))
IDS = [f"{a}->{b}" for a, b in PAIRS]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        yield


@pytest.fixture
def fu(tree, operator_unit_a):
    return followup_create(
        source=tree.pkm_a,
        unit=tree.pkm_a,
        title="Perbaiki papan informasi persyaratan",
        owner=operator_unit_a,
        due=date(2026, 3, 16),
        actor=operator_unit_a,
    )


def _put(fu, status):
    """Test set-up only: place the follow-up in `status` as if it had got there."""
    FollowUp.objects.filter(pk=fu.pk).update(status=status)
    fu.refresh_from_db()
    return fu


def _written(fu):
    return (
        FollowUpEvent.objects.filter(followup=fu).count(),
        AuditEvent.objects.filter(object_type="followups.followup", object_id=str(fu.pk)).count(),
    )


def test_the_table_holds_exactly_the_intended_moves():
    assert {(a, b): r.permission for a, targets in TRANSITIONS.items() for b, r in targets.items()} == MOVES


@pytest.mark.parametrize(("before", "after"), PAIRS, ids=IDS)
def test_it_moves_only_along_the_table(fu, operator_unit_a, tim_monev, before, after):
    fu = _put(fu, before)
    events, audits = _written(fu)
    actor = tim_monev if MOVES.get((before, after)) == "verify" else operator_unit_a
    if (before, after) in MOVES:
        followup_transition(followup=fu, to=after, actor=actor, note="Papan sudah dipasang.")
        fu.refresh_from_db()
        assert fu.status == after
        event = FollowUpEvent.objects.filter(followup=fu).latest("id")
        assert (event.kind, event.from_status, event.to_status, event.actor) == (
            "transition",
            before,
            after,
            actor,
        )
        audit = AuditEvent.objects.filter(object_type="followups.followup", object_id=str(fu.pk)).latest("id")
        assert audit.action == f"followup.{after}" and audit.actor == actor
        assert audit.changes["status"] == {"before": before, "after": after}
        assert _written(fu) == (events + 1, audits + 1)
    else:
        with pytest.raises(ValidationError) as refused:
            followup_transition(followup=fu, to=after, actor=actor, note="Papan sudah dipasang.")
        assert refused.value.messages[0] == (
            f"Status tidak dapat diubah dari “{S(before).label}” ke “{S(after).label}”."
        )
        fu.refresh_from_db()
        assert fu.status == before and _written(fu) == (events, audits)


@pytest.mark.parametrize(("before", "after"), [p for p, who in MOVES.items() if who == "verify"])
def test_only_a_verifier_verifies_or_reopens(fu, operator_unit_a, before, after):
    fu = _put(fu, before)
    written = _written(fu)
    with pytest.raises(PermissionDenied):
        followup_transition(followup=fu, to=after, actor=operator_unit_a, note="Belum sesuai.")
    fu.refresh_from_db()
    assert fu.status == before and _written(fu) == written


def test_an_unknown_state_is_refused_in_indonesian(fu, operator_unit_a):
    with pytest.raises(ValidationError) as refused:
        followup_transition(followup=fu, to="closed", actor=operator_unit_a)
    assert refused.value.messages[0] == "Status tidak dapat diubah dari “Terbuka” ke “closed”."
