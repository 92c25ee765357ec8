"""Every standards service leaves its audit event, by name (issue 15 item 7).

The table below is written by hand. The calls are the minimal valid setups of the installation-wide check
(core/tests/test_audit_everywhere.py, BUILDERS), so both agree; this file fails when a standards write service
is added without an entry here, or when a service leaves another action than the one written here.
"""

import pytest

from sewaka.core.models import AuditEvent
from sewaka.core.tests.test_audit_everywhere import BUILDERS, SERVICES, world  # noqa: F401 (fixture)

AUDIT_EVENTS = {  # service → the audit action it must leave (written by hand)
    "standard_new_version": "standard.new_version",
    "standard_update": "standard.update",
    "standard_transition": "standard.ditetapkan",  # a move: standard.<to> (test_transitions.py)
    "standard_review": "standard.review",
    "maklumat_save": "maklumat.save",
    "maklumat_transition": "maklumat.ditetapkan",
}


def test_the_table_names_every_write_service_of_the_app():
    found = {key.split(".", 1)[1] for key in set(SERVICES) | set(BUILDERS) if key.startswith("standards.")}
    assert found == set(AUDIT_EVENTS)


@pytest.mark.parametrize(("service", "action"), sorted(AUDIT_EVENTS.items()))
def test_the_service_leaves_its_audit_event(world, service, action):  # noqa: F811
    expected, setup = BUILDERS[f"standards.{service}"]
    assert expected == action
    call = setup(world)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call()
    assert action in AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True)
