"""Every complaints service leaves its audit event, by name (issue 15 item 7).

The table below is written by hand. The calls are the minimal valid setups of the installation-wide check
(core/tests/test_audit_everywhere.py, BUILDERS), so both agree; this file fails when a complaints write service
is added without an entry here, or when a service leaves another action than the one written here.
"""

import pytest

from sewaka.core.models import AuditEvent
from sewaka.core.tests.test_audit_everywhere import BUILDERS, SERVICES, world  # noqa: F401 (fixture)

AUDIT_EVENTS = {  # service → the audit action it must leave (written by hand)
    "complaint_submit": "complaint.submit",
    "complaint_transition": "complaint.diverifikasi",  # a handler's move: complaint.<to> (test_transitions.py)
    "complaint_classify": "complaint.classify",
    "complaint_message": "complaint.note",
    "complaint_pause": "complaint.pause",
    "complaint_resume": "complaint.resume",
    "complaint_substantiate": "complaint.substantiate",
    "complaint_merge": "complaint.ditutup",
    "complaint_mark_spam": "complaint.spam",
    "citizen_add_information": "complaint.citizen_message",
    "citizen_feedback": "complaint.citizen_feedback",
    "citizen_feedback_request": "complaint.citizen_feedback",
    "close_unanswered": "complaint.auto_close",
    "sla_limits_set": "sla.update",
}


def test_the_table_names_every_write_service_of_the_app():
    found = {key.split(".", 1)[1] for key in set(SERVICES) | set(BUILDERS) if key.startswith("complaints.")}
    assert found == set(AUDIT_EVENTS)


@pytest.mark.parametrize(("service", "action"), sorted(AUDIT_EVENTS.items()))
def test_the_service_leaves_its_audit_event(world, service, action):  # noqa: F811
    expected, setup = BUILDERS[f"complaints.{service}"]
    assert expected == action
    call = setup(world)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call()
    assert action in AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True)
