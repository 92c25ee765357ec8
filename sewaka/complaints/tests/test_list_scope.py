"""The complaints list shows exactly the cases its user may handle: `complaint_list` filters with
organisations.access.handled_scope, the list form of organisations.access.may_handle, and the two never disagree."""

import uuid

import pytest

from sewaka.complaints.models import Complaint
from sewaka.complaints.selectors import complaint_list
from sewaka.complaints.services import complaint_submit, complaint_transition
from sewaka.complaints.transitions import Status
from sewaka.organisations.access import may_handle
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member, make_unit


def _submit(**kwargs):
    return complaint_submit(what_happened="Antrean panjang.", idempotency_key=str(uuid.uuid4()), **kwargs)[0]


@pytest.fixture
def people(tree, admin_pemda, pengelola_pengaduan, operator_unit_a, pimpinan):
    other_pemda = make_unit(code="kota-lain", name="Pemerintah Kota Lain")
    return {
        "admin_pemda": admin_pemda,
        "desk_capil": pengelola_pengaduan,
        "handler_pkm_a": make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "handler_a"),
        "handler_dinkes": make_member(tree.dinkes, Role.PENGELOLA_PENGADUAN, "handler_dinkes"),
        "handler_other_pemda": make_member(other_pemda, Role.PENGELOLA_PENGADUAN, "handler_lain"),
        "operator": operator_unit_a,
        "pimpinan": pimpinan,
        "_other_pemda": other_pemda,
    }


@pytest.fixture
def cases(tree, people):
    desk = people["desk_capil"]
    public = _submit(reported_unit=tree.pkm_a)  # received by the pemda's triage, handled by pkm_a
    paper_no_unit = _submit(entered_by=desk)  # the capil desk's own triage, no unit yet
    forwarded = _submit(entered_by=desk, reported_unit=tree.pkm_a)
    complaint_transition(complaint=forwarded, to=Status.DIVERIFIKASI, actor=desk)
    complaint_transition(
        complaint=forwarded, to=Status.DIDISPOSISIKAN, actor=desk, unit=tree.pkm_b, instruction="Ke PKM B."
    )
    at_gerai = _submit(reported_unit=tree.gerai)
    legacy_unassigned = _submit()
    legacy_pkm_b = _submit(reported_unit=tree.pkm_b)
    Complaint.objects.filter(pk__in=[legacy_unassigned.pk, legacy_pkm_b.pk]).update(receiving_unit=None)
    Complaint.objects.filter(pk=legacy_unassigned.pk).update(handling_unit=None, reported_unit=None)
    elsewhere = _submit(reported_unit=people["_other_pemda"])
    return {
        "public": public,
        "paper_no_unit": paper_no_unit,
        "forwarded": forwarded,
        "at_gerai": at_gerai,
        "legacy_unassigned": legacy_unassigned,
        "legacy_pkm_b": legacy_pkm_b,
        "elsewhere": elsewhere,
    }


PERSONAS = [
    "admin_pemda",
    "desk_capil",
    "handler_pkm_a",
    "handler_dinkes",
    "handler_other_pemda",
    "operator",
    "pimpinan",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_is_may_handle(people, cases, persona):
    user = people[persona]
    listed = {c.pk for c in complaint_list(user=user)}
    handled = {c.pk for c in Complaint.objects.all() if may_handle(user, Complaint.objects.get(pk=c.pk))}
    assert listed == handled


def test_a_desk_lists_what_it_received_even_without_a_unit_or_after_forwarding(people, cases):
    """Before issue 15 the list held only the handling unit's cases: a paper complaint entered at the
    Disdukcapil desk without a unit, or one it forwarded, was handled there yet missing from its list."""
    listed = {c.pk for c in complaint_list(user=people["desk_capil"])}
    assert {cases["paper_no_unit"].pk, cases["forwarded"].pk, cases["at_gerai"].pk} <= listed
    assert cases["public"].pk not in listed  # pkm_a's case, received by the pemda's own triage


def test_each_pemda_keeps_its_own_triage(people, cases):
    admin = {c.pk for c in complaint_list(user=people["admin_pemda"])}
    other = {c.pk for c in complaint_list(user=people["handler_other_pemda"])}
    assert cases["elsewhere"].pk in other and cases["elsewhere"].pk not in admin
    assert cases["legacy_unassigned"].pk in admin and cases["legacy_unassigned"].pk in other
    assert cases["legacy_pkm_b"].pk in admin and cases["legacy_pkm_b"].pk not in other
    assert {c.pk for c in complaint_list(user=people["operator"])} == set()
